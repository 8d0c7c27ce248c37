"""PostgreSQL: full-text indexes over the first 100,000 characters of a text.

An article with a few hundred thousand distinct words made a tsvector over PostgreSQL's
1 MB limit: the insert failed ("string is too long for tsvector") and so did every rerun.
The indexes now hold ``left(text, fulltext.PG_INDEXED_CHARS)`` of articles and quotes (see
``sayso.store.fulltext``); SQLite's FTS5 has no such limit and nothing changes there.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02
"""

from alembic import op

from sayso.store import fulltext

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_UNBOUNDED = [
    "CREATE INDEX ix_quotes_fts ON quotes USING gin ((to_tsvector('sayso_english', quotes.text)"
    " || array_to_tsvector(ARRAY['@' || coalesce(quotes.speaker_key, '')])))",
    "CREATE INDEX ix_articles_fts ON articles USING gin "
    "(to_tsvector('sayso_english', coalesce(title, '') || ' ' || text))",
]


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _recreate([d for d in fulltext.POSTGRES_DDL if d.startswith("CREATE INDEX")])


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _recreate(_UNBOUNDED)


def _recreate(indexes: list[str]) -> None:
    op.execute("DROP INDEX IF EXISTS ix_quotes_fts")
    op.execute("DROP INDEX IF EXISTS ix_articles_fts")
    for ddl in indexes:
        op.execute(ddl)
