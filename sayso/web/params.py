"""Query parameters shared by the API and the pages, parsed with errors that name the fix."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, fields, replace
from datetime import date
from typing import Any, get_args  # Any: URL parameter values (str, int, date, None)
from urllib.parse import urlencode

from sayso.dates import BadDate
from sayso.dates import parse_day as parse_date_text
from sayso.model import PLOVER_EVENTS, QUAD_CLASSES, EntityType, QuoteKind
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
        # Fields read one by one: asdict() deep-copies each value, and a search page
        # builds this for every facet link and timeline bar.
        values = ((f.name, getattr(self, f.name)) for f in FILTER_FIELDS)
        return {
            k: v.isoformat() if isinstance(v, date) else str(v)
            for k, v in values
            if v not in (None, "")
        }

    def without(self, name: str) -> Filters:
        return replace(self, **{name: None})

    def with_value(self, name: str, value: str) -> Filters:
        change: dict[str, Any] = {name: value}  # Any: replace() types each field; facets' are str
        return replace(self, **change)


FILTER_FIELDS = fields(Filters)


def query_string(params: dict[str, Any]) -> str:
    """URL parameters, empty ones left out; a list repeats its name (type=A&type=B)."""
    return urlencode({k: v for k, v in params.items() if v not in (None, "", [])}, doseq=True)


LEVELS = ("country", "actor")
SERIES_INTERVALS = ("week", "month", "year")


def parse_events(value: str | None) -> list[str]:
    """PLOVER event types, comma-separated, any case ("request,accuse")."""
    text = clean_text("event", value)
    events = [e.strip().upper() for e in (text or "").split(",") if e.strip()]
    unknown = [e for e in events if e not in PLOVER_EVENTS]
    if unknown:
        raise BadParameter(
            "event", f"{unknown[0]!r} is not a PLOVER event type; use {', '.join(PLOVER_EVENTS)}"
        )
    return events


def parse_quads(value: str | None) -> list[int]:
    """Quad classes, comma-separated ("3,4": conflict)."""
    text = clean_text("quad", value)
    parts = [p.strip() for p in (text or "").split(",") if p.strip()]
    if any(not p.isdigit() or int(p) not in QUAD_CLASSES for p in parts):
        classes = ", ".join(f"{n} {name}" for n, name in QUAD_CLASSES.items())
        raise BadParameter("quad", f"{text!r}: use quad classes {classes} (comma-separated)")
    return [int(p) for p in parts]


@dataclass(frozen=True, slots=True)
class RelationParams:
    """What a user asks of the relations: who (either side, or which side), which
    countries, what kind of event, when; ``plain`` leaves out negated and hypothetical ones."""

    source: str | None = None
    target: str | None = None
    actor: str | None = None
    country: str | None = None
    source_country: str | None = None
    target_country: str | None = None
    event: str | None = None  # comma-separated PLOVER types, upper case
    quad: str | None = None  # comma-separated quad classes
    since: date | None = None
    until: date | None = None
    article: str | None = None
    plain: bool = False

    @classmethod
    def parse(cls, **given: str | None) -> RelationParams:
        since = parse_day("since", given.get("since"))
        until = parse_day("until", given.get("until"), end=True)
        if since and until and since > until:
            raise BadParameter("until", f"{until} is before since={since}")
        plain = parse_choice("plain", given.get("plain"), ("true", "false", "1", "0"), "false")
        return cls(
            **{name: clean_text(name, given.get(name)) for name in RELATION_TEXT_PARAMS},
            event=",".join(parse_events(given.get("event"))) or None,
            quad=",".join(map(str, parse_quads(given.get("quad")))) or None,
            since=since,
            until=until,
            plain=plain in ("true", "1"),
        )

    def as_params(self) -> dict[str, str]:
        """The parameters as URL parameters (only those set), to rebuild links."""
        values = asdict(self)
        values["plain"] = "true" if self.plain else None
        return {
            k: v.isoformat() if isinstance(v, date) else str(v)
            for k, v in values.items()
            if v not in (None, "")
        }


RELATION_TEXT_PARAMS = ("source", "target", "actor", "country", "source_country",
                        "target_country", "article")
