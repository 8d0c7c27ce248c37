"""Keyset cursors: what a page hands out as ``next_cursor`` and takes back as ``after``.

A cursor is the sort key of the last row of a page (a pair such as [date, row id]) as JSON
in URL-safe base64. Callers treat it as opaque, so only the store checks it: anything it did
not hand out for that list and order (forged, damaged, from another list or sort order, a
number no SQL integer holds, a date outside the years 1-9999 in UTC) raises ``BadCursor``
before a query runs.
"""

from __future__ import annotations

import base64
import json
import math
from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

from sayso.dates import utc_bound
from sayso.store.keys import parse_statement_id
from sayso.store.records import BadFilter

MAX_SQL_INT = 2**63 - 1
MAX_RANK = 1e300  # beyond any real text-match rank; keeps arithmetic on it finite

A = TypeVar("A")
B = TypeVar("B")


class BadCursor(BadFilter):
    """An ``after`` value this store did not hand out for this list and order."""

    def __init__(self, cursor: str) -> None:
        super().__init__(
            f"{cursor!r} is not a next_cursor this store returned for this list; pass one "
            "back unchanged, with the same filters and sort order, or leave it out to start "
            "from the first page",
            field="after",
        )


def encode_cursor(first: Any, second: Any) -> str:
    raw = json.dumps([first, second], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def date_cursor(cursor: str) -> tuple[datetime, int]:
    """Newest-first lists (quotes, articles): [ISO date-time, row id]."""
    return _decode(cursor, _moment, _row_id)


def rank_cursor(cursor: str) -> tuple[float, int]:
    """Best-match-first lists: [rank, row id]."""
    return _decode(cursor, _rank, _row_id)


def statement_cursor(cursor: str) -> tuple[datetime, int]:
    """Statements, newest first: [ISO date-time of the first report, statement id]."""
    return _decode(cursor, _moment, _statement_key)


def actor_cursor(cursor: str) -> tuple[int, str]:
    """Actors, most used first: [times used, actor id]."""
    return _decode(cursor, _row_id, _actor_id)


def _decode(cursor: str, first: Callable[[Any], A], second: Callable[[Any], B]) -> tuple[A, B]:
    """The cursor's pair, each part checked and converted; ``BadCursor`` if anything fails."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()))
        if isinstance(values, list) and len(values) == 2:
            return first(values[0]), second(values[1])
    except (ValueError, TypeError, OverflowError):
        pass
    raise BadCursor(cursor)


def _moment(value: Any) -> datetime:
    if not isinstance(value, str):
        raise TypeError(value)
    return utc_bound(datetime.fromisoformat(value))


def _row_id(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_SQL_INT:
        raise ValueError(value)
    return value


def _rank(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(value)
    if not (math.isfinite(value) and abs(value) < MAX_RANK):
        raise ValueError(value)
    return float(value)


def _statement_key(value: Any) -> int:
    key = parse_statement_id(value)
    if key is None:
        raise ValueError(value)
    return key


def _actor_id(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(value)
    return value
