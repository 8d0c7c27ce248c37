"""The knowledge base: every actor, indexed for fast lookup, loaded once per process.

Sources, in order of precedence (an earlier one wins a conflict):
1. the user overlay (``SAYSO_ACTORS``, default ``./sayso-actors.jsonl``): ``actors add``,
   ``actors merge`` and ``actors import`` write there, never into the package;
2. ``data/leaders.csv``, ``data/people.csv``, ``data/officials.csv`` and
   ``data/organisations.csv``: curated by hand;
3. ``data/countries.jsonl``: every country and its government (built from pycountry,
   country_converter and ``build/sources/countries_extra.tsv``);
4. ``data/phoenix.jsonl.gz``: the Phoenix/CAMEO dictionaries (MIT), converted by
   ``python -m sayso.actors.build``.
"""

from __future__ import annotations

import csv
import gzip
import json
import threading
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sayso.actors.kbcache import cached_kb
from sayso.actors.names import DATA, FAMILY_NAME_FIRST, family_names, name_words
from sayso.actors.normalise import id_words, norm, skeleton
from sayso.actors.types import Actor, Role
from sayso.dates import parse_day
from sayso.model import as_entity_type

PRECEDENCE = {"user": 0, "curated": 1, "countries": 2, "phoenix": 3, "new": 4}


@dataclass(slots=True)
class KnowledgeBase:
    """Actors plus the indexes resolution needs; build with ``KnowledgeBase.from_actors``."""

    actors: dict[str, Actor] = field(default_factory=dict)
    by_alias: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    by_skeleton: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    # skeleton of each family name of a person (the last word, or the first for "Xi
    # Jinping"; never a suffix such as "Jr." or an initial) → ids
    by_surname: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    by_office: dict[tuple[str, str], list[tuple[Role, str]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    # posts inside a body ("White House Press Secretary" in gov:USA): org id → (role, id)
    by_org: dict[str, list[tuple[Role, str]]] = field(default_factory=lambda: defaultdict(list))
    by_qid: dict[str, str] = field(default_factory=dict)
    redirects: dict[str, str] = field(default_factory=dict)  # merged-away id → surviving id
    _given: frozenset[str] | None = None  # see given_names()
    _made: dict[str, date | None] = field(default_factory=dict)  # see made_on()

    @classmethod
    def from_actors(
        cls, actors: Iterable[Actor], redirects: dict[str, str] | None = None
    ) -> KnowledgeBase:
        kb = cls()
        for actor in actors:
            kb.add(actor)
        for old, new in (redirects or {}).items():
            kb.redirect(old, new)
        return kb

    def __len__(self) -> int:
        return len(self.actors)

    def __iter__(self) -> Iterator[Actor]:
        return iter(self.actors.values())

    def get(self, actor_id: str) -> Actor | None:
        seen = set()
        while actor_id in self.redirects and actor_id not in seen:
            seen.add(actor_id)
            actor_id = self.redirects[actor_id]
        return self.actors.get(actor_id) or self.actors.get(self.by_qid.get(actor_id, ""))

    def given_names(self) -> frozenset[str]:
        """First names that people in the knowledge base bear ("nick", "karoline"): the
        first word of the name of every person known from a hand-written record or with
        dated posts, where the family name does not come first. Evidence that an unknown
        two-word name is a person's, not a holiday's ("Rosh Hashanah")."""
        if self._given is None:
            self._given = frozenset(
                words[0]
                for actor in self.actors.values()
                if actor.type == "PERSON"
                and actor.country not in FAMILY_NAME_FIRST
                and (actor.source != "phoenix" or any(r.start or r.end for r in actor.roles))
                for words in [norm(actor.name).split()]
                if len(words) >= 2 and len(words[0]) > 1
            )
        return self._given

    def made_on(self, source: str) -> date | None:
        """When the dictionary ``source`` was made, as far as its records tell: the
        latest date any of them carries (Phoenix: 2015-02-17)."""
        if source not in self._made:
            dates = [
                d
                for actor in self.actors.values()
                if actor.source == source
                for r in actor.roles
                for d in (r.start, r.end)
                if d is not None
            ]
            self._made[source] = max(dates, default=None)
        return self._made[source]

    def add(self, actor: Actor) -> Actor:
        """Add an actor, or fold it into the one with the same id/QID (earlier source wins)."""
        self._given = None
        self._made.clear()
        existing = (
            self.actors.get(actor.id)
            or (
                self.actors.get(self.by_qid[actor.wikidata])
                if actor.wikidata in self.by_qid
                else None
            )
            or self._same_person(actor)
        )
        if existing is not None:
            absorb(existing, actor)
            self._index(existing, actor.aliases + [actor.name], actor.roles)
            return existing
        self.actors[actor.id] = actor
        if actor.wikidata:
            self.by_qid[actor.wikidata] = actor.id
        self._index(actor, [actor.name, *actor.aliases], actor.roles)
        return actor

    def _same_person(self, actor: Actor) -> Actor | None:
        """A Phoenix person already known from a better source under a spelling variant
        (Alyaksandr Lukashenka = Alexander Lukashenko): same name skeleton, same country."""
        if actor.source != "phoenix" or actor.type != "PERSON":
            return None
        for name in [actor.name, *actor.aliases]:
            for other_id in self.by_skeleton.get(skeleton(name), []):
                other = self.actors[other_id]
                if (
                    other.type == "PERSON"
                    and other.country == actor.country
                    and other.source in ("user", "curated")
                    and " " in norm(name)
                ):
                    return other
        return None

    def redirect(self, old: str, new: str) -> None:
        """Merge actor ``old`` into ``new``: aliases and roles move, lookups of ``old`` follow."""
        target, source = self.get(new), self.actors.get(old)
        if target is None or target is source:
            return
        if source is None:  # a "new:" actor seen in articles only: later sightings follow
            self.redirects[old] = target.id
            return
        absorb(target, source)
        self._unindex(source)
        del self.actors[old]
        self.redirects[old] = target.id
        self._index(target, [source.name, *source.aliases], source.roles)

    def _index(self, actor: Actor, names: Iterable[str], roles: Iterable[Role]) -> None:
        for name in names:
            key = norm(name)
            if not key:
                continue
            _append(self.by_alias[key], actor.id)
            _append(self.by_skeleton[skeleton(name)], actor.id)
            if actor.type == "PERSON" and " " in key:
                for family in family_names(name_words(name), actor.country):
                    _append(self.by_surname[skeleton(family)], actor.id)
        for role in roles:
            if role.office and role.country:
                entries = self.by_office[(role.office, role.country)]
                if (role, actor.id) not in entries:
                    entries.append((role, actor.id))
            if role.org and (role, actor.id) not in self.by_org[role.org]:
                self.by_org[role.org].append((role, actor.id))

    def _unindex(self, actor: Actor) -> None:
        for index in (self.by_alias, self.by_skeleton, self.by_surname):
            for ids in index.values():
                if actor.id in ids:
                    ids.remove(actor.id)
        for entries in (*self.by_office.values(), *self.by_org.values()):
            entries[:] = [e for e in entries if e[1] != actor.id]

    def holders(self, office: str, country: str, day: date) -> list[Actor]:
        """Who held ``office`` ("head_of_state", …) in ``country`` on ``day``."""
        ids = [
            aid
            for role, aid in self.by_office.get((office, country), [])
            if role.active_on(day) and aid in self.actors
        ]
        return [self.actors[aid] for aid in dict.fromkeys(ids)]


def absorb(into: Actor, other: Actor) -> None:
    """Union ``other``'s names, roles and evidence into ``into``; fill its empty fields."""
    for alias in [other.name, *other.aliases]:
        if alias != into.name and alias not in into.aliases:
            into.aliases.append(alias)
    for role in other.roles:
        if role not in into.roles:
            into.roles.append(role)
    into.evidence.extend(e for e in other.evidence if e not in into.evidence)
    into.country = into.country or other.country
    into.wikidata = into.wikidata or other.wikidata
    into.sector = into.sector or other.sector


def _append(ids: list[str], actor_id: str) -> None:
    if actor_id not in ids:
        ids.append(actor_id)


# --- reading the shipped data ------------------------------------------------------------


def read_jsonl(path: Path) -> Iterator[dict]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def split_list(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split("|") if v.strip()]


def read_leaders(path: Path = DATA / "leaders.csv") -> list[Actor]:
    """Curated office-holders: one row per (person, office, term); rows of one person
    (same QID, else same name and country) become one actor with several roles; a
    parenthesis after the name separates namesakes ("Andris Bērziņš (prime minister)"). Optional
    columns (people.csv, officials.csv): ``sector`` of each role (the first row's is the
    actor's), ``org`` the body a post belongs to, ``role_country`` (see ``role_country``)."""
    actors: dict[str, Actor] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(row for row in handle if not row.startswith("#")):
            qid = row["qid"].strip() or None
            # "Andris Bērziņš (prime minister)": a namesake kept apart by the parenthesis
            raw = row["name"].strip()
            name = raw.split(" (", 1)[0]
            key = qid or f"{norm(raw)}|{row['country']}"
            actor = actors.get(key)
            if actor is None:
                actor = actors[key] = Actor(
                    id=f"wd:{qid}" if qid else f"curated:{slug(raw)}-{row['country']}",
                    name=name,
                    type="PERSON",
                    country=row["country"],
                    wikidata=qid,
                    sector=sector_of(row),
                    source="curated",
                )
            for alias in split_list(row.get("aliases")):
                if alias not in actor.aliases:
                    actor.aliases.append(alias)
            # "head_of_state+head_of_government": one post that is both (US President)
            for office in (row["office"] or "").split("+") or [None]:
                actor.roles.append(
                    Role(
                        title=row["title"],
                        country=role_country(row),
                        org=(row.get("org") or "").strip() or None,
                        start=parse_day(row["start"]),
                        end=parse_day(row["end"]),
                        office=office or None,
                        sector=sector_of(row),
                    )
                )
            note = (row.get("note") or "").strip()
            if note and note not in actor.notes.split("; "):
                actor.notes = "; ".join(filter(None, [actor.notes, note]))
    return list(actors.values())


def role_country(row: dict[str, str]) -> str | None:
    """The country of a post: the person's, unless ``role_country`` says otherwise ("-":
    an international post such as NATO Secretary General)."""
    other = (row.get("role_country") or "").strip()
    if other == "-":
        return None
    return other or row["country"]


def sector_of(row: dict[str, str]) -> str | None:
    if "sector" not in row:
        return "government"
    return (row.get("sector") or "").strip() or None


def read_organisations(path: Path = DATA / "organisations.csv") -> list[Actor]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            Actor(
                id=row["id"],
                name=row["name"],
                type=as_entity_type(row["type"]),
                country=row["country"] or None,
                wikidata=row["qid"] or None,
                sector=row["sector"] or None,
                aliases=split_list(row["aliases"]),
                source="curated",
                notes=row.get("note") or "",
            )
            for row in csv.DictReader(r for r in handle if not r.startswith("#"))
        ]


def slug(text: str) -> str:
    return id_words(text).replace(" ", "-")


def shipped_actors() -> Iterator[Actor]:
    yield from read_leaders()
    yield from read_leaders(DATA / "people.csv")
    yield from read_leaders(DATA / "officials.csv")
    yield from read_organisations()
    for name in ("countries.jsonl", "phoenix.jsonl.gz"):
        path = DATA / name
        if path.exists():
            for record in read_jsonl(path):
                yield Actor.from_dict(record)


def build_kb(overlay_path: Path | None = None) -> KnowledgeBase:
    """Read every source (slow: use ``load_kb``, which caches)."""
    from sayso.actors.overlay import overlay_file, read_overlay

    user_actors, redirects = read_overlay(overlay_path or overlay_file())
    kb = KnowledgeBase.from_actors(user_actors)
    for actor in shipped_actors():
        kb.add(actor)
    for old, new in redirects.items():
        kb.redirect(old, new)
    kb.given_names()  # built once here, not on the first article
    return kb


_CACHE: dict[str, KnowledgeBase] = {}
_LOCK = threading.Lock()


def load_kb(overlay_path: Path | None = None) -> KnowledgeBase:
    """The knowledge base, loaded on first use and cached per overlay file for the process
    (and on disk for the next processes: ``kbcache.py``).

    Iterating it yields ``Actor`` objects (id, name, type, country, wikidata, sector,
    aliases, roles).
    """
    from sayso.actors.overlay import overlay_file

    path = Path(overlay_path or overlay_file()).resolve()
    key = str(path)
    with _LOCK:
        if key not in _CACHE:
            _CACHE[key] = cached_kb(path, build_kb)
        return _CACHE[key]


def forget_kb() -> None:
    """Drop the cache (after the overlay changed)."""
    with _LOCK:
        _CACHE.clear()
