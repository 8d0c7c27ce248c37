"""Stored relations by filters (actors, countries, PLOVER type, quad class, dates), newest
first with keyset cursors, and a dyad over time: both directions between two actors (or two
countries), counted per PLOVER type with their mean score per week, month or year."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator

from sqlalchemy import Connection, exists, func, literal_column, select

from sayso.model import PLOVER_EVENTS, QUAD_CLASSES
from sayso.store import schema
from sayso.store.read import page_rows, period_of
from sayso.store.records import (
    BadFilter,
    DyadPoint,
    DyadSeries,
    Page,
    RelationFilters,
    RelationHit,
)
from sayso.store.relations import plain_only, relation_hits
from sayso.store.schema import AnyColumn, AnySelect
from sayso.store.search import (
    as_list,
    cursor_after,
    filter_bound,
    order_and_page,
    resolve_actor_keys,
)

r_t = schema.relations
ra_t = schema.relation_actors
a_t = schema.articles

LEVELS = ("actor", "country")
SERIES_INTERVALS = ("week", "month", "year")
_ISO3 = re.compile(r"[A-Za-z]{3}")


def country_codes(conn: Connection, values: list[str], field: str) -> list[str]:
    """ISO 3166-1 alpha-3 codes for each value: a code as it is ("blr" → BLR), else the
    code of the country actors the name finds ("Belarus" → BLR)."""
    codes: set[str] = set()
    actors = schema.actors
    for value in values:
        value = value.strip()
        if _ISO3.fullmatch(value):
            codes.add(value.upper())
            continue
        keys = resolve_actor_keys(conn, [value])
        found = conn.execute(
            select(actors.c.country).where(
                actors.c.id.in_(keys), actors.c.type == "COUNTRY", actors.c.country.is_not(None)
            )
        ).scalars().all()
        if not found:
            raise BadFilter(
                f"{field}: no country is called {value!r}; give its ISO 3166-1 alpha-3 code "
                "(BLR, RUS, USA) or the name of a country sayso knows",
                field=field,
            )
        codes.update(found)
    return sorted(codes)


def _side(role: str | None, keys: list[str] | None, countries: list[str] | None) -> AnyColumn:
    """EXISTS an actor of the relation in ``role`` (either role when None) with one of the
    ``keys`` / of one of the ``countries``."""
    cond = [ra_t.c.relation_pk == r_t.c.pk]
    if role is not None:
        cond.append(ra_t.c.role == role)
    if keys is not None:
        cond.append(ra_t.c.key.in_(keys))
    if countries is not None:
        cond.append(ra_t.c.country.in_(countries))
    return exists().where(*cond)


def filtered_relations(
    conn: Connection, filters: RelationFilters, columns: list[AnyColumn]
) -> AnySelect:
    """SELECT ``columns`` FROM relations with every filter applied."""
    stmt = select(*columns).select_from(r_t)
    for role, value in (("source", filters.source), ("target", filters.target),
                        (None, filters.actor)):
        if as_list(value):
            stmt = stmt.where(_side(role, resolve_actor_keys(conn, as_list(value)), None))
    for role, value, field in (("source", filters.source_country, "source_country"),
                               ("target", filters.target_country, "target_country"),
                               (None, filters.country, "country")):
        if as_list(value):
            stmt = stmt.where(_side(role, None, country_codes(conn, as_list(value), field)))
    events = [e.upper() for e in as_list(filters.event)]
    unknown = [e for e in events if e not in PLOVER_EVENTS]
    if unknown:
        raise BadFilter(f"event: {', '.join(unknown)} is not a PLOVER event type; use one of "
                        f"{', '.join(PLOVER_EVENTS)}", field="event")
    if events:
        stmt = stmt.where(r_t.c.event.in_(events))
    quads = _quads(filters.quad)
    if quads:
        stmt = stmt.where(r_t.c.quad.in_(quads))
    lo = filter_bound(filters.since, end=False, field="since")
    hi = filter_bound(filters.until, end=True, field="until")
    if lo:
        stmt = stmt.where(r_t.c.sort_date >= lo)
    if hi:
        stmt = stmt.where(r_t.c.sort_date <= hi, r_t.c.sort_date > schema.NO_DATE)
    if filters.article_id:
        stmt = stmt.where(
            r_t.c.article_pk.in_(select(a_t.c.pk).where(a_t.c.id == filters.article_id))
        )
    if filters.plain:
        stmt = stmt.where(plain_only())
    return stmt


def _quads(value: int | list[int] | None) -> list[int]:
    quads = [] if value is None else [value] if isinstance(value, int) else list(value)
    bad = [q for q in quads if q not in QUAD_CLASSES]
    if bad:
        classes = ", ".join(f"{n} ({name})" for n, name in QUAD_CLASSES.items())
        raise BadFilter(f"quad: {bad[0]} is not a quad class; use {classes}", field="quad")
    return quads


def search_relations(
    conn: Connection, filters: RelationFilters, after: str | None, limit: int
) -> Page[RelationHit]:
    stmt = order_and_page(filtered_relations(conn, filters, [r_t.c.pk]), "date", None, after,
                          r_t.c.sort_date, r_t.c.pk)
    rows, more = page_rows(conn, stmt, limit)
    cursor = cursor_after(rows[-1], "date", None, rows[-1].pk) if more else None
    return Page(relation_hits(conn, [r.pk for r in rows]), cursor)


def iter_relations(conn: Connection, filters: RelationFilters, batch: int) -> Iterator[RelationHit]:
    """Every matching relation, newest first, a page at a time (for exports)."""
    after = None
    while True:
        page = search_relations(conn, filters, after, batch)
        yield from page.items
        if page.next_cursor is None:
            return
        after = page.next_cursor


def dyad_series(
    conn: Connection,
    a: list[str],
    b: list[str],
    *,
    level: str,
    interval: str,
    filters: RelationFilters,
) -> DyadSeries:
    """Both directions between ``a`` and ``b`` per period: relations of each PLOVER type,
    of each quad class, and their mean score. Only plain relations count (a negated or
    hypothetical one is not what it names) and only dated ones (a line over time)."""
    if level not in LEVELS:
        raise BadFilter(f"level: {level!r}; use actor or country", field="level")
    if interval not in SERIES_INTERVALS:
        raise BadFilter(f"interval: {interval!r}; use {', '.join(SERIES_INTERVALS)}",
                        field="interval")
    if not a or not b:
        raise BadFilter("a and b: name both sides of the dyad (actor ids or names, or "
                        "countries with level=country)", field="a" if not a else "b")
    if level == "country":
        side_a, side_b = country_codes(conn, a, "a"), country_codes(conn, b, "b")
    else:
        side_a, side_b = resolve_actor_keys(conn, a), resolve_actor_keys(conn, b)
    plain = RelationFilters(**{**filters.to_dict(), "plain": True})
    period = period_of(conn, interval, r_t.c.sort_date).label("period")
    points = []
    for direction, src, dst in (("a>b", side_a, side_b), ("b>a", side_b, side_a)):
        def side(role: str, values: list[str]) -> AnyColumn:
            return _side(role, values if level == "actor" else None,
                         values if level == "country" else None)

        stmt = (
            filtered_relations(conn, plain, [period, r_t.c.event, r_t.c.quad,
                                             func.count().label("n"),
                                             func.sum(r_t.c.score).label("total")])
            .where(side("source", src), side("target", dst), r_t.c.sort_date > schema.NO_DATE)
            .group_by(literal_column("period"), r_t.c.event, r_t.c.quad)
        )
        per: dict[str, list[tuple[str, int, int, float]]] = defaultdict(list)
        for row in conn.execute(stmt):
            per[str(row.period)].append((row.event, int(row.quad), int(row.n), float(row.total)))
        for when, groups in per.items():
            count = sum(n for _, _, n, _ in groups)
            events: dict[str, int] = defaultdict(int)
            quads: dict[str, int] = defaultdict(int)
            for event, quad, n, _ in groups:
                events[event] += n
                quads[str(quad)] += n
            mean = sum(total for *_, total in groups) / count
            points.append(DyadPoint(when, direction, count, round(mean, 3),
                                    dict(sorted(events.items())), dict(sorted(quads.items()))))
    points.sort(key=lambda p: (p.period, p.direction))
    return DyadSeries(side_a, side_b, level, interval, points)
