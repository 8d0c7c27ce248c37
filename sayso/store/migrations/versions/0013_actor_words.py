"""``actor_words``: each word of every actor's name key and alias key, kept by triggers, so a
name is looked up through an index instead of scanning every name.

A speaker or ``about`` filter given as a name ("Lukashenko") means every actor whose name
or alias holds those words in sequence (``search.resolve_actor_keys``). That was a
``LIKE '% name %'`` over every actor and alias: ~2 ms of SQLite per request on 5,000 actors,
the largest part of a quotes-by-speaker request (bench/load.py). Now the rows holding one of
the name's words are found by index, and only their keys are checked with the same LIKE.

The words are written by triggers on ``actors`` and ``actor_aliases`` (insert, update of the
key, delete; cascades included), so every writer keeps them, whatever its path. A key is
split at spaces (keys are folded: words and single spaces, ``keys.fold``). On SQLite a
table rebuilt by a later migration (``batch_alter_table`` on ``actors`` or
``actor_aliases``) loses its triggers: that migration must create them again.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

# SQLite: a key's words as a JSON array, read by json_each. json_quote escapes what JSON
# needs and never yields a space, so replacing the spaces inside the quoted key by '","'
# splits it into quoted words.
SQLITE_WORDS = "json_each('[' || replace(json_quote({key}), ' ', '\",\"') || ']')"
PG_WORDS = "unnest(string_to_array({key}, ' '))"

# (table, trigger name prefix, id column, key column, alias value: NULL for the name)
SOURCES = (
    ("actors", "actor_words_name", "id", "name_key", None),
    ("actor_aliases", "actor_words_alias", "actor_id", "alias_key", "alias"),
)


def _sqlite_insert(row: str, id_col: str, key_col: str, alias_col: str | None) -> str:
    words = SQLITE_WORDS.format(key=f"{row}.{key_col}")
    alias = f"{row}.{alias_col}" if alias_col else "NULL"
    return (
        "INSERT INTO actor_words (word, actor_id, name_key, alias) "
        f"SELECT DISTINCT value, {row}.{id_col}, {row}.{key_col}, {alias} "
        f"FROM {words} WHERE value <> ''"
    )


def _sqlite_delete(id_col: str, alias_col: str | None) -> str:
    alias = f"alias = old.{alias_col}" if alias_col else "alias IS NULL"
    return f"DELETE FROM actor_words WHERE actor_id = old.{id_col} AND {alias}"


def _sqlite_triggers() -> list[str]:
    out = []
    for table, name, id_col, key_col, alias_col in SOURCES:
        columns = ", ".join(c for c in (id_col, key_col, alias_col) if c)
        insert = _sqlite_insert("new", id_col, key_col, alias_col)
        delete = _sqlite_delete(id_col, alias_col)
        out += [
            f"CREATE TRIGGER {name}_insert AFTER INSERT ON {table} BEGIN {insert}; END",
            f"CREATE TRIGGER {name}_update AFTER UPDATE OF {columns} ON {table} "
            f"BEGIN {delete}; {insert}; END",
            f"CREATE TRIGGER {name}_delete AFTER DELETE ON {table} BEGIN {delete}; END",
        ]
    return out


def _pg_triggers() -> list[str]:
    out = []
    for table, name, id_col, key_col, alias_col in SOURCES:
        alias_new = f"NEW.{alias_col}" if alias_col else "NULL"
        alias_old = f"alias = OLD.{alias_col}" if alias_col else "alias IS NULL"
        columns = ", ".join(c for c in (id_col, key_col, alias_col) if c)
        out += [
            f"""CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    DELETE FROM actor_words WHERE actor_id = OLD.{id_col} AND {alias_old};
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO actor_words (word, actor_id, name_key, alias)
    SELECT DISTINCT w, NEW.{id_col}, NEW.{key_col}, {alias_new}
    FROM {PG_WORDS.format(key=f"NEW.{key_col}")} AS w WHERE w <> '';
  END IF;
  RETURN NULL;
END $$""",
            f"CREATE TRIGGER {name} AFTER INSERT OR DELETE OR UPDATE OF {columns} ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {name}()",
        ]
    return out


def _backfill(sqlite: bool) -> list[str]:
    out = []
    for table, _, id_col, key_col, alias_col in SOURCES:
        alias = f"t.{alias_col}" if alias_col else "NULL"
        if sqlite:
            words, word = SQLITE_WORDS.format(key=f"t.{key_col}") + " AS w", "w.value"
        else:
            words, word = PG_WORDS.format(key=f"t.{key_col}") + " AS w", "w"
        out.append(
            "INSERT INTO actor_words (word, actor_id, name_key, alias) "
            f"SELECT DISTINCT {word}, t.{id_col}, t.{key_col}, {alias} "
            f"FROM {table} AS t, {words} WHERE {word} <> ''"
        )
    return out


def upgrade() -> None:
    op.create_table(
        "actor_words",
        sa.Column("word", sa.String(200), nullable=False),
        sa.Column("actor_id", sa.String(200), nullable=False),
        sa.Column("name_key", sa.String(200), nullable=False),
        sa.Column("alias", sa.Text(), nullable=True),
    )
    op.create_index("ix_actor_words_word", "actor_words", ["word"])
    op.create_index("ix_actor_words_actor_id", "actor_words", ["actor_id"])
    sqlite = op.get_bind().dialect.name == "sqlite"
    for statement in _backfill(sqlite) + (_sqlite_triggers() if sqlite else _pg_triggers()):
        op.execute(sa.text(statement))
    op.execute(sa.text("ANALYZE actor_words"))


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table, name, *_ in SOURCES:
        if sqlite:
            for suffix in ("insert", "update", "delete"):
                op.execute(sa.text(f"DROP TRIGGER IF EXISTS {name}_{suffix}"))
        else:
            op.execute(sa.text(f"DROP TRIGGER IF EXISTS {name} ON {table}"))
            op.execute(sa.text(f"DROP FUNCTION IF EXISTS {name}()"))
    op.drop_index("ix_actor_words_actor_id", table_name="actor_words")
    op.drop_index("ix_actor_words_word", table_name="actor_words")
    op.drop_table("actor_words")
