"""The UTC offset a source stated for an article's date, kept next to the date.

Dates are stored as naive UTC; the offset was dropped on the way in, so a statement
released at 7 pm on 7 January in Washington (00:00 UTC on the 8th) was shown, filtered and
counted as of 8 January. ``published_offset`` (minutes east of UTC) on ``articles``, and
copied onto ``quotes`` beside ``sort_date`` so that date filters and the timeline use the
source's local day without a join. Existing rows get NULL (offset unknown: their dates stay
UTC, as before); ingesting their sources again fills it in.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Nullable without a default: on both back-ends adding the column rewrites no row.
    op.add_column("articles", sa.Column("published_offset", sa.SmallInteger(), nullable=True))
    op.add_column("quotes", sa.Column("published_offset", sa.SmallInteger(), nullable=True))


def downgrade() -> None:
    # SQLite 3.35+ drops a column in place (no table rebuild, full-text triggers intact).
    op.drop_column("quotes", "published_offset")
    op.drop_column("articles", "published_offset")
