"""An article's entities move from a table of their own into one packed column of the row.

Entities are only ever read whole with their article, and a row each cost about five times
the space of the packed list (on PostgreSQL ~100 bytes of tuple header, index entry and
JSON per entity; measured with bench/store.py at 20,000 articles: 19 MB → ~5 MB) plus one
INSERT per stored article. The data is carried over.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29
"""

from collections.abc import Iterator
from typing import Any  # Any: JSON values

import sqlalchemy as sa
from alembic import op

from sayso.store.types import PackedJSON

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

BATCH = 2000
PK = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
FIELDS = ("id", "key", "name", "type", "country", "wikidata", "sector", "resolved", "mentions")

entities = sa.table(
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
articles = sa.table("articles", sa.column("pk", PK), sa.column("entities", PackedJSON()))


def upgrade() -> None:
    op.add_column("articles", sa.Column("entities", PackedJSON(), nullable=True))
    conn = op.get_bind()
    update = (
        articles.update()
        .where(articles.c.pk == sa.bindparam("b_pk"))
        .values(entities=sa.bindparam("b_entities"))
    )
    for batch in _entities_by_article(conn):
        conn.execute(update, [{"b_pk": pk, "b_entities": rows} for pk, rows in batch.items()])
    op.drop_index("ix_entities_article_pk", table_name="entities")
    op.drop_table("entities")


def _entities_by_article(conn: sa.Connection) -> Iterator[dict[int, list[dict[str, Any]]]]:
    """The old rows, as the packed records ``write._entity_records`` makes, a batch of
    articles at a time."""
    last = None
    while True:
        stmt = sa.select(entities.c.article_pk).distinct().order_by(entities.c.article_pk)
        if last is not None:
            stmt = stmt.where(entities.c.article_pk > last)
        pks = list(conn.execute(stmt.limit(BATCH)).scalars())
        if not pks:
            return
        batch: dict[int, list[dict[str, Any]]] = {pk: [] for pk in pks}
        rows = conn.execute(
            sa.select(entities)
            .where(entities.c.article_pk.in_(pks))
            .order_by(entities.c.article_pk)
        )
        for row in rows.mappings():
            record = {f: row["eid" if f == "id" else f] for f in FIELDS}
            record["resolved"] = bool(record["resolved"])
            batch[row["article_pk"]].append({k: v for k, v in record.items() if v is not None})
        yield batch
        last = pks[-1]


def downgrade() -> None:
    op.create_table(
        "entities",
        sa.Column("article_pk", PK, nullable=False),
        sa.Column("eid", sa.String(length=200), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("type", sa.String(length=16), nullable=False),
        sa.Column("country", sa.String(length=3), nullable=True),
        sa.Column("wikidata", sa.String(length=32), nullable=True),
        sa.Column("sector", sa.String(length=40), nullable=True),
        sa.Column("resolved", sa.Boolean(), nullable=False),
        sa.Column("mentions", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_pk"],
            ["articles.pk"],
            name=op.f("fk_entities_article_pk_articles"),
            ondelete="CASCADE",
        ),
    )
    op.create_index("ix_entities_article_pk", "entities", ["article_pk"], unique=False)
    conn = op.get_bind()
    last = 0
    while True:
        rows = conn.execute(
            sa.select(articles.c.pk, articles.c.entities)
            .where(articles.c.pk > last, articles.c.entities.is_not(None))
            .order_by(articles.c.pk)
            .limit(BATCH)
        ).all()
        if not rows:
            break
        values = [
            {
                "article_pk": pk,
                "eid": e["id"],
                "key": e["key"],
                "name": e["name"],
                "type": e["type"],
                "country": e.get("country"),
                "wikidata": e.get("wikidata"),
                "sector": e.get("sector"),
                "resolved": bool(e.get("resolved")),
                "mentions": e.get("mentions", []),
            }
            for pk, packed in rows
            for e in packed
        ]
        if values:
            conn.execute(entities.insert(), values)
        last = rows[-1].pk
    with op.batch_alter_table("articles") as batch_op:
        batch_op.drop_column("entities")
