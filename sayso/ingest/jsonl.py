"""JSON lines: one article per line, as scrapers and dataset exports write them.

Each line is an object with ``text`` (or ``body``/``content``/...), and optionally
``title``, ``published`` (or ``date``/...; ISO 8601, RFC 822 or Unix seconds/milliseconds),
``url``, ``outlet`` (or ``source``/``site_name``/...; a ``{"name": ...}`` object too),
``author`` and ``language``. Lines that cannot be read are counted in one Failure for the
file, which names the first few and why; the other lines are kept. A date that cannot be
read is left empty, with a warning (``meta["warnings"]``). Each article's source is
``<file>#L<line>``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any  # Any: JSON values

from sayso.ingest.checks import unread_date_warning
from sayso.ingest.decode import decode_raw
from sayso.ingest.markdown import as_datetime, authors, first_str, language_tag
from sayso.ingest.registry import RawInput, reader
from sayso.ingest.sources import raw_ref
from sayso.model import Article, Failure

TEXT_KEYS = ("text", "body", "content", "article", "full_text", "maintext", "story")
TITLE_KEYS = ("title", "headline")
PUBLISHED_KEYS = (
    "published",
    "published_at",
    "publish_date",
    "date_publish",
    "pubdate",
    "pub_date",
    "date",
    "datetime",
    "timestamp",
    "time",
    "created_at",
)
URL_KEYS = ("url", "link", "source_url", "canonical_url")
OUTLET_KEYS = ("outlet", "source", "site_name", "publisher", "source_domain", "domain", "site")
AUTHOR_KEYS = ("author", "authors", "byline")
LANGUAGE_KEYS = ("language", "lang")

# Unix times above this are in milliseconds (1e11 seconds is the year 5138).
MILLISECONDS_FROM = 1e11


# Bad lines described in a file's one Failure; the others are counted.
BAD_LINES_SHOWN = 3


@reader("jsonl")
def read_jsonl(raw: RawInput) -> Iterator[Article | Failure]:
    """One article per good line, then at most one Failure for the whole file, counting its
    bad lines and saying why the first few are bad (a garbage file of 5,000 lines is one
    line on stderr and one failed input, not 5,000)."""
    text = decode_raw(raw)
    ref = raw_ref(raw)
    bad: list[tuple[int, str]] = []
    good = 0
    # Split on "\n" only: U+2028 and friends may sit unescaped inside JSON strings.
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        item = read_line(line)
        if isinstance(item, str):
            bad.append((number, item))
            continue
        good += 1
        item.source = f"{raw.source}#L{number}"
        item.raw_ref = f"{ref}#L{number}" if ref else None
        yield item
    if bad:
        yield Failure(raw.source, bad_lines_reason(bad, good))


def bad_lines_reason(bad: list[tuple[int, str]], good: int) -> str:
    shown = "; ".join(f"line {number}: {why}" for number, why in bad[:BAD_LINES_SHOWN])
    more = len(bad) - BAD_LINES_SHOWN
    if more > 0:
        shown += f"; and {more:,} more"
    if good == 0:
        return (
            f"no article in it: none of its {len(bad):,} lines is a JSON object with a text "
            f"field ({shown}); sayso reads JSON lines as one article per line"
        )
    lines = "line" if len(bad) == 1 else "lines"
    return (
        f"{len(bad):,} {lines} could not be read, the other {good:,} were ({shown}); "
        f"fix or remove the bad {lines}"
    )


def read_line(line: str) -> Article | str:
    """The article on one line, or why there is none."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        reason = exc.msg.removesuffix(" at")
        return f"not valid JSON ({reason} at column {exc.colno})"
    except RecursionError:
        return "JSON nested too deeply to read"
    except ValueError:  # a number of more than 4,300 digits
        return "a number in it is too long to read"
    if not isinstance(record, dict):
        return f"a JSON {type(record).__name__}, not an object with a text field"
    record = {str(k).lower(): v for k, v in record.items()}
    body = first_text(record, TEXT_KEYS)
    if not body:
        return (
            f"no article text (expected a non-empty {', '.join(TEXT_KEYS[:3])} field; "
            f"it has {', '.join(sorted(record)[:8]) or 'no fields'})"
        )
    published_value = first_present(record, PUBLISHED_KEYS)
    published = to_datetime(published_value)
    meta: dict[str, Any] = {}
    if published_value is not None and published is None:
        meta["unparsed_published"] = str(published_value)
        meta["warnings"] = [unread_date_warning(published_value)]
    if record.get("id") is not None:
        meta["id"] = record["id"]
    return Article(
        source="",
        text=body,
        title=first_str(record, TITLE_KEYS),
        published=published,
        url=first_str(record, URL_KEYS),
        language=language_tag(first_str(record, LANGUAGE_KEYS)),
        outlet=outlet(record),
        author=authors(record, AUTHOR_KEYS),
        format="jsonl",
        meta=meta,
    )


def first_present(record: dict[str, Any], keys: tuple[str, ...]) -> Any:
    for key in keys:
        if record.get(key) not in (None, ""):
            return record[key]
    return None


def first_text(record: dict[str, Any], keys: tuple[str, ...]) -> str | None:
    """The first non-blank string among ``keys``, as given (not stripped: it is the body
    spans point into)."""
    for key in keys:
        value = record.get(key)
        if isinstance(value, str) and value.strip():
            return value
    return None


def to_datetime(value: object) -> datetime | None:
    """ISO 8601 / RFC 822 strings, or Unix seconds or milliseconds (as UTC)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        seconds = value / 1000 if value > MILLISECONDS_FROM else value
        try:
            return datetime.fromtimestamp(seconds, tz=UTC)
        except (OverflowError, OSError, ValueError):
            return None
    return as_datetime(value)


def outlet(record: dict[str, Any]) -> str | None:
    for key in OUTLET_KEYS:
        value = record.get(key)
        if isinstance(value, dict):
            value = value.get("name") or value.get("title")
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None
