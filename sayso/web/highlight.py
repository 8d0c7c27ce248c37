"""Article text → HTML with every statement highlighted, built from character offsets.

Article text is untrusted: every character of it goes through ``html.escape``; the only
markup in the output is the ``<span>`` elements made here, whose attributes hold only
escaped values and class names chosen by this module. So ``<script>``, ``onload=`` or a
``javascript:`` link in an article come out as visible, inert text.

Spans (quote contents, cues, speaker mentions) may nest (a quote inside a quote) or cross
(a cue inside one quote that also overlaps another). HTML elements must nest, so a span
that crosses another is closed and reopened around the boundary; every piece carries the
same ``data-q`` so the page script can treat the pieces as one statement.

Quotes come as the store's flat rows (``QuoteHit.to_dict()``): ``qid``, ``start``/``end``,
``speaker_start``/``speaker_end``, ``cue_start``/``cue_end``, ``parent`` (a qid).
Relations (``RelationHit.to_dict()``) are marked the same way: their evidence underlined in
the colour of their leaning (cooperation, conflict) and their trigger word in bold, each
piece carrying ``data-r`` (the relation's ``rid``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any  # Any: quotes are JSON rows (QuoteHit.to_dict)

SPEAKER_COLOURS = 10  # .spk-0 … .spk-9 in sayso.css; beyond that colours repeat
UNKNOWN_SPEAKER = "unknown"
RELATION_KINDS = ("rel", "rel-trigger")


@dataclass(frozen=True, slots=True)
class Mark:
    """One stretch of text to wrap: ``kind`` is quote, cue or speaker."""

    start: int
    end: int
    kind: str
    quote_id: str
    speaker_class: str
    title: str = ""
    depth: int = 0  # how many quotes this quote sits inside (0 for a top-level quote)

    def open_tag(self) -> str:
        classes = [self.kind, self.speaker_class]
        if self.kind == "quote" and self.depth:
            classes.append("nested")
        owner = "data-r" if self.kind in RELATION_KINDS else "data-q"
        attrs = [f'class="{" ".join(classes)}"', f'{owner}="{escape(self.quote_id)}"']
        if self.title:
            attrs.append(f'title="{escape(self.title)}"')
        if self.kind == "quote":
            attrs.append('tabindex="0"')
        return f"<span {' '.join(attrs)}>"


def speaker_key(quote: dict[str, Any]) -> str:
    """Who a quote belongs to for colouring: the resolved actor, else the name, else the
    words, case folded ("We" at a sentence start and "we" inside one are one speaker)."""
    if quote.get("speaker_key"):
        return str(quote["speaker_key"])
    words = quote.get("speaker_name") or quote.get("speaker_text")
    return "words:" + " ".join(str(words).split()).casefold() if words else UNKNOWN_SPEAKER


def speaker_label(quote: dict[str, Any]) -> str:
    return str(quote.get("speaker_name") or quote.get("speaker_text") or "unknown speaker")


def _position(quote: dict[str, Any]) -> int:
    start = quote.get("start")
    return start if isinstance(start, int) else 0


def speaker_classes(quotes: Iterable[dict[str, Any]]) -> dict[str, str]:
    """A CSS class per speaker, in order of first appearance, so colours are stable per page."""
    classes: dict[str, str] = {}
    known = 0  # speakers coloured so far
    for quote in sorted(quotes, key=_position):
        key = speaker_key(quote)
        if key in classes:
            continue
        if key == UNKNOWN_SPEAKER:
            classes[key] = "spk-unknown"
        else:
            classes[key] = f"spk-{known % SPEAKER_COLOURS}"
            known += 1
    return classes


def quote_title(quote: dict[str, Any]) -> str:
    """The hover text of a quote: speaker, kind, confidence (and what it is nested in)."""
    parts = [speaker_label(quote), str(quote.get("kind") or "quote")]
    confidence = quote.get("confidence")
    if isinstance(confidence, int | float):
        parts.append(f"confidence {confidence:.2f}")
    if quote.get("parent"):
        parts.append(f"inside {quote['parent']}")
    return " · ".join(parts)


def quote_depths(quotes: Sequence[dict[str, Any]]) -> dict[str, int]:
    """Nesting depth of each quote by following ``parent`` links (cycles are cut)."""
    parents = {q["qid"]: q.get("parent") for q in quotes}
    depths: dict[str, int] = {}
    for quote_id in parents:
        depth, seen, current = 0, {quote_id}, parents.get(quote_id)
        while current and current in parents and current not in seen:
            seen.add(current)
            depth += 1
            current = parents.get(current)
        depths[quote_id] = depth
    return depths


def marks_for(quotes: Sequence[dict[str, Any]], text_length: int) -> list[Mark]:
    """Every quote, cue and speaker span as a Mark; spans outside the text are dropped."""
    classes = speaker_classes(quotes)
    depths = quote_depths(quotes)
    marks: list[Mark] = []

    def add(kind: str, quote: dict[str, Any], title: str) -> None:
        prefix = "" if kind == "quote" else kind + "_"  # start, cue_start, speaker_start
        start, end = quote.get(prefix + "start"), quote.get(prefix + "end")
        if not isinstance(start, int) or not isinstance(end, int):
            return
        start, end = max(0, start), min(text_length, end)
        if start < end:
            marks.append(
                Mark(
                    start,
                    end,
                    kind,
                    str(quote["qid"]),
                    classes[speaker_key(quote)],
                    title,
                    depths.get(quote["qid"], 0),
                )
            )

    for quote in quotes:
        add("quote", quote, quote_title(quote))
        add("cue", quote, f"cue of {speaker_label(quote)}")
        add("speaker", quote, f"speaker: {speaker_label(quote)}")
    return marks


def relation_tone(relation: dict[str, Any]) -> str:
    """coop, conf or neutral: the sign of a relation's PLOVER score."""
    score = relation.get("score")
    if not isinstance(score, int | float) or score == 0:
        return "neutral"
    return "coop" if score > 0 else "conf"


def relation_title(relation: dict[str, Any]) -> str:
    """The hover text of a relation: "SUPPORT Lukashenko → Putin, +5.0"."""
    def names(role: str) -> str:
        return " + ".join(str(p.get("name") or p.get("text")) for p in relation.get(role) or [])

    kind = str(relation.get("event")) + (f":{relation['mode']}" if relation.get("mode") else "")
    flags = [str(f) for f in (relation.get("time"), relation.get("negated") and "negated") if f]
    score = relation.get("score")
    shown = f", {score:+.1f}" if isinstance(score, int | float) else ""
    return f"{kind} {names('source')} → {names('target') or '–'}{shown}" + (
        f" ({', '.join(flags)})" if flags else "")


def relation_marks(relations: Sequence[dict[str, Any]], text_length: int) -> list[Mark]:
    """Each relation's evidence and trigger as Marks (spans outside the text dropped)."""
    marks = []
    for relation in relations:
        tone, title, rid = relation_tone(relation), relation_title(relation), relation["rid"]
        for kind, prefix in (("rel", ""), ("rel-trigger", "trigger_")):
            start, end = relation.get(prefix + "start"), relation.get(prefix + "end")
            if isinstance(start, int) and isinstance(end, int):
                start, end = max(0, start), min(text_length, end)
                if start < end:
                    marks.append(Mark(start, end, kind, str(rid), tone, title))
    return marks


def _nesting_order(mark: Mark) -> tuple[int, int, int, str]:
    # Outer elements first: earlier start, then longer, then quotes around cues/speakers.
    rank = {"quote": 0, "speaker": 1, "cue": 2, "rel": 3, "rel-trigger": 4}.get(mark.kind, 5)
    return (mark.start, -mark.end, rank * 100 + mark.depth, mark.quote_id)


def highlight(
    text: str, quotes: Sequence[dict[str, Any]], relations: Sequence[dict[str, Any]] = ()
) -> str:
    """HTML of ``text`` with quote, cue and speaker spans (and relations' evidence and
    triggers) wrapped; all text escaped."""
    found = marks_for(quotes, len(text)) + relation_marks(relations, len(text))
    marks = sorted(found, key=_nesting_order)
    cuts = sorted({0, len(text)} | {m.start for m in marks} | {m.end for m in marks})
    out: list[str] = []
    stack: list[Mark] = []
    for left, right in zip(cuts, cuts[1:], strict=False):
        wanted = [m for m in marks if m.start <= left and right <= m.end]
        keep = 0
        while keep < len(stack) and keep < len(wanted) and stack[keep] is wanted[keep]:
            keep += 1
        out.extend("</span>" for _ in stack[keep:])
        del stack[keep:]
        for mark in wanted[keep:]:
            out.append(mark.open_tag())
            stack.append(mark)
        out.append(escape(text[left:right], quote=False))
    out.extend("</span>" for _ in stack)
    return "".join(out)


def legend(quotes: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per speaker in colour order: class, label, actor id and how many quotes."""
    classes = speaker_classes(quotes)
    rows: dict[str, dict[str, Any]] = {}
    by_name: dict[str, dict[str, Any]] = {}
    rank_of: dict[int, int] = {}
    for quote in sorted(quotes, key=_position):
        key = speaker_key(quote)
        label = speaker_label(quote)
        actor = quote.get("speaker_key")
        rank = KEY_RANK.get(str(actor).split(":")[0], 0) if actor else len(KEY_RANK) + 1
        folded = " ".join(str(label).split()).casefold()
        row = rows.get(key)
        same_name = by_name.get(folded)
        if row is None and same_name is not None and max(rank, rank_of[id(same_name)]) > 0:
            # As in "Mentioned": the same name under a bare-name or new-actor key is the
            # same speaker as the best-known actor of that name, shown once.
            row = rows[key] = same_name
            if rank < rank_of[id(row)]:
                row["speaker_key"], rank_of[id(row)] = actor, rank
        if row is None:
            row = rows[key] = {
                "class": classes[key],
                "label": label,
                "speaker_key": actor,
                "count": 0,
            }
            rank_of[id(row)] = rank
            by_name.setdefault(folded, row)
        row["count"] += 1
    return list({id(row): row for row in rows.values()}.values())


# Which key to link a name to when an article's entities repeat it: the knowledge base's
# actor, then a new actor, then the bare name.
KEY_RANK = {"name": 2, "new": 1}


def mentioned(entities: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The article's entities once each for the "Mentioned" list: the same key, or the
    same name under a new-actor or bare-name key ("Quad" twice, "Secret Service" as new
    and as name), is one row with the mentions added up, linked to the best-known key.
    Two knowledge-base actors that share a name stay two rows: they are different actors."""
    rows: list[dict[str, Any]] = []
    by_key: dict[str, dict[str, Any]] = {}
    by_name: dict[str, dict[str, Any]] = {}
    for entity in entities:
        key = str(entity["key"])
        rank = KEY_RANK.get(key.split(":")[0], 0)
        folded = " ".join(str(entity["name"]).split()).casefold()
        row = by_key.get(key)
        same_name = by_name.get(folded)
        if row is None and same_name is not None and (rank or same_name["rank"]):
            row = same_name  # at most one of the two is a knowledge-base actor
        if row is None:
            row = {**entity, "mentions": list(entity.get("mentions") or []), "rank": rank}
            rows.append(row)
            by_name.setdefault(folded, row)
        else:
            row["mentions"] = row["mentions"] + list(entity.get("mentions") or [])
            if rank < row["rank"]:  # a better-known key for the same name: link to it
                row.update({**entity, "mentions": row["mentions"], "rank": rank})
        by_key[key] = row
    return rows
