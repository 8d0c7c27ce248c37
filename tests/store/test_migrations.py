"""Upgrading a database that holds data keeps the data (on both back-ends)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa

from sayso.store import Store
from sayso.store.db import make_engine
from sayso.store.migrate import downgrade, upgrade
from sayso.store.types import BodyText, UtcDateTime

PK = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

# The tables as revision 0002 made them (only the columns these tests fill).
articles_0002 = sa.table(
    "articles",
    sa.column("pk", PK),
    sa.column("id", sa.String()),
    sa.column("source", sa.Text()),
    sa.column("title", sa.Text()),
    sa.column("format", sa.String()),
    sa.column("text", BodyText()),
    sa.column("analysis_hash", sa.String()),
    sa.column("quote_count", sa.Integer()),
    sa.column("ingested_at", UtcDateTime()),
    sa.column("updated_at", UtcDateTime()),
)
entities_0002 = sa.table(
    "entities",
    sa.column("article_pk", PK),
    sa.column("eid", sa.String()),
    sa.column("key", sa.String()),
    sa.column("name", sa.Text()),
    sa.column("type", sa.String()),
    sa.column("country", sa.String()),
    sa.column("wikidata", sa.String()),
    sa.column("sector", sa.String()),
    sa.column("resolved", sa.Boolean()),
    sa.column("mentions", sa.JSON()),
)

TEXT = "Aleksandr Lukashenko met Vladimir Putin in Minsk. The OSCE was not invited."
NOW = datetime(2024, 8, 15, 17, 42)


def _store_0002_article(engine: sa.Engine) -> None:
    with engine.begin() as conn:
        conn.execute(
            articles_0002.insert(),
            {
                "pk": 1,
                "id": "a" * 16,
                "source": "minsk.txt",
                "title": "Minsk talks",
                "format": "text",
                "text": TEXT,
                "analysis_hash": "h" * 16,
                "quote_count": 0,
                "ingested_at": NOW,
                "updated_at": NOW,
            },
        )
        conn.execute(
            entities_0002.insert(),
            [
                {
                    "article_pk": 1,
                    "eid": "Q82327",
                    "key": "Q82327",
                    "name": "Aleksandr Lukashenko",
                    "type": "PERSON",
                    "country": "BLR",
                    "wikidata": "Q82327",
                    "sector": "government",
                    "resolved": True,
                    "mentions": [[0, 20]],
                },
                {
                    "article_pk": 1,
                    "eid": "e3",
                    "key": "name:osce",
                    "name": "OSCE",
                    "type": "ORG",
                    "country": None,
                    "wikidata": None,
                    "sector": None,
                    "resolved": False,
                    "mentions": [[55, 59]],
                },
            ],
        )


def test_upgrade_from_0002_keeps_entities(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        upgrade(engine, "0002")
        _store_0002_article(engine)
        upgrade(engine)
    finally:
        engine.dispose()
    with Store(db_url) as store:
        article = store.get_article("a" * 16)
    assert article is not None
    assert article.text == TEXT
    assert [e.to_dict() for e in article.entities] == [
        {
            "id": "Q82327",
            "key": "Q82327",
            "name": "Aleksandr Lukashenko",
            "type": "PERSON",
            "country": "BLR",
            "wikidata": "Q82327",
            "sector": "government",
            "resolved": True,
            "mentions": [[0, 20]],
        },
        {
            "id": "e3",
            "key": "name:osce",
            "name": "OSCE",
            "type": "ORG",
            "country": None,
            "wikidata": None,
            "sector": None,
            "resolved": False,
            "mentions": [[55, 59]],
        },
    ]


def test_inputs_without_an_article_migrate_up_and_down(db_url: str) -> None:
    """0012: ``ingested_inputs`` takes inputs without an article (article_pk NULL); the
    rows of a store made before are kept, and going back drops only the new kind."""
    inputs = sa.table(
        "ingested_inputs", sa.column("key"), sa.column("digest"), sa.column("article_pk")
    )
    engine = make_engine(db_url)
    try:
        upgrade(engine, "0002")
        _store_0002_article(engine)
        upgrade(engine, "0011")
        with engine.begin() as conn:
            conn.execute(inputs.insert(), {"key": "/in/a.txt", "digest": "d" * 32, "article_pk": 1})
        upgrade(engine)
    finally:
        engine.dispose()
    with Store(db_url) as store:
        assert store.input_seen("/in/a.txt", "d" * 32) == "article"
        store.remember_inputs([("/in/nav.html", "e" * 32, None)])
        assert store.input_seen("/in/nav.html", "e" * 32) == "no article"
        assert store.input_seen("/in/nav.html", "f" * 32) is None  # other bytes: read again
    engine = make_engine(db_url)
    try:
        downgrade(engine, "0011")
        with engine.connect() as conn:
            kept = conn.execute(sa.select(inputs.c.key, inputs.c.article_pk)).all()
        upgrade(engine)
    finally:
        engine.dispose()
    assert [tuple(row) for row in kept] == [("/in/a.txt", 1)]
