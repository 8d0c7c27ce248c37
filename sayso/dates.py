"""Dates, read one way by every layer (a leaf module: it imports nothing from sayso).

- ``parse_datetime``: a date as a source writes it (ISO 8601 or RFC 2822: HTML meta, feeds,
  WARC headers, front matter, JSONL); None when it is neither, since a reader keeps the
  article without a date rather than refusing it.
- ``parse_day``: a day as a person writes it, ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` (web
  parameters, upload forms, knowledge-base roles). A partial date is the first day of its
  period, or with ``end=True`` the last, so "until 2024-05" includes 31 May.
- ``parse_bound``: an inclusive search bound, a day as above or an ISO date-time; a day as
  an upper bound is the last moment of that day.

Stored dates are naive UTC (``naive_utc``), so that both store back-ends compare and sort
them alike; the UTC offset the source stated is kept next to them (``offset_minutes``) and
put back when they are read (``with_offset``), so that a statement released at 7 pm on
7 January in Washington (00:00 UTC on the 8th) still reads, and is dated, 7 January.

A value that is not a date raises ``BadDate`` (a ``ValueError``) whose message quotes it and
says which forms to use; each caller adds the name of its parameter or field.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, timezone
from email.utils import parsedate_to_datetime
from typing import overload

DAY_FORMS = "YYYY-MM-DD, YYYY-MM or YYYY"
# The widest UTC offsets in use (UTC-12:00 to UTC+14:00): a local day lies within this much
# of the same UTC day.
MAX_OFFSET = timedelta(hours=14)
_DAY = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")


class BadDate(ValueError):
    """A value that is not a date; the message quotes it and says what to write instead."""


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
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def implausible_date_reason(stamp: datetime, years: tuple[int, int]) -> str | None:
    """Why ``stamp`` cannot be when an article was published, or None when it can.

    Years outside ``years`` (inclusive) are misreadings; a year-1 date with a +14:00 offset
    cannot even be put in UTC, which the store and the API need."""
    low, high = years
    try:
        year = stamp.astimezone(UTC).year if stamp.tzinfo else stamp.year
    except (OverflowError, ValueError):
        return "cannot be put in UTC"
    if not low <= year <= high:
        return f"is not between the years {low} and {high}"
    return None


def parse_day(value: date | str | None, *, end: bool = False) -> date | None:
    """``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` (or a date) → a date; None when empty.

    A partial date stands for its first day, or with ``end=True`` its last day.
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = value.strip()
    if not text:
        return None
    match = _DAY.fullmatch(text)
    if not match:
        raise BadDate(f"{text!r} is not a date; use {DAY_FORMS}")
    year, month, day = int(match[1]), match[2], match[3]
    try:
        if day:
            return date(year, int(month), int(day))
        if month:
            first = date(year, int(month), 1)
            return _last_of_month(first) if end else first
        return date(year, 12, 31) if end else date(year, 1, 1)
    except ValueError as exc:
        raise BadDate(f"{text!r} is not a real date ({exc})") from None


def _last_of_month(first: date) -> date:
    return (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def parse_bound(value: date | str | None, *, end: bool) -> datetime | None:
    """An inclusive bound of a date range, as a naive UTC datetime (None when empty).

    A day or partial date starts at its first moment, or as an ``end`` bound ends at the
    last moment of its last day; an ISO date-time ("2024-05-01T12:00+02:00") is taken as
    it is, converted to UTC.
    """
    if isinstance(value, str) and ("T" in value.strip() or " " in value.strip()):
        text = value.strip()
        try:
            value = datetime.fromisoformat(text)
        except ValueError:
            raise BadDate(f"{text!r} is not a date; use {DAY_FORMS}, or a date-time") from None
    if isinstance(value, datetime):
        return utc_bound(value)
    day = parse_day(value, end=end)
    if day is None:
        return None
    return datetime.combine(day, time.max if end else time.min)


def utc_bound(value: datetime) -> datetime:
    """``value`` as naive UTC; ``BadDate`` when UTC would fall outside the years 1-9999
    (``0001-01-01T00:00:00+01:00`` is a valid ISO string for a moment in year 0)."""
    try:
        return naive_utc(value)
    except OverflowError:
        raise BadDate(f"{value.isoformat()!r} is outside the years 1 to 9999 in UTC") from None


@overload
def naive_utc(value: datetime) -> datetime: ...
@overload
def naive_utc(value: None) -> None: ...
def naive_utc(value: datetime | None) -> datetime | None:
    """A naive UTC datetime (a naive one is taken as UTC already): both store back-ends
    then compare and sort every date alike."""
    if value is None or value.tzinfo is None:
        return value
    return value.astimezone(UTC).replace(tzinfo=None)


def offset_minutes(value: datetime | None) -> int | None:
    """The UTC offset ``value`` states, in whole minutes east of UTC; None when it states
    none (a naive datetime: a local time of unknown zone, or no date at all)."""
    if value is None or value.utcoffset() is None:
        return None
    offset = value.utcoffset() or timedelta(0)
    return int(offset.total_seconds() // 60)


@overload
def with_offset(utc: datetime, minutes: int | None) -> datetime: ...
@overload
def with_offset(utc: None, minutes: int | None) -> None: ...
@overload
def with_offset(utc: datetime | None, minutes: int | None) -> datetime | None: ...
def with_offset(utc: datetime | None, minutes: int | None) -> datetime | None:
    """A stored naive UTC datetime as the source stated it: in its UTC offset of
    ``minutes``, or naive as stored when the source stated no offset."""
    if utc is None or minutes is None:
        return utc
    zone = timezone(timedelta(minutes=minutes))
    try:
        return utc.replace(tzinfo=UTC).astimezone(zone)
    except OverflowError:  # within hours of year 1 or 9999: kept in UTC
        return utc.replace(tzinfo=UTC)


def is_day_bound(value: date | str | None) -> bool:
    """Whether a search bound names days (``2025-01-07``, ``2025-01``, a date) rather than
    a moment (an ISO date-time, a datetime): a day is the source's local day."""
    if isinstance(value, datetime):
        return False
    if isinstance(value, date):
        return True
    text = (value or "").strip()
    return bool(text) and "T" not in text and " " not in text
