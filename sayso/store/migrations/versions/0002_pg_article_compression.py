"""PostgreSQL: compress article text with lz4 instead of pglz.

pglz gives up on a value whose first kilobyte does not shrink, which is the case for most
news text: the articles were stored nearly as they came. lz4 compresses the ones PostgreSQL
moves out of line (rows over ~2 kB) by about a fifth. Measured with bench/store.py at 20,000
articles: the articles table 74 → 67 MB, the whole store 4.19x → 4.10x the raw text.
SQLite compresses article text itself (``types.BodyText``); nothing changes there.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# A server built without lz4 keeps pglz: the change is worth having, not worth failing for.
_TRY = "DO $$ BEGIN EXECUTE '{sql}'; EXCEPTION WHEN others THEN NULL; END $$"


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_TRY.format(sql="ALTER TABLE articles ALTER COLUMN text SET COMPRESSION lz4"))


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            _TRY.format(sql="ALTER TABLE articles ALTER COLUMN text SET COMPRESSION default")
        )
