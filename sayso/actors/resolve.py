"""Link names, role descriptions and metonyms to knowledge-base actors, on a date.

``resolve_mention(text, day, context)`` handles one mention; ``resolve_article(article)``
links every in-document entity of an analysed article, merges entities that turn out to
be one actor, and creates evidence-carrying new actors for people the KB does not know.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from rapidfuzz import fuzz

from sayso.actors.describe import Description, describe
from sayso.actors.kb import PRECEDENCE, KnowledgeBase, load_kb
from sayso.actors.normalise import norm, skeleton
from sayso.actors.types import Actor

FUZZY_MIN = 88  # rapidfuzz ratio a given name must reach to count as the same name
VARIANT_MIN = 72  # ratio confirming a skeleton match ("Lukashenka" ~ "Lukashenko" = 90)


@dataclass(slots=True)
class MentionContext:
    """What the rest of the article says about a mention.

    ``country``: the article's main country (for "the head of state"); ``expected_type``:
    the NLP's entity type; ``in_document``: actor ids already linked in this article (a bare
    surname prefers them); ``outlet``: where the article appeared (evidence for new actors).
    """

    country: str | None = None
    expected_type: str | None = None
    in_document: list[str] = field(default_factory=list)
    outlet: str | None = None


def as_day(value: date | datetime | str | None) -> date:
    if value is None:
        return date.today()
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def resolve_mention(text: str, day: date | datetime | str | None = None,
                    context: MentionContext | None = None,
                    kb: KnowledgeBase | None = None) -> Actor | None:
    """The actor ``text`` stands for on ``day`` (default today), or ``None`` if unknown."""
    kb = kb or load_kb()
    return resolve_description(describe(text, kb), as_day(day), context or MentionContext(), kb)


def resolve_description(desc: Description, day: date, context: MentionContext,
                        kb: KnowledgeBase) -> Actor | None:
    if desc.pronoun:
        return None
    whole = _strip_determiner(norm(desc.text))
    if not desc.title or desc.name:
        found = _best(kb, kb.by_alias.get(whole, []), desc, day, context)
        if found:
            return found
    if desc.name:
        return resolve_name(desc.name, desc, day, context, kb)
    if desc.title and desc.title.office and not desc.past:
        return resolve_role(desc.title.office, desc.country or context.country, day, context,
                            kb)
    if desc.country and not desc.title:  # "Belarusians", "US"
        return kb.get(f"country:{desc.country}")
    return None


def resolve_name(name: str, desc: Description, day: date, context: MentionContext,
                 kb: KnowledgeBase) -> Actor | None:
    """Exact alias, then transliteration skeleton, then (bare surname) the surname index."""
    key = norm(name)
    exact = [i for i in kb.by_alias.get(key, []) if _same_name(name, kb.actors[i])]
    variants = [i for i in kb.by_skeleton.get(skeleton(name), [])
                if _same_name(name, kb.actors[i]) and close_variant(key, kb.actors[i])]
    for candidates in (exact, variants):
        found = _best(kb, candidates, desc, day, context)
        if found:
            return found
    words = key.split()
    if not words:
        return None
    surname_ids = [i for i in kb.by_surname.get(skeleton(words[-1]), [])
                   if close_variant(words[-1], kb.actors[i], surname=True)]
    if len(words) == 1:
        return _by_surname_only(surname_ids, desc, day, context, kb)
    candidates = [i for i in surname_ids if _same_name(name, kb.actors[i])]
    return _best(kb, candidates, desc, day, context)


def resolve_role(office: str, country: str | None, day: date, context: MentionContext,
                 kb: KnowledgeBase) -> Actor | None:
    """The holder of ``office`` in ``country`` on ``day`` ("the Belarusian leader")."""
    if country is None:
        return _in_document_holder(office, day, context, kb)
    if office == "leader":
        office = leader_office(country, kb)
    holders = kb.holders(office, country, day)
    return holders[0] if holders else None


def leader_office(country: str, kb: KnowledgeBase) -> str:
    """Which office "the <country> leader" means (countries_extra.tsv, column leader)."""
    actor = kb.get(f"country:{country}")
    if actor and "leader=" in actor.notes:
        return actor.notes.split("leader=", 1)[1].split(";")[0].strip()
    return "head_of_state"


def _in_document_holder(office: str, day: date, context: MentionContext,
                        kb: KnowledgeBase) -> Actor | None:
    """"The President" with no country: the in-document actor holding such an office."""
    offices = {"head_of_state", "head_of_government"} if office == "leader" else {office}
    holders = []
    for actor_id in context.in_document:
        actor = kb.get(actor_id)
        if actor and any(r.office in offices for r in actor.roles_on(day)):
            holders.append(actor)
    local = [a for a in holders if a.country == context.country]
    return (local or holders or [None])[0]


def _by_surname_only(ids: list[str], desc: Description, day: date, context: MentionContext,
                     kb: KnowledgeBase) -> Actor | None:
    """A bare surname ("Putin", "Mr Lukashenko"): an in-document actor first, else a KB
    person only when the evidence singles one out."""
    people = [i for i in ids if kb.actors[i].type == "PERSON"]
    local = [i for i in people if i in context.in_document]
    if local:
        return kb.actors[local[0]]
    scored = sorted(((_score(kb.actors[i], desc, day, context), i) for i in people),
                    reverse=True)
    if not scored:
        return None
    if len(scored) == 1 or scored[0][0] - scored[1][0] >= 2:
        return kb.actors[scored[0][1]]
    return None


def close_variant(key: str, actor: Actor, *, surname: bool = False) -> bool:
    """Confirm a (lossy) skeleton match with a real similarity on one of the actor's names."""
    for other in [actor.name, *actor.aliases]:
        other_key = norm(other)
        if surname:
            other_key = other_key.rsplit(" ", 1)[-1]
        if fuzz.ratio(key, other_key) >= VARIANT_MIN:
            return True
    return False


def _same_name(name: str, actor: Actor) -> bool:
    """The given name agrees: "Alexander Medvedev" is not Dmitry Medvedev."""
    words = norm(name).split()
    if len(words) < 2 or actor.type != "PERSON":
        return True
    for other in [actor.name, *actor.aliases]:
        other_words = norm(other).split()
        if len(other_words) < 2 or skeleton(other_words[-1]) != skeleton(words[-1]):
            continue
        first, other_first = words[0], other_words[0]
        if (skeleton(first) == skeleton(other_first) or first == other_first[:1]
                or fuzz.ratio(first, other_first) >= FUZZY_MIN
                or len(first) == 1 and other_first.startswith(first)):
            return True
    return False


def _best(kb: KnowledgeBase, ids: list[str], desc: Description, day: date,
          context: MentionContext) -> Actor | None:
    actors = [kb.actors[i] for i in dict.fromkeys(ids) if i in kb.actors]
    if not actors:
        return None
    return max(actors, key=lambda a: (_score(a, desc, day, context), -PRECEDENCE.get(a.source,
                                                                                    9)))


def _score(actor: Actor, desc: Description, day: date, context: MentionContext) -> float:
    """Evidence for ``actor`` being the one meant: type, country, roles on the day."""
    score = 0.0
    expected = context.expected_type
    if expected:
        score += 3 if actor.type == expected else (-3 if "PERSON" in (expected, actor.type)
                                                   else 0)
    if desc.country and actor.country:
        score += 2 if actor.country == desc.country else -2
    elif context.country and actor.country == context.country:
        score += 1
    if actor.id in context.in_document:
        score += 3
    active = actor.roles_on(day) if actor.type == "PERSON" else []
    if active:
        score += 1
        if desc.office and any(r.office == desc.office for r in active):
            score += 2
    elif actor.roles and all(r.end and r.end < day for r in actor.roles if r.end or r.start):
        score -= 1
    score -= PRECEDENCE.get(actor.source, 9) * 0.1
    return score


def _strip_determiner(key: str) -> str:
    return key[4:] if key.startswith("the ") else key
