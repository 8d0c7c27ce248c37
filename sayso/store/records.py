"""What the read API returns: plain frozen dataclasses with ``to_dict()`` for JSON.

Dates are naive UTC ``datetime`` objects (``None`` when unknown) and serialise as ISO 8601.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any, Literal

CountBy = Literal["report", "statement"]
SortBy = Literal["date", "relevance"]


class BadFilter(ValueError):
    """A filter value that cannot be used (bad date, bad id); the message says why and
    ``field`` names the filter."""

    def __init__(self, message: str, *, field: str) -> None:
        super().__init__(message)
        self.field = field


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


class _Dict:
    def to_dict(self) -> dict[str, Any]:
        return _jsonable(asdict(self))  # type: ignore[call-overload]


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
class ActorRef(_Dict):
    key: str | None  # actor id, "name:…" for people known only by name, None if unknown
    name: str | None


@dataclass(frozen=True, slots=True)
class SpanRef(_Dict):
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class QuoteHit(_Dict):
    id: int  # stable for the life of the stored article
    article_id: str
    qid: str  # the quote's id inside its article ("q1")
    kind: str
    text: str
    start: int
    end: int
    confidence: float
    speaker: ActorRef | None
    speaker_span: SpanRef | None
    cue: SpanRef | None
    about: list[ActorRef]
    published: datetime | None
    outlet: str | None
    language: str | None
    article_title: str | None
    article_url: str | None
    statement_id: str  # hash of speaker + words: the same in every database
    reports: int  # how many articles report this statement (1 = only this one)
    parent: str | None = None


@dataclass(frozen=True, slots=True)
class Page(_Dict):
    items: list[Any]
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


@dataclass(frozen=True, slots=True)
class Role(_Dict):
    title: str
    country: str | None
    org: str | None
    start: str | None
    end: str | None


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


@dataclass(frozen=True, slots=True)
class StatementSummary(_Dict):
    id: str  # 16 hex digits: hash of speaker key + folded words (keys.statement_key)
    speaker: ActorRef | None
    text: str  # as worded in its earliest report
    first_published: datetime | None
    reports: int  # articles reporting it
    article_ids: list[str]


@dataclass(frozen=True, slots=True)
class StatementRecord(_Dict):
    id: str
    speaker: ActorRef | None
    text: str  # as worded in its earliest report
    first_published: datetime | None
    reports: list[QuoteHit]


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
