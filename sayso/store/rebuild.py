"""A stored article back as an analysed ``Article``, from its rows (no NLP).

A correction recorded now must show at once in articles already stored; the store cannot
analyse them again, but it holds everything the analysis gave: the article row (with its
entities), its quotes with their speaker, cue, about and addressee rows. This puts those
back together so ``write.replace_analysis`` can store them corrected, through the same code
that stores a fresh analysis. It returns the corrections the quotes already carry, so that
the marks survive.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any, get_args  # Any: stored entity records are JSON, rows

from sqlalchemy import Connection, select

from sayso.model import Article, Entity, Mention, Quote, QuoteKind, Span, as_entity_type
from sayso.store import schema

a_t, q_t = schema.articles, schema.quotes


def stored_article(conn: Connection, pk: int) -> tuple[Article, dict[str, str]] | None:
    """Article ``pk`` as analysed and corrected so far, and its quotes' correction marks
    (qid → correction id); None if there is no such article."""
    row = conn.execute(select(a_t).where(a_t.c.pk == pk)).first()
    if row is None:
        return None
    entities = [_entity(e) for e in row.entities or []]
    ids_by_key = {e["key"]: e["id"] for e in row.entities or []}
    quote_rows = conn.execute(
        select(q_t).where(q_t.c.article_pk == pk).order_by(q_t.c.start, q_t.c.pk)
    ).all()
    pks = [r.pk for r in quote_rows]
    about: dict[int, list[str]] = defaultdict(list)
    addressees: dict[int, Mention] = {}
    if pks:
        ab, qm = schema.quote_about, schema.quote_mentions
        for qpk, key in conn.execute(
            select(ab.c.quote_pk, ab.c.key).where(ab.c.quote_pk.in_(pks))
        ).all():
            about[qpk].append(ids_by_key.get(key, key))
        for m in conn.execute(
            select(qm).where(qm.c.quote_pk.in_(pks), qm.c.role == "addressee")
        ).all():
            entity_id = ids_by_key.get(m.key, m.key) if m.key else None
            addressees[m.quote_pk] = Mention(m.start, m.end, m.text, entity_id, m.name)
    quotes, marks = [], {}
    for r in quote_rows:
        quotes.append(_quote(r, about.get(r.pk, []), addressees.get(r.pk), ids_by_key))
        if r.corrected:
            marks[r.qid] = r.corrected
    article = Article(
        source=row.source,
        text=row.text,
        title=row.title,
        published=row.published,
        url=row.url,
        language=row.language,
        outlet=row.outlet,
        author=row.author,
        format=row.format,
        raw_ref=row.raw_ref,
        quotes=quotes,
        entities=entities,
        meta=dict(row.meta or {}),
    )
    return article, marks


def _entity(stored: dict[str, Any]) -> Entity:
    return Entity(
        id=stored["id"],
        name=stored["name"],
        type=as_entity_type(stored["type"]),
        country=stored.get("country"),
        wikidata=stored.get("wikidata"),
        mentions=[(int(s), int(e)) for s, e in stored.get("mentions", [])],
        sector=stored.get("sector"),
        resolved=bool(stored.get("resolved")),
    )


def _quote(
    r: Any,  # Any: a row of the quotes table
    about: list[str],
    addressee: Mention | None,
    ids_by_key: dict[str, str],
) -> Quote:
    speaker = None
    if r.speaker_key or r.speaker_text:
        entity_id = ids_by_key.get(r.speaker_key, r.speaker_key) if r.speaker_key else None
        if r.speaker_text is None:  # set by hand where the text names nobody
            where = (r.start, r.start, "")
        else:
            where = (r.speaker_start, r.speaker_end, r.speaker_text)
        speaker = Mention(*where, entity_id=entity_id, name=r.speaker_name)
    cue = Span(r.cue_start, r.cue_end, r.cue_text) if r.cue_text is not None else None
    if r.kind not in get_args(QuoteKind):
        raise ValueError(f"stored quote {r.pk} has an unknown kind {r.kind!r}")
    return Quote(
        id=r.qid,
        kind=r.kind,
        start=r.start,
        end=r.end,
        text=r.text,
        speaker=speaker,
        cue=cue,
        parent=r.parent,
        about=about,
        confidence=r.confidence,
        addressee=addressee,
    )
