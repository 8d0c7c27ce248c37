"""What the read API returns: plain frozen dataclasses with ``to_dict()`` for JSON.

Dates are naive UTC ``datetime`` objects (``None`` when unknown) and serialise as ISO 8601.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, is_dataclass
from datetime import date, datetime
from typing import Any, Generic, Literal, TypeVar  # Any: JSON values

from sayso.actors.types import Role

CountBy = Literal["report", "statement"]
SortBy = Literal["date", "relevance"]
T = TypeVar("T")


class BadFilter(ValueError):
    """A filter value that cannot be used (bad date, bad id); the message says why and
    ``field`` names the filter."""

    def __init__(self, message: str, *, field: str) -> None:
        super().__init__(message)
        self.field = field


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, str | int | float):  # most values: as they are
        return value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if is_dataclass(value) and not isinstance(value, type):  # a Role inside an ActorRecord
        return _fields_dict(value)
    return value


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _fields_dict(record: Any) -> dict[str, Any]:
    """``asdict(record)`` with dates as ISO strings, built directly: ``asdict`` deep-copies
    every value, which made it most of the cost of a page of quotes in the API."""
    kind = type(record)
    names = _FIELD_NAMES.get(kind)
    if names is None:
        names = _FIELD_NAMES[kind] = tuple(f.name for f in fields(record))
    return {name: _jsonable(getattr(record, name)) for name in names}


class _Dict:
    def to_dict(self) -> dict[str, Any]:
        # every record is a dataclass (this mixin itself is not)
        return _fields_dict(self)


@dataclass(slots=True)
class QuoteFilters(_Dict):
    """What ``search_quotes`` / ``count_quotes`` / ``facets`` / ``timeline`` / ``network`` keep.

    ``speaker`` and ``about`` take an actor id or a name ("Lukashenko" finds every actor whose
    name or alias contains that word sequence); a list means any of them. ``since``/``until``
    are inclusive dates (``date``, ``datetime`` or ISO strings); ``until`` a date includes
    that whole day.
    """

    query: str | None = None  # full text over quote text
    speaker: str | list[str] | None = None
    about: str | list[str] | None = None
    since: date | datetime | str | None = None
    until: date | datetime | str | None = None
    outlet: str | list[str] | None = None
    language: str | list[str] | None = None
    kind: str | list[str] | None = None
    article_id: str | None = None
    statement_id: str | None = None  # 16 hex digits, as QuoteHit.statement_id
    story_id: int | None = None


@dataclass(frozen=True, slots=True)
class QuoteHit(_Dict):
    """One stored quote (a report of a statement in one article) as one flat row.

    This row is the one shape of a stored quote: ``to_dict()`` is what the REST API sends,
    and its fields, in this order, are the columns of every table of quotes (the web's CSV,
    ``sayso quotes --format csv/json``, ``sayso export quotes`` as CSV, JSONL or Parquet).
    Offsets are [start, end) in characters of the article's text.
    """

    id: int  # stable for the life of the stored article
    statement_id: str  # hash of speaker + words, 16 hex digits: the same in every database
    reports: int  # how many articles report this statement (1 = only this one)
    article_id: str
    qid: str  # the quote's id inside its article ("q1")
    published: datetime | None  # the article's publication date
    outlet: str | None
    language: str | None
    kind: str  # direct | mixed | indirect | turn | headline
    text: str
    speaker_key: str | None  # actor id, "name:…" for people known only by name, or None
    speaker_name: str | None
    speaker_text: str | None  # the words naming the speaker in the article
    cue: str | None  # the words introducing the quote ("said", "told")
    about_keys: list[str]  # actors mentioned in the quote
    about_names: list[str]  # their names, in the same order (the key when no name is known)
    parent: str | None  # qid of the quote this one sits in
    article_title: str | None
    article_url: str | None
    start: int
    end: int
    speaker_start: int | None
    speaker_end: int | None
    cue_start: int | None
    cue_end: int | None
    confidence: float
    # The analyst's correction that set this speaker by hand (its id: `sayso corrections
    # list`); None: the speaker is as sayso read it.
    corrected: str | None


QUOTE_COLUMNS: tuple[str, ...] = tuple(f.name for f in fields(QuoteHit))


@dataclass(frozen=True, slots=True)
class Page(_Dict, Generic[T]):
    """One page of a list, and the cursor of the next one."""

    items: list[T]
    next_cursor: str | None  # pass as ``after=`` for the next page; None on the last page


@dataclass(frozen=True, slots=True)
class EntityRecord(_Dict):
    id: str  # in-article id ("e1") or actor id once resolved
    key: str
    name: str
    type: str
    country: str | None
    wikidata: str | None
    sector: str | None
    resolved: bool
    mentions: list[list[int]]


@dataclass(frozen=True, slots=True)
class ArticleSummary(_Dict):
    id: str
    url: str | None
    source: str
    outlet: str | None
    title: str | None
    author: str | None
    published: datetime | None
    language: str | None
    quote_count: int
    story_id: int | None  # None: no near-duplicate stored
    snippet: str | None = None


@dataclass(frozen=True, slots=True)
class ArticleRecord(_Dict):
    id: str
    url: str | None
    source: str
    raw_ref: str | None
    outlet: str | None
    title: str | None
    author: str | None
    published: datetime | None
    language: str | None
    format: str
    text: str
    story_id: int | None
    locations: list[str]
    quotes: list[QuoteHit]
    entities: list[EntityRecord]
    ingested_at: datetime
    updated_at: datetime
    meta: dict[str, Any] = field(default_factory=dict)
    relations: list[RelationHit] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ActorRecord(_Dict):
    id: str
    name: str
    type: str | None
    country: str | None
    wikidata: str | None
    sector: str | None
    in_kb: bool
    aliases: list[str]
    roles: list[Role]
    reports: int  # quotes spoken by this actor, every report counted
    statements: int  # distinct statements spoken
    mentioned_in: int  # quotes that are about this actor


ACTOR_COLUMNS: tuple[str, ...] = tuple(f.name for f in fields(ActorRecord))


@dataclass(frozen=True, slots=True)
class StatementSummary(_Dict):
    """A statement: the same words by the same speaker, however many articles report them."""

    id: str  # 16 hex digits: hash of speaker key + folded words (keys.statement_key)
    speaker_key: str | None
    speaker_name: str | None
    text: str  # as worded in its earliest report
    first_published: datetime | None  # its earliest dated report
    reports: int  # articles reporting it
    article_ids: list[str]


STATEMENT_COLUMNS: tuple[str, ...] = tuple(f.name for f in fields(StatementSummary))


@dataclass(frozen=True, slots=True)
class StatementRecord(StatementSummary):
    """A statement with every report of it: one quote per reporting article, oldest first."""

    quotes: list[QuoteHit] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class StoryRecord(_Dict):
    id: int
    title: str | None
    first_published: datetime | None
    articles: list[ArticleSummary]


@dataclass(frozen=True, slots=True)
class FacetValue(_Dict):
    value: str
    label: str
    count: int


@dataclass(frozen=True, slots=True)
class TimelinePoint(_Dict):
    period: str  # first day of the period, ISO date
    count: int


@dataclass(frozen=True, slots=True)
class SearchSummary(_Dict):
    """One search as a results page shows it: a page of quotes, the total, and the facets
    and reports per period, read together."""

    page: Page[QuoteHit]
    total: int  # matching quotes, counted up to a bound: bound + 1 means "more than bound"
    facets: dict[str, list[FacetValue]]
    timeline: list[TimelinePoint]
    # per week, counted among the same matches as the facets; None when the timeline was
    # read from the kept counts (which keep months and years only)
    weeks: list[TimelinePoint] | None
    # None: facets and timeline count every match; else among this many newest matches
    within: int | None


@dataclass(frozen=True, slots=True)
class NetworkNode(_Dict):
    id: str
    label: str
    type: str | None
    country: str | None
    speaks: int  # reports spoken in the network
    mentioned: int  # reports mentioning this actor


@dataclass(frozen=True, slots=True)
class NetworkEdge(_Dict):
    source: str  # speaker
    target: str  # actor mentioned in the quote
    reports: int
    statements: int
    first: datetime | None
    last: datetime | None
    dates: list[str]  # distinct publication days (ISO) on which the speaker spoke of them
    relations: int = 0  # plain relations (PLOVER events) from source to target
    mean_score: float | None = None  # their mean PLOVER score, -10 conflict .. +10 cooperation


@dataclass(frozen=True, slots=True)
class Network(_Dict):
    nodes: list[NetworkNode]
    edges: list[NetworkEdge]


@dataclass(frozen=True, slots=True)
class Stats(_Dict):
    articles: int
    quotes: int  # reports
    statements: int
    stories: int  # groups of two or more near-duplicate articles
    actors: int
    outlets: int


@dataclass(slots=True)
class RelationFilters(_Dict):
    """What ``search_relations`` and ``dyad_series`` keep.

    ``source``, ``target`` and ``actor`` (either side) take actor ids or names, as
    ``QuoteFilters.speaker`` does; ``country``, ``source_country`` and ``target_country``
    ISO 3166-1 alpha-3 codes or country names (either side, PLOVER's actor side, its
    recipient side). ``event`` PLOVER types, ``quad`` quad classes 1-4. ``plain`` keeps only
    events that count as what they name: not negated, not hypothetical.
    """

    source: str | list[str] | None = None
    target: str | list[str] | None = None
    actor: str | list[str] | None = None
    country: str | list[str] | None = None
    source_country: str | list[str] | None = None
    target_country: str | list[str] | None = None
    event: str | list[str] | None = None
    quad: int | list[int] | None = None
    since: date | datetime | str | None = None
    until: date | datetime | str | None = None
    article_id: str | None = None
    plain: bool = False


@dataclass(frozen=True, slots=True)
class RelationActor(_Dict):
    """An actor of a stored relation, at the words naming it."""

    key: str | None  # actor id, "name:…", or None (known only by its country)
    name: str | None
    type: str | None
    country: str | None
    sector: str | None
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class RelationHit(_Dict):
    """One stored relation (a PLOVER event of one article): ``source`` (PLOVER's actor) does
    ``event`` to ``target`` (its recipient), resting on ``text`` at [start, end) of the
    article, inside statement ``statement_id`` (report ``qid``) when it comes from one."""

    id: int  # stable for the life of the stored article
    article_id: str
    rid: str  # the relation's id inside its article ("r1")
    published: datetime | None
    outlet: str | None
    event: str
    mode: str | None
    context: list[str]
    quad: int
    score: float
    time: str | None  # None: at the article's date; past | future | hypothetical
    negated: bool
    kind: str  # statement | action
    source: list[RelationActor]
    target: list[RelationActor]
    text: str
    start: int
    end: int
    trigger: str | None
    trigger_start: int | None
    trigger_end: int | None
    qid: str | None
    statement_id: str | None
    cameo: str | None
    confidence: float
    inferred: list[str]
    article_title: str | None
    article_url: str | None


@dataclass(frozen=True, slots=True)
class DyadPoint(_Dict):
    """One period of one direction of a dyad: how many relations of each PLOVER type, and
    their mean score (-10 conflict .. +10 cooperation)."""

    period: str  # first day of the period, ISO date
    direction: str  # "a>b" or "b>a"
    count: int
    mean_score: float
    events: dict[str, int]  # PLOVER type → relations
    quads: dict[str, int]  # quad class ("1".."4") → relations


@dataclass(frozen=True, slots=True)
class DyadSeries(_Dict):
    """A dyad over time: ``a`` and ``b`` as they were resolved (actor keys, or country
    codes when ``level`` is "country"), both directions, only plain relations."""

    a: list[str]
    b: list[str]
    level: str  # actor | country
    interval: str  # week | month | year
    points: list[DyadPoint]
