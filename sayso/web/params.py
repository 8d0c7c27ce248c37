"""Query parameters shared by the API and the pages, parsed with errors that name the fix."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, replace
from datetime import date
from typing import Any, get_args  # Any: URL parameter values (str, int, date, None)
from urllib.parse import urlencode

from sayso.dates import BadDate
from sayso.dates import parse_day as parse_date_text
from sayso.model import EntityType, QuoteKind
from sayso.web.errors import BadParameter

KINDS: tuple[str, ...] = get_args(QuoteKind)
INTERVALS = ("day", "week", "month", "year")
SORTS = ("date", "relevance")
COUNTS = ("reports", "statements")
ACTOR_TYPES: tuple[str, ...] = get_args(EntityType)
MAX_LIMIT = 500
MAX_TEXT_PARAM = 500
MAX_WEIGHT = 1_000_000_000  # beyond any real count; keeps numbers inside SQL integers


def clean_text(name: str, value: str | None) -> str | None:
    """Strip a free-text parameter; empty means absent; absurdly long is refused."""
    if value is None:
        return None
    value = value.strip()
    if not value:
        return None
    if len(value) > MAX_TEXT_PARAM:
        raise BadParameter(name, f"is {len(value)} characters long; at most {MAX_TEXT_PARAM}")
    if "\x00" in value:
        raise BadParameter(name, "contains a NUL character")
    return value


def parse_day(name: str, value: str | None, *, end: bool = False) -> date | None:
    """The date parameter ``name`` (``dates.parse_day``: YYYY-MM-DD, YYYY-MM or YYYY); a
    partial ``until`` date means the end of that period."""
    try:
        return parse_date_text(clean_text(name, value), end=end)
    except BadDate as exc:
        raise BadParameter(name, str(exc)) from None


def parse_kind(value: str | None) -> str | None:
    value = clean_text("kind", value)
    if value is not None and value not in KINDS:
        raise BadParameter("kind", f"{value!r} is not a kind; use one of {', '.join(KINDS)}")
    return value


def parse_choice(name: str, value: str | None, choices: tuple[str, ...], default: str) -> str:
    value = clean_text(name, value)
    if value is None:
        return default
    if value not in choices:
        raise BadParameter(name, f"{value!r} is not allowed; use one of {', '.join(choices)}")
    return value


def parse_actor_type(value: str | None) -> str | None:
    return parse_choice("type", value, ACTOR_TYPES, "") or None


# ASCII digits only: str.isdigit() takes "²" and "①" (which int() refuses), and int()
# takes "١٢", "1_0", "+5" and " 5 ": none of them is what a user or a program means.
_WHOLE_NUMBER = re.compile(r"[0-9]{1,18}")


def parse_whole_number(name: str, value: str | int | None, low: int, high: int) -> int | None:
    """The parameter ``name`` as a whole number from ``low`` to ``high``; None if absent."""
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not (
        isinstance(value, int) or _WHOLE_NUMBER.fullmatch(str(value))
    ):
        raise BadParameter(name, f"{str(value)[:40]!r} is not a whole number (digits 0-9)")
    number = int(value)
    if not low <= number <= high:
        raise BadParameter(name, f"{number} is out of range; use {low} to {high}")
    return number


def parse_limit(value: str | int | None, default: int = 50) -> int:
    number = parse_whole_number("limit", value, 1, MAX_LIMIT)
    return default if number is None else number


def parse_min_weight(value: str | None) -> int:
    number = parse_whole_number("min_weight", clean_text("min_weight", value), 1, MAX_WEIGHT)
    return 1 if number is None else number


@dataclass(frozen=True, slots=True)
class Filters:
    """What a user asks of the statements: words, who, about whom, where, when (and the
    order: newest first unless ``sort`` is "relevance")."""

    q: str | None = None
    speaker: str | None = None
    about: str | None = None
    outlet: str | None = None
    kind: str | None = None
    language: str | None = None  # ISO 639-1 code, as detected at ingest
    since: date | None = None
    until: date | None = None
    article: str | None = None
    sort: str | None = None  # "relevance" (best match first, with q); default newest first

    @classmethod
    def parse(
        cls,
        *,
        q: str | None = None,
        speaker: str | None = None,
        about: str | None = None,
        outlet: str | None = None,
        kind: str | None = None,
        language: str | None = None,
        since: str | None = None,
        until: str | None = None,
        article: str | None = None,
        sort: str | None = None,
    ) -> Filters:
        filters = cls(
            q=clean_text("q", q),
            speaker=clean_text("speaker", speaker),
            about=clean_text("about", about),
            outlet=clean_text("outlet", outlet),
            kind=parse_kind(kind),
            language=clean_text("language", language),
            since=parse_day("since", since),
            until=parse_day("until", until, end=True),
            article=clean_text("article", article),
            sort=parse_choice("sort", sort, SORTS, "date").replace("date", "") or None,
        )
        if filters.since and filters.until and filters.since > filters.until:
            raise BadParameter("until", f"{filters.until} is before since={filters.since}")
        return filters

    def as_params(self) -> dict[str, str]:
        """The filters as URL parameters (only those set), to rebuild links."""
        return {
            k: v.isoformat() if isinstance(v, date) else str(v)
            for k, v in asdict(self).items()
            if v not in (None, "")
        }

    def without(self, name: str) -> Filters:
        return replace(self, **{name: None})

    def with_value(self, name: str, value: str) -> Filters:
        change: dict[str, Any] = {name: value}  # Any: replace() types each field; facets' are str
        return replace(self, **change)


def query_string(params: dict[str, Any]) -> str:
    """URL parameters, empty ones left out; a list repeats its name (type=A&type=B)."""
    return urlencode({k: v for k, v in params.items() if v not in (None, "", [])}, doseq=True)
