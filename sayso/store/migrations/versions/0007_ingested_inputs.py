"""``ingested_inputs``: which bytes each stored article was read from, to skip them next time.

One row per place an input was read from (``key``: its real path, ``path#N`` for the Nth
record of an archive, or its URL) with a digest of its bytes and of the analyser (code, data,
model) that read and analysed them, and the article they gave. ``sayso ingest`` skips an
input whose key and digest are stored before reading or analysing it, so a second run over
the same archive costs reading and hashing, not NLP. The row goes with its article
(ON DELETE CASCADE), so an article replaced or removed is read again.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

PK = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "ingested_inputs",
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("digest", sa.String(32), nullable=False),
        sa.Column("article_pk", PK, nullable=False),
        sa.ForeignKeyConstraint(
            ["article_pk"],
            ["articles.pk"],
            name="fk_ingested_inputs_article_pk_articles",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("key", name="pk_ingested_inputs"),
    )
    op.create_index("ix_ingested_inputs_article_pk", "ingested_inputs", ["article_pk"])


def downgrade() -> None:
    op.drop_index("ix_ingested_inputs_article_pk", table_name="ingested_inputs")
    op.drop_table("ingested_inputs")
