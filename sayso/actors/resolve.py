"""Link one mention (a name, a role description, a metonym) to a knowledge-base actor, on
a date: ``resolve_mention(text, day, context)``. Whole articles: ``sayso.actors.article``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache

from rapidfuzz import fuzz

from sayso.actors.describe import Description, describe
from sayso.actors.kb import DATA, FAMILY_NAME_FIRST, PRECEDENCE, KnowledgeBase, load_kb
from sayso.actors.normalise import norm, skeleton
from sayso.actors.types import Actor
from sayso.dates import parse_day

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
    local: dict[str, Actor] = field(default_factory=dict)  # in-document actors, new ones too

    def actor(self, actor_id: str, kb: KnowledgeBase) -> Actor | None:
        return self.local.get(actor_id) or kb.get(actor_id)


def as_day(value: date | datetime | str | None) -> date:
    """The day to resolve on: ``value``'s (``dates.parse_day``; an ISO date-time string
    gives its date part), today when there is none."""
    if isinstance(value, str):
        value = value[:10]
    return parse_day(value) or date.today()


def resolve_mention(
    text: str,
    day: date | datetime | str | None = None,
    context: MentionContext | None = None,
    kb: KnowledgeBase | None = None,
) -> Actor | None:
    """The actor ``text`` stands for on ``day`` (default today), or ``None`` if unknown."""
    kb = kb or load_kb()
    return resolve_description(describe(text, kb), as_day(day), context or MentionContext(), kb)


def resolve_description(
    desc: Description, day: date, context: MentionContext, kb: KnowledgeBase
) -> Actor | None:
    if desc.pronoun:
        return None
    whole = _strip_determiner(norm(desc.text))
    if desc.name and " " not in norm(desc.name) and context.expected_type in (None, "PERSON"):
        local = _in_document_by_surname(norm(desc.name), context, kb)
        if local:  # "Mr Medvedev" after "Alexander Medvedev" is Alexander, not Dmitry
            return local
    if not desc.title or desc.name:
        found = _best(kb, kb.by_alias.get(whole, []), desc, day, context)
        if found:
            return found
    if desc.name:
        return resolve_name(desc.name, desc, day, context, kb)
    if desc.office == "government" and (desc.country or context.country):
        return kb.get(f"gov:{desc.country or context.country}")  # "the Belarusian side"
    if desc.title and desc.title.office and not desc.past:
        return resolve_role(
            desc.title.office, desc.country or context.country, day, context, kb, desc.title.phrase
        )
    if desc.country and not desc.title:  # "Belarusians", "US"
        return kb.get(f"country:{desc.country}")
    return None


def resolve_name(
    name: str, desc: Description, day: date, context: MentionContext, kb: KnowledgeBase
) -> Actor | None:
    """Exact alias, then transliteration skeleton, then (bare surname) the surname index."""
    key = norm(name)
    exact = [i for i in kb.by_alias.get(key, []) if _same_name(name, kb.actors[i])]
    variants = [
        i
        for i in kb.by_skeleton.get(skeleton(name), [])
        if _same_name(name, kb.actors[i]) and close_variant(key, kb.actors[i])
    ]
    for candidates in (exact, variants):
        found = _best(kb, candidates, desc, day, context)
        if found:
            return found
    words = key.split()
    if not words:
        return None
    surname_ids = [
        i
        for i in kb.by_surname.get(skeleton(words[-1]), [])
        if close_variant(words[-1], kb.actors[i], surname=True)
    ]
    if len(words) == 1:
        return _by_surname_only(surname_ids, desc, day, context, kb)
    candidates = [i for i in surname_ids if _same_name(name, kb.actors[i])]
    return _best(kb, candidates, desc, day, context)


def resolve_role(
    office: str,
    country: str | None,
    day: date,
    context: MentionContext,
    kb: KnowledgeBase,
    title: str | None = None,
) -> Actor | None:
    """The holder of ``office`` in ``country`` on ``day`` ("the Belarusian leader"); a
    specific ``title`` ("chancellor") must match the holder's: Russia has no chancellor."""
    if country is None:
        return _in_document_holder(office, day, context, kb, title)
    on_record = kb.holders(
        leader_office(country, kb) if office == "leader" else office, country, day
    )
    if on_record and title and not any(titled(a, title, day) for a in on_record):
        # the title names the other top post here: Iran's President heads the government
        other = [
            a for o in TOP_OFFICES for a in kb.holders(o, country, day) if titled(a, title, day)
        ]
        return other[0] if other else _in_document_holder(office, day, context, kb, title)
    if office == "leader":
        office = leader_office(country, kb)
    holders = [a for a in kb.holders(office, country, day) if titled(a, title, day)]
    local = [a for a in holders if a.id in context.in_document]
    if local or holders:
        return (local or holders)[0]
    # no dated record for this country's office: the article's own person from that country
    people = [context.actor(i, kb) for i in context.in_document]
    people = [a for a in people if a and a.type == "PERSON" and a.country == country]
    return people[0] if len(people) == 1 else None


def leader_office(country: str, kb: KnowledgeBase) -> str:
    """Which office "the <country> leader" means (countries_extra.tsv, column leader)."""
    actor = kb.get(f"country:{country}")
    if actor and "leader=" in actor.notes:
        return actor.notes.split("leader=", 1)[1].split(";")[0].strip()
    return "head_of_state"


TOP_OFFICES = ("head_of_state", "head_of_government")

# Title words that name one kind of office: "the Chancellor" is never Russia's Prime Minister.
SPECIFIC_TITLES = {
    "president": ("president",),
    "chancellor": ("chancellor",),
    "prime minister": ("prime minister", "premier"),
    "premier": ("premier", "prime minister"),
    "king": ("king",),
    "queen": ("queen",),
    "emperor": ("emperor",),
    "taoiseach": ("taoiseach",),
    "pope": ("pope",),
}


def titled(actor: Actor, title: str | None, day: date) -> bool:
    """Does a role ``actor`` holds on ``day`` carry ``title`` ("federal chancellor")?"""
    words = SPECIFIC_TITLES.get((title or "").split(" ", 1)[-1]) or SPECIFIC_TITLES.get(title or "")
    if not words:
        return True  # generic: "head of state", "leader", "foreign minister"
    return any(w in r.title.lower() for r in actor.roles_on(day) if r.office for w in words)


def _in_document_holder(
    office: str, day: date, context: MentionContext, kb: KnowledgeBase, title: str | None = None
) -> Actor | None:
    """ "The President" with no country: the in-document actor holding such an office."""
    offices = {"head_of_state", "head_of_government"} if office == "leader" else {office}
    holders = []
    for actor_id in context.in_document:
        actor = context.actor(actor_id, kb)
        if (
            actor
            and any(r.office in offices for r in actor.roles_on(day))
            and titled(actor, title, day)
        ):
            holders.append(actor)
    local = [a for a in holders if a.country == context.country]
    found = local or holders
    return found[0] if found else None


def _by_surname_only(
    ids: list[str], desc: Description, day: date, context: MentionContext, kb: KnowledgeBase
) -> Actor | None:
    """A bare surname ("Putin", "Mr Lukashenko"): an in-document actor first, else a KB
    person only when the evidence singles one out."""
    surname = norm(desc.name or "").rsplit(" ", 1)[-1]
    if len(surname) < 2 or surname in not_names():
        return None  # "Some people", "Time": sentence-initial words, not surnames
    local = _in_document_by_surname(surname, context, kb)
    if local:
        return local
    people = [i for i in ids if kb.actors[i].type == "PERSON"]
    # a variant spelling of a surname alone is weak: only someone from the article's country
    people = [
        i
        for i in people
        if _has_surname(kb.actors[i], surname, exact=True)
        or (context.country and kb.actors[i].country == context.country)
    ]
    people = [i for i in people if not out_of_office(kb.actors[i], desc, day)]
    scored = sorted(((_score(kb.actors[i], desc, day, context), i) for i in people), reverse=True)
    if not scored:
        return None
    if len(scored) == 1 or scored[0][0] - scored[1][0] >= 1:
        return kb.actors[scored[0][1]]
    return None


def _in_document_by_surname(
    surname: str, context: MentionContext, kb: KnowledgeBase
) -> Actor | None:
    """The person the article already named in full with this surname, if exactly one."""
    found = []
    for actor_id in context.in_document:
        actor = context.actor(actor_id, kb)
        if actor and actor.type == "PERSON" and _has_surname(actor, surname):
            found.append(actor)
    return found[0] if len(found) == 1 else None


@lru_cache(maxsize=1)
def not_names() -> frozenset[str]:
    text = (DATA / "not_names.txt").read_text(encoding="utf-8")
    return frozenset(w.strip() for w in text.splitlines() if w.strip() and w[0] != "#")


def _has_surname(actor: Actor, surname: str, *, exact: bool = False) -> bool:
    for name in [actor.name, *actor.aliases]:
        words = norm(name).split()
        if not words:
            continue
        family = [words[-1]] + ([words[0]] if actor.country in FAMILY_NAME_FIRST else [])
        for last in family:
            if last == surname or (
                not exact
                and skeleton(last) == skeleton(surname)
                and fuzz.ratio(last, surname) >= VARIANT_MIN
            ):
                return True
    return False


LONG_GONE = timedelta(days=12 * 365)  # "President Medvedev" in 2024 may still mean him


def out_of_office(actor: Actor, desc: Description, day: date) -> bool:
    """ "President Marcos" in 2024 is not the Marcos whose every post ended in 1986."""
    if not desc.office or desc.past or actor.type != "PERSON":
        return False
    dated = [r for r in actor.roles if r.start or r.end]
    return bool(dated) and all(r.end is not None and r.end < day - LONG_GONE for r in dated)


def sector_on(actor: Actor, day: date) -> str | None:
    """The actor's sector on ``day``: that of the office held then (Sechin: government as
    Deputy Prime Minister, business as head of Rosneft), else the actor's own."""
    active = [r for r in actor.roles_on(day) if r.sector and (r.start or r.end)]
    best = [r for r in active if r.office] or [r for r in active if r.source_title()] or active
    return best[0].sector if best else actor.sector


def close_variant(key: str, actor: Actor, *, surname: bool = False) -> bool:
    """Confirm a (lossy) skeleton match with a real similarity on one of the actor's names;
    with ``surname``, against its family name (last word, or first for "Xi Jinping")."""
    for other in [actor.name, *actor.aliases]:
        words = norm(other).split()
        if not words:
            continue
        keys = [" ".join(words)]
        if surname:
            keys = [words[-1]] + ([words[0]] if actor.country in FAMILY_NAME_FIRST else [])
        if any(fuzz.ratio(key, k) >= VARIANT_MIN for k in keys):
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
        if (
            skeleton(first) == skeleton(other_first)
            or first == other_first[:1]
            or fuzz.ratio(first, other_first) >= FUZZY_MIN
            or len(first) == 1
            and other_first.startswith(first)
        ):
            return True
    return False


def _best(
    kb: KnowledgeBase, ids: list[str], desc: Description, day: date, context: MentionContext
) -> Actor | None:
    actors = [kb.actors[i] for i in dict.fromkeys(ids) if i in kb.actors]
    actors = [a for a in actors if not out_of_office(a, desc, day)]
    if not actors:
        return None
    return max(actors, key=lambda a: (_score(a, desc, day, context), -PRECEDENCE.get(a.source, 9)))


def _score(actor: Actor, desc: Description, day: date, context: MentionContext) -> float:
    """Evidence for ``actor`` being the one meant: type, country, roles on the day."""
    score = 0.0
    expected = context.expected_type
    if expected:
        score += 3 if actor.type == expected else (-3 if "PERSON" in (expected, actor.type) else 0)
    if desc.country and actor.country:
        score += 2 if actor.country == desc.country else -2
    elif context.country and actor.country == context.country:
        score += 1
    if actor.id in context.in_document:
        score += 3
    active = (
        [r for r in actor.roles_on(day) if r.start or r.end or r.office]
        if actor.type == "PERSON"
        else []
    )  # Phoenix's undated default role says little
    if active:
        score += 1
        if any(r.office for r in active):
            score += 1  # heads of state and ministers are the ones named by surname alone
        if desc.office and any(r.office == desc.office for r in active):
            score += 2
        if desc.title and any(desc.title.phrase in r.title.lower() for r in active):
            score += 2  # "Vice President Harris": the title she holds, not the Taoiseach
    elif actor.roles and all(r.end and r.end < day for r in actor.roles if r.end or r.start):
        score -= 1
    score -= PRECEDENCE.get(actor.source, 9) * 0.1
    return score


def _strip_determiner(key: str) -> str:
    return key[4:] if key.startswith("the ") else key
