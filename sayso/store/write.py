"""Storing analysed Articles: idempotent, one transaction per article, safe under concurrency.

``save_article(conn, article)`` must run inside a transaction (``Store.save`` opens one);
the article and all of its analysis are committed together or not at all.

- Same text again (same ``Article.id``) with the same analysis → ``unchanged``; a new place
  where the same text was found is recorded as another location.
- Same text with a different analysis (a newer analyser) → its analysis is replaced.
- A changed text at a known location (URL, else source) → the new article replaces the
  old one, in the same transaction; unless the two come from different kinds of source (a
  page and a feed entry of one URL) and the stored one is the fuller (``stored_version_wins``):
  then the stored one stays, so that reading both on every run does not swap them each time.
Concurrent writers: inserts use ON CONFLICT DO NOTHING on natural keys (article id, actor
id, band) so two processes storing the same things do not clash. A statement has no row of
its own: each quote carries its statement key, so storing one takes no look-up at all.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Literal  # Any: column values of row dicts, JSON values

from sqlalchemy import Connection, Table, bindparam, delete, exists, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.sql import Executable

from sayso.dates import naive_utc, offset_minutes
from sayso.model import Article, Entity, Mention, Quote
from sayso.store import aggregates, dedup, fulltext, newrows, relations, schema
from sayso.store.keys import (
    NAME_PREFIX,
    actor_key,
    fold,
    location_key,
    mention_key,
    short_hash,
    statement_int,
    statement_key,
)
from sayso.store.schema import AnyRow

if TYPE_CHECKING:
    from sayso.store.corrections import CorrectionSet

Status = Literal["new", "updated", "unchanged"]

a_t = schema.articles
q_t = schema.quotes


@dataclass(frozen=True, slots=True)
class SaveResult:
    article_id: str
    status: Status
    quotes: int


@dataclass(slots=True)
class Prepared:
    """An article with what storing it needs that is pure computation (no database), so
    that ``Store.save_batch`` can compute it for the next article while the database
    works on this one."""

    article: Article
    analysis_hash: str
    # qid → id of the analyst's correction that set that quote's speaker (corrections.py)
    corrected: dict[str, str] = field(default_factory=dict)
    shingles: set[str] | None = None  # None: not computed yet (only new articles need it)
    band_keys: list[int] | None = None


def prepare(
    article: Article,
    *,
    with_bands: bool = False,
    corrections: CorrectionSet | None = None,
    band_keys: tuple[str, list[int]] | None = None,
) -> Prepared:
    """What storing ``article`` needs, computed ahead: the analysts' ``corrections`` applied
    (they are part of the analysis hash, so a new or withdrawn correction rewrites the
    article when it is stored again), its hash, and (``with_bands``) its MinHash bands,
    unless ``band_keys`` gives them: (the id of the text they were computed on, the keys
    of ``dedup.text_band_keys``)."""
    marks: dict[str, str] = {}
    if corrections is not None:
        article, marks = corrections.apply(article)  # never changes the text
    prepared = Prepared(article, analysis_hash(article, marks), marks)
    if band_keys is not None and band_keys[0] == article.id:
        prepared.band_keys = sorted(set(band_keys[1]))
    elif with_bands:
        band_keys_of(prepared)
    return prepared


def band_keys_of(prepared: Prepared) -> list[int]:
    """The article's LSH band keys (sorted, each once), computed once."""
    if prepared.band_keys is None:
        shingle_set = shingles_of(prepared)
        signature = dedup.signature(shingle_set) if shingle_set else None
        keys = sorted(set(dedup.band_keys(signature))) if signature is not None else []
        prepared.band_keys = keys
    return prepared.band_keys


def shingles_of(prepared: Prepared) -> set[str]:
    """The article's shingle set, computed once (only a possible near-duplicate needs it
    once its band keys are known)."""
    if prepared.shingles is None:
        prepared.shingles = dedup.shingles(prepared.article.text)
    return prepared.shingles


class ActorCache:
    """Actor ids known to be stored, so storing an article skips re-inserting them.

    Actors rows are never deleted, so an id stays valid once the transaction that stored it
    committed. Ids stored by the article being written wait in ``staged``, then in
    ``pending`` until the transaction commits (``commit``) or not (``rollback``).
    """

    def __init__(self) -> None:
        self.known: set[str] = set()
        self.pending: set[str] = set()
        self.staged: set[str] = set()

    def begin_write(self) -> None:
        """Before writing an article (or a bulk of them): nothing staged yet."""
        self.staged.clear()

    def end_write(self) -> None:
        """The write went through: its actors commit with the transaction."""
        self.pending |= self.staged
        self.staged.clear()

    def commit(self) -> None:
        self.known |= self.pending
        self.pending.clear()

    def rollback(self) -> None:
        self.pending.clear()
        self.staged.clear()


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


# INSERT … ON CONFLICT DO NOTHING, in either dialect
InsertIgnore = postgresql.Insert | sqlite.Insert
_INSERT_IGNORE: dict[tuple[str, str, tuple[str, ...]], InsertIgnore] = {}


def insert_ignore(conn: Connection, table: Table, index: list[str]) -> InsertIgnore:
    """INSERT … ON CONFLICT (index) DO NOTHING, in the connection's dialect (built once)."""
    key = (conn.dialect.name, table.name, tuple(index))
    if key not in _INSERT_IGNORE:
        dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
        _INSERT_IGNORE[key] = dialect.insert(table).on_conflict_do_nothing(index_elements=index)
    return _INSERT_IGNORE[key]


_INSERT_IGNORE_RETURNING: dict[tuple[str, tuple[str, ...], tuple[str, ...]], Executable] = {}


def insert_ignore_many(
    conn: Connection,
    table: Table,
    index: list[str],
    rows: list[dict[str, Any]],
    returning: tuple[str, ...] = (),
) -> Sequence[AnyRow]:
    """Insert ``rows`` skipping those already stored; the ``returning`` columns of the rows
    actually inserted (``newrows.upsert``; on SQLite with ``returning``, SQLAlchemy's
    multi-row INSERT … RETURNING)."""
    done = newrows.upsert(conn, table, index, rows, returning=returning)
    if done is not None:
        # rows as plain tuples, which the callers read like Rows (by position)
        return done  # type: ignore[return-value]
    key = (table.name, tuple(index), returning)
    if key not in _INSERT_IGNORE_RETURNING:
        stmt = insert_ignore(conn, table, index)
        _INSERT_IGNORE_RETURNING[key] = stmt.returning(*(table.c[c] for c in returning))
    return conn.execute(_INSERT_IGNORE_RETURNING[key], rows).all()


# Statements run for every stored article, built once: building them anew each time costs
# more CPU than running them.
_ARTICLE_BY_ID = select(a_t.c.pk, a_t.c.analysis_hash).where(a_t.c.id == bindparam("id"))
_LOCATION = select(schema.article_locations.c.article_pk).where(
    schema.article_locations.c.locator == bindparam("locator")
)
# One round trip for both: the article stored for this URL/source (locked until commit on
# PostgreSQL, so that concurrent writers of one URL take turns) and the stored copy of this
# text, if any. Indexed by "is PostgreSQL".
_LOCATION_AND_ARTICLE = {
    lock: select(
        (_LOCATION.with_for_update() if lock else _LOCATION).scalar_subquery().label("location"),
        _ARTICLE_BY_ID.with_only_columns(a_t.c.pk).scalar_subquery().label("pk"),
        _ARTICLE_BY_ID.with_only_columns(a_t.c.analysis_hash).scalar_subquery().label("hash"),
    )
    for lock in (False, True)
}
_BAND_HITS = (
    select(schema.article_bands.c.article_pk, func.count().label("n"))
    .where(schema.article_bands.c.band_key.in_(bindparam("keys", expanding=True)))
    .group_by(schema.article_bands.c.article_pk)
    .having(func.count() >= dedup.MIN_BAND_HITS)
    .order_by(func.count().desc(), schema.article_bands.c.article_pk)
    .limit(dedup.MAX_CANDIDATES)
    .subquery()
)
_CANDIDATES = (
    select(a_t.c.pk, a_t.c.text, a_t.c.story_pk)
    .join(_BAND_HITS, _BAND_HITS.c.article_pk == a_t.c.pk)
    .order_by(a_t.c.pk)
)


def location_row(article: Article, pk: int, now: datetime) -> dict[str, Any]:
    """The ``article_locations`` row saying where article ``pk`` was found."""
    locator = location_key(article)
    return {"locator": locator, "article_pk": pk, "outlet": article.outlet, "seen_at": now}


def analysis_hash(article: Article, corrected: dict[str, str] | None = None) -> str:
    """Changes when anything but the text itself or where it was found changes (the
    corrections that set speakers included)."""
    data = article.to_dict()
    for key in ("source", "raw_ref", "format", "text", "id", "url"):
        data.pop(key, None)
    if corrected:
        data["corrected"] = corrected
    return short_hash(json.dumps(data, sort_keys=True, ensure_ascii=False, default=str))


def save_article(
    conn: Connection,
    article: Article | Prepared,
    now: datetime | None = None,
    actors: ActorCache | None = None,
) -> SaveResult:
    prepared = article if isinstance(article, Prepared) else prepare(article)
    actors = actors or ActorCache()
    actors.begin_write()
    result = _save(conn, prepared, now or utcnow(), actors)
    actors.end_write()
    return result


def _save(conn: Connection, prepared: Prepared, now: datetime, actors: ActorCache) -> SaveResult:
    article, ahash = prepared.article, prepared.analysis_hash
    locator = location_key(article)
    location, pk, stored_hash = conn.execute(
        _LOCATION_AND_ARTICLE[conn.dialect.name == "postgresql"],
        {"locator": locator, "id": article.id},
    ).one()
    if pk is None and location is not None:
        kept = _fuller_stored_version(conn, location, article)
        if kept is not None:
            return kept
    if pk is None:
        story, band_keys = _story_for(conn, prepared, now)
        pk = _insert_article(conn, article, ahash, story, now)
        if pk is None:  # another process stored the same text a moment ago
            pk, stored_hash = conn.execute(_ARTICLE_BY_ID, {"id": article.id}).one()
        else:
            insert_analyses(conn, [(pk, prepared)], now, actors)
            _insert_bands(conn, pk, band_keys)
            replaced = _point_location(conn, locator, location, pk, article, now)
            return SaveResult(article.id, "updated" if replaced else "new", len(article.quotes))
    status: Status = "unchanged"
    if stored_hash != ahash:
        replace_analysis(conn, pk, prepared, now, actors)
        status = "updated"
    if _point_location(conn, locator, location, pk, article, now):
        status = "updated"
    return SaveResult(article.id, status, len(article.quotes))


_STORED_VERSION = select(a_t.c.id, a_t.c.format, a_t.c.meta, a_t.c.text, a_t.c.quote_count)


def _fuller_stored_version(conn: Connection, stored_pk: int, article: Article) -> SaveResult | None:
    """The stored article at ``article``'s location, "unchanged", when it is to stay there
    instead of ``article`` (``stored_version_wins``); None when ``article`` replaces it."""
    row = conn.execute(_STORED_VERSION.where(a_t.c.pk == stored_pk)).first()
    if row is None or not stored_version_wins(row.format, row.meta, len(row.text), article):
        return None
    return SaveResult(row.id, "unchanged", row.quote_count)


def stored_version_wins(
    stored_format: str, stored_meta: dict[str, Any] | None, stored_length: int, article: Article
) -> bool:
    """Whether the version stored at a location stays when ``article``, another text, is
    found there: the same URL read as a page and as a feed entry, or an updated version.

    A full text beats a partial one (a feed entry that gives only a summary), whichever
    came first. Between two full texts from the same kind of source (format) the newer
    replaces the older: that is how an edited page is updated. From different kinds (a
    page and a feed's own copy) the longer text stays, the stored one on a tie: an order
    that does not depend on which was read last, so ingesting both again changes nothing.
    """
    stored_partial = bool(stored_meta and stored_meta.get("partial"))
    incoming_partial = bool(article.meta.get("partial"))
    if stored_partial != incoming_partial:
        return incoming_partial
    if stored_format == article.format:
        return False
    return stored_length >= len(article.text)


def _point_location(
    conn: Connection, locator: str, current: int | None, pk: int, article: Article, now: datetime
) -> bool:
    """Make ``locator`` point to article ``pk``; True if it pointed to another article."""
    loc = schema.article_locations
    if current == pk:
        return False
    if current is None:
        conn.execute(insert_ignore(conn, loc, ["locator"]), location_row(article, pk, now))
        return False
    conn.execute(
        update(loc)
        .where(loc.c.locator == locator)
        .values(article_pk=pk, outlet=article.outlet, seen_at=now)
    )
    _delete_if_unreferenced(conn, current)
    return True


def _insert_article(
    conn: Connection, article: Article, ahash: str, story: int | None, now: datetime
) -> int | None:
    stmt = insert_ignore(conn, a_t, ["id"]).returning(a_t.c.pk)
    pk = conn.execute(stmt, article_row(article, ahash, story, now)).scalar()
    if pk is not None:
        fulltext.index_article(conn, pk, article.title, article.text)
    return pk


def article_row(article: Article, ahash: str, story: int | None, now: datetime) -> dict[str, Any]:
    return {
        "story_pk": story,
        "id": article.id,
        "url": article.url,
        "source": article.source,
        "raw_ref": article.raw_ref,
        "outlet": article.outlet,
        "title": article.title,
        "author": article.author,
        "published": naive_utc(article.published),
        "published_offset": offset_minutes(article.published),
        "language": article.language,
        "format": article.format,
        "text": article.text,
        "meta": _plain(article.meta) or None,
        "entities": _entity_records(article.entities),
        "analysis_hash": ahash,
        "quote_count": len(article.quotes),
        "ingested_at": now,
        "updated_at": now,
    }


def replace_analysis(
    conn: Connection,
    pk: int,
    prepared: Prepared,
    now: datetime,
    actors: ActorCache,
    *,
    with_relations: bool = True,
) -> None:
    """Article ``pk``'s analysis replaced by ``prepared``'s (the same text, read anew or
    corrected; ``with_relations`` False: its stored relations stay, see insert_analyses)."""
    article, ahash = prepared.article, prepared.analysis_hash
    _delete_analysis(conn, pk, with_relations=with_relations)
    old_title = conn.execute(select(a_t.c.title).where(a_t.c.pk == pk)).scalar()
    if old_title != article.title:
        fulltext.unindex_article(conn, pk, old_title, article.text)
        fulltext.index_article(conn, pk, article.title, article.text)
    conn.execute(
        update(a_t)
        .where(a_t.c.pk == pk)
        .values(
            url=article.url,
            outlet=article.outlet,
            title=article.title,
            author=article.author,
            published=naive_utc(article.published),
            published_offset=offset_minutes(article.published),
            language=article.language,
            meta=_plain(article.meta) or None,
            entities=_entity_records(article.entities),
            analysis_hash=ahash,
            quote_count=len(article.quotes),
            updated_at=now,
        )
    )
    insert_analyses(conn, [(pk, prepared)], now, actors, with_relations=with_relations)


def _delete_analysis(conn: Connection, pk: int, *, with_relations: bool = True) -> None:
    """Remove quotes (with their about/mentions) and relations (with their actors).
    (Entities are a column of the article row, replaced with it.)"""
    if with_relations:
        relation_pks = select(schema.relations.c.pk).where(schema.relations.c.article_pk == pk)
        conn.execute(
            delete(schema.relation_actors).where(
                schema.relation_actors.c.relation_pk.in_(relation_pks)
            )
        )
        conn.execute(delete(schema.relations).where(schema.relations.c.article_pk == pk))
    removal = aggregates.removing(conn, pk)
    quote_pks = select(q_t.c.pk).where(q_t.c.article_pk == pk)
    conn.execute(delete(schema.quote_about).where(schema.quote_about.c.quote_pk.in_(quote_pks)))
    conn.execute(
        delete(schema.quote_mentions).where(schema.quote_mentions.c.quote_pk.in_(quote_pks))
    )
    conn.execute(delete(q_t).where(q_t.c.article_pk == pk))
    aggregates.removed(conn, removal)


def _delete_if_unreferenced(conn: Connection, pk: int) -> None:
    """Drop an article no location points to any more, with everything hanging off it."""
    loc = schema.article_locations
    if conn.execute(select(exists().where(loc.c.article_pk == pk))).scalar():
        return
    row = conn.execute(
        select(a_t.c.text, a_t.c.title, a_t.c.story_pk).where(a_t.c.pk == pk)
    ).first()
    if row is None:
        return
    fulltext.unindex_article(conn, pk, row.title, row.text)
    _delete_analysis(conn, pk)
    bands = schema.article_bands
    keys = dedup.text_band_keys(row.text)
    if keys:
        conn.execute(delete(bands).where(bands.c.band_key.in_(keys), bands.c.article_pk == pk))
    conn.execute(delete(a_t).where(a_t.c.pk == pk))
    if row.story_pk is not None:
        _dissolve_if_alone(conn, row.story_pk)


def _dissolve_if_alone(conn: Connection, story: int) -> None:
    """A story needs two articles: with one left it goes (a replaced copy of itself)."""
    members = conn.execute(select(a_t.c.pk).where(a_t.c.story_pk == story).limit(2)).all()
    if len(members) < 2:
        conn.execute(update(a_t).where(a_t.c.story_pk == story).values(story_pk=None))
        conn.execute(delete(schema.stories).where(schema.stories.c.pk == story))


# --- analysis rows -------------------------------------------------------------------


def insert_analyses(
    conn: Connection,
    stored: list[tuple[int, Prepared]],
    now: datetime,
    actors: ActorCache,
    *,
    with_relations: bool = True,
) -> None:
    """The quotes, their about/addressee rows, the relations and the actors of stored
    articles (``(pk, prepared article)`` pairs), with one statement per table for all of
    them. ``with_relations`` False: the stored relations stay (an article read back from
    its rows to take a correction has none), their statement keys follow the quotes."""
    entities = [{e.id: e for e in p.article.entities} for _, p in stored]
    _upsert_actors(conn, [p.article for _, p in stored], entities, now, actors)
    rows, quotes, related = [], [], []
    for (pk, prepared), by_id in zip(stored, entities, strict=True):
        article = prepared.article
        published = naive_utc(article.published)
        statement_keys = {}
        for q in article.quotes:
            skey, name = mention_key(q.speaker, by_id)
            row = _quote_row(pk, q, skey, name, published, article)
            row["corrected"] = prepared.corrected.get(q.id)
            rows.append(row)
            statement_keys[q.id] = row["statement_key"]
            quotes.append((q, by_id))
        related.append(relations.ArticleRelations(pk, article, by_id, statement_keys))
    if with_relations:
        _insert_relations(conn, related)
    else:
        _follow_statement_keys(conn, related)
    if not rows:
        return
    quote_pks = _insert_quotes(conn, rows)
    about_rows, mention_rows, facts = [], [], []
    for (quote, by_id), qpk, row in zip(quotes, quote_pks, rows, strict=True):
        about = _about(quote, by_id)
        about_rows += [{"quote_pk": qpk, "key": key} for key in about]
        facts.append(aggregates.quote_facts(qpk, row, about))
        if quote.addressee is not None:
            key, name = mention_key(quote.addressee, by_id)
            mention_rows.append(_mention_row(qpk, "addressee", key, name, quote.addressee))
    newrows.insert_new(conn, schema.quote_about, about_rows)
    newrows.insert_new(conn, schema.quote_mentions, mention_rows)
    aggregates.added(conn, facts)


def _insert_quotes(conn: Connection, rows: list[dict[str, Any]]) -> list[int]:
    """Insert quote rows (of articles that had none); their new keys, in the order of
    ``rows``."""
    return newrows.insert_new(conn, q_t, rows, with_pks=True)


def _follow_statement_keys(conn: Connection, stored: list[relations.ArticleRelations]) -> None:
    """Stored relations take the statement keys of their quotes (a corrected speaker
    changes the key)."""
    rel = schema.relations
    for item in stored:
        for qid, key in item.statement_keys.items():
            conn.execute(
                update(rel)
                .where(rel.c.article_pk == item.article_pk, rel.c.qid == qid)
                .values(statement_key=key)
            )


def _insert_relations(conn: Connection, stored: list[relations.ArticleRelations]) -> None:
    """The relations of stored articles, then their actors (sources and targets)."""
    rows, events = [], []
    for item in stored:
        published = naive_utc(item.article.published)
        for event in item.article.relations:
            rows.append(relations.relation_row(item, event, published))
            events.append((event, item.by_id))
    if not rows:
        return
    pks = newrows.insert_new(conn, schema.relations, rows, with_pks=True)
    people = [
        row
        for (event, by_id), pk in zip(events, pks, strict=True)
        for row in relations.actor_rows(pk, event, by_id, mention_key)
    ]
    newrows.insert_new(conn, schema.relation_actors, people)


def _about(quote: Quote, by_id: dict[str, Entity]) -> list[str]:
    """Keys of the actors a quote is about, each once, in order."""
    keys: dict[str, None] = {}
    for eid in quote.about:
        entity = by_id.get(eid)
        key = actor_key(eid, entity.name, entity.resolved) if entity else eid[:200]
        if key:
            keys[key] = None
    return list(keys)


def _quote_row(
    article_pk: int,
    quote: Quote,
    speaker_key: str | None,
    speaker_name: str | None,
    published: datetime | None,
    article: Article,
) -> dict[str, Any]:
    sp, cue = quote.speaker, quote.cue
    return {
        "article_pk": article_pk,
        "statement_key": statement_int(statement_key(speaker_key, quote.text)),
        "qid": quote.id[:32],
        "kind": quote.kind,
        "start": quote.start,
        "end": quote.end,
        "text": quote.text,
        "confidence": float(quote.confidence),
        "parent": quote.parent,
        "speaker_key": speaker_key,
        "speaker_name": speaker_name,
        # A speaker set by hand where the text names nobody has no words of its own.
        "speaker_text": sp.text if sp and sp.text else None,
        "speaker_start": sp.start if sp and sp.text else None,
        "speaker_end": sp.end if sp and sp.text else None,
        "cue_text": cue.text if cue else None,
        "cue_start": cue.start if cue else None,
        "cue_end": cue.end if cue else None,
        "sort_date": published or schema.NO_DATE,
        "published_offset": offset_minutes(article.published),
        "outlet": article.outlet,
        "language": article.language,
    }


def _mention_row(
    quote_pk: int, role: str, key: str | None, name: str | None, mention: Mention
) -> dict[str, Any]:
    return {
        "quote_pk": quote_pk,
        "role": role,
        "key": key,
        "name": name,
        "text": mention.text,
        "start": mention.start,
        "end": mention.end,
    }


def _entity_records(entities: list[Entity]) -> list[dict[str, Any]] | None:
    """The article's entities as stored (``EntityRecord`` fields; empty ones left out)."""
    records = []
    for entity in entities:
        record = {
            "id": entity.id[:200],
            "key": actor_key(entity.id, entity.name, entity.resolved) or entity.id[:200],
            "name": entity.name,
            "type": entity.type,
            "country": entity.country,
            "wikidata": entity.wikidata,
            "sector": entity.sector,
            "resolved": bool(entity.resolved),
            "mentions": [[int(s), int(e)] for s, e in entity.mentions],
        }
        records.append({k: v for k, v in record.items() if v is not None})
    return records or None


def _upsert_actors(
    conn: Connection,
    articles: list[Article],
    entities: list[dict[str, Entity]],
    now: datetime,
    actors: ActorCache,
) -> None:
    """Every speaker and entity gets an actors row, so names can be looked up in one place.

    Knowledge-base actors are not overwritten here (``load_actors`` owns their details);
    people known only by name get a ``name:…`` row marked ``in_kb = False``.
    """
    rows: dict[str, dict[str, Any]] = {}
    skip = actors.known  # stored already: no row to build (a long run knows most actors)
    for article, by_id in zip(articles, entities, strict=True):
        for entity in article.entities:
            key = actor_key(entity.id, entity.name, entity.resolved)
            if key and entity.name and key not in rows and key not in skip:
                in_kb = entity.resolved and not key.startswith(NAME_PREFIX)
                rows[key] = _actor_row(key, entity.name, entity, in_kb, now)
        for quote in article.quotes:
            for mention in (quote.speaker, quote.addressee):
                key, name = mention_key(mention, by_id)
                if key and name and key not in rows and key not in skip:
                    rows[key] = _actor_row(key, name, mention, not key.startswith("name:"), now)
    new = sorted(rows)
    if new:
        insert_ignore_many(conn, schema.actors, ["id"], [rows[k] for k in new])
        actors.staged.update(new)


def _actor_row(
    key: str, name: str, source: Entity | Mention | None, in_kb: bool, now: datetime
) -> dict[str, Any]:
    return {
        "id": key,
        "name": name,
        "name_key": fold(name)[:200],
        "type": getattr(source, "type", None),
        "country": getattr(source, "country", None),
        "wikidata": getattr(source, "wikidata", None),
        "sector": getattr(source, "sector", None),
        "in_kb": in_kb,
        "updated_at": now,
    }


# --- stories -------------------------------------------------------------------------


def _story_for(conn: Connection, prepared: Prepared, now: datetime) -> tuple[int | None, list[int]]:
    """(story, band keys) for a new article.

    An article with no near-duplicate has no story (``story_pk`` NULL): most articles are
    alone, so stories are only created when a second copy turns up.
    """
    article = prepared.article
    keys = band_keys_of(prepared)
    match = _most_similar(conn, keys, prepared) if keys else None
    if match is None:
        return None, keys
    match_pk, story = match
    if story is not None:
        return story, keys
    st = schema.stories
    first = conn.execute(select(a_t.c.published).where(a_t.c.pk == match_pk)).scalar()
    dates = [d for d in (first, naive_utc(article.published)) if d is not None]
    story = conn.execute(
        st.insert().returning(st.c.pk),
        {"first_published": min(dates) if dates else None, "created_at": now},
    ).scalar_one()
    conn.execute(update(a_t).where(a_t.c.pk == match_pk).values(story_pk=story))
    return story, keys


def _insert_bands(conn: Connection, pk: int, keys: list[int]) -> None:
    insert_bands(conn, [{"band_key": k, "article_pk": pk} for k in keys])


def insert_bands(conn: Connection, rows: list[dict[str, int]]) -> None:
    """The LSH band rows of articles just inserted (so none is stored yet)."""
    newrows.insert_new(conn, schema.article_bands, rows)


def _most_similar(
    conn: Connection, keys: list[int], prepared: Prepared
) -> tuple[int, int | None] | None:
    """(article pk, its story) of the stored article most like this one, if any is close."""
    candidates = conn.execute(_CANDIDATES, {"keys": keys}).all()
    best, best_score = None, dedup.SIMILARITY
    for pk, text, story_pk in candidates:
        score = dedup.jaccard(shingles_of(prepared), dedup.shingles(text))
        if score >= best_score:
            best, best_score = (pk, story_pk), score
    return best


def _plain(value: Any) -> Any:
    return json.loads(json.dumps(value, default=str)) if value else value


_INPUT_SEEN = select(schema.ingested_inputs.c.article_pk).where(
    schema.ingested_inputs.c.key == bindparam("key"),
    schema.ingested_inputs.c.digest == bindparam("digest"),
)

# What an input read before from the same bytes by the same analyser gave.
InputSeen = Literal["article", "no article"]


def input_seen(conn: Connection, key: str, digest: str) -> InputSeen | None:
    """What the input ``key`` with this ``digest`` gave when it was read: its article
    (stored), or no article (``model.NoArticle``); None if it is not known."""
    row = conn.execute(_INPUT_SEEN, {"key": key, "digest": digest}).first()
    if row is None:
        return None
    return "no article" if row.article_pk is None else "article"


def remember_inputs(conn: Connection, rows: Sequence[tuple[str, str, str | None]]) -> None:
    """Record (key, digest, article id) of inputs whose articles were just stored, or
    (key, digest, None) of inputs that hold no article; a key read before now points to
    the new digest and article."""
    ids = {article_id for _, _, article_id in rows if article_id is not None}
    pks: dict[str, int] = {}
    if ids:
        query = select(a_t.c.id, a_t.c.pk).where(a_t.c.id.in_(ids))
        pks = {row.id: row.pk for row in conn.execute(query)}
    # one row per key, the last one given (one statement cannot update a row twice)
    values = {
        key: {"key": key, "digest": digest, "article_pk": pks.get(article_id or "")}
        for key, digest, article_id in rows
        if article_id is None or article_id in pks
    }
    if values:
        # one statement for the batch (an executemany was a statement per row on PostgreSQL)
        newrows.upsert(
            conn,
            schema.ingested_inputs,
            ["key"],
            sorted(values.values(), key=_key),
            update=("digest", "article_pk"),
        )


def _key(row: dict[str, Any]) -> str:
    return str(row["key"])
