"""The migrations build exactly the schema the code describes, on both back-ends."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from sayso.store import Store, schema
from sayso.store.migrate import current_revision, head_revision, upgrade


def _not_fulltext(diff: tuple) -> bool:
    obj = diff[1]
    name = getattr(obj, "name", "") or ""
    return "_fts" not in name  # FTS5 tables / GIN indexes live outside the metadata


def test_migrated_database_matches_metadata(store: Store) -> None:
    with store.engine.connect() as conn:
        assert current_revision(conn) == head_revision()
        diffs = compare_metadata(MigrationContext.configure(conn), schema.metadata)
    assert [d for d in diffs if _not_fulltext(d)] == []


def test_upgrade_is_idempotent(store: Store) -> None:
    before, after = upgrade(store.engine)
    assert before == after == head_revision()


def test_sqlite_database_uses_wal(sqlite_url: str) -> None:
    with Store(sqlite_url) as store, store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
