"""Create or upgrade the database schema with the alembic migrations shipped in the package.

``ensure_schema(engine)`` is cheap when the database is current (one query) and safe when
several processes start at once: PostgreSQL serialises upgrades with an advisory lock,
SQLite with ``BEGIN IMMEDIATE`` (alembic runs inside that one transaction, with foreign keys
off so that table rebuilds do not cascade).
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import resources
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect, text

if TYPE_CHECKING:  # alembic takes ~0.3 s to import: only when the schema must change
    from alembic.config import Config

SCRIPT_LOCATION = "sayso.store:migrations"
_ADVISORY_LOCK = 0x5A7505  # any constant shared by every sayso process


def alembic_config(conn: Connection | None = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", SCRIPT_LOCATION)
    if conn is not None:
        cfg.attributes["connection"] = conn
    return cfg


def head_revision() -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(conn: Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(conn).get_current_revision()


def newest_migration() -> str:
    """The newest migration's revision, from the file names (``000N_name.py``, chained by
    number: tests/store/test_migrations.py holds them to it), without importing alembic."""
    folder = resources.files("sayso.store.migrations").joinpath("versions")
    return max(e.name[:4] for e in folder.iterdir() if e.name[:4].isdigit())


def stored_revision(conn: Connection) -> str | None:
    """The revision the database is at (alembic's own table), without importing alembic."""
    if not inspect(conn).has_table("alembic_version"):
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def is_current(engine: Engine) -> bool:
    """One query: a database that is current opens without importing alembic."""
    with engine.connect() as conn:
        return stored_revision(conn) == newest_migration()


def upgrade(engine: Engine, revision: str = "head") -> tuple[str | None, str | None]:
    """Bring the schema to ``revision``; returns (revision before, revision after)."""
    from alembic import command

    return _migrate(engine, command.upgrade, revision)


def downgrade(engine: Engine, revision: str) -> tuple[str | None, str | None]:
    """Take the schema back to ``revision`` (older code reading an upgraded database)."""
    from alembic import command

    return _migrate(engine, command.downgrade, revision)


def _migrate(
    engine: Engine, run: Callable[[Config, str], None], revision: str
) -> tuple[str | None, str | None]:
    if engine.dialect.name == "sqlite":
        return _migrate_sqlite(engine, run, revision)
    with engine.connect() as conn:
        conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": _ADVISORY_LOCK})
        conn.commit()
        try:
            with conn.begin():
                before = current_revision(conn)
                run(alembic_config(conn), revision)
                after = current_revision(conn)
        finally:
            conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _ADVISORY_LOCK})
            conn.commit()
    return before, after


def _migrate_sqlite(
    engine: Engine, run: Callable[[Config, str], None], revision: str
) -> tuple[str | None, str | None]:
    """SQLite: one ``BEGIN IMMEDIATE`` transaction, with foreign keys off.

    A migration that rebuilds a table (alembic batch mode: copy, drop, rename) would
    otherwise cascade the drop to the rows referring to it. This is SQLite's own recipe for
    schema changes: foreign keys off outside the transaction, ``foreign_key_check`` before
    commit, on again afterwards.
    """
    with engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        assert raw is not None
        raw.execute("PRAGMA foreign_keys = OFF")  # a no-op inside a transaction: set before
        try:
            conn = conn.execution_options(sqlite_begin="IMMEDIATE")
            with conn.begin():
                before = current_revision(conn)
                run(alembic_config(conn), revision)
                after = current_revision(conn)
                broken = conn.exec_driver_sql("PRAGMA foreign_key_check").first()
                if broken is not None:
                    raise RuntimeError(f"schema change to {after} broke a foreign key: {broken}")
        finally:
            raw.execute("PRAGMA foreign_keys = ON")
    return before, after


def ensure_schema(engine: Engine) -> None:
    if not is_current(engine):
        upgrade(engine)
