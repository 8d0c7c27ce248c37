"""People (and organisations) the knowledge base does not know: they become new actors that
carry the evidence they were seen with, under an id derived from the normalised name and
that evidence, so the same person in two articles gets the same id, and two people sharing
a surname do not."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from typing import Any  # Any: evidence is JSON, kept with the actor

from sayso.actors.describe import Description
from sayso.actors.kb import slug
from sayso.actors.names import non_actor_heads, word_list
from sayso.actors.normalise import norm, skeleton
from sayso.actors.types import Actor
from sayso.model import EntityType


def evidence_of(
    desc: Description, *, country: str | None, outlet: str | None, article: str | None, day: date
) -> dict[str, Any]:
    return {
        "title": desc.title.phrase if desc.title else None,
        "sector": desc.title.sector if desc.title else None,
        "country": country,
        "outlet": outlet,
        "article": article,
        "date": day.isoformat(),
        "text": desc.text,
    }


def new_actor_type(
    kind: str,
    mentions: list[tuple[str, Description]],
    *,
    given_names: frozenset[str],
    spoke: bool,
    titled: bool = False,
) -> EntityType | None:
    """The type an unknown entity gets as a new actor, or ``None`` when the document gives
    no evidence that it is an actor at all: NER noise (objects, places, holidays, laws,
    stage directions, lone first names) stays an unlinked mention, never a person or an
    organisation. ``mentions``: (text, description) of each of its mentions.

    Evidence for a person: an honorific, a title (``titled``: right before it in the text)
    or a transcript label (``kind`` is then PERSON), having spoken under its own name, or a
    given name people in the knowledge
    base bear ("Nick Witney", not "Rosh Hashanah"), even when the NLP typed it as an
    organisation ("Lester Holt"). For an organisation or group: more
    than one word, an acronym, or a plural ("Democrats", not "Islamic"). Against any
    actor: digits ("COVID-19", "Tu-154") or a last word that names a kind of thing rather
    than of actor (``data/non_actor_heads.txt``: treaty, act, day, port, …)."""
    if kind == "PERSON":
        names = [d.name.split() for _, d in mentions if d.name and not d.group]
        cue = titled or any(d.person_cue for _, d in mentions)
    else:
        names = [body_name(t).split() for t, d in mentions if not d.group and not d.loose]
        cue = False
    names = [n for n in names if n]
    if not names:
        return None
    words = max(names, key=len)
    if any(ch.isdigit() for w in words for ch in w) or norm(words[-1]) in non_actor_heads():
        return None
    given = 2 <= len(words) <= 3 and norm(words[0]) in given_names
    if kind == "PERSON":
        return "PERSON" if cue or spoke or given else None
    bodies = word_list("generic_bodies.txt")
    if given and kind == "ORG" and not any(norm(w) in bodies for w in words):
        return "PERSON"  # "NBC's Lester Holt", "Mike Waltz" typed as organisations
    if len(words) >= 2 or spoke:
        return "GROUP" if kind == "GROUP" else "ORG"
    letters = [c for c in words[0] if c.isalpha()]
    acronym = 2 <= len(letters) <= 8 and all(c.isupper() for c in letters)  # "CDC", "AFL-CIO"
    if kind == "GROUP":
        return "GROUP" if acronym or words[0].endswith("s") else None
    return "ORG" if acronym else None


def body_name(text: str) -> str:
    """An organisation's name as the text gives it, without a leading article or a
    possessive: "the Democratic National Committee's" → "Democratic National Committee"."""
    words = text.replace("’", "'").removesuffix("'s").split()
    while words and words[0].lower() in ("the", "a", "an"):
        words = words[1:]
    return " ".join(words)


def new_actor_id(name: str, actor_type: str, evidence: dict[str, Any]) -> str:
    """``new:<name>-<country>``; a bare surname also keys on its title, since a surname
    alone is weak evidence ("Mr Smith" the senator is not "Smith" the journalist)."""
    country = (evidence.get("country") or "xx").lower()
    key = slug(name)
    if len(norm(name).split()) < 2:
        extra = f"{actor_type}|{evidence.get('title') or ''}"
        key += "-" + hashlib.sha1(extra.encode()).hexdigest()[:6]
    return f"new:{key}-{country}"


def new_actor(name: str, actor_type: EntityType, evidence: dict[str, Any]) -> Actor:
    return Actor(
        id=new_actor_id(name, actor_type, evidence),
        name=name,
        type=actor_type,
        country=evidence.get("country"),
        sector=evidence.get("sector"),
        source="new",
        evidence=[evidence],
    )


def compatible(a: Actor, b: Actor) -> bool:
    """Could ``a`` and ``b`` (new actors seen in different articles) be one person?

    Yes only when the names agree (same full name up to spelling, or one is the bare
    surname of the other) and nothing in the evidence disagrees: type, country, sector.
    """
    if a.type != b.type:
        return False
    if a.country and b.country and a.country != b.country:
        return False
    if a.sector and b.sector and a.sector != b.sector:
        return False
    wa, wb = norm(a.name).split(), norm(b.name).split()
    if not wa or not wb or skeleton(wa[-1]) != skeleton(wb[-1]):
        return False
    if len(wa) >= 2 and len(wb) >= 2:
        return skeleton(" ".join(wa)) == skeleton(" ".join(wb))
    return True  # a bare surname matches a full name with the same surname


@dataclass
class ActorPool:
    """New actors seen so far (in a batch, or read back from the store): a new mention
    joins an earlier actor only when exactly one compatible candidate exists."""

    actors: dict[str, Actor] = field(default_factory=dict)

    def place(self, actor: Actor) -> Actor:
        if actor.id in self.actors:
            return self._absorb(self.actors[actor.id], actor)
        matches = [a for a in self.actors.values() if compatible(a, actor)]
        full = [a for a in matches if skeleton(a.name) == skeleton(actor.name)]
        if len(full) == 1 and len(norm(actor.name).split()) >= 2:
            return self._absorb(full[0], actor)
        if len(matches) == 1:
            return self._absorb(matches[0], actor)
        self.actors[actor.id] = actor
        return actor

    @staticmethod
    def _absorb(into: Actor, other: Actor) -> Actor:
        if len(norm(other.name).split()) > len(norm(into.name).split()):
            into.aliases.append(into.name)
            into.name = other.name
        elif other.name != into.name and other.name not in into.aliases:
            into.aliases.append(other.name)
        into.country = into.country or other.country
        into.sector = into.sector or other.sector
        into.evidence.extend(e for e in other.evidence if e not in into.evidence)
        return into
