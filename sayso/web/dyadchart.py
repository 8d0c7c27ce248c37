"""The cooperation–conflict line of a dyad as server-rendered SVG (no script, no CDN).

One line per direction (A → B, B → A) of the mean PLOVER score per period, from −10
(conflict) to +10 (cooperation); each point is a link (``href`` of the caller's choosing)
to the relations behind it, sized by how many there are. Periods without relations leave a
gap in the line. Every text in the SVG is escaped; the only markup is made here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape
from math import sqrt
from typing import Any  # Any: the series' points are JSON rows (Catalog.dyad)

WIDTH, HEIGHT = 760, 300
LEFT, RIGHT, TOP, BOTTOM = 44, 16, 16, 46
SCORE = 10.0  # PLOVER scores run from -SCORE to +SCORE
DIRECTIONS = ("a>b", "b>a")
MAX_LABELS = 12


@dataclass(frozen=True, slots=True)
class Scale:
    periods: int

    @property
    def width(self) -> float:
        return WIDTH - LEFT - RIGHT

    @property
    def height(self) -> float:
        return HEIGHT - TOP - BOTTOM

    def x(self, index: int) -> float:
        if self.periods == 1:
            return LEFT + self.width / 2
        return LEFT + self.width * index / (self.periods - 1)

    def y(self, score: float) -> float:
        return TOP + self.height * (SCORE - max(-SCORE, min(SCORE, score))) / (2 * SCORE)


def dyad_svg(
    points: Sequence[dict[str, Any]],
    names: dict[str, str],
    href: Callable[[str, str], str],
    selected: tuple[str, str] | None = None,
) -> str:
    """SVG markup of the series (``Catalog.dyad``'s ``points``); ``names`` labels the two
    directions ("a>b": "Belarus → Russia"); ``href(period, direction)`` links a point."""
    periods = sorted({p["period"] for p in points})
    labels = {p["period"]: p.get("label", p["period"]) for p in points}
    scale = Scale(max(len(periods), 1))
    index = {period: i for i, period in enumerate(periods)}
    title = f"Mean PLOVER score per period: {names['a>b']} and {names['b>a']}"
    out = [
        f'<svg class="dyad-chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
    ]
    out += _axes(scale, periods, labels)
    for n, direction in enumerate(DIRECTIONS):
        mine = sorted((p for p in points if p["direction"] == direction),
                      key=lambda p: p["period"])
        out += _line(mine, index, scale, f"dir-{n}")
        for p in mine:
            if not p["count"]:
                continue
            out.append(_point(p, index[p["period"]], scale, f"dir-{n}", names[direction],
                              href(p["period"], direction), selected))
    out += _legend(names)
    out.append("</svg>")
    return "".join(out)


def _axes(scale: Scale, periods: list[str], labels: dict[str, str]) -> list[str]:
    out = []
    for score in (-10, -5, 0, 5, 10):
        y = scale.y(score)
        cls = "zero" if score == 0 else "grid"
        out.append(f'<line class="{cls}" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" '
                   f'y2="{y:.1f}"/>')
        out.append(f'<text class="tick" x="{LEFT - 6}" y="{y + 4:.1f}" '
                   f'text-anchor="end">{score:+d}</text>')
    out.append(f'<text class="axis-note" x="{LEFT + 4}" y="{TOP + 10}">cooperation</text>')
    out.append(f'<text class="axis-note" x="{LEFT + 4}" y="{HEIGHT - BOTTOM - 4}">conflict</text>')
    every = max(1, -(-len(periods) // MAX_LABELS))
    for i, period in enumerate(periods):
        if i % every == 0:
            out.append(f'<text class="tick" x="{scale.x(i):.1f}" y="{HEIGHT - BOTTOM + 16}" '
                       f'text-anchor="middle">{escape(labels[period])}</text>')
    return out


def _line(points: list[dict[str, Any]], index: dict[str, int], scale: Scale,
          cls: str) -> list[str]:
    """The direction's line, broken where a period has no relations."""
    runs: list[list[str]] = [[]]
    for p in points:
        if p["count"] and p["mean_score"] is not None:
            runs[-1].append(f"{scale.x(index[p['period']]):.1f},{scale.y(p['mean_score']):.1f}")
        elif runs[-1]:
            runs.append([])
    return [f'<polyline class="line {cls}" points="{" ".join(run)}"/>' for run in runs
            if len(run) > 1]


def _point(p: dict[str, Any], i: int, scale: Scale, cls: str, name: str, link: str,
           selected: tuple[str, str] | None) -> str:
    radius = 3 + 2 * sqrt(p["count"])
    events = ", ".join(f"{event} {n}" for event, n in p["events"].items())
    tip = (f"{name}, {p.get('label', p['period'])}: {p['count']} "
           f"relation{'s' if p['count'] != 1 else ''}, mean score {p['mean_score']:+.1f} "
           f"({events}). Click for the statements.")
    chosen = " selected" if selected == (p["period"], p["direction"]) else ""
    return (f'<a href="{escape(link)}" class="point-link">'
            f'<circle class="point {cls}{chosen}" cx="{scale.x(i):.1f}" '
            f'cy="{scale.y(p["mean_score"]):.1f}" r="{radius:.1f}" '
            f'data-period="{escape(p["period"])}" data-direction="{escape(p["direction"])}">'
            f"<title>{escape(tip)}</title></circle></a>")


def _legend(names: dict[str, str]) -> list[str]:
    out = []
    for n, direction in enumerate(DIRECTIONS):
        x = LEFT + n * 260
        y = HEIGHT - 10
        out.append(f'<line class="line dir-{n}" x1="{x}" x2="{x + 24}" y1="{y - 4}" '
                   f'y2="{y - 4}"/>')
        out.append(f'<text class="legend-text" x="{x + 30}" y="{y}">'
                   f"{escape(names[direction])}</text>")
    return out
