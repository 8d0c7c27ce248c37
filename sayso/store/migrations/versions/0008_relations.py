"""Relations between actors (PLOVER events, ``Article.relations``): ``relations`` and
``relation_actors``.

Existing articles have no relations until they are ingested again (their analysis hash
changes with the new field, so a re-ingest replaces their analysis).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from sayso.store.types import UtcDateTime

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

PK = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "relations",
        sa.Column("pk", PK, primary_key=True, autoincrement=True),
        sa.Column("article_pk", PK, nullable=False),
        sa.Column("rid", sa.String(32), nullable=False),
        sa.Column("event", sa.String(16), nullable=False),
        sa.Column("mode", sa.String(40)),
        sa.Column("context", sa.Text()),
        sa.Column("quad", sa.Integer(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("time", sa.String(16)),
        sa.Column("negated", sa.Boolean(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("qid", sa.String(32)),
        sa.Column("statement_key", sa.BigInteger()),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("trigger_text", sa.Text()),
        sa.Column("trigger_start", sa.Integer()),
        sa.Column("trigger_end", sa.Integer()),
        sa.Column("cameo", sa.String(8)),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("inferred", sa.String(32)),
        sa.Column("sort_date", UtcDateTime(), nullable=False),
        sa.Column("outlet", sa.String(200)),
        sa.ForeignKeyConstraint(
            ["article_pk"], ["articles.pk"], name="fk_relations_article_pk_articles",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("pk", name="pk_relations"),
    )
    op.create_index("ix_relations_article_pk", "relations", ["article_pk"])
    op.create_index("ix_relations_sort_date", "relations", ["sort_date"])
    op.create_index("ix_relations_event_sort_date", "relations", ["event", "sort_date"])
    op.create_table(
        "relation_actors",
        sa.Column("relation_pk", PK, nullable=False, autoincrement=False),
        sa.Column("role", sa.String(8), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False, autoincrement=False),
        sa.Column("key", sa.String(200)),
        sa.Column("name", sa.Text()),
        sa.Column("type", sa.String(16)),
        sa.Column("country", sa.String(3)),
        sa.Column("sector", sa.String(40)),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["relation_pk"], ["relations.pk"], name="fk_relation_actors_relation_pk_relations",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("relation_pk", "role", "position", name="pk_relation_actors"),
        sqlite_with_rowid=False,
    )
    op.create_index("ix_relation_actors_key", "relation_actors", ["key", "role"])
    op.create_index("ix_relation_actors_country", "relation_actors", ["country", "role"])


def downgrade() -> None:
    op.drop_table("relation_actors")
    op.drop_table("relations")
