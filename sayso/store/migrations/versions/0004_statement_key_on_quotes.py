"""A quote carries its statement key; the ``statements`` table goes.

A statement is fully defined by its key (hash of speaker key + folded words,
``keys.statement_key``), and its words, speaker and first date are those of its reports, so
the table held nothing a quote cannot carry: ``quotes.statement_pk`` (a foreign key) becomes
``quotes.statement_key``, the 64-bit key as a signed BIGINT (``keys.statement_int``). This
saves the table with its two indexes (~13 MB per 100,000 quotes on PostgreSQL) and one to
three statements per stored article.

Data-preserving on both back-ends: the keys are converted in Python (one place,
``keys.statement_int``) into a temporary table, then copied onto the quotes with one UPDATE.
On SQLite, dropping a column that has a foreign key rebuilds the table (alembic batch mode),
which drops the full-text triggers on ``quotes``: they are created again. The rebuild copies
every ``pk`` as is, so the external-content ``quotes_fts`` index still matches its rows; an
FTS5 integrity check confirms it (and the index is rebuilt if it ever does not).
``migrate.upgrade`` runs SQLite migrations with foreign keys off, else dropping the old table
would cascade to ``quote_about`` and ``quote_mentions``.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from sayso.store import fulltext
from sayso.store.keys import statement_hex, statement_int
from sayso.store.schema import NO_DATE
from sayso.store.types import UtcDateTime

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

BATCH = 20_000
PK = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
_MAP = "statement_key_map_0004"  # temporary: statements.pk → key as an integer
_map = sa.table(_MAP, sa.column("pk", sa.BigInteger), sa.column("value", sa.BigInteger))


def upgrade() -> None:
    conn = op.get_bind()
    op.add_column("quotes", sa.Column("statement_key", sa.BigInteger(), nullable=True))
    _map_statement_keys(conn)
    conn.execute(
        sa.text(
            f"UPDATE quotes SET statement_key = {_MAP}.value FROM {_MAP} "
            f"WHERE {_MAP}.pk = quotes.statement_pk"
        )
    )
    conn.execute(sa.text(f"DROP TABLE {_MAP}"))
    with op.batch_alter_table("quotes") as batch_op:
        batch_op.drop_index("ix_quotes_statement_pk")
        batch_op.drop_constraint("fk_quotes_statement_pk_statements", type_="foreignkey")
        batch_op.drop_column("statement_pk")
        batch_op.alter_column("statement_key", existing_type=sa.BigInteger(), nullable=False)
        batch_op.create_index("ix_quotes_statement_key", ["statement_key"], unique=False)
    op.drop_table("statements")
    _restore_quote_fulltext(conn)


def _map_statement_keys(conn: sa.Connection) -> None:
    """Fill the temporary table ``_MAP`` with each statement's pk and its key as an integer
    (converted in Python, batched)."""
    conn.execute(sa.text(f"CREATE TEMPORARY TABLE {_MAP} (pk BIGINT PRIMARY KEY, value BIGINT)"))
    statements = sa.table("statements", sa.column("pk", PK), sa.column("key", sa.String))
    last = None
    while True:
        stmt = sa.select(statements.c.pk, statements.c.key).order_by(statements.c.pk).limit(BATCH)
        if last is not None:
            stmt = stmt.where(statements.c.pk > last)
        rows = conn.execute(stmt).all()
        if not rows:
            return
        conn.execute(_map.insert(), [{"pk": pk, "value": statement_int(key)} for pk, key in rows])
        last = rows[-1].pk


def downgrade() -> None:
    """The statements table again, one row per distinct key, dated by its first report."""
    conn = op.get_bind()
    op.create_table(
        "statements",
        sa.Column("pk", PK, autoincrement=True, nullable=False),
        sa.Column("key", sa.String(length=16), nullable=False),
        sa.Column("speaker_key", sa.String(length=200), nullable=True),
        sa.Column("first_published", UtcDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("pk", name="pk_statements"),
        sa.UniqueConstraint("key", name="uq_statements_key"),
    )
    statements = sa.table(
        "statements",
        sa.column("pk", PK),
        sa.column("key", sa.String),
        sa.column("speaker_key", sa.String),
        sa.column("first_published", UtcDateTime()),
    )
    quotes = sa.table(
        "quotes",
        sa.column("statement_key", sa.BigInteger),
        sa.column("speaker_key", sa.String),
        sa.column("sort_date", UtcDateTime()),
    )
    dated = sa.case((quotes.c.sort_date > sa.literal(NO_DATE, UtcDateTime()), quotes.c.sort_date))
    grouped = (
        sa.select(quotes.c.statement_key, sa.func.min(quotes.c.speaker_key), sa.func.min(dated))
        .group_by(quotes.c.statement_key)
        .order_by(quotes.c.statement_key)
    )
    last = None
    while True:
        stmt = grouped if last is None else grouped.where(quotes.c.statement_key > last)
        rows = conn.execute(stmt.limit(BATCH)).all()
        if not rows:
            break
        conn.execute(
            statements.insert(),
            [
                {"key": statement_hex(k), "speaker_key": s, "first_published": first}
                for k, s, first in rows
            ],
        )
        last = rows[-1][0]
    op.add_column("quotes", sa.Column("statement_pk", PK, nullable=True))
    _map_statement_keys(conn)
    conn.execute(
        sa.text(
            f"UPDATE quotes SET statement_pk = {_MAP}.pk FROM {_MAP} "
            f"WHERE {_MAP}.value = quotes.statement_key"
        )
    )
    conn.execute(sa.text(f"DROP TABLE {_MAP}"))
    with op.batch_alter_table("quotes") as batch_op:
        batch_op.drop_index("ix_quotes_statement_key")
        batch_op.drop_column("statement_key")
        batch_op.alter_column("statement_pk", existing_type=PK, nullable=False)
        batch_op.create_foreign_key(
            "fk_quotes_statement_pk_statements", "statements", ["statement_pk"], ["pk"]
        )
        batch_op.create_index("ix_quotes_statement_pk", ["statement_pk"], unique=False)
    _restore_quote_fulltext(conn)


def _restore_quote_fulltext(conn: sa.Connection) -> None:
    """SQLite: the table rebuild dropped the triggers that keep ``quotes_fts`` current."""
    if conn.dialect.name != "sqlite":
        return
    for ddl in fulltext.SQLITE_DDL:
        if ddl.startswith("CREATE TRIGGER quotes_fts_"):
            conn.execute(sa.text(ddl.replace("CREATE TRIGGER", "CREATE TRIGGER IF NOT EXISTS")))
    try:  # rank 1: compare the index with the rows of quotes, not only with itself
        conn.execute(
            sa.text("INSERT INTO quotes_fts(quotes_fts, rank) VALUES ('integrity-check', 1)")
        )
    except sa.exc.DatabaseError:
        conn.execute(sa.text("INSERT INTO quotes_fts(quotes_fts) VALUES ('rebuild')"))
