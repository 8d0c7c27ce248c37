"""PostgreSQL connections: reads run without a transaction, and a pooled connection the
server closed is replaced before use (no query sent to check it)."""

from __future__ import annotations

import psycopg
import sqlalchemy as sa

from sayso.store import Store
from tests.conftest import PG_BASE


def _backend_pids(store: Store) -> list[int]:
    with store._read() as conn:
        return [int(conn.execute(sa.text("SELECT pg_backend_pid()")).scalar_one())]


def test_reads_open_no_transaction(pg_url: str) -> None:
    store = Store(pg_url)
    try:
        with store._read() as conn:
            conn.execute(sa.text("SELECT count(*) FROM quotes")).scalar_one()
            raw = conn.connection.dbapi_connection
            assert isinstance(raw, psycopg.Connection)
            # no BEGIN was sent: nothing to roll back when the connection goes back
            assert raw.info.transaction_status == psycopg.pq.TransactionStatus.IDLE
        with store._write() as conn, conn.begin():  # writes still run in a transaction
            conn.execute(sa.text("SELECT 1"))
            raw = conn.connection.dbapi_connection
            assert isinstance(raw, psycopg.Connection)
            assert raw.info.transaction_status == psycopg.pq.TransactionStatus.INTRANS
    finally:
        store.close()


def test_connection_closed_by_the_server_is_replaced(pg_url: str) -> None:
    store = Store(pg_url)
    admin = sa.create_engine(PG_BASE)
    try:
        assert store.stats().articles == 0
        (pid,) = _backend_pids(store)  # the pool's one connection, now idle
        with admin.connect() as conn:
            # (its timeout: the call returns once the back-end is gone, its last word sent)
            conn.execute(sa.text("SELECT pg_terminate_backend(:pid, 5000)"), {"pid": pid})
        # the next read is answered, over a new connection
        assert store.stats().articles == 0
        assert _backend_pids(store) != [pid]
    finally:
        admin.dispose()
        store.close()
