"""Column types that differ by back-end behind one name."""

from __future__ import annotations

import json
import zlib
from datetime import UTC, datetime, timedelta
from typing import Any, cast  # Any: SQLAlchemy's TypeDecorator hooks take and give driver values

from sqlalchemy import BigInteger, DateTime, LargeBinary, Text
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator, TypeEngine

COMPRESSION_LEVEL = 6


class BodyText(TypeDecorator[str]):
    """Article text: zlib-compressed BLOB on SQLite, plain ``text`` on PostgreSQL.

    PostgreSQL already compresses long values (TOAST) and its full-text index is an
    expression over the plain column; SQLite stores text as is, so compressing it here cuts
    the biggest part of the file by about two thirds. Reads and writes see ``str`` on both.
    """

    impl = Text
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "sqlite":
            return dialect.type_descriptor(LargeBinary())
        return dialect.type_descriptor(Text())

    def process_bind_param(self, value: str | None, dialect: Dialect) -> Any:
        if value is None or dialect.name != "sqlite":
            return value
        return zlib.compress(value.encode("utf-8"), COMPRESSION_LEVEL)

    def process_result_value(self, value: Any, dialect: Dialect) -> str | None:
        if value is None or dialect.name != "sqlite":
            return cast("str | None", value)  # PostgreSQL's text column
        return zlib.decompress(value).decode("utf-8")


class PackedJSON(TypeDecorator[Any]):
    """A JSON value kept as one zlib-compressed blob (``bytea`` / BLOB) on both back-ends.

    For data that is only ever read whole with its row (an article's entity list): one
    compact value instead of a row per item saves the per-row overhead (about 30 bytes of
    header and index entry per row on PostgreSQL) and one INSERT per stored article.
    """

    impl = LargeBinary
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> bytes | None:
        if value is None:
            return None
        return pack_json(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> Any:
        if value is None:
            return None
        return json.loads(zlib.decompress(bytes(value)))


def pack_json(value: Any) -> bytes:
    """What ``PackedJSON`` stores for ``value`` (bulk loaders write it directly)."""
    raw = json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    return zlib.compress(raw, COMPRESSION_LEVEL)


_EPOCH = datetime(1970, 1, 1)


class UtcDateTime(TypeDecorator[datetime]):
    """A naive UTC datetime: ``timestamp`` on PostgreSQL, integer seconds on SQLite.

    SQLite would otherwise keep each date as a 26-character string (in the row and in every
    index holding it); as an integer it takes 4-6 bytes and still sorts and compares the same.
    Sub-second precision is dropped: publication dates do not have it.
    """

    impl = DateTime
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "sqlite":
            return dialect.type_descriptor(BigInteger())
        return dialect.type_descriptor(DateTime())

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> Any:
        if value is None or dialect.name != "sqlite":
            return value
        if value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return (value - _EPOCH) // timedelta(seconds=1)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None or dialect.name != "sqlite":
            return cast("datetime | None", value)  # PostgreSQL's timestamp column
        return _EPOCH + timedelta(seconds=int(value))
