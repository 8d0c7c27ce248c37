"""Inserting rows that cannot clash with stored ones, at the driver's speed.

The rows of an article's analysis (quotes, their about and addressee rows, relations and
their actors, its LSH bands) hang off an article row this transaction has just inserted
(or whose analysis it has just deleted): no other writer can hold rows of that article,
so they need no ON CONFLICT, and their keys can be taken before they are sent.

Storing one article writes ~30 such rows. Through SQLAlchemy each row's parameters are
processed one by one in Python, and on PostgreSQL a many-row INSERT is one long statement
whose text psycopg parses again every time (it caches only short ones): together most of
the writer's CPU (issue 15). Here the rows go as tuples, converted only where a column's
type needs it (dates on SQLite, compressed text), as one ``COPY`` on PostgreSQL (rows
formatted in psycopg's C code) and one ``executemany`` on SQLite (a loop in C). Primary
keys are taken first: PostgreSQL hands out a range of its sequence in one round trip;
SQLite, whose one writer holds the database, counts on from the largest key, as it would
itself. The values stored are those SQLAlchemy would have stored.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import date, datetime
from operator import itemgetter
from typing import Any  # Any: column values

from sqlalchemy import JSON, Connection, Table
from sqlalchemy.exc import DBAPIError

Processor = Callable[[Any], Any] | None
_PROCESSORS: dict[tuple[str, str, tuple[str, ...]], list[Processor]] = {}


def insert_new(
    conn: Connection, table: Table, rows: Sequence[dict[str, Any]], *, with_pks: bool = False
) -> list[int]:
    """Insert ``rows`` (dicts with the same keys) into ``table``; with ``with_pks`` each gets
    a new ``pk``, and those are returned in the order of ``rows``."""
    if not rows:
        return []
    columns = tuple(rows[0])
    values = as_tuples(rows, columns)
    pks: list[int] = []
    if with_pks:
        pks = take_pks(conn, table, len(rows))
        columns = ("pk", *columns)
        values = [(pk, *row) for pk, row in zip(pks, values, strict=True)]
    values = _processed(conn, table, columns, values)
    if conn.dialect.name == "postgresql":
        _copy(conn, table, columns, values)
    else:
        names = ", ".join(f'"{c}"' for c in columns)
        marks = ", ".join("?" * len(columns))
        conn.exec_driver_sql(f"INSERT INTO {table.name} ({names}) VALUES ({marks})", values)
    return pks


def as_tuples(rows: Sequence[dict[str, Any]], columns: tuple[str, ...]) -> list[tuple[Any, ...]]:
    """The rows' values in ``columns`` order (``itemgetter`` runs in C: a generator per row
    cost the writer ~0.1 ms per article)."""
    if len(columns) == 1:
        return [(row[columns[0]],) for row in rows]
    getter = itemgetter(*columns)
    return [getter(row) for row in rows]


def take_pks(conn: Connection, table: Table, n: int) -> list[int]:
    """``n`` new primary keys of ``table``, in increasing order."""
    if conn.dialect.name == "postgresql":
        cursor = conn.exec_driver_sql(
            "SELECT nextval(pg_get_serial_sequence(%(t)s, 'pk')) FROM generate_series(1, %(n)s)",
            {"t": table.name, "n": n},
        )
        return sorted(cursor.scalars())
    last = conn.exec_driver_sql(f"SELECT max(pk) FROM {table.name}").scalar() or 0
    return list(range(last + 1, last + 1 + n))


def _processed(
    conn: Connection, table: Table, columns: tuple[str, ...], values: list[tuple[Any, ...]]
) -> list[tuple[Any, ...]]:
    """The values as SQLAlchemy would hand them to the driver (its types' bind processors)."""
    steps = [(i, p) for i, p in enumerate(_processors(conn, table, columns)) if p is not None]
    if not steps:
        return values
    out = []
    for row in values:
        changed = list(row)
        for i, process in steps:
            changed[i] = process(changed[i])
        out.append(tuple(changed))
    return out


def _processors(conn: Connection, table: Table, columns: tuple[str, ...]) -> list[Processor]:
    """Each column's bind processor in this dialect (None: the value goes as it is)."""
    key = (conn.dialect.name, table.name, columns)
    if key not in _PROCESSORS:
        dialect = conn.dialect
        _PROCESSORS[key] = [
            table.c[c].type.dialect_impl(dialect).bind_processor(dialect) for c in columns
        ]
    return _PROCESSORS[key]


def _copy(
    conn: Connection, table: Table, columns: tuple[str, ...], values: list[tuple[Any, ...]]
) -> None:
    names = ", ".join(f'"{c}"' for c in columns)
    sql = f"COPY {table.name} ({names}) FROM STDIN"
    raw: Any = conn.connection.dbapi_connection  # psycopg's, for its COPY
    error = conn.dialect.loaded_dbapi.Error
    try:
        with raw.cursor() as cursor, cursor.copy(sql) as copy:
            for row in values:
                copy.write_row(row)
    except error as exc:  # as SQLAlchemy raises it (IntegrityError…): callers catch those
        raise DBAPIError.instance(sql, None, exc, error) from exc


def upsert(
    conn: Connection,
    table: Table,
    index: Sequence[str],
    rows: Sequence[dict[str, Any]],
    *,
    update: Sequence[str] = (),
    returning: tuple[str, ...] = (),
) -> list[tuple[Any, ...]] | None:
    """INSERT … ON CONFLICT (index) of ``rows`` (dicts with the same keys, in ``index``
    order): DO NOTHING, or with ``update`` DO UPDATE those columns to the row's values.

    PostgreSQL: one statement of fixed text whatever the number of rows; they go as one
    JSON parameter (encoded in C by ``json``) that the server reads with
    ``json_populate_recordset`` into the table's own row type. ``returning``: those
    columns of the rows written. SQLite: one ``executemany`` of the plain statement;
    with ``returning`` (which it cannot do in one ``executemany``) None: the caller's own
    statement then."""
    pg = conn.dialect.name == "postgresql"
    if returning and not pg:
        return None
    if not rows:
        return []
    columns = tuple(rows[0])
    names = ", ".join(f'"{c}"' for c in columns)
    keys = ", ".join(f'"{c}"' for c in index)
    action = "DO NOTHING"
    if update:
        action = "DO UPDATE SET " + ", ".join(f'"{c}" = excluded."{c}"' for c in update)
    if not pg:
        marks = ", ".join("?" * len(columns))
        values = _processed(conn, table, columns, as_tuples(rows, columns))
        conn.exec_driver_sql(
            f"INSERT INTO {table.name} ({names}) VALUES ({marks}) ON CONFLICT ({keys}) {action}",
            values,
        )
        return []
    sql = (
        f"INSERT INTO {table.name} ({names}) SELECT {names} FROM "
        f"json_populate_recordset(NULL::{table.name}, %(rows)s::json) ORDER BY {keys} "
        f"ON CONFLICT ({keys}) {action}"
    )
    if returning:
        sql += " RETURNING " + ", ".join(f'"{c}"' for c in returning)
    processors = [
        (c, p)
        for c, p in zip(columns, _processors(conn, table, columns), strict=True)
        if p is not None and not isinstance(table.c[c].type, JSON)  # JSON nests as it is
    ]
    if processors:
        rows = [{**row, **{c: p(row[c]) for c, p in processors}} for row in rows]
    result = conn.exec_driver_sql(sql, {"rows": json_rows(rows)})
    return [tuple(r) for r in result] if returning else []


def json_rows(rows: Sequence[dict[str, Any] | Sequence[Any]]) -> str:
    """``rows`` as JSON text for PostgreSQL to read as a record set: dates and times in ISO
    form, bytes as ``bytea`` hex."""
    return json.dumps(rows, ensure_ascii=False, separators=(",", ":"), default=_json_value)


def _json_value(value: Any) -> str:
    value = getattr(value, "obj", value)  # bytes wrapped by the driver's Binary()
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes | bytearray | memoryview):
        return "\\x" + bytes(value).hex()
    raise TypeError(f"cannot send {type(value).__name__} as JSON")
