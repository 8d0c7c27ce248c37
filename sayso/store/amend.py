"""Recording analysts' corrections in the database, and applying them to stored articles.

A new correction (or an imported file of them) is kept in ``corrections`` and at once
applied to every stored article it touches: the article is read back from its rows
(``rebuild.py``), corrected with all the store's corrections in order, and stored again
through ``write.replace_analysis``. Articles stored later take the corrections when they
are stored (``write.prepare``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from datetime import datetime

from sqlalchemy import Connection, delete, func, select, union

from sayso.store import schema
from sayso.store.corrections import BadCorrection, Correction, CorrectionSet
from sayso.store.keys import fold
from sayso.store.rebuild import stored_article
from sayso.store.write import (
    ActorCache,
    Prepared,
    analysis_hash,
    insert_ignore,
    replace_analysis,
)

c_t, a_t, q_t = schema.corrections, schema.articles, schema.quotes
SCAN_BATCH = 500  # articles whose entity lists are read at a time when looking for an actor


def fingerprint(conn: Connection) -> tuple[int, int]:
    """Changes whenever a correction is added or withdrawn (by any process)."""
    count, last = conn.execute(select(func.count(), func.max(c_t.c.pk))).one()
    return int(count), int(last or 0)


def load_corrections(conn: Connection) -> list[Correction]:
    rows = conn.execute(select(c_t).order_by(c_t.c.at, c_t.c.id)).all()
    return [_correction(r) for r in rows]


def _correction(r: object) -> Correction:
    return Correction(
        **{
            name: getattr(r, name)
            for name in (
                "kind",
                "actor",
                "target",
                "name",
                "type",
                "form",
                "article_id",
                "start",
                "end",
                "words",
                "by",
                "at",
                "note",
            )
        }
    )


def settled(existing: CorrectionSet, correction: Correction) -> Correction:
    """``correction`` with its target followed through earlier merges (merging into an
    actor that was itself merged away goes to where that one went), checked for sense."""
    merged = existing.merged_into
    if correction.actor and correction.kind != "speaker" and correction.actor in merged:
        raise BadCorrection(
            f"{correction.actor} was merged into {existing.final(correction.actor)} already; "
            "correct that actor instead"
        )
    target = existing.final(correction.target) if correction.target else None
    if target is not None and target != correction.target:
        correction = replace(
            correction, target=target, name=existing.names.get(target) or correction.name
        )
    if correction.kind in ("merge", "split") and correction.target == correction.actor:
        raise BadCorrection(f"{correction.actor} cannot be merged or split into itself")
    correction.check()
    return correction


def add(
    conn: Connection,
    corrections: Sequence[Correction],
    now: datetime,
    actors: ActorCache,
) -> tuple[list[Correction], int]:
    """Store the corrections not stored yet (by id) and apply them to the stored articles
    they touch: (corrections added, articles rewritten)."""
    known = set(
        conn.execute(select(c_t.c.id).where(c_t.c.id.in_([c.id for c in corrections]))).scalars()
    )
    added: list[Correction] = []
    for correction in corrections:
        if correction.id in known:
            continue
        known.add(correction.id)
        conn.execute(c_t.insert().values(id=correction.id, **_columns(correction)))
        added.append(correction)
    if not added:
        return [], 0
    _update_actor_rows(conn, added, now)
    everything = CorrectionSet(load_corrections(conn))
    rewritten = 0
    for pk in affected_articles(conn, added):
        rewritten += rewrite(conn, pk, everything, now, actors)
    return added, rewritten


def _columns(c: Correction) -> dict[str, object]:
    return {
        "kind": c.kind,
        "actor": c.actor,
        "target": c.target,
        "name": c.name,
        "type": c.type,
        "form": c.form,
        "article_id": c.article_id,
        "start": c.start,
        "end": c.end,
        "words": c.words,
        "by": c.by,
        "at": c.at,
        "note": c.note,
    }


def _update_actor_rows(conn: Connection, added: list[Correction], now: datetime) -> None:
    """A rename changes the stored name; a split may name an actor the store lacks."""
    actors = schema.actors
    for c in added:
        if c.kind == "rename" and c.actor and c.name:
            conn.execute(
                actors.update()
                .where(actors.c.id == c.actor)
                .values(name=c.name, name_key=fold(c.name)[:200], updated_at=now)
            )
        elif c.target and c.name:
            conn.execute(
                insert_ignore(conn, actors, ["id"]),
                {
                    "id": c.target,
                    "name": c.name,
                    "name_key": fold(c.name)[:200],
                    "type": c.type,
                    "country": None,
                    "wikidata": c.target.removeprefix("wd:")
                    if c.target.startswith("wd:")
                    else None,
                    "sector": None,
                    "in_kb": not c.target.startswith("name:"),
                    "updated_at": now,
                },
            )


def withdraw(conn: Connection, correction_id: str) -> Correction | None:
    """Remove a correction record. Stored articles keep what it changed until they are
    stored again (``sayso ingest --reanalyse`` of the same files): the store cannot re-read them."""
    row = conn.execute(select(c_t).where(c_t.c.id == correction_id)).first()
    if row is None:
        return None
    conn.execute(delete(c_t).where(c_t.c.id == correction_id))
    return _correction(row)


def rewrite(
    conn: Connection, pk: int, corrections: CorrectionSet, now: datetime, actors: ActorCache
) -> int:
    """Store article ``pk`` again with ``corrections`` applied; 1 if it changed, else 0."""
    found = stored_article(conn, pk)
    if found is None:
        return 0
    article, marks = found
    corrected, new = corrections.apply(article)
    if corrected is article:
        return 0
    marks = {**marks, **new}
    prepared = Prepared(corrected, analysis_hash(corrected, marks), marks)
    replace_analysis(conn, pk, prepared, now, actors, with_relations=False)
    return 1


def affected_articles(conn: Connection, corrections: Iterable[Correction]) -> list[int]:
    """The stored articles (pks) any of these corrections could change."""
    ids = {c.article_id for c in corrections if c.kind == "speaker" and c.article_id}
    keys = {c.actor for c in corrections if c.kind != "speaker" and c.actor}
    pks: set[int] = set()
    if ids:
        pks |= set(conn.execute(select(a_t.c.pk).where(a_t.c.id.in_(sorted(ids)))).scalars())
    if keys:
        ab, qm = schema.quote_about, schema.quote_mentions
        found = union(
            select(q_t.c.article_pk).where(q_t.c.speaker_key.in_(sorted(keys))),
            select(q_t.c.article_pk)
            .join(ab, ab.c.quote_pk == q_t.c.pk)
            .where(ab.c.key.in_(sorted(keys))),
            select(q_t.c.article_pk)
            .join(qm, qm.c.quote_pk == q_t.c.pk)
            .where(qm.c.key.in_(sorted(keys))),
        )
        pks |= set(conn.execute(found).scalars())
        pks |= set(_articles_mentioning(conn, keys))
    return sorted(pks)


def _articles_mentioning(conn: Connection, keys: set[str]) -> Iterator[int]:
    """Articles whose entity list holds one of ``keys`` (entities are a packed column, so
    this reads them all, a batch at a time: corrections are rare, articles many)."""
    last = 0
    while True:
        rows = conn.execute(
            select(a_t.c.pk, a_t.c.entities)
            .where(a_t.c.pk > last)
            .order_by(a_t.c.pk)
            .limit(SCAN_BATCH)
        ).all()
        if not rows:
            return
        for pk, entities in rows:
            if any(e.get("key") in keys for e in entities or []):
                yield pk
        last = rows[-1].pk
