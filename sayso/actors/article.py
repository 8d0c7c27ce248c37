"""Resolve a whole analysed article: every in-document entity gets its actor.

Order matters: full names first (they are the strongest evidence), then the article's main
country is known, then bare surnames and role descriptions ("the President") are resolved
against the actors already found in the article; whatever is left and has a name becomes a
new actor. Entities that land on the same actor are merged, and every Mention/Quote that
pointed at an old in-document id is rewritten.
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import lru_cache
from urllib.parse import urlparse

from sayso.actors.describe import Description, describe
from sayso.actors.document import (
    entity_kind,
    fuller_name,
    label_spans,
    titled_in_text,
    within,
)
from sayso.actors.kb import DATA, KnowledgeBase, load_kb
from sayso.actors.names import has_surname, name_words, person_name_fits, suffix_of
from sayso.actors.newactors import (
    ActorPool,
    body_name,
    evidence_of,
    new_actor,
    new_actor_type,
)
from sayso.actors.normalise import norm
from sayso.actors.resolve import (
    TOP_OFFICES,
    MentionContext,
    as_day,
    is_generic,
    names_body,
    post_titled,
    recent,
    resolve_description,
    sector_on,
)
from sayso.actors.types import Actor
from sayso.model import Article, Entity, EntityType, Mention, Quote
from sayso.nlp.lexicons import word_set


@dataclass(slots=True)
class Reading:
    """One mention text of an entity, described once."""

    text: str
    desc: Description

    person: bool = True  # the entity is a person (document.entity_kind)
    inferred: bool = False  # a fuller form found elsewhere in the article, not a mention

    @property
    def strength(self) -> int:
        """3 full name; 2 a one-word name of an organisation or country ("Gazprom",
        "Belarusians"); 1 a bare surname ("Mr Alekperov"), a role ("the President") or a
        common noun ("the Council"): those wait until the article's full names are known;
        0 nothing to go on, or several actors at once ("Mr Putin and Mr Chavez")."""
        d = self.desc
        if d.pronoun or d.group or d.loose:
            return 0
        if d.name and len(d.name.split()) >= 2:
            return 3
        if d.name:
            return 1 if self.person or is_generic(norm(d.name)) else 2
        if d.country and not d.title:
            return 2
        return 1 if d.title else 0


class Descriptions(dict):
    """Each mention text of an article described once ("Clinton" fifty times)."""

    def __init__(self, kb: KnowledgeBase):
        super().__init__()
        self.kb = kb

    def __missing__(self, text: str) -> Description:
        self[text] = found = describe(text, self.kb)
        return found


def read_entity(
    entity: Entity,
    article: Article,
    kb: KnowledgeBase,
    labels: set[tuple[int, int]],
    descs: Descriptions | None = None,
) -> tuple[str, list[Reading]]:
    """The entity's kind (``document.entity_kind``) and its mention texts, described once,
    strongest first; a person named only by family name is also read in the fullest form
    the article gives that name ("MS. LEAVITT" → "Karoline Leavitt")."""
    texts = [entity.name] + [article.text[s:e] for s, e in entity.mentions]
    unique = list(dict.fromkeys(t.strip() for t in texts if t and t.strip()))
    descs = descs if descs is not None else Descriptions(kb)
    mine = {t: descs[t] for t in unique}
    kind = entity_kind(entity, list(mine.values()), labels)
    found = [Reading(t, d, kind == "PERSON") for t, d in mine.items()]
    names = [d.name for d in mine.values() if d.name and not d.group]
    if kind == "PERSON" and names and all(len(name_words(n)) == 1 for n in names):
        fuller = fuller_name(names[0], article, descs.__getitem__)
        if fuller:
            found.append(Reading(fuller, descs[fuller], True, inferred=True))
    return kind, sorted((r for r in found if r.strength), key=lambda r: -r.strength)


def outlet_country(article: Article) -> str | None:
    """The publisher's country when it is an official site we know (data/outlets.tsv)."""
    return _host_country(article.outlet, article.url)


@lru_cache(maxsize=4096)
def _host_country(outlet: str | None, url: str | None) -> str | None:
    hosts = [h for h in (outlet, urlparse(url or "").hostname) if h]
    for host in hosts:
        host = host.lower().removeprefix("www.")
        for suffix, country in outlets().items():
            if host == suffix or host.endswith("." + suffix):
                return country
    return None


@lru_cache(maxsize=1)
def outlets() -> dict[str, str]:
    with (DATA / "outlets.tsv").open(encoding="utf-8") as handle:
        rows = csv.DictReader((r for r in handle if not r.startswith("#")), delimiter="\t")
        return {row["host"]: row["country"] for row in rows}


def main_country(article: Article, linked: dict[str, Actor]) -> str | None:
    """The country the article speaks from: its publisher's, else the one its speakers
    (triple weight) and mentions point to most."""
    known = outlet_country(article)
    if known:
        return known
    votes: Counter[str] = Counter()
    for entity in article.entities:
        actor = linked.get(entity.id)
        if actor and actor.country:
            votes[actor.country] += max(1, len(entity.mentions))
    for quote in article.quotes:
        actor = linked.get(quote.speaker.entity_id or "") if quote.speaker else None
        if actor and actor.country:
            votes[actor.country] += 3
    return votes.most_common(1)[0][0] if votes else None


@dataclass(slots=True)
class ResolvedArticle:
    """An article with its entities linked to actors, and the actors the knowledge base
    lacks (``new:…`` people, with the evidence they were seen with) for the store to keep.
    ``known_actors`` are the knowledge-base records of the actors it links to, so the
    process that stores it needs no knowledge base of its own. Plain data, so it crosses
    process boundaries (pickled back from batch workers and cluster nodes)."""

    article: Article
    new_actors: list[Actor]
    known_actors: list[Actor] = field(default_factory=list)
    # (Article.id, LSH band keys of its text: ``store.dedup.text_band_keys``), computed where
    # it was analysed (``pipeline.analyse_articles``) so that the one writer need not: pure
    # work on the text, paid at the workers' parallelism. None: the store computes them.
    band_keys: tuple[str, list[int]] | None = None


def resolve_article(
    article: Article, kb: KnowledgeBase | None = None, pool: ActorPool | None = None
) -> ResolvedArticle:
    """Link every entity of ``article`` to an actor (in place) and name the new actors.

    People the knowledge base lacks become ``new:`` actors; their records (name, type,
    country, sector, evidence) come back in ``ResolvedArticle.new_actors``.
    """
    kb = kb or load_kb()
    day = as_day(article.published)
    labels = label_spans(article)
    descs = Descriptions(kb)
    official = outlet_country(article) is not None
    read: dict[str, list[Reading]] = {}
    kinds: dict[str, str] = {}
    for entity in article.entities:
        kinds[entity.id], read[entity.id] = read_entity(entity, article, kb, labels, descs)
    about_in_document(article)
    linked: dict[str, Actor] = {}
    # 1. full names and other unambiguous names (countries, organisations, metonyms)
    for entity in article.entities:
        context = MentionContext(expected_type=kinds[entity.id])
        for reading in read[entity.id]:
            if reading.strength < 2:
                break
            actor = resolve_description(reading.desc, day, context, kb)
            if actor:
                linked[entity.id] = actor
                break
    country = main_country(article, linked)
    # 2. full names the KB lacks become new actors, so "Mr Alekperov" can find them
    add_new_actors(
        article, read, kinds, linked, country, day, pool, kb, full_names_only=True, descs=descs
    )
    # 3. bare surnames and role descriptions, against what the article already names
    for entity in article.entities:
        if entity.id in linked:
            continue
        context = MentionContext(
            country=country,
            expected_type=kinds[entity.id],
            in_document=ranked_ids(article, linked),
            outlet=article.outlet,
            local={a.id: a for a in linked.values()},
            official=official,
        )
        for reading in read[entity.id]:
            actor = resolve_description(reading.desc, day, context, kb)
            if actor:
                linked[entity.id] = actor
                break
    # 4. whatever is left and has a name
    add_new_actors(
        article, read, kinds, linked, country, day, pool, kb, full_names_only=False, descs=descs
    )
    split_contradicting_mentions(article, kb, day, country, linked, pool, descs)
    link_speakers(article, kb, day, country, linked, descs)
    apply_links(article, linked, day, titled_sectors(read, linked, kb))
    new_actors = {a.id: a for a in linked.values() if a.source == "new"}
    known = {e.id: kb.get(e.id) for e in article.entities if e.resolved}
    return ResolvedArticle(
        article, list(new_actors.values()), [a for a in known.values() if a is not None]
    )


def split_contradicting_mentions(
    article: Article,
    kb: KnowledgeBase,
    day,
    country: str | None,
    linked: dict[str, Actor],
    pool: ActorPool | None = None,
    descs: Descriptions | None = None,
) -> None:
    """Undo in-document coreference slips. A mention inside Lukashenko's cluster that
    names someone else outright ("the President of Russia", "Dmitry Medvedev") moves to
    them; a person named in full inside an organisation's or a country's cluster ("UN
    Ambassador-designate Elise Stefanik" with "UN") moves to that person, so a named
    official's words are never the body's; a mention naming several actors ("Mr Putin and
    Mr Chavez") or none (a description) leaves the cluster."""
    descs = descs if descs is not None else Descriptions(kb)
    by_actor = {actor.id: eid for eid, actor in linked.items()}
    context = MentionContext(
        country=country,
        in_document=ranked_ids(article, linked),
        local={a.id: a for a in linked.values()},
        official=outlet_country(article) is not None,
    )
    others: dict[tuple[str, str], Actor | None] = {}  # (text, actor) → who it names
    for entity in list(article.entities):
        actor = linked.get(entity.id)
        if actor is None:
            continue
        detached = False
        own = offices_named_with(entity, article, descs)
        for span in list(entity.mentions):
            desc = descs[article.text[span[0] : span[1]]]
            if names_a_message(desc.text):
                continue
            if desc.group or desc.loose or (actor.type == "PERSON" and names_body(desc)):
                slip = not keeps_cluster_name(desc, entity.name)
                detach_mention(article, entity, span, slip=slip)
                detached = True
                continue
            if (desc.text, actor.id) not in others:
                others[(desc.text, actor.id)] = contradicting_actor(desc, actor, day, context, kb)
            other = others[(desc.text, actor.id)]
            if other is None and office_not_theirs(desc, actor, own):
                other = office_holder(desc, actor, day, context, kb)
                if other is None and not desc.name:  # "the President" of nobody known
                    detach_mention(article, entity, span, slip=True)
                    detached = True
                    continue
            if other is None and (
                names_someone_else(desc, actor, day)
                or title_contradicts(desc, actor)
                or nation_contradicts(desc, actor)
            ):
                detach_mention(article, entity, span, slip=True)  # "bin … Al Saud" in MBS's
                detached = True
                continue
            if other is None and actor.type != "PERSON" and named_person(desc, kb):
                other = new_actor(desc.name, "PERSON", _evidence(desc, article, day, None))
                other = kb.get(other.id) or (pool.place(other) if pool else other)
            if other is None or other.id == actor.id:
                continue
            target = by_actor.get(other.id)
            if target is None:
                target = f"{entity.id}-{len(article.entities)}"
                article.entities.append(Entity(id=target, name=other.name, type=other.type))
                linked[target] = other
                by_actor[other.id] = target
            move_mention(article, entity, span, target)
        if detached and not entity.mentions:  # nothing left that names the actor
            linked.pop(entity.id, None)
    for quote in article.quotes:  # speaker spans the NLP linked without listing them
        for mention in (quote.speaker, quote.addressee):
            if mention and mention.entity_id in linked and not names_a_message(mention.text):
                desc = descs[mention.text]
                if desc.group or desc.loose or names_body(desc):
                    if keeps_cluster_name(desc, mention.name):
                        mention.entity_id = None
                    else:
                        unlink(mention)


def keeps_cluster_name(desc: Description, name: str | None) -> bool:
    """Whether a mention taken out of its cluster (a group, a description, a body) still
    shows the cluster's ``name``: a group does (the member the NLP found is one of those
    who spoke: "Vladimir Putin and Nursultan Nazarbayev"), other words only when they spell
    the name ("Douglas Brinkley, a historian"; a body only when the name is the body's:
    "Israel Atomic Energy Commission"). Words that do not ("You know, the President" in a
    2022 White House briefing, clustered with Putin; "the Biden administration", "a
    minister in the Bolsonaro government") made a second "Vladimir Putin", "Joe Biden" or
    "Bolsonaro" speaker beside the real one."""
    if desc.group:
        return True
    named, words = norm(name or ""), norm(desc.text)
    if not named or f" {named} " not in f" {words} ":
        return False
    return not names_body(desc) or words.endswith(named)


def names_a_message(text: str) -> bool:
    """"The message reads:", "the telegram says": the NLP linked it to the message's
    sender, named just before ("Vladimir Putin sent greetings …"), which a reader does too;
    the words themselves describe no actor, so they are not checked as a description."""
    words = norm(text).split()
    return bool(words) and words[-1] in word_set("message_nouns.txt")


def contradicting_actor(
    desc: Description, actor: Actor, day, context: MentionContext, kb: KnowledgeBase
) -> Actor | None:
    """The actor a mention names outright, when that is not ``actor``: another person, or
    the body or country a person's cluster picked up ("UN" next to "UN Ambassador Elise
    Stefanik")."""
    if actor.type == "PERSON" and not desc.person_cue:
        body = whole_alias_actor(desc, kb)
        if body is not None and not has_surname(actor, norm(desc.text)):
            return body
    words = name_words(desc.name or "")
    full_name = len(words) >= 2
    # "PRESIDENT BIDEN" labelling a turn inside Moon Jae-in's cluster
    other_surname = (
        actor.type == "PERSON"
        and len(words) == 1
        and desc.person_cue
        and not has_surname(actor, words[0])
    )
    specific = (
        full_name
        or other_surname
        or (desc.office and desc.office != "government" and desc.country and not desc.past)
    )
    if not specific or (actor.type != "PERSON" and not full_name):
        return None
    other = resolve_description(desc, day, context, kb)
    if other is None or other.type != "PERSON":
        return None
    return other


HELD_OFFICES = (*TOP_OFFICES, "vice_president", "foreign_minister")  # the KB dates holders


def offices_named_with(entity: Entity, article: Article, descs: Descriptions) -> set[str]:
    """The offices the cluster's full names carry ("President Bernardo Arévalo of
    Guatemala"): the titles the person was introduced with."""
    offices = set()
    for start, end in entity.mentions:
        desc = descs[article.text[start:end]]
        if desc.office and len(name_words(desc.name or "")) >= 2:
            offices.add(desc.office)
    return offices


def office_not_theirs(desc: Description, actor: Actor, own: set[str]) -> bool:
    """A top office ("The Vice President", "PRESIDENT BIDEN") in the cluster of a person the
    knowledge base does not know, whose full names never carried it: in-document
    coreference slipped (a readout's "The Vice President" into the cluster of the
    president Harris met; "the President" into Hunter Biden's, named once in a question)."""
    return (
        actor.source == "new"
        and actor.type == "PERSON"
        and desc.person_cue
        and desc.office in HELD_OFFICES
        and desc.office not in own
        and not (desc.group or desc.past)
        and len(name_words(desc.name or "")) <= 1
    )


def office_holder(
    desc: Description, actor: Actor, day, context: MentionContext, kb: KnowledgeBase
) -> Actor | None:
    """Who the office names on the day, when a careful reader would say so: the holder
    with that surname ("PRESIDENT BIDEN" → Joe Biden, not Jill), or, on an official site,
    the holder in the publisher's country ("The Vice President" in a White House readout)."""
    others = replace(
        context,
        in_document=[i for i in context.in_document if i != actor.id],
        local={i: a for i, a in context.local.items() if i != actor.id},
    )
    holder = resolve_description(desc, day, others, kb)
    if holder is None or holder.type != "PERSON" or holder.id == actor.id:
        return None
    if desc.name:
        return holder if has_surname(holder, name_words(desc.name)[0]) else None
    return holder if context.official else None


def whole_alias_actor(desc: Description, kb: KnowledgeBase) -> Actor | None:
    """The one organisation or country the whole mention is a name of."""
    key = norm(desc.text).removeprefix("the ")
    found = [kb.actors[i] for i in kb.by_alias.get(key, []) if kb.actors[i].type != "PERSON"]
    return found[0] if len(found) == 1 else None


def names_someone_else(desc: Description, actor: Actor, day) -> bool:
    """A name in a known person's cluster that is not one of theirs: another person's, a
    first name alone, a stage direction ("(Laughter.)")."""
    # (users' own records and merges say who is who; new actors are named by the text)
    if actor.type != "PERSON" or actor.source not in ("curated", "phoenix"):
        return False
    if desc.group or not desc.name or not name_words(desc.name):
        return False
    fresh = bool(suffix_of(desc.name)) and recent(actor, day)
    return not person_name_fits(desc.name, actor, recent=fresh)


def title_contradicts(desc: Description, actor: Actor) -> bool:
    """A title alone ("A spokeswoman") in the cluster of a person whose recorded posts
    never carried it: someone else spoke. Posts known only by sector codes cannot say."""
    if desc.name or not desc.person_cue or actor.type != "PERSON" or desc.honorific:
        return False
    posts = [r for r in actor.roles if r.source_title()]
    if not posts or actor.source not in ("curated", "phoenix") or desc.title is None:
        return False
    offices = {r.office for r in posts if r.office}
    if desc.office == "leader" and offices & set(TOP_OFFICES):
        return False
    if desc.office and desc.office in offices:
        return False
    return not any(post_titled(r.title, desc.title.phrase) for r in posts)


def nation_contradicts(desc: Description, actor: Actor) -> bool:
    """A role of one country ("the Vietnamese leader") in the cluster of a person known to
    belong to another (a Philippine president, an American one): in-document coreference
    picked the wrong person, and the knowledge base knows no holder to move it to."""
    if desc.name or not desc.country or desc.org or desc.group or actor.type != "PERSON":
        return False
    countries = {actor.country} | {r.country for r in actor.roles}
    countries.discard(None)
    return bool(countries) and desc.country not in countries


def named_person(desc: Description, kb: KnowledgeBase) -> bool:
    """A mention that is a person's full name with a title, an honorific or a given name
    ("Press Secretary Karoline Leavitt"), not an organisation's name."""
    words = name_words(desc.name or "")
    if len(words) < 2 or desc.group:
        return False
    return desc.person_cue or words[0] in kb.given_names()


def detach_mention(
    article: Article, entity: Entity, span: tuple[int, int], *, slip: bool = False
) -> None:
    """The span stays a mention in the text, linked to nothing. A group or a description
    keeps the name the NLP gave it (the names it lists; "Douglas Brinkley, a historian
    …"); a ``slip``, a mention the knowledge base says is not the cluster's person or
    words that name no one (``keeps_cluster_name``), keeps nothing of the cluster."""
    entity.mentions.remove(span)
    for quote in article.quotes:
        for mention in (quote.speaker, quote.addressee):
            if mention and mention.entity_id == entity.id and (mention.start, mention.end) == span:
                if slip:
                    unlink(mention)
                else:
                    mention.entity_id = None


def unlink(mention: Mention) -> None:
    """The mention was put in the wrong cluster: the cluster's name, country and QID go with
    the link (else "the Vietnamese leader" taken out of Biden's would still read "Biden")."""
    mention.entity_id = mention.name = mention.country = mention.wikidata = None


def move_mention(article: Article, source: Entity, span: tuple[int, int], target: str) -> None:
    source.mentions.remove(span)
    next(e for e in article.entities if e.id == target).mentions.append(span)
    for quote in article.quotes:
        for mention in (quote.speaker, quote.addressee):
            if mention and mention.entity_id == source.id and (mention.start, mention.end) == span:
                mention.entity_id = target


def titled_sectors(
    read: dict[str, list[Reading]], linked: dict[str, Actor], kb: KnowledgeBase
) -> dict[str, str]:
    """Actor id → the sector the article's own titles give it ("Rosneft CEO" → business,
    "NATO Secretary General" → NATO's): what the article says someone is outranks the
    knowledge base's general record."""
    sectors: dict[str, str] = {}
    for entity_id, readings_ in read.items():
        actor = linked.get(entity_id)
        if actor is None or actor.type != "PERSON":
            continue
        for reading in readings_:
            sector = org_sector(reading.desc.org, kb) or (
                reading.desc.title.sector if reading.desc.title else None
            )
            if sector:
                sectors.setdefault(actor.id, sector)
    return sectors


def org_sector(org: str | None, kb: KnowledgeBase) -> str | None:
    """The sector of a known organisation a title belongs to."""
    for actor_id in kb.by_alias.get(norm(org or ""), []) if org else []:
        actor = kb.actors[actor_id]
        if actor.type == "ORG" and actor.sector and actor.source in ("curated", "user"):
            return actor.sector
    return None


def add_new_actors(
    article: Article,
    read: dict[str, list[Reading]],
    kinds: dict[str, str],
    linked: dict[str, Actor],
    country: str | None,
    day,
    pool: ActorPool | None,
    kb: KnowledgeBase,
    *,
    full_names_only: bool,
    descs: Descriptions | None = None,
) -> None:
    descs = descs if descs is not None else Descriptions(kb)
    speakers = named_speaker_spans(article)
    for entity in article.entities:
        if entity.id in linked:
            continue
        titled = titled_in_text(entity, article, descs.__getitem__)
        actor_type = new_actor_type(
            "PERSON" if titled else kinds[entity.id],
            [(r.text, r.desc) for r in read[entity.id] if not r.inferred],
            given_names=kb.given_names(),
            spoke=within(speakers, entity),
            titled=titled,
        )
        if actor_type is None:
            continue  # no evidence it is an actor at all: it stays an unlinked mention
        actor = unknown_actor(
            entity,
            read[entity.id],
            article,
            country,
            day,
            actor_type,
            full_names_only=full_names_only,
        )
        if actor:
            merged = kb.get(actor.id)  # `sayso actors merge new:… wd:…` was recorded
            linked[entity.id] = merged or (pool.place(actor) if pool else actor)


def named_speaker_spans(article: Article) -> set[tuple[int, int]]:
    """Speaker spans that are names, not pronouns: an entity with one of them spoke under
    its own name ("Danube" is no speaker for the NLP having linked a "she" to it)."""
    return {
        (q.speaker.start, q.speaker.end)
        for q in article.quotes
        if q.speaker is not None and not describe_is_pronoun(q.speaker.text)
    }


def ranked_ids(article: Article, linked: dict[str, Actor]) -> list[str]:
    """Actor ids found so far, most mentioned first."""
    order = sorted(article.entities, key=lambda e: -len(e.mentions))
    return list(dict.fromkeys(linked[e.id].id for e in order if e.id in linked))


# A title in one of these sectors, met in an article from a known country, is evidence
# the person belongs to that country's institutions ("Finance Minister X" on kremlin.ru).
NATIONAL_SECTORS = {"government", "legislature", "military", "judiciary", "police", "intelligence"}


def unknown_actor(
    entity: Entity,
    found: list[Reading],
    article: Article,
    article_country: str | None,
    day,
    actor_type: EntityType,
    *,
    full_names_only: bool,
) -> Actor | None:
    """A new actor named by the fullest form of its name in the document."""
    named = [r for r in found if r.desc.name]
    if full_names_only:  # a fuller form read elsewhere waits: the text may name its owner
        named = [r for r in named if len((r.desc.name or "").split()) >= 2 and not r.inferred]
    if not named:
        return None
    best = max(named, key=lambda r: len((r.desc.name or "").split()))
    titled = next((r for r in found if r.desc.title), None)
    title = titled.desc.title if titled else None
    country = next((r.desc.country for r in found if r.desc.country), None)
    if (
        country is None
        and titled
        and title
        and title.sector in NATIONAL_SECTORS
        and not titled.desc.org
        and titled.desc.office is None
    ):
        # (a president or prime minister named on a site is as often foreign as not)
        country = article_country
    evidence = _evidence(titled.desc if titled else best.desc, article, day, country)
    name = best.desc.name if actor_type == "PERSON" else longest_body_name(found)
    return new_actor(name or best.desc.name or "", actor_type, evidence)


def longest_body_name(found: list[Reading]) -> str:
    """An organisation is named by its fullest form in the text ("Democratic National
    Committee"), portfolio words included, which a person's description drops."""
    texts = [body_name(r.text) for r in found if not r.inferred and not r.desc.group]
    return max(texts, key=lambda t: len(t.split()), default="")


def _evidence(desc: Description, article: Article, day, country: str | None) -> dict:
    return evidence_of(desc, country=country, outlet=article.outlet, article=article.id, day=day)


def link_speakers(
    article: Article,
    kb: KnowledgeBase,
    day,
    country: str | None,
    linked: dict[str, Actor],
    descs: Descriptions | None = None,
) -> None:
    """A speaker mention the NLP left unlinked ("the Kremlin said") is resolved directly."""
    known = {e.id for e in article.entities}
    for quote in article.quotes:
        mention = quote.speaker
        if mention is None or (mention.entity_id and mention.entity_id in known):
            continue
        context = MentionContext(
            country=country,
            in_document=ranked_ids(article, linked),
            official=outlet_country(article) is not None,
        )
        desc = descs[mention.text] if descs is not None else describe(mention.text, kb)
        actor = resolve_description(desc, day, context, kb)
        if actor is None:
            continue
        entity = Entity(
            id=f"speaker-{quote.id}",
            name=mention.text,
            type=actor.type,
            mentions=[(mention.start, mention.end)],
        )
        article.entities.append(entity)
        mention.entity_id = entity.id
        linked[entity.id] = actor


def apply_links(
    article: Article, linked: dict[str, Actor], day, sectors: dict[str, str] | None = None
) -> None:
    """Rename entities to their actor ids, merge duplicates, rewrite every reference."""
    renamed: dict[str, str] = {}
    merged: dict[str, Entity] = {}
    for entity in article.entities:
        actor = linked.get(entity.id)
        new_id = actor.id if actor else entity.id
        renamed[entity.id] = new_id
        if new_id in merged:
            target = merged[new_id]
            target.mentions = sorted(set(target.mentions) | set(entity.mentions))
            continue
        if actor:
            entity.id, entity.name, entity.type = actor.id, actor.name, actor.type
            entity.country, entity.wikidata = actor.country, actor.wikidata
            entity.sector = (sectors or {}).get(actor.id) or sector_on(actor, day)
            entity.resolved = True
        entity.mentions = sorted(set(entity.mentions))
        merged[new_id] = entity
    article.entities = list(merged.values())
    for quote in article.quotes:
        rewrite_quote(quote, renamed, merged, article.text)


def about_in_document(article: Article) -> None:
    """Step 1 of ``Quote.about``, which this module owns (the NLP leaves it empty): the
    in-document entities each statement mentions other than its speaker, pronouns included
    ("he" inside Lukashenko's quote, meaning Putin), as the NLP grouped them, before
    resolution merges or splits entities. ``rewrite_quote`` turns them into actor ids."""
    for quote in article.quotes:
        speaker = quote.speaker.entity_id if quote.speaker else None
        quote.about = [
            entity.id
            for entity in article.entities
            if entity.id != speaker
            and any(quote.start <= start and end <= quote.end for start, end in entity.mentions)
        ]


def rewrite_quote(
    quote: Quote, renamed: dict[str, str], entities: dict[str, Entity], text: str
) -> None:
    """Speaker and addressee take their actor; ``about`` (step 2) becomes actor ids: the
    in-document entities renamed, then every resolved entity named (not just referred to by
    a pronoun) inside the quote, never the speaker."""
    for mention in (quote.speaker, quote.addressee):
        if mention is not None and mention.entity_id in renamed:
            fill_mention(mention, entities[renamed[mention.entity_id]])
    about = [renamed.get(a, a) for a in quote.about]
    speaker = quote.speaker.entity_id if quote.speaker else None
    for entity in entities.values():
        for start, end in entity.mentions:
            inside = quote.start <= start and end <= quote.end
            if inside and entity.id != speaker and not describe_is_pronoun(text[start:end]):
                about.append(entity.id)
                break
    # A speaker's "I" and "we" are not what the statement is about: without this every
    # speaker would point at themselves in the who-talks-about-whom network.
    quote.about = [a for a in dict.fromkeys(about) if a != speaker]


def fill_mention(mention: Mention, entity: Entity) -> None:
    mention.entity_id, mention.name, mention.type = entity.id, entity.name, entity.type
    mention.country, mention.wikidata = entity.country, entity.wikidata


def describe_is_pronoun(text: str) -> bool:
    from sayso.actors.describe import PRONOUNS

    return text.strip().lower() in PRONOUNS
