"""Relation rows: an article's PLOVER events (``Article.relations``) as rows of
``relations`` and ``relation_actors``, and those rows read back as ``RelationHit``s.

``write.insert_analyses`` stores the rows built here with the article's quotes (both
back-ends, idempotent: a changed analysis replaces them); ``relation_hits`` is the one
shape every list of stored relations returns (REST, web pages, exports).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any  # Any: column values of row dicts

from sqlalchemy import Connection, and_, distinct, func, or_, select

from sayso.model import Article, Entity, Event, Mention
from sayso.store import schema
from sayso.store.keys import statement_hex
from sayso.store.records import RelationActor, RelationHit
from sayso.store.schema import AnyColumn, AnyRow

r_t = schema.relations
ra_t = schema.relation_actors
a_t = schema.articles

# (key, display name) of who a mention names, as the quotes' speakers are keyed
KeyOf = Callable[[Mention | None, dict[str, Entity]], tuple[str | None, str | None]]


@dataclass(frozen=True, slots=True)
class ArticleRelations:
    """What storing one article's relations needs: its row, the entities by id and the
    statement key of each of its quotes (by ``Quote.id``)."""

    article_pk: int
    article: Article
    by_id: dict[str, Entity]
    statement_keys: dict[str, int]


def relation_row(
    item: ArticleRelations, event: Event, published: datetime | None
) -> dict[str, Any]:
    trigger = event.trigger
    return {
        "article_pk": item.article_pk,
        "rid": event.id[:32],
        "event": event.event[:16],
        "mode": event.mode,
        "context": ",".join(event.context) or None,
        "quad": int(event.quad),
        "score": float(event.score),
        "time": event.time,
        "negated": bool(event.negated),
        "kind": event.kind,
        "qid": event.statement[:32] if event.statement else None,
        "statement_key": item.statement_keys.get(event.statement or ""),
        "start": event.start,
        "end": event.end,
        "text": event.text,
        "trigger_text": trigger.text if trigger else None,
        "trigger_start": trigger.start if trigger else None,
        "trigger_end": trigger.end if trigger else None,
        "cameo": event.cameo,
        "confidence": float(event.confidence),
        "inferred": ",".join(event.inferred) or None,
        "sort_date": published or schema.NO_DATE,
        "outlet": item.article.outlet,
    }


def actor_rows(
    relation_pk: int, event: Event, by_id: dict[str, Entity], key_of: KeyOf
) -> list[dict[str, Any]]:
    """The ``relation_actors`` rows of one stored relation: its sources, then its targets."""
    rows = []
    for role, people in (("source", event.source), ("target", event.target)):
        for position, p in enumerate(people):
            key, name = key_of(p, by_id)
            entity = by_id.get(p.entity_id or "")
            rows.append({
                "relation_pk": relation_pk,
                "role": role,
                "position": position,
                "key": key,
                "name": name,
                "type": p.type or (entity.type if entity else None),
                "country": p.country or (entity.country if entity else None),
                "sector": p.sector,
                "text": p.text,
                "start": p.start,
                "end": p.end,
            })
    return rows


def relation_hits(conn: Connection, pks: Sequence[int]) -> list[RelationHit]:
    """Full records for relation ``pks``, in that order."""
    if not pks:
        return []
    rows = conn.execute(
        select(
            r_t,
            a_t.c.id.label("article_id"),
            a_t.c.title.label("article_title"),
            a_t.c.url.label("article_url"),
            a_t.c.published.label("published"),
        )
        .join(a_t, a_t.c.pk == r_t.c.article_pk)
        .where(r_t.c.pk.in_(list(pks)))
    ).all()
    people: dict[tuple[int, str], list[RelationActor]] = defaultdict(list)
    for a in conn.execute(
        select(ra_t).where(ra_t.c.relation_pk.in_(list(pks))).order_by(ra_t.c.position)
    ):
        people[(a.relation_pk, a.role)].append(
            RelationActor(a.key, a.name, a.type, a.country, a.sector, a.text, a.start, a.end)
        )
    by_pk = {r.pk: _hit(r, people[(r.pk, "source")], people[(r.pk, "target")]) for r in rows}
    return [by_pk[pk] for pk in pks if pk in by_pk]


def article_relation_pks(conn: Connection, article_pk: int) -> list[int]:
    """The relations of one stored article, in the order of the words."""
    stmt = select(r_t.c.pk).where(r_t.c.article_pk == article_pk).order_by(r_t.c.start, r_t.c.pk)
    return list(conn.execute(stmt).scalars())


def plain_only() -> AnyColumn:
    """Relations that count as what they name: not negated, not hypothetical."""
    return and_(r_t.c.negated.is_(False),
                or_(r_t.c.time.is_(None), r_t.c.time != "hypothetical"))


def relation_scores(
    conn: Connection,
    sources: set[str],
    targets: set[str],
    since: datetime | None,
    until: datetime | None,
) -> dict[tuple[str, str], tuple[int, float]]:
    """(source key, target key) → (plain relations, their mean score) between the given
    actors, dated within [since, until] when given (the network's colouring)."""
    if not sources or not targets:
        return {}
    src, dst = ra_t.alias("src"), ra_t.alias("dst")
    stmt = (
        select(src.c.key.label("source"), dst.c.key.label("target"),
               func.count(distinct(r_t.c.pk)).label("n"), func.avg(r_t.c.score).label("mean"))
        .select_from(r_t)
        .join(src, (src.c.relation_pk == r_t.c.pk) & (src.c.role == "source"))
        .join(dst, (dst.c.relation_pk == r_t.c.pk) & (dst.c.role == "target"))
        .where(src.c.key.in_(sorted(sources)), dst.c.key.in_(sorted(targets)), plain_only())
        .group_by(src.c.key, dst.c.key)
    )
    if since is not None:
        stmt = stmt.where(r_t.c.sort_date >= since)
    if until is not None:
        stmt = stmt.where(r_t.c.sort_date <= until)
    return {(r.source, r.target): (int(r.n), round(float(r.mean), 3))
            for r in conn.execute(stmt)}


def _hit(r: AnyRow, source: list[RelationActor], target: list[RelationActor]) -> RelationHit:
    return RelationHit(
        id=r.pk,
        article_id=r.article_id,
        rid=r.rid,
        published=r.published,
        outlet=r.outlet,
        event=r.event,
        mode=r.mode,
        context=r.context.split(",") if r.context else [],
        quad=r.quad,
        score=r.score,
        time=r.time,
        negated=bool(r.negated),
        kind=r.kind,
        source=source,
        target=target,
        text=r.text,
        start=r.start,
        end=r.end,
        trigger=r.trigger_text,
        trigger_start=r.trigger_start,
        trigger_end=r.trigger_end,
        qid=r.qid,
        statement_id=statement_hex(r.statement_key) if r.statement_key is not None else None,
        cameo=r.cameo,
        confidence=r.confidence,
        inferred=r.inferred.split(",") if r.inferred else [],
        article_title=r.article_title,
        article_url=r.article_url,
    )
