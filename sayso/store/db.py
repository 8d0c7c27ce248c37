"""Connecting to the database: one SQLAlchemy engine, tuned per back-end.

SQLite runs in WAL mode (readers never block the writer), with foreign keys on and a busy
timeout so that a second process waits instead of failing. Write transactions start with
``BEGIN IMMEDIATE`` so two writers queue up front instead of failing half-way.
"""

from __future__ import annotations

import select
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.pool import ConnectionPoolEntry, PoolProxiedConnection

from sayso.config import db_url

BUSY_TIMEOUT_MS = 60_000


class StoreError(Exception):
    """The database cannot be used; the message says which one and what to do."""


def normalise_url(url: str | None) -> str:
    """Accept a bare file path as an SQLite database; default from ``SAYSO_DB``."""
    url = db_url(url)
    if "://" not in url:
        return f"sqlite:///{Path(url).expanduser()}"
    if url.startswith(("postgresql://", "postgres://")):
        # psycopg 3 is the driver we ship; SQLAlchemy would otherwise look for psycopg2.
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def missing_sqlite_file(url: str | None) -> Path | None:
    """The SQLite file ``url`` names when it does not exist yet (None for PostgreSQL, an
    in-memory database or a file that is there): commands that only read refuse it rather
    than create an empty database."""
    parsed = make_url(normalise_url(url))
    database = parsed.database
    if parsed.get_backend_name() != "sqlite" or not database or database == ":memory:":
        return None
    path = Path(database).expanduser()
    return None if path.exists() else path


def make_engine(url: str | None = None) -> Engine:
    url = normalise_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(url, parsed.database)
    if parsed.get_backend_name() == "postgresql":
        engine = create_engine(url, pool_size=5, max_overflow=5, paramstyle="format")
        event.listen(engine, "checkout", _refuse_closed)
        # Many-row INSERTs as one multi-row VALUES statement: psycopg's executemany would
        # otherwise send one INSERT per row (pipelined, but still a parse/plan/execute each),
        # which was most of the cost of storing an article's quotes, entities and bands.
        engine.dialect.use_insertmanyvalues_wo_returning = True
        return engine
    raise StoreError(f"{url}: unsupported database; use sqlite:///FILE or postgresql://…")


def _refuse_closed(
    dbapi_conn: DBAPIConnection, _record: ConnectionPoolEntry, _proxy: PoolProxiedConnection
) -> None:
    """Before a pooled PostgreSQL connection is handed out: if the server has closed it
    (restarted, or the back-end was terminated), SQLAlchemy is told to open a new one.

    An idle connection's socket has nothing to read unless the server sent something,
    which for a connection at rest is its last word (an error, then the close). Asking the
    socket costs no round trip, where SQLAlchemy's ``pool_pre_ping`` sent a query (and
    opened a transaction) on every check-out (issue 16: an API answer's work on
    PostgreSQL was mostly round trips)."""
    poller = select.poll()
    poller.register(dbapi_conn.fileno(), select.POLLIN)
    if poller.poll(0):
        raise DisconnectionError("the server closed this connection")


def _sqlite_engine(url: str, database: str | None) -> Engine:
    if database and database != ":memory:":
        parent = Path(database).expanduser().resolve().parent
        if not parent.is_dir():
            raise StoreError(
                f"{url}: folder {parent} does not exist; create it or pick another --db"
            )
    # isolation_level=None: let us emit BEGIN ourselves (pysqlite's own handling would
    # defer it and break both transactional DDL and BEGIN IMMEDIATE).
    engine = create_engine(url, connect_args={"isolation_level": None, "timeout": 60})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: DBAPIConnection, _record: ConnectionPoolEntry) -> None:
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA journal_mode = WAL")
        cur.execute("PRAGMA synchronous = NORMAL")
        # Checkpoint every ~32 MB of WAL instead of 4 MB: pages changed by many small
        # transactions are copied back once, and fsync runs less often.
        cur.execute("PRAGMA wal_autocheckpoint = 8000")  # WAL + NORMAL: durable at checkpoints,
        cur.execute("PRAGMA foreign_keys = ON")  # never corrupt; fast commits
        # Searches jump around big indexes: 64 MB of page cache and memory-mapped reads
        # (the OS page cache, not copies) keep them off the disk.
        cur.execute("PRAGMA cache_size = -65536")
        cur.execute("PRAGMA mmap_size = 268435456")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")

    return engine


def read_engine(engine: Engine) -> Engine:
    """The engine reads go through (same pool): on PostgreSQL each statement in autocommit.

    A read opens no transaction then: psycopg would otherwise send a BEGIN before the first
    statement and the pool a ROLLBACK when the connection comes back, two round trips of a
    web request's five to ten. The reads see what they saw before: PostgreSQL's default
    isolation, READ COMMITTED, gives every statement its own snapshot in a transaction too.
    (SQLite keeps its read transaction: one snapshot for all the statements, no round trip.)"""
    if engine.dialect.name == "postgresql":
        return engine.execution_options(isolation_level="AUTOCOMMIT")
    return engine


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"
