"""Dates as sources write them: one parser for every reader (HTML meta, feeds, WARC headers,
front matter, JSONL)."""

from __future__ import annotations

from datetime import date, datetime, time
from email.utils import parsedate_to_datetime


def parse_datetime(value: str | None) -> datetime | None:
    """An ISO 8601 or RFC 2822 date(-time); None when it is neither. A stated UTC offset
    is kept (the datetime is then timezone-aware); a local time stays naive."""
    if not value or not value.strip():
        return None
    value = value.strip()
    iso = value[:-1] + "+00:00" if value.endswith(("Z", "z")) else value
    try:
        return datetime.fromisoformat(iso)
    except ValueError:
        pass
    try:
        return datetime.combine(date.fromisoformat(value[:10]), time())
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(value)  # RFC 822 dates, as feeds and mail write them
    except (TypeError, ValueError, IndexError):
        return None
