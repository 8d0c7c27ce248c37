"""Storing a batch of plainly new articles with a few statements for the whole batch.

``write.save_article`` runs about ten statements per article; on PostgreSQL each is a round
trip, and on both back-ends each costs SQLAlchemy's per-statement work. Most articles of a
bulk ingest are plainly new: a text not stored yet, found at a place not seen yet, with no
near-duplicate stored or in the same batch. ``save_new_articles`` stores those with one
statement per table for the whole batch and leaves every other article (already stored,
moved, a possible syndicated copy, raced by another writer) to ``save_article``, which
the caller runs next in the same transaction. The rows are the same either way: this
module only reuses ``write``'s row builders.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import datetime

from sqlalchemy import Connection, any_, bindparam, select
from sqlalchemy.dialects.postgresql import ARRAY

from sayso.store import dedup, fulltext, schema
from sayso.store.keys import location_key
from sayso.store.schema import AnyColumn
from sayso.store.write import (
    ActorCache,
    Prepared,
    SaveResult,
    article_row,
    band_keys_of,
    insert_analyses,
    insert_bands,
    insert_ignore_many,
    location_row,
)

a_t, loc_t, bands_t = schema.articles, schema.article_locations, schema.article_bands

def _among(column: AnyColumn, name: str, pg: bool) -> AnyColumn:
    """``column IN (…values)``: on PostgreSQL ``= ANY(array)``, one statement text whatever
    the number of values (psycopg parses long texts anew each time; the server plans the
    same way)."""
    if pg:
        return column == any_(bindparam(name, type_=ARRAY(column.type)))
    return column.in_(bindparam(name, expanding=True))


# Indexed by "is PostgreSQL".
_STORED_IDS = {pg: select(a_t.c.id).where(_among(a_t.c.id, "ids", pg)) for pg in (False, True)}
_KNOWN_LOCATORS = {
    pg: select(loc_t.c.locator)
    .where(_among(loc_t.c.locator, "locators", pg))
    .order_by(loc_t.c.locator)
    for pg in (False, True)
}
_BAND_OWNERS = {
    pg: select(bands_t.c.band_key, bands_t.c.article_pk).where(
        _among(bands_t.c.band_key, "keys", pg)
    )
    for pg in (False, True)
}


def save_new_articles(
    conn: Connection, batch: list[Prepared], now: datetime, actors: ActorCache
) -> list[SaveResult | None]:
    """Store the plainly new articles of ``batch``: their results, None for the others."""
    results: list[SaveResult | None] = [None] * len(batch)
    fresh = _plainly_new(conn, batch)
    if not fresh:
        return results
    actors.begin_write()
    rows = [article_row(batch[i].article, batch[i].analysis_hash, None, now) for i in fresh]
    inserted: dict[str, int] = dict(
        insert_ignore_many(conn, a_t, ["id"], sorted(rows, key=lambda r: r["id"]), ("id", "pk"))
    )
    stored = [(i, inserted[batch[i].article.id]) for i in fresh if batch[i].article.id in inserted]
    # An id missing from ``inserted`` was stored by another writer a moment ago:
    # save_article sorts that one out.
    fulltext.index_articles(
        conn, [(pk, batch[i].article.title, batch[i].article.text) for i, pk in stored]
    )
    insert_analyses(conn, [(pk, batch[i]) for i, pk in stored], now, actors)
    bands = sorted((k, pk) for i, pk in stored for k in band_keys_of(batch[i]))
    insert_bands(conn, [{"band_key": k, "article_pk": pk} for k, pk in bands])
    locations = [location_row(batch[i].article, pk, now) for i, pk in stored]
    insert_ignore_many(conn, loc_t, ["locator"], sorted(locations, key=lambda r: r["locator"]))
    for i, _ in stored:
        results[i] = SaveResult(batch[i].article.id, "new", len(batch[i].article.quotes))
    actors.end_write()
    return results


def _plainly_new(conn: Connection, batch: list[Prepared]) -> list[int]:
    """Indexes of the articles that are new texts at new places, with no near-duplicate."""
    ids = Counter(p.article.id for p in batch)
    locators = Counter(location_key(p.article) for p in batch)
    candidates = [
        i
        for i, p in enumerate(batch)
        if ids[p.article.id] == 1 and locators[location_key(p.article)] == 1
    ]
    if not candidates:
        return []
    pg = conn.dialect.name == "postgresql"
    wanted = [batch[i].article.id for i in candidates]
    stored_ids = set(conn.execute(_STORED_IDS[pg], {"ids": wanted}).scalars())
    # Locked on PostgreSQL, as save_article locks the location it looks up.
    locate = _KNOWN_LOCATORS[pg].with_for_update() if pg else _KNOWN_LOCATORS[pg]
    candidate_locators = sorted(location_key(batch[i].article) for i in candidates)
    known = set(conn.execute(locate, {"locators": candidate_locators}).scalars())
    candidates = [
        i
        for i in candidates
        if batch[i].article.id not in stored_ids and location_key(batch[i].article) not in known
    ]
    return _without_near_duplicates(conn, batch, candidates)


def _without_near_duplicates(
    conn: Connection, batch: list[Prepared], indexes: list[int]
) -> list[int]:
    """Leave out articles that share enough LSH bands with a stored article or with an
    earlier one of the batch: ``save_article`` checks those and files them into stories."""
    keys = {i: band_keys_of(batch[i]) for i in indexes}
    all_keys = sorted({k for ks in keys.values() for k in ks})
    owners: dict[int, list[int]] = defaultdict(list)
    if all_keys:
        pg = conn.dialect.name == "postgresql"
        for band_key, article_pk in conn.execute(_BAND_OWNERS[pg], {"keys": all_keys}):
            owners[band_key].append(article_pk)
    plain: list[int] = []
    seen_in_batch: dict[int, list[int]] = defaultdict(list)
    for i in indexes:
        hits: Counter[tuple[str, int]] = Counter()
        for key in keys[i]:
            hits.update(("stored", pk) for pk in owners.get(key, ()))
            hits.update(("batch", j) for j in seen_in_batch.get(key, ()))
        if not hits or max(hits.values()) < dedup.MIN_BAND_HITS:
            plain.append(i)
        for key in keys[i]:
            seen_in_batch[key].append(i)
    return plain
