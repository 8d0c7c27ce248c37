"""Counts kept up to date on write (``agg_counts``, see ``store/aggregates.py``): facets,
totals, timelines and network edges without grouping the quotes per request. The table is
filled from the quotes already stored (about a minute per million quotes).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "agg_counts",
        sa.Column("filter", sa.String(220), nullable=False),
        sa.Column("dim", sa.String(16), nullable=False),
        sa.Column("value", sa.String(420), nullable=False),
        sa.Column("reports", sa.BigInteger(), nullable=False),
        sa.Column("statements", sa.BigInteger(), nullable=False),
        sa.Column("first", sa.String(10)),
        sa.Column("last", sa.String(10)),
        sa.PrimaryKeyConstraint("filter", "dim", "value", name="pk_agg_counts"),
        sqlite_with_rowid=False,
    )
    op.create_index("ix_agg_counts_top", "agg_counts", ["filter", "dim", "reports", "value"])
    from sayso.store import aggregates

    aggregates.rebuild(op.get_bind())


def downgrade() -> None:
    op.drop_index("ix_agg_counts_top", table_name="agg_counts")
    op.drop_table("agg_counts")
