"""Link one mention (a name, a role description, a metonym) to a knowledge-base actor, on
a date: ``resolve_mention(text, day, context)``. Whole articles: ``sayso.actors.article``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from rapidfuzz import fuzz

from sayso.actors.describe import Description, describe, titles
from sayso.actors.kb import PRECEDENCE, KnowledgeBase, load_kb
from sayso.actors.names import (
    FAMILY_NAME_FIRST,
    family_names,
    has_surname,
    name_words,
    non_actor_heads,
    person_name_fits,
    word_list,
)
from sayso.actors.normalise import norm, skeleton
from sayso.actors.types import Actor
from sayso.dates import parse_day

VARIANT_MIN = 72  # search: ratio confirming a skeleton match ("Lukashenka" ~ "Lukashenko")


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
    official: bool = False  # ``country`` is the publisher's own (an official site)

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
    """A mention links only when name, type, country and date all fit; else ``None``."""
    whole = _strip_determiner(norm(desc.text))
    if desc.pronoun or (_thing(whole) and not _curated_alias(kb, whole)):
        return None  # "the Antarctic Treaty", "Victory Day"; "Downing Street" is curated
    if desc.group or desc.loose:  # several actors, or a description rather than a name
        return _best(kb, _whole_alias(kb, whole), desc, day, context, whole=True)
    if desc.name and names_body(desc):  # "the Obama administration" is not Obama
        return _best(kb, _whole_alias(kb, whole), desc, day, context, whole=True)
    bare = desc.name and len(name_words(desc.name)) == 1
    if bare and context.expected_type != "COUNTRY":
        local = _in_document_by_surname(name_words(desc.name)[0], context, kb)
        if local:  # "Mr Medvedev" after "Alexander Medvedev" is Alexander, not Dmitry
            return local
    if " " not in whole and not desc.person_cue:
        short = _in_document_short_form(whole, context, kb)
        if short:  # "the Post" after "The Washington Post"
            return short
    if is_generic(whole):  # "the Council", "the Foundation": only what the text names so
        return _generic_body(whole, context, kb)
    if not desc.title or desc.name:
        found = _best(kb, _whole_alias(kb, whole), desc, day, context, whole=True)
        if found:
            return found
    if desc.name:
        return resolve_name(desc.name, desc, day, context, kb)
    if desc.title and desc.org and not desc.past:  # "the Kremlin spokesman"
        return resolve_post_in_body(desc.title.phrase, desc.org, day, kb)
    if desc.office == "government":  # "the Belarusian side"; bare "Authorities" only
        country = desc.country or (context.country if context.official else None)
        return kb.get(f"gov:{country}") if country else None  # on an official site
    if desc.title and desc.title.office and not desc.past:
        return resolve_role(
            desc.title.office, desc.country or context.country, day, context, kb, desc.title.phrase
        )
    if desc.country and not desc.title and not desc.org:  # "Belarusians", "US"
        return kb.get(f"country:{desc.country}")  # (not "Mark Cuban": Mark is no country)
    return None


def _thing(key: str) -> bool:
    return key.rsplit(" ", 1)[-1] in non_actor_heads()


def _curated_alias(kb: KnowledgeBase, key: str) -> bool:
    trusted = ("user", "curated", "countries")
    return any(kb.actors[i].source in trusted for i in kb.by_alias.get(key, []))


def _whole_alias(kb: KnowledgeBase, whole: str) -> list[str]:
    """Actors the whole mention is an exact name of. A one-word name of a person is a bare
    surname and is left to ``_by_surname_only``, which weighs who is meant."""
    ids = kb.by_alias.get(whole, [])
    if " " in whole:
        return ids
    return [i for i in ids if kb.actors[i].type != "PERSON"]


def resolve_name(
    name: str, desc: Description, day: date, context: MentionContext, kb: KnowledgeBase
) -> Actor | None:
    """A person's name: exact alias, spelling variant or family name, each only where the
    family name and given name fit (``names.person_name_fits``); a bare family name goes
    to ``_by_surname_only``."""
    words = name_words(name)
    if not words:
        return None
    if len(words) == 1:
        return _by_surname_only(words[0], desc, day, context, kb)
    key = norm(name)
    exact = [i for i in kb.by_alias.get(key, []) if _name_fits(name, kb.actors[i], day)]
    found = _best(kb, exact, desc, day, context)
    if found:
        return found
    # (family-name-first people are indexed under both ends: "Xi Jinping" is found too)
    similar = kb.by_skeleton.get(skeleton(name), []) + [
        i for f in family_names(words, None) for i in kb.by_surname.get(skeleton(f), [])
    ]
    people = [
        i
        for i in dict.fromkeys(similar)
        if _name_fits(name, kb.actors[i], day) and _namesake_fits(kb.actors[i], desc, context)
    ]
    return _best(kb, people, desc, day, context)


def _namesake_fits(actor: Actor, desc: Description, context: MentionContext) -> bool:
    """A name that is not exactly one of the person's (a middle initial more or less, a
    spelling variant) needs more than the name when the record is a dictionary's, with
    namesakes everywhere: "Thomas Jefferson" in a US article is not Thomas C. Jefferson of
    the Cayman Islands. The country must fit: the mention's, else the article's."""
    if actor.source != "phoenix":
        return True
    country = desc.country or context.country
    return country is not None and actor.country == country


def _name_fits(name: str, actor: Actor, day: date) -> bool:
    if actor.type != "PERSON":
        return True
    return person_name_fits(name, actor, recent=recent(actor, day))


def recent(actor: Actor, day: date) -> bool:
    """Held a dated post within ``LONG_GONE`` of ``day``, before or after it: Ferdinand
    Marcos Jr., President from 2022, is no one's reading of a name in 1985."""
    return any(
        (r.start or r.end)
        and (r.start is None or r.start <= day + LONG_GONE)
        and (r.end is None or r.end >= day - LONG_GONE)
        for r in actor.roles
    )


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
    best = min((PRECEDENCE.get(a.source, 9) for a in holders), default=9)
    holders = [a for a in holders if PRECEDENCE.get(a.source, 9) == best]  # user first
    if len(local or holders) == 1:
        return (local or holders)[0]
    if holders:
        return None  # two spokespeople on one day: "the Russian spokeswoman" is not enough
    # no dated record for this country's office: the article's own person from that country
    people = [context.actor(i, kb) for i in context.in_document]
    people = [a for a in people if a and a.type == "PERSON" and a.country == country]
    return people[0] if len(people) == 1 else None


def resolve_post_in_body(title: str, body: str, day: date, kb: KnowledgeBase) -> Actor | None:
    """The one person holding a post called ``title`` in the body named ``body`` on
    ``day``: "the Kremlin spokesman" (Peskov), "the White House press secretary",
    "the NATO Secretary General". Needs a post recorded with its body (``Role.org``)."""
    key = _strip_determiner(norm(body))
    bodies = [i for i in kb.by_alias.get(key, []) if kb.actors[i].type != "PERSON"]
    holders = {
        actor_id
        for body_id in bodies
        for role, actor_id in kb.by_org.get(body_id, [])
        if role.active_on(day) and post_titled(role.title, title)
    }
    return kb.get(holders.pop()) if len(holders) == 1 else None


# Title words and the words of the posts they name ("the Kremlin spokesman" is the
# President's press secretary).
POST_WORDS = {
    "spokesman": ("spokes", "press secretary"),
    "spokeswoman": ("spokes", "press secretary"),
    "spokesperson": ("spokes", "press secretary"),
    "press secretary": ("press secretary", "spokes"),
    "secretary general": ("secretary general", "secretary-general"),
    "secretary-general": ("secretary general", "secretary-general"),
}


RANK_WORDS = ("deputy", "vice", "assistant", "acting", "principal deputy")


def post_titled(post: str, title: str) -> bool:
    """Is the post (its head, before "of"/"for") called ``title``? A deputy's post is not
    the title without "deputy"; the "Spokesperson for the Secretary-General" is no
    Secretary-General."""
    head = re.split(r" (?:of|for|to) ", post.lower(), maxsplit=1)[0]
    if any(w in head and w not in title for w in RANK_WORDS):
        return False
    return any(w in head for w in POST_WORDS.get(title, (title,)))


def leader_office(country: str, kb: KnowledgeBase) -> str:
    """Which office "the <country> leader" means (countries_extra.tsv, column leader)."""
    actor = kb.get(f"country:{country}")
    if actor and "leader=" in actor.notes:
        return actor.notes.split("leader=", 1)[1].split(";")[0].strip()
    return "head_of_state"


TOP_OFFICES = ("head_of_state", "head_of_government")
OFFICES = (*TOP_OFFICES, "foreign_minister", "defence_minister", "spokesperson")

# Title words that name one kind of office: "the Chancellor" is never Russia's Prime Minister.
SPECIFIC_TITLES = {
    "president": ("president",),
    "chancellor": ("chancellor",),
    "prime minister": ("prime minister", "premier"),
    "premier": ("premier", "prime minister"),
    "king": ("king",),
    "queen": ("queen",),
    "emperor": ("emperor",),
    "emir": ("emir", "amir"),
    "amir": ("emir", "amir"),
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
    surname: str, desc: Description, day: date, context: MentionContext, kb: KnowledgeBase
) -> Actor | None:
    """A bare family name ("Putin", "Mr Lukashenko", "President Xi"): the person the
    article named in full, else a knowledge-base person only when the evidence singles one
    out: nothing says it is not a person (the NLP's type), exactly one person with
    that family name holds a dated post on the day (or only one exists and held an
    office), and that person is from the article's country, holds a top office then, is
    the only one of that exact name, or is named with a title."""
    if len(surname) < 2 or surname in not_names():
        return None
    local = _in_document_by_surname(surname, context, kb)
    if local:
        return local
    if context.expected_type not in (None, "PERSON") and not desc.person_cue:
        return None  # "Islam", "Christian", "Defense", typed as groups: not people
    # a first name alone ("Brian", "Andrea") is never carried by a spelling variant
    exact = surname in kb.given_names()
    ids = kb.by_surname.get(skeleton(surname), []) + kb.by_alias.get(surname, [])
    people = [
        a
        for a in (kb.actors[i] for i in dict.fromkeys(ids))
        if a.type == "PERSON"
        and (has_surname(a, surname, exact=exact) or norm(a.name) == surname)
        and not out_of_office(a, desc, day)
    ]
    if desc.office:
        people = [a for a in people if any(r.office for r in a.roles)] or people
    active = [a for a in people if _active_on(a, day) and not _stale_post(a, day, kb)]
    # The one person of that name who ever held an office, unless every post ended long
    # before: "Powell" in a 2024 briefing is not Colin Powell (Secretary of State to 2005).
    pool = active or [a for a in people if len(people) == 1 and _office_holder(a)
                      and not _not_yet(a, desc, day) and recent(a, day)]
    if len(pool) > 1 and context.country:
        pool = [a for a in pool if a.country == context.country] or pool
    if len(pool) > 1:  # heads of state and ministers are the ones named by surname alone
        wanted = (desc.office,) if desc.office else OFFICES
        pool = [a for a in pool if any(r.office in wanted for r in a.roles_on(day))]
    if len(pool) != 1:
        return None
    actor = pool[0]
    top = any(r.office in TOP_OFFICES for r in actor.roles_on(day))
    only = len(people) == 1 and has_surname(actor, surname, exact=True)
    if actor.country == context.country or top or only or _title_fits(actor, desc, day):
        return actor
    return None


def _title_fits(actor: Actor, desc: Description, day: date) -> bool:
    """The mention's title is one of the person's recorded posts then ("Prime Minister
    Suga"); "Representative Aguilar" in a US text is no Panamanian of that name."""
    if not desc.title:
        return False
    posts = [r for r in actor.roles_on(day) if r.source_title()]
    return any(
        (desc.office and r.office == desc.office) or post_titled(r.title, desc.title.phrase)
        for r in posts
    )


def _active_on(actor: Actor, day: date) -> bool:
    """Holds a dated post (or a dated place in the elite) on ``day``."""
    return any((r.start or r.end) and r.active_on(day) for r in actor.roles)


# A dictionary's open-ended post ("from 2015-02-17") says the person held it when the
# dictionary was made, no more: taken as held for this long after its last dated post.
OPEN_POST_KNOWN = timedelta(days=5 * 365)


def _stale_post(actor: Actor, day: date, kb: KnowledgeBase) -> bool:
    """Every post that makes ``actor`` active on ``day`` is a dictionary's open-ended one,
    from long before: a bare "Carter" in a 2025 White House briefing is not Ashton Carter,
    whom the Phoenix dictionary (to 2015) lists as in office with no end."""
    if actor.source != "phoenix":
        return False
    known = kb.made_on(actor.source)
    if known is None or day <= known + OPEN_POST_KNOWN:
        return False
    return all(r.end is None for r in actor.roles if (r.start or r.end) and r.active_on(day))


def _not_yet(actor: Actor, desc: Description, day: date) -> bool:
    """"Vice President Vance" in 2024: the title's office is one the person only took later."""
    posts = [r for r in actor.roles if desc.office and r.office == desc.office]
    return bool(posts) and all(r.start is not None and r.start > day for r in posts)


def _office_holder(actor: Actor) -> bool:
    return any(r.office for r in actor.roles)


def _in_document_by_surname(
    surname: str, context: MentionContext, kb: KnowledgeBase
) -> Actor | None:
    """The person the article already named in full with this surname, if exactly one."""
    found = []
    for actor_id in context.in_document:
        actor = context.actor(actor_id, kb)
        if actor and actor.type == "PERSON" and has_surname(actor, surname):
            found.append(actor)
    return found[0] if len(found) == 1 else None


def names_body(desc: Description) -> bool:
    """The mention ends in a word for a body: "the Obama administration", "the Putin
    government" name the body a person leads, not the person."""
    words = norm(desc.text).split()
    return len(words) > 1 and words[-1] in word_list("generic_bodies.txt")


def is_generic(key: str) -> bool:
    """A common noun for a kind of body ("council", "foundation", "union"): "the Council"
    is whichever council the text is about, never a knowledge-base actor by itself."""
    return " " not in key and key in word_list("generic_bodies.txt")


def _in_document_short_form(key: str, context: MentionContext, kb: KnowledgeBase) -> Actor | None:
    """The one body the article named in full whose name ends in ``key``: "the Council"
    after "the Security Council", "the Post" after "The Washington Post"."""
    if key in titles():  # "State" of "Secretary of State" is no short form of a body
        return None
    local = {
        actor.id: actor
        for actor in (context.actor(i, kb) for i in context.in_document)
        if actor and actor.type != "PERSON" and norm(actor.name).split()[-1:] == [key]
    }
    return next(iter(local.values())) if len(local) == 1 else None


def _generic_body(key: str, context: MentionContext, kb: KnowledgeBase) -> Actor | None:
    """A hand-curated body of the article's own country named by the common noun
    ("Congress" in a US article), if exactly one."""
    curated = [
        kb.actors[i]
        for i in kb.by_alias.get(key, [])
        if kb.actors[i].source in ("user", "curated", "countries")
        and context.country
        and kb.actors[i].country == context.country
    ]
    return curated[0] if len(curated) == 1 else None


def not_names() -> frozenset[str]:
    return word_list("not_names.txt")


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
    """For search, which may be loose (linking uses ``names.person_name_fits``): confirm
    a skeleton match with a real similarity on one of the actor's names; with ``surname``,
    against its family name (last word, or first for "Xi Jinping")."""
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


def _best(
    kb: KnowledgeBase,
    ids: list[str],
    desc: Description,
    day: date,
    context: MentionContext,
    *,
    whole: bool = False,
) -> Actor | None:
    actors = [kb.actors[i] for i in dict.fromkeys(ids) if i in kb.actors]
    actors = [
        a
        for a in actors
        if type_fits(a, desc, context, whole=whole) and not out_of_office(a, desc, day)
    ]
    if not actors:
        return None
    return max(actors, key=lambda a: (_score(a, desc, day, context), -PRECEDENCE.get(a.source, 9)))


def type_fits(actor: Actor, desc: Description, context: MentionContext, *, whole: bool) -> bool:
    """A person's title or honorific ("Mr", "Senator") wants a person; a name the NLP
    typed as a person links elsewhere only when the whole mention is that actor's exact
    name ("Rosatom" typed as a person is still Rosatom); a place, group or organisation
    is never a person unless the whole mention is that person's full name."""
    expected = context.expected_type
    if desc.person_cue:
        return actor.type == "PERSON"
    if expected == "PERSON":
        return actor.type == "PERSON" or whole
    if expected is None or actor.type != "PERSON":
        return True
    return whole and expected != "COUNTRY" and " " in norm(desc.text).strip()


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
