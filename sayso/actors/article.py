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
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlparse

from sayso.actors.describe import Description, describe
from sayso.actors.kb import DATA, KnowledgeBase, load_kb
from sayso.actors.newactors import ActorPool, evidence_of, new_actor
from sayso.actors.normalise import norm
from sayso.actors.resolve import MentionContext, as_day, resolve_description, sector_on
from sayso.actors.types import Actor
from sayso.model import Article, Entity, Mention, Quote


@dataclass(slots=True)
class Reading:
    """One mention text of an entity, described once."""

    text: str
    desc: Description

    person: bool = True  # the NLP typed the entity PERSON

    @property
    def strength(self) -> int:
        """3 full name; 2 a one-word name of an organisation or country ("Gazprom",
        "Belarusians"); 1 a bare surname ("Mr Alekperov") or a role ("the President"):
        those wait until the article's full names are known; 0 nothing to go on."""
        d = self.desc
        if d.pronoun:
            return 0
        if d.name and len(d.name.split()) >= 2:
            return 3
        if d.name:
            return 1 if self.person else 2
        if d.country and not d.title:
            return 2
        return 1 if d.title else 0


def readings(entity: Entity, article: Article, kb: KnowledgeBase) -> list[Reading]:
    texts = [entity.name] + [article.text[s:e] for s, e in entity.mentions]
    unique = list(dict.fromkeys(t.strip() for t in texts if t and t.strip()))
    found = [Reading(t, describe(t, kb), entity.type == "PERSON") for t in unique]
    return sorted((r for r in found if r.strength), key=lambda r: -r.strength)


def outlet_country(article: Article) -> str | None:
    """The publisher's country when it is an official site we know (data/outlets.tsv)."""
    hosts = [h for h in (article.outlet, urlparse(article.url or "").hostname) if h]
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
    Plain data, so it crosses process boundaries (pickled back from batch workers)."""

    article: Article
    new_actors: list[Actor]


def resolve_article(
    article: Article, kb: KnowledgeBase | None = None, pool: ActorPool | None = None
) -> ResolvedArticle:
    """Link every entity of ``article`` to an actor (in place) and name the new actors.

    People the knowledge base lacks become ``new:`` actors; their records (name, type,
    country, sector, evidence) come back in ``ResolvedArticle.new_actors``.
    """
    kb = kb or load_kb()
    day = as_day(article.published)
    read = {e.id: readings(e, article, kb) for e in article.entities}
    about_in_document(article)
    linked: dict[str, Actor] = {}
    # 1. full names and other unambiguous names (countries, organisations, metonyms)
    for entity in article.entities:
        context = MentionContext(expected_type=entity.type)
        for reading in read[entity.id]:
            if reading.strength < 2:
                break
            actor = resolve_description(reading.desc, day, context, kb)
            if actor:
                linked[entity.id] = actor
                break
    country = main_country(article, linked)
    # 2. full names the KB lacks become new actors, so "Mr Alekperov" can find them
    add_new_actors(article, read, linked, country, day, pool, kb, full_names_only=True)
    # 3. bare surnames and role descriptions, against what the article already names
    for entity in article.entities:
        if entity.id in linked:
            continue
        context = MentionContext(
            country=country,
            expected_type=entity.type,
            in_document=ranked_ids(article, linked),
            outlet=article.outlet,
            local={a.id: a for a in linked.values()},
        )
        for reading in read[entity.id]:
            actor = resolve_description(reading.desc, day, context, kb)
            if actor:
                linked[entity.id] = actor
                break
    # 4. whatever is left and has a name
    add_new_actors(article, read, linked, country, day, pool, kb, full_names_only=False)
    split_contradicting_mentions(article, kb, day, country, linked)
    link_speakers(article, kb, day, country, linked)
    apply_links(article, linked, day, titled_sectors(read, linked, kb))
    new_actors = {a.id: a for a in linked.values() if a.source == "new"}
    return ResolvedArticle(article, list(new_actors.values()))


def split_contradicting_mentions(
    article: Article, kb: KnowledgeBase, day, country: str | None, linked: dict[str, Actor]
) -> None:
    """Undo in-document coreference slips: a mention inside Lukashenko's cluster that names
    someone else outright ("the President of Russia", "Dmitry Medvedev") moves to them."""
    by_actor = {actor.id: eid for eid, actor in linked.items()}
    context = MentionContext(
        country=country,
        in_document=ranked_ids(article, linked),
        local={a.id: a for a in linked.values()},
    )
    for entity in list(article.entities):
        actor = linked.get(entity.id)
        if actor is None or actor.type != "PERSON":
            continue
        for span in list(entity.mentions):
            desc = describe(article.text[span[0] : span[1]], kb)
            specific = (desc.name and len(desc.name.split()) >= 2) or (
                desc.office and desc.office != "government" and desc.country and not desc.past
            )
            if not specific:
                continue
            other = resolve_description(desc, day, context, kb)
            if other is None or other.id == actor.id or other.type != "PERSON":
                continue
            target = by_actor.get(other.id)
            if target is None:
                target = f"{entity.id}-{len(article.entities)}"
                article.entities.append(Entity(id=target, name=other.name, type="PERSON"))
                linked[target] = other
                by_actor[other.id] = target
            move_mention(article, entity, span, target)


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
    linked: dict[str, Actor],
    country: str | None,
    day,
    pool: ActorPool | None,
    kb: KnowledgeBase,
    *,
    full_names_only: bool,
) -> None:
    for entity in article.entities:
        if entity.id in linked:
            continue
        actor = unknown_actor(
            entity, read[entity.id], article, country, day, full_names_only=full_names_only
        )
        if actor:
            merged = kb.get(actor.id)  # `sayso actors merge new:… wd:…` was recorded
            linked[entity.id] = merged or (pool.place(actor) if pool else actor)


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
    *,
    full_names_only: bool,
) -> Actor | None:
    named = [(r, r.desc.name) for r in found if r.desc.name]
    if full_names_only:
        named = [(r, name) for r, name in named if len(name.split()) >= 2]
    if not named:
        return None
    best, best_name = named[0]
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
    evidence = evidence_of(
        titled.desc if titled else best.desc,
        country=country,
        outlet=article.outlet,
        article=article.id,
        day=day,
    )
    actor_type = entity.type if entity.type in ("PERSON", "ORG", "GROUP") else "ORG"
    return new_actor(best_name, actor_type, evidence)


def link_speakers(
    article: Article, kb: KnowledgeBase, day, country: str | None, linked: dict[str, Actor]
) -> None:
    """A speaker mention the NLP left unlinked ("the Kremlin said") is resolved directly."""
    known = {e.id for e in article.entities}
    for quote in article.quotes:
        mention = quote.speaker
        if mention is None or (mention.entity_id and mention.entity_id in known):
            continue
        context = MentionContext(country=country, in_document=ranked_ids(article, linked))
        actor = resolve_description(describe(mention.text, kb), day, context, kb)
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
