"""The kept counts' ordering index only over network edges (``dim = 'edge'``): the other
dims hold few enough values per filter to sort when read, and a partial index spares
most writes an index update (``store/aggregates.py``).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

EDGES = sa.text("dim = 'edge'")


def upgrade() -> None:
    op.drop_index("ix_agg_counts_top", table_name="agg_counts")
    op.create_index(
        "ix_agg_counts_edges",
        "agg_counts",
        ["filter", "reports", "value"],
        sqlite_where=EDGES,
        postgresql_where=EDGES,
    )
    op.execute("ANALYZE agg_counts")  # the planners need to know how many edges there are


def downgrade() -> None:
    op.drop_index("ix_agg_counts_edges", table_name="agg_counts")
    op.create_index("ix_agg_counts_top", "agg_counts", ["filter", "dim", "reports", "value"])
