"""Analysts' corrections: a ``corrections`` table, and ``quotes.corrected`` naming the
correction that set a quote's speaker (see ``store/corrections.py``).

Adding (and dropping) a nullable, unindexed column needs no table rebuild on either
back-end, so the full-text triggers on ``quotes`` (SQLite) stay as they are.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from sayso.store.types import UtcDateTime

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

PK = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.add_column("quotes", sa.Column("corrected", sa.String(16), nullable=True))
    op.create_table(
        "corrections",
        sa.Column("pk", PK, primary_key=True, autoincrement=True),
        sa.Column("id", sa.String(16), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("actor", sa.String(200)),
        sa.Column("target", sa.String(200)),
        sa.Column("name", sa.Text()),
        sa.Column("type", sa.String(16)),
        sa.Column("form", sa.Text()),
        sa.Column("article_id", sa.String(16)),
        sa.Column("start", sa.Integer()),
        sa.Column("end", sa.Integer()),
        sa.Column("words", sa.Text()),
        sa.Column("by", sa.String(200), nullable=False),
        sa.Column("at", UtcDateTime(), nullable=False),
        sa.Column("note", sa.Text()),
        sa.PrimaryKeyConstraint("pk", name="pk_corrections"),
        sa.UniqueConstraint("id", name="uq_corrections_id"),
    )
    op.create_index("ix_corrections_actor", "corrections", ["actor"])
    op.create_index("ix_corrections_article_id", "corrections", ["article_id"])


def downgrade() -> None:
    op.drop_index("ix_corrections_article_id", table_name="corrections")
    op.drop_index("ix_corrections_actor", table_name="corrections")
    op.drop_table("corrections")
    # Plain ALTER TABLE … DROP COLUMN (SQLite ≥ 3.35 too): a batch rebuild would drop the
    # full-text triggers on quotes.
    op.execute("ALTER TABLE quotes DROP COLUMN corrected")
