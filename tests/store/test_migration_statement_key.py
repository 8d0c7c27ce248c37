"""Migration 0004 (statements table → a statement key on each quote) keeps every statement,
its reports and search working, on SQLite and PostgreSQL; its downgrade gives them back."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from sayso.model import Article
from sayso.store import Store, fulltext
from sayso.store.db import make_engine
from sayso.store.keys import fold, mention_key, statement_int, statement_key
from sayso.store.migrate import current_revision, downgrade, head_revision, upgrade
from sayso.store.types import BodyText, UtcDateTime
from sayso.store.write import _about, analysis_hash

NO_DATE = datetime(1, 1, 1)

# The tables as revision 0002 had them (only the columns these inserts fill).
_md = sa.MetaData()
ARTICLES = sa.Table(
    "articles",
    _md,
    *(
        sa.Column(name, type_)
        for name, type_ in [
            ("pk", sa.Integer),
            ("id", sa.String),
            ("url", sa.Text),
            ("source", sa.Text),
            ("outlet", sa.String),
            ("title", sa.Text),
            ("published", UtcDateTime()),
            ("language", sa.String),
            ("format", sa.String),
            ("text", BodyText()),
            ("analysis_hash", sa.String),
            ("quote_count", sa.Integer),
            ("ingested_at", UtcDateTime()),
            ("updated_at", UtcDateTime()),
        ]
    ),
)
LOCATIONS = sa.Table(
    "article_locations",
    _md,
    sa.Column("locator", sa.Text),
    sa.Column("article_pk", sa.Integer),
    sa.Column("outlet", sa.String),
    sa.Column("seen_at", UtcDateTime()),
)
STATEMENTS = sa.Table(
    "statements",
    _md,
    sa.Column("pk", sa.Integer),
    sa.Column("key", sa.String),
    sa.Column("speaker_key", sa.String),
    sa.Column("first_published", UtcDateTime()),
)
QUOTES = sa.Table(
    "quotes",
    _md,
    *(
        sa.Column(name, type_)
        for name, type_ in [
            ("pk", sa.Integer),
            ("article_pk", sa.Integer),
            ("statement_pk", sa.Integer),
            ("qid", sa.String),
            ("kind", sa.String),
            ("start", sa.Integer),
            ("end", sa.Integer),
            ("text", sa.Text),
            ("confidence", sa.Float),
            ("speaker_key", sa.String),
            ("speaker_name", sa.Text),
            ("sort_date", UtcDateTime()),
            ("outlet", sa.String),
            ("language", sa.String),
        ]
    ),
)
ABOUT = sa.Table("quote_about", _md, sa.Column("quote_pk", sa.Integer), sa.Column("key", sa.String))
ACTORS = sa.Table(
    "actors",
    _md,
    sa.Column("id", sa.String),
    sa.Column("name", sa.Text),
    sa.Column("name_key", sa.String),
    sa.Column("in_kb", sa.Boolean),
    sa.Column("updated_at", UtcDateTime()),
)
MENTIONS = sa.Table(
    "quote_mentions",
    _md,
    sa.Column("quote_pk", sa.Integer),
    sa.Column("role", sa.String),
    sa.Column("text", sa.Text),
    sa.Column("start", sa.Integer),
    sa.Column("end", sa.Integer),
)


def store_at_0002(conn: sa.Connection, articles: list[Article]) -> dict[str, list[int]]:
    """What the 0002-era write path stored, reduced to the rows that matter here: one
    statement row per key (first_published = earliest report), quotes pointing at it.
    Returns statement key → quote pks."""
    now = datetime(2026, 11, 29, 12, 0)
    statement_pks: dict[str, int] = {}
    reports: dict[str, list[int]] = defaultdict(list)
    actors: set[str] = set()
    for article in articles:
        pk = conn.execute(
            ARTICLES.insert().returning(ARTICLES.c.pk),
            {
                "id": article.id,
                "url": article.url,
                "source": article.source,
                "outlet": article.outlet,
                "title": article.title,
                "published": article.published,
                "language": article.language,
                "format": article.format,
                "text": article.text,
                "analysis_hash": analysis_hash(article),
                "quote_count": len(article.quotes),
                "ingested_at": now,
                "updated_at": now,
            },
        ).scalar_one()
        fulltext.index_article(conn, pk, article.title, article.text)
        locator = article.url or article.source
        conn.execute(
            LOCATIONS.insert(),
            {"locator": locator, "article_pk": pk, "outlet": article.outlet, "seen_at": now},
        )
        by_id = {e.id: e for e in article.entities}
        for quote in article.quotes:
            skey, name = mention_key(quote.speaker, by_id)
            if skey and name and skey not in actors:
                actors.add(skey)
                conn.execute(
                    ACTORS.insert(),
                    {
                        "id": skey,
                        "name": name,
                        "name_key": fold(name),
                        "in_kb": not skey.startswith("name:"),
                        "updated_at": now,
                    },
                )
            key = statement_key(skey, quote.text)
            if key not in statement_pks:
                statement_pks[key] = conn.execute(
                    STATEMENTS.insert().returning(STATEMENTS.c.pk),
                    {"key": key, "speaker_key": skey, "first_published": article.published},
                ).scalar_one()
            elif article.published is not None:
                conn.execute(
                    STATEMENTS.update()
                    .where(STATEMENTS.c.key == key)
                    .where(
                        (STATEMENTS.c.first_published.is_(None))
                        | (STATEMENTS.c.first_published > article.published)
                    )
                    .values(first_published=article.published)
                )
            qpk = conn.execute(
                QUOTES.insert().returning(QUOTES.c.pk),
                {
                    "article_pk": pk,
                    "statement_pk": statement_pks[key],
                    "qid": quote.id,
                    "kind": quote.kind,
                    "start": quote.start,
                    "end": quote.end,
                    "text": quote.text,
                    "confidence": quote.confidence,
                    "speaker_key": skey,
                    "speaker_name": name,
                    "sort_date": article.published or NO_DATE,
                    "outlet": article.outlet,
                    "language": article.language,
                },
            ).scalar_one()
            reports[key].append(qpk)
            for about in _about(quote, by_id):
                conn.execute(ABOUT.insert(), {"quote_pk": qpk, "key": about})
            if quote.speaker is not None:  # a mention row, to see it survive the rebuild
                conn.execute(
                    MENTIONS.insert(),
                    {
                        "quote_pk": qpk,
                        "role": "addressee",
                        "text": quote.speaker.text,
                        "start": quote.speaker.start,
                        "end": quote.speaker.end,
                    },
                )
    return dict(reports)


def counts(conn: sa.Connection) -> dict[str, int]:
    tables = ("articles", "quotes", "quote_about", "quote_mentions", "article_locations", "actors")
    return {t: conn.execute(sa.text(f"SELECT count(*) FROM {t}")).scalar_one() for t in tables}


def test_statements_survive_migration_0004_and_back(
    db_url: str, articles: dict[str, Article]
) -> None:
    stored = list(articles.values())
    # An undated copy of a dated article: its statements keep their first date.
    first = stored[0]
    undated = dataclasses.replace(
        first, text=first.text + "\nUndated copy.\n", published=None, url="https://x.test/u"
    )
    stored.append(undated)
    engine = make_engine(db_url)
    try:
        assert upgrade(engine, "0002") == (None, "0002")
        with engine.begin() as conn:
            reports = store_at_0002(conn, stored)
            old_statements = {
                r.key: (r.speaker_key, r.first_published)
                for r in conn.execute(sa.select(STATEMENTS)).all()
            }
            before = counts(conn)
        assert any(statement_int(k) < 0 for k in reports)  # keys with the high bit set too
        assert any(len(pks) == 3 for pks in reports.values())  # the wire statement

        assert upgrade(engine) == ("0002", head_revision())
        with engine.connect() as conn:
            assert counts(conn) == before  # nothing cascaded away with the table rebuild
            names = set(sa.inspect(conn).get_table_names())
            assert "statements" not in names
            if conn.dialect.name == "sqlite":
                triggers = conn.exec_driver_sql(
                    "SELECT name FROM sqlite_master WHERE type = 'trigger'"
                ).scalars()
                assert set(triggers) >= {
                    "quotes_fts_insert",
                    "quotes_fts_delete",
                    "quotes_fts_update",
                }
                conn.exec_driver_sql(
                    "INSERT INTO quotes_fts(quotes_fts, rank) VALUES ('integrity-check', 1)"
                )
        store = Store(db_url)
        try:
            assert store.stats().statements == len(reports)
            for key, pks in reports.items():
                statement = store.get_statement(key)
                assert statement is not None, key
                assert sorted(r.id for r in statement.quotes) == sorted(pks)
                assert statement.first_published == old_statements[key][1]
            listed = store.search_statements(limit=1000).items
            assert sorted(s.id for s in listed) == sorted(reports)
            wire = next(s for s in listed if s.reports == 3)
            assert wire.speaker_key is not None and wire.speaker_name == "Melania Trump"
            assert store.count_quotes(speaker=wire.speaker_key, by="statement") == 1

            # Search still finds every report by its words, and speaker + words.
            hits = store.search_quotes(query="diplomacy peacebuilding", limit=100).items
            assert sorted(h.id for h in hits) == sorted(reports[wire.id])
            assert {h.statement_id for h in hits} == {wire.id}
            with_speaker = store.search_quotes(
                query="diplomacy", speaker=wire.speaker_key, limit=100
            ).items
            assert len(with_speaker) == 3
            # The triggers are back: a replaced article leaves the index, a new one enters.
            gone = articles["wire-harbor-times.txt"]
            changed = dataclasses.replace(gone, text=gone.text + "\nCorrected.\n")
            assert store.save(changed).status == "updated"
            assert len(store.search_quotes(query="diplomacy peacebuilding").items) == 3
            assert store.get_statement(wire.id).quotes[-1].article_id == changed.id  # type: ignore[union-attr]
        finally:
            store.close()

        # And back: one statements row per key, with its speaker and first date.
        with engine.connect() as conn:
            before = counts(conn)
        assert downgrade(engine, "0002") == (head_revision(), "0002")
        with engine.connect() as conn:
            assert current_revision(conn) == "0002"
            assert counts(conn) == before
            back = {
                r.key: (r.speaker_key, r.first_published)
                for r in conn.execute(sa.select(STATEMENTS)).all()
            }
            assert back == old_statements
            pairs = conn.execute(
                sa.select(QUOTES.c.pk, STATEMENTS.c.key).join(
                    STATEMENTS, STATEMENTS.c.pk == QUOTES.c.statement_pk
                )
            ).all()
            by_key: dict[str, list[int]] = defaultdict(list)
            for qpk, key in pairs:
                by_key[key].append(qpk)
            assert {k: sorted(v) for k, v in by_key.items()} == {
                k: sorted(v) for k, v in _reports_now(reports, conn).items()
            }
        assert upgrade(engine)[1] == head_revision()
    finally:
        engine.dispose()


def _reports_now(reports: dict[str, list[int]], conn: sa.Connection) -> dict[str, Any]:
    """``reports`` after the corrected wire copy replaced one of the three."""
    rows = conn.execute(sa.select(QUOTES.c.pk, QUOTES.c.speaker_key, QUOTES.c.text)).all()
    out: dict[str, list[int]] = defaultdict(list)
    for pk, skey, text in rows:
        out[statement_key(skey, text)].append(pk)
    assert set(out) == set(reports)
    return dict(out)
