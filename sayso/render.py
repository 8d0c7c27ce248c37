"""A readable plain-text view of an analysed Article (``sayso extract --format text``)."""

from __future__ import annotations

import re
import textwrap

from sayso.model import Article, Event, Participant, Quote


def article_as_text(article: Article) -> str:
    head = [
        f"# {article.title or '(no title)'}",
        f"source: {article.source}",
    ]
    if article.url and article.url != article.source:
        head.append(f"url: {article.url}")
    head.append(f"published: {article.published.isoformat() if article.published else '-'}")
    head.append(f"language: {article.language or '-'}  words: {len(article.text.split())}")
    if article.not_analysed_because:
        head.append(f"not analysed: {article.not_analysed_because}")
    lines = head + [""]
    lines.append(f"{len(article.quotes)} quotes")
    for quote in article.quotes:
        lines.append(quote_as_text(quote))
    if article.relations:
        lines.append("")
        lines.append(f"{len(article.relations)} relations")
        for event in article.relations:
            lines.append(relation_as_text(event))
    if article.entities:
        lines.append("")
        lines.append("entities: " + ", ".join(f"{e.name} ({e.type})" for e in article.entities))
    return "\n".join(lines) + "\n"


def quote_as_text(quote: Quote) -> str:
    who = quote.speaker.name or quote.speaker.text if quote.speaker else "?"
    mention = f' ("{quote.speaker.text}")' if quote.speaker and quote.speaker.name else ""
    cue = f" [{quote.cue.text}]" if quote.cue else ""
    nested = f" in {quote.parent}" if quote.parent else ""
    header = (
        f"- {quote.id} {quote.kind}{nested} {quote.start}-{quote.end} "
        f"conf {quote.confidence:.2f}: {who}{mention}{cue}"
    )
    body = textwrap.fill(quote.text, width=96, initial_indent="    ", subsequent_indent="    ")
    return header + "\n" + body


def relation_as_text(event: Event) -> str:
    """"- r3 REQUEST:assist [military] Putin → Lukashenko, +0.5 (quad 3) in q4: words"."""
    kind = event.event + (f":{event.mode}" if event.mode else "")
    context = f" [{', '.join(event.context)}]" if event.context else ""
    marks = [m for m in (event.time, "negated" if event.negated else None) if m]
    marks += [f"{role} inferred" for role in event.inferred]
    how = f" ({', '.join(marks)})" if marks else ""
    where = f" in {event.statement}" if event.statement else ""
    header = (
        f"- {event.id} {kind}{context} {participants_as_text(event.source)} → "
        f"{participants_as_text(event.target)}, {event.score:+.1f} (quad {event.quad}){how}"
        f" {event.start}-{event.end}{where}"
    )
    body = textwrap.fill(event.text, width=96, initial_indent="    ", subsequent_indent="    ")
    return header + "\n" + body


def participants_as_text(people: list[Participant]) -> str:
    return " + ".join(p.name or p.text for p in people) or "–"


LINE_BREAKS = re.compile(r"[ \t]*[\r\n]+[ \t]*|[ \t]{2,}")
PREVIEW_CHARS = 300  # about four lines of a terminal or a result on the search page


def preview(text: str, limit: int = PREVIEW_CHARS) -> tuple[str, int]:
    """The start of ``text`` cut at a word boundary near ``limit`` characters, and how many
    characters were left out (0 when it is whole)."""
    flat = LINE_BREAKS.sub(" ", text.strip())  # no-break spaces stay: they are the words'
    if len(flat) <= limit:
        return flat, 0
    cut = flat.rfind(" ", 0, limit + 1)
    if cut < limit * 2 // 3:  # one very long word: cut inside it
        cut = limit
    head = flat[:cut].rstrip(" ,;:")
    return head, len(flat) - len(head)
