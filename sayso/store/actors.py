"""Filling the actor tables from knowledge-base records.

A record is a mapping (or an object with the same attributes) like::

    {"id": "Q28353", "name": "Aleksandr Lukashenko", "type": "PERSON", "country": "BLR",
     "wikidata": "Q28353", "sector": "government",
     "aliases": ["Alexander Lukashenko", "Lukashenka"],
     "roles": [{"title": "President of Belarus", "country": "BLR", "org": None,
                "start": "1994-07-20", "end": None}]}

Loading is an upsert: a record replaces the stored details, aliases and roles of its actor.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any  # Any: a record's fields (mapping or object), and row dicts for SQLAlchemy

from sqlalchemy import Connection, delete

from sayso.dates import BadDate, parse_day
from sayso.store import newrows, schema
from sayso.store.keys import fold


def field(record: object, name: str, default: Any = None) -> Any:
    if isinstance(record, Mapping):
        return record.get(name, default)
    return getattr(record, name, default)


def iso_date(value: object) -> str | None:
    """A role date as stored, YYYY-MM-DD (``dates.parse_day``: "2024" is 1 January); a
    date-time keeps its day. Raises ``BadDate`` (a ValueError) for a value that is no date."""
    if value is None or isinstance(value, date):
        day = parse_day(value)
    else:
        day = parse_day(str(value)[:10])
    return day.isoformat() if day else None


def actor_row(record: object, now: datetime) -> dict[str, Any]:
    actor_id, name = field(record, "id"), field(record, "name")
    if not actor_id or not name:
        raise ValueError(f"actor record needs an id and a name: {record!r}")
    return {
        "id": str(actor_id)[:200],
        "name": str(name),
        "name_key": fold(str(name))[:200],
        "type": field(record, "type"),
        "country": field(record, "country"),
        "wikidata": field(record, "wikidata"),
        "sector": field(record, "sector"),
        "in_kb": True,
        "updated_at": now,
    }


def role_rows(actor_id: str, record: object) -> list[dict[str, Any]]:
    rows = []
    for role in field(record, "roles") or []:
        title = field(role, "title")
        if not title:
            continue
        try:
            start, end = iso_date(field(role, "start")), iso_date(field(role, "end"))
        except BadDate as exc:
            raise BadDate(f"actor {actor_id}, role {title!r}: {exc}") from None
        rows.append(
            {
                "actor_id": actor_id,
                "title": str(title),
                "country": field(role, "country"),
                "org": field(role, "org"),
                "start": start,
                "end": end,
            }
        )
    return rows


def alias_rows(actor_id: str, record: object) -> list[dict[str, Any]]:
    seen: dict[str, dict[str, Any]] = {}
    for alias in field(record, "aliases") or []:
        if alias and str(alias) not in seen:
            seen[str(alias)] = {
                "actor_id": actor_id,
                "alias": str(alias),
                "alias_key": fold(str(alias))[:200],
            }
    return list(seen.values())


# Actor ids per DELETE … IN (…): well under any back-end's limit on parameters.
CHUNK = 500


def load_actors(conn: Connection, records: Iterable[object], now: datetime) -> int:
    """Upsert actors with their aliases and roles; returns how many records were loaded.
    A few statements for all the records (a record given twice: the last one counts)."""
    aliases, roles = schema.actor_aliases, schema.actor_roles
    rows: dict[str, dict[str, Any]] = {}
    details: dict[str, tuple[list[dict[str, Any]], list[dict[str, Any]]]] = {}
    count = 0
    for record in records:
        row = actor_row(record, now)
        rows[row["id"]] = row
        details[row["id"]] = (alias_rows(row["id"], record), role_rows(row["id"], record))
        count += 1
    if not rows:
        return 0
    columns = [c for c in next(iter(rows.values())) if c != "id"]
    newrows.upsert(conn, schema.actors, ["id"], sorted(rows.values(), key=_id), update=columns)
    ids = list(rows)
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        conn.execute(delete(aliases).where(aliases.c.actor_id.in_(chunk)))
        conn.execute(delete(roles).where(roles.c.actor_id.in_(chunk)))
    # The actors' old aliases and roles are gone, and the upsert holds their rows until
    # the transaction ends: these rows are new.
    newrows.insert_new(conn, aliases, [a for alias_list, _ in details.values() for a in alias_list])
    newrows.insert_new(conn, roles, [r for _, role_list in details.values() for r in role_list])
    return count


def _id(row: dict[str, Any]) -> str:
    return str(row["id"])
