"""Dates as sources write them: one parser for every reader (HTML meta, feeds, WARC headers,
front matter, JSONL), and one test of whether a date can be a publication date."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from email.utils import parsedate_to_datetime

from sayso.ingest.limits import PUBLISHED_YEARS


def parse_datetime(value: str | None) -> datetime | None:
    """An ISO 8601 or RFC 2822 date(-time); None when it is neither, or names a day that does
    not exist (2024-02-30). A stated UTC offset is kept (the datetime is then
    timezone-aware); a local time stays naive."""
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
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def implausible_date_reason(stamp: datetime) -> str | None:
    """Why ``stamp`` cannot be when an article was published, or None when it can.

    Years outside ``PUBLISHED_YEARS`` are misreadings (a year-1 date with a +14:00 offset
    cannot even be put in UTC, which the store and the API need)."""
    low, high = PUBLISHED_YEARS
    try:
        year = stamp.astimezone(UTC).year if stamp.tzinfo else stamp.year
    except (OverflowError, ValueError):
        return "cannot be put in UTC"
    if not low <= year <= high:
        return f"is not between the years {low} and {high}"
    return None
