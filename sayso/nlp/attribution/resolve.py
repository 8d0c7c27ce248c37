"""Resolving the found statements: one per content and cue, turns with all their paragraphs,
in text order, each linked to the statement it is nested in."""

from __future__ import annotations

from sayso.nlp.attribution.state import Found, Region

# Statements whose content can hold another statement's (a report inside quoted words).
CONTAINERS = ("direct", "turn", "mixed")


def resolve(statements: list[Found]) -> list[Found]:
    """The final statements in text order (outer before nested), parents linked."""
    kept = _dedupe(statements)
    for f in kept:
        if f.extra:  # a turn runs over the paragraphs that continue it
            f.content = (f.content[0], max(f.content[1], f.extra[-1][1]))
    kept.sort(key=lambda f: (f.content[0], -f.content[1]))
    _link_parents(kept)
    return kept


def _dedupe(statements: list[Found]) -> list[Found]:
    """Drop a statement whose content is another's with the same cue; the more confident
    one stays (the earlier found on a tie)."""
    keep: list[Found] = []
    seen: set[tuple[Region, Region | None]] = set()
    for f in sorted(statements, key=lambda f: -f.confidence):
        key = (f.content, f.cue)
        if key in seen:
            continue
        seen.add(key)
        keep.append(f)
    return keep


def _link_parents(ordered: list[Found]) -> None:
    """The quoted words of a mixed report belong to it; any other statement is nested in
    the nearest earlier statement whose content holds its own."""
    kept = set(ordered)
    for pos, f in enumerate(ordered):
        if f.owner is not None and f.owner in kept:
            f.parent = f.owner
            continue
        for g in reversed(ordered[:pos]):
            if g.content[0] <= f.content[0] and f.content[1] <= g.content[1] and \
                    g.content != f.content and g.kind in CONTAINERS:
                f.parent = g
                break
