"""PostgreSQL: ``actor_words`` kept by statement-level triggers, one set-based statement per
write instead of a PL/pgSQL call per row.

Migration 0013's row triggers ran their function once per actor and alias written: the
ingest writer stores ~20 actor rows per batch article (and loads the known ones' aliases),
and those calls were a fifth of the server's CPU per stored article (issue 15, measured with
the trigger disabled: 2.8 → 2.2 ms). Here each INSERT, UPDATE and DELETE on ``actors`` and
``actor_aliases`` fires its trigger once, reading the statement's rows from its transition
tables (``REFERENCING NEW/OLD TABLE``): the same words, for every writer whatever its path
(cascaded deletes included), in one statement. PostgreSQL takes no column list with
transition tables, so every UPDATE rewrites its rows' words, as 0013's did whenever an
update set their key (an upsert always does); the result is the same. SQLite has no
statement-level triggers: its row triggers stay.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03
"""

from __future__ import annotations

import importlib

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

words_0013 = importlib.import_module("sayso.store.migrations.versions.0013_actor_words")


def _functions() -> list[str]:
    """Per source table, one function per event, and its trigger."""
    out = []
    for table, name, id_col, key_col, alias_col in words_0013.SOURCES:
        alias_new = f"n.{alias_col}" if alias_col else "NULL"
        alias_old = f"w.alias = o.{alias_col}" if alias_col else "w.alias IS NULL"
        words = words_0013.PG_WORDS.format(key=f"n.{key_col}")
        insert = (
            "INSERT INTO actor_words (word, actor_id, name_key, alias) "
            f"SELECT DISTINCT w, n.{id_col}, n.{key_col}, {alias_new} "
            f"FROM new_rows AS n, {words} AS w WHERE w <> '';"
        )
        delete = (
            f"DELETE FROM actor_words AS w USING old_rows AS o "
            f"WHERE w.actor_id = o.{id_col} AND {alias_old};"
        )
        bodies = {
            "insert": ("NEW TABLE AS new_rows", insert),
            "delete": ("OLD TABLE AS old_rows", delete),
            "update": ("OLD TABLE AS old_rows NEW TABLE AS new_rows", delete + "\n  " + insert),
        }
        for event, (transition, body) in bodies.items():
            out += [
                f"""CREATE FUNCTION {name}_{event}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  {body}
  RETURN NULL;
END $$""",
                f"CREATE TRIGGER {name}_{event} AFTER {event.upper()} ON {table} "
                f"REFERENCING {transition} FOR EACH STATEMENT EXECUTE FUNCTION {name}_{event}()",
            ]
    return out


def _drop_row_triggers() -> list[str]:
    return [
        statement
        for table, name, *_ in words_0013.SOURCES
        for statement in (
            f"DROP TRIGGER IF EXISTS {name} ON {table}",
            f"DROP FUNCTION IF EXISTS {name}()",
        )
    ]


def _drop_statement_triggers() -> list[str]:
    return [
        statement
        for table, name, *_ in words_0013.SOURCES
        for event in ("insert", "delete", "update")
        for statement in (
            f"DROP TRIGGER IF EXISTS {name}_{event} ON {table}",
            f"DROP FUNCTION IF EXISTS {name}_{event}()",
        )
    ]


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for statement in _drop_row_triggers() + _functions():
        op.execute(sa.text(statement))


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for statement in _drop_statement_triggers() + words_0013._pg_triggers():
        op.execute(sa.text(statement))
