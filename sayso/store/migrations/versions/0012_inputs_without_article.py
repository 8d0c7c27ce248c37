"""``ingested_inputs`` also remembers inputs that hold no article (``article_pk`` NULL).

An input read whole that gave no article (an empty file, an archived page with no article
text: ``model.NoArticle``) gives the same answer from the same bytes read by the same
analyser, so ``sayso ingest`` skips it next time, like an input whose article is stored
(before, the 273 such records of the first 1,000 of the kremlin.ru archive were read again
on every run). Its digest includes the analyser's fingerprint, so a new sayso reads it
again; ``--reanalyse`` too. Inputs that failed are never written here.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

PK = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    with op.batch_alter_table("ingested_inputs") as batch_op:
        batch_op.alter_column("article_pk", existing_type=PK, nullable=True)


def downgrade() -> None:
    # older code knows only inputs with an article: the others are read again by it
    op.execute(sa.text("DELETE FROM ingested_inputs WHERE article_pk IS NULL"))
    with op.batch_alter_table("ingested_inputs") as batch_op:
        batch_op.alter_column("article_pk", existing_type=PK, nullable=False)
