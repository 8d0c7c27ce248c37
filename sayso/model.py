"""The vocabulary every stage speaks: ingest makes Articles, analysis fills in quotes and
entities, resolve links them to actors, the store keeps them, serve shows them.

Every span is ``[start, end)`` in characters of ``Article.text`` (Python string indices,
never bytes), so any span can be checked with ``article.text[start:end]``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal, TypeGuard, get_args  # Any: JSON values (to_dict, readers' meta)

QuoteKind = Literal["direct", "mixed", "indirect", "turn", "headline"]
EntityType = Literal["PERSON", "ORG", "COUNTRY", "GROUP"]
ENTITY_TYPES: tuple[EntityType, ...] = get_args(EntityType)


def is_entity_type(value: object) -> TypeGuard[EntityType]:
    return value in ENTITY_TYPES


def as_entity_type(value: str) -> EntityType:
    """``value`` (from a data file or a user) as an EntityType, or a ValueError saying which
    values are allowed."""
    if not is_entity_type(value):
        raise ValueError(f"{value!r} is not an actor type; use one of {', '.join(ENTITY_TYPES)}")
    return value


def content_id(text: str) -> str:
    """Stable id of a body text: the same words give the same id on every machine."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of ``Article.text``: ``text == article.text[start:end]``."""

    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end}


@dataclass(slots=True)
class Mention:
    """A span naming someone or something, linked (when resolved) to an entity/actor."""

    start: int
    end: int
    text: str
    entity_id: str | None = None  # Entity.id in the same article (the actor id once resolved)
    name: str | None = None  # canonical name of that entity/actor
    type: str | None = None  # its EntityType, once known
    country: str | None = None  # ISO 3166-1 alpha-3
    wikidata: str | None = None  # QID

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "entity_id": self.entity_id,
            "name": self.name,
            "type": self.type,
            "country": self.country,
            "wikidata": self.wikidata,
        }


@dataclass(slots=True)
class Quote:
    """One statement: its content span, who made it (speaker) and the words saying so (cue)."""

    id: str
    kind: QuoteKind
    start: int
    end: int
    text: str
    speaker: Mention | None = None
    cue: Span | None = None
    parent: str | None = None
    about: list[str] = field(default_factory=list)
    confidence: float = 1.0
    addressee: Mention | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "speaker": self.speaker.to_dict() if self.speaker else None,
            "cue": self.cue.to_dict() if self.cue else None,
            "parent": self.parent,
            "about": list(self.about),
            "confidence": round(self.confidence, 4),
            "addressee": self.addressee.to_dict() if self.addressee else None,
        }


@dataclass(slots=True)
class Entity:
    """A person, organisation, country or group mentioned in one article.

    Before actor resolution ``id`` is local to the article ("e1"); resolution replaces it
    with the knowledge-base actor id, stable across documents, and rewrites every
    ``Mention.entity_id`` and ``Quote.about`` that pointed to it.
    """

    id: str
    name: str
    type: EntityType
    country: str | None = None
    wikidata: str | None = None
    mentions: list[tuple[int, int]] = field(default_factory=list)
    sector: str | None = None  # government, military, opposition, media, business, ...
    resolved: bool = False  # True once linked to (or created as) a knowledge-base actor

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "type": self.type,
            "country": self.country,
            "wikidata": self.wikidata,
            "mentions": [[s, e] for s, e in self.mentions],
            "sector": self.sector,
            "resolved": self.resolved,
        }


EventTime = Literal["past", "future", "hypothetical"]
# PLOVER's 16 event types, cooperative to conflictual (the manual's order)
PLOVER_EVENTS = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT",
                 "REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE",
                 "COERCE", "ASSAULT")
# quad classes: what each number means
QUAD_CLASSES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict",
                4: "material conflict"}
EventKind = Literal["statement", "action"]


@dataclass(slots=True)
class Participant(Mention):
    """An actor of an event as the words name it (``text`` at ``[start, end)``) and, when
    resolved, the actor it is (``entity_id``: an ``Entity.id`` of the same article), with
    the sector the words add ("Egyptian police" → police)."""

    sector: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {**Mention.to_dict(self), "sector": self.sector}


@dataclass(slots=True)
class Event:
    """A coded interaction between actors, in the PLOVER ontology: ``source`` (PLOVER's
    actor) does ``event`` to ``target`` (PLOVER's recipient); both are lists, as PLOVER's are,
    when the words name several (``target`` may be empty: "Iran and Iraq agreed").

    ``start``/``end`` is the evidence (the words it rests on), ``trigger`` the word(s) that
    name the event, ``statement`` the id of the quote it comes from (None for narration).
    ``time`` is None when the event is at the article's date, else past / future /
    hypothetical; a ``negated`` event ("we will not sanction") never counts as the plain one.
    ``inferred`` names the roles filled from the surrounding statement, not from the clause.
    """

    id: str
    event: str  # AGREE, CONSULT, ..., ASSAULT
    source: list[Participant]
    target: list[Participant]
    start: int
    end: int
    text: str
    mode: str | None = None
    context: list[str] = field(default_factory=list)
    quad: int = 0  # 1 verbal coop., 2 material coop., 3 verbal conflict, 4 material conflict
    score: float = 0.0  # PLOVER score, -10 (conflict) .. +10 (cooperation)
    time: EventTime | None = None
    negated: bool = False
    date: str | None = None  # the article's date (YYYY-MM-DD) when known
    statement: str | None = None  # Quote.id
    kind: EventKind = "action"  # verbal event of a statement, or reported
    trigger: Span | None = None
    cameo: str | None = None  # the CAMEO code it maps to (for CAMEO-style exports)
    confidence: float = 1.0
    inferred: list[str] = field(default_factory=list)  # "source" / "target"

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "event": self.event,
            "mode": self.mode,
            "context": list(self.context),
            "quad": self.quad,
            "score": self.score,
            "source": [p.to_dict() for p in self.source],
            "target": [p.to_dict() for p in self.target],
            "time": self.time,
            "negated": self.negated,
            "date": self.date,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "trigger": self.trigger.to_dict() if self.trigger else None,
            "statement": self.statement,
            "kind": self.kind,
            "cameo": self.cameo,
            "confidence": round(self.confidence, 4),
            "inferred": list(self.inferred),
        }


@dataclass(slots=True)
class Article:
    """One document, cleaned: ``text`` is the body every span points into.

    ``source`` names where it came from as the user gave it (a path, a URL, ``-``, or
    ``path#entry`` for one article of a feed/archive/JSONL file); ``raw_ref`` says where the
    raw input can be read again so that analysis can be re-run.
    """

    source: str
    text: str
    title: str | None = None
    published: datetime | None = None
    url: str | None = None
    language: str | None = None
    outlet: str | None = None
    author: str | None = None
    format: str = "text"
    raw_ref: str | None = None
    quotes: list[Quote] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)
    # PLOVER-coded interactions between the resolved actors (``sayso.events``), filled by
    # the pipeline's last analysis stage.
    relations: list[Event] = field(default_factory=list)
    # Which document this is, when its URL or source does not say it alone (stdin, a local
    # file named relatively, entries sharing a link): set by ingest, used by the store as
    # the location key (``store.keys.location_key``); never published as such.
    locator: str | None = None

    @property
    def id(self) -> str:
        return content_id(self.text)

    @property
    def is_english(self) -> bool:
        return self.language in (None, "en")

    @property
    def not_analysed_because(self) -> str | None:
        """Why the analysis leaves this article as it is (stored, searchable as an article,
        but without statements), or None when it is analysed."""
        if not self.text.strip():
            return "no text"
        if not self.is_english:
            return f"not English ({self.language})"
        return None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "source": self.source,
            "url": self.url,
            "title": self.title,
            "published": self.published.isoformat() if self.published else None,
            "language": self.language,
            "outlet": self.outlet,
            "author": self.author,
            "format": self.format,
            "raw_ref": self.raw_ref,
            "text": self.text,
            "quotes": [q.to_dict() for q in self.quotes],
            "entities": [e.to_dict() for e in self.entities],
            "relations": [r.to_dict() for r in self.relations],
        }


@dataclass(frozen=True, slots=True)
class Failure:
    """An input that could not be read: which one, and why, in words a user can act on."""

    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


@dataclass(frozen=True, slots=True)
class NoArticle(Failure):
    """An input read whole that holds no article (an empty file, a page with no article
    text on it): the same bytes read by the same sayso give the same answer, so
    ``sayso ingest`` remembers it and skips it on the next run, unlike a Failure, which may
    go another way next time (a time limit, a crash, a full disk)."""
