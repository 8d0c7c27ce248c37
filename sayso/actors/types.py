"""The knowledge base vocabulary: an Actor (person, organisation, country, group) and the
dated Roles it holds. The store keeps these; resolution links article entities to them.

Role dates are read by ``sayso.dates.parse_day`` (also imported from here by the knowledge
base loaders): a bare year means 1 January."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sayso.dates import parse_day

ActorType = str  # "PERSON" | "ORG" | "COUNTRY" | "GROUP" (sayso.model.EntityType)


@dataclass(slots=True)  # not frozen: 30k of them are built at load time, frozen is slower
class Role:
    """An office held between two dates (``None`` = open): "President" of ``country``.

    ``office`` is the canonical kind used by role descriptions: ``head_of_state``,
    ``head_of_government``, ``foreign_minister`` (or ``None`` for other posts).
    """

    title: str
    country: str | None = None  # ISO 3166-1 alpha-3
    org: str | None = None  # actor id of the organisation, when the role is inside one
    start: date | None = None
    end: date | None = None
    office: str | None = None
    sector: str | None = None

    def active_on(self, day: date) -> bool:
        """True when the role was held on ``day`` (start inclusive, end exclusive)."""
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)

    def source_title(self) -> bool:
        """A real title ("Rosneft CEO"), not a bare Phoenix sector code ("government")."""
        return self.title not in ("", self.sector)

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "country": self.country,
            "org": self.org,
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
            "office": self.office,
            "sector": self.sector,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Role:
        return cls(
            title=data.get("title") or "",
            country=data.get("country"),
            org=data.get("org"),
            start=parse_day(data.get("start")),
            end=parse_day(data.get("end")),
            office=data.get("office"),
            sector=data.get("sector"),
        )


@dataclass(slots=True)
class Actor:
    """One canonical identity. ``id`` is stable across documents and runs.

    Id scheme: ``wd:Q7747`` (has a Wikidata QID), ``country:BLR``, ``gov:BLR`` (a country's
    government, what "the Kremlin" or "Minsk" stand for), ``phx:…`` (from the Phoenix
    dictionaries), ``org:…`` (curated organisations), ``user:…`` (added by a user) and
    ``new:…`` (seen in an article, not in the knowledge base).
    """

    id: str
    name: str
    type: ActorType
    country: str | None = None
    wikidata: str | None = None
    sector: str | None = None
    aliases: list[str] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    source: str = ""  # where the record comes from: curated, phoenix, countries, user, new
    evidence: list[dict[str, Any]] = field(default_factory=list)  # new actors: what was seen
    notes: str = ""

    def roles_on(self, day: date) -> list[Role]:
        return [r for r in self.roles if r.active_on(day)]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "type": self.type,
            "country": self.country,
            "wikidata": self.wikidata,
            "sector": self.sector,
            "aliases": list(self.aliases),
            "roles": [r.to_dict() for r in self.roles],
            "source": self.source,
            "evidence": list(self.evidence),
            "notes": self.notes,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Actor:
        return cls(
            id=data["id"],
            name=data["name"],
            type=data.get("type") or "PERSON",
            country=data.get("country") or None,
            wikidata=data.get("wikidata") or None,
            sector=data.get("sector") or None,
            aliases=list(data.get("aliases") or []),
            roles=[Role.from_dict(r) for r in data.get("roles") or []],
            source=data.get("source") or "",
            evidence=list(data.get("evidence") or []),
            notes=data.get("notes") or "",
        )
