"""Plain text: taken as it is, unless it has the official-site layout of the example article.

That layout (president.gov.by and sites built like it, copied as text)::

    Posted: 15.08.2024 17:42:00

    Title of the article

    Lead sentence.

    Photo: www.president.gov.by

    Paragraph one...

gives ``published`` (naive: the site states no time zone), the title, and a body of the
remaining paragraphs — one per non-blank line, separated by a blank line — without the
photo credit lines. ``Article.meta["offsets"]`` maps the body back to the file: a list of
``[body_start, file_start, length]`` per kept paragraph, so spans found in the body can be
reported against the file (and gold annotations made on the file compared).

Any other text is taken unchanged (``Article.text`` is the decoded file, character for
character), so offsets into the body are offsets into the file; its title stays None
rather than guessed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime

from sayso.ingest.decode import decode_raw
from sayso.ingest.registry import RawInput, reader
from sayso.ingest.sources import raw_ref
from sayso.model import Article, Failure, NoArticle

POSTED = re.compile(
    r"Posted:[ \t]*(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>\d{4})"
    r"(?:[ \t]+(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?)?",
    re.I,
)
# Credit lines under pictures: "Photo: www.president.gov.by", "Photos: BelTA", "Фото: ...".
CREDIT_LINE = re.compile(r"(?:photos?|photo credit|фото)[ \t]*:", re.I)
# Longer than this and a "Photo:" line is prose that happens to start so, not a credit.
MAX_CREDIT_CHARS = 200


@dataclass(slots=True)
class PostedLayout:
    """What the official-site layout gives: date, title, body and how it maps to the file."""

    published: datetime
    title: str
    body: str
    offsets: list[list[int]] = field(default_factory=list)  # [body_start, file_start, length]
    dropped: list[str] = field(default_factory=list)  # credit lines left out of the body


@reader("text")
def read_text(raw: RawInput) -> Iterator[Article | Failure]:
    text = decode_raw(raw)
    if not text.strip():
        yield NoArticle(raw.source, "empty file (no text in it): nothing to read")
        return
    layout = parse_posted_layout(text)
    if layout is None:
        yield Article(
            source=raw.source, text=text, url=raw.url, format="text", raw_ref=raw_ref(raw)
        )
        return
    if not layout.body:
        yield NoArticle(
            raw.source, "has a 'Posted:' date and a title but no body text (is the file truncated?)"
        )
        return
    yield Article(
        source=raw.source,
        text=layout.body,
        title=layout.title,
        published=layout.published,
        url=raw.url,
        format="text",
        raw_ref=raw_ref(raw),
        meta={"layout": "posted", "offsets": layout.offsets, "dropped_lines": layout.dropped},
    )


def parse_posted_layout(text: str) -> PostedLayout | None:
    """The layout's parts, or None if ``text`` does not open with a valid ``Posted:`` line
    followed by a title. Never raises."""
    lines = list(lines_with_offsets(text))
    if not lines:
        return None
    first_offset, first = lines[0]
    published = posted_datetime(first.strip())
    if published is None or len(lines) < 2:
        return None
    title = lines[1][1].strip()
    layout = PostedLayout(published=published, title=title, body="")
    paragraphs: list[str] = []
    body_pos = 0
    for offset, line in lines[2:]:
        stripped = line.strip()
        if is_credit_line(stripped):
            layout.dropped.append(stripped)
            continue
        if paragraphs:
            body_pos += 2  # the "\n\n" between paragraphs
        lead = len(line) - len(line.lstrip())
        layout.offsets.append([body_pos, offset + lead, len(stripped)])
        paragraphs.append(stripped)
        body_pos += len(stripped)
    layout.body = "\n\n".join(paragraphs)
    return layout


def lines_with_offsets(text: str) -> Iterator[tuple[int, str]]:
    """Non-blank lines of ``text`` (line breaks as ``str.splitlines`` sees them) with the
    offset each starts at."""
    offset = 0
    for line in text.splitlines(keepends=True):
        content = line.rstrip("\r\n\v\f\x1c\x1d\x1e\x85\u2028\u2029")
        if content.strip():
            yield offset, content
        offset += len(line)


def posted_datetime(line: str) -> datetime | None:
    """``Posted: 15.08.2024 17:42:00`` → 2024-08-15T17:42:00; None if not such a line or
    not a real date."""
    match = POSTED.fullmatch(line)
    if not match:
        return None
    parts = {k: int(v) for k, v in match.groupdict().items() if v is not None}
    try:
        return datetime(
            parts["year"],
            parts["month"],
            parts["day"],
            parts.get("hour", 0),
            parts.get("minute", 0),
            parts.get("second", 0),
        )
    except ValueError:
        return None


def is_credit_line(line: str) -> bool:
    """A photo credit line (stripped), e.g. ``Photo: www.president.gov.by``."""
    return len(line) <= MAX_CREDIT_CHARS and bool(CREDIT_LINE.match(line))
