"""Counts kept up to date on write: facets, totals, timelines and network edges read from
one small table (``agg_counts``) instead of grouping the quotes on every request.

A *cell* is (filter, dim, value): how many quotes (``reports``) and distinct statements
(``statements``) match ``filter`` and have ``value`` for ``dim``, with the first and last
local day among them (``first``, ``last``; for the dims that show dates: totals, speakers,
actors mentioned, network edges). Filters kept:

    ""              every quote
    "speaker=KEY"   quotes by that speaker
    "about=KEY"     quotes mentioning that actor
    "year=YYYY"     quotes of that year (the source's local day, as the date filters read it)

and dims: ``""`` (the total, value ``""``), speaker, about, outlet, language, kind, month,
year (first day of the period, ISO), and, for "" and year filters, ``edge`` (the network's
speaker → mentioned-actor links, value ``speaker + SEP + actor``). So a search with no
words and at most one of speaker / about / a whole year is answered from a few index rows,
and the network page and actor pages read their links and counts the same way.

Kept correct by the two places that write quotes: ``write.insert_analyses`` calls
``added`` after inserting quotes (new articles, re-ingested ones, corrections rewriting
stored ones) and ``write._delete_analysis`` calls ``removing`` before deleting them and
``removed`` after. A statement counts once in a cell however many of its reports fall in
it: the reports of the statements touched are read back (by ``statement_key``, indexed) to
tell whether another report already counts it there. ``rebuild`` recomputes the table from
the quotes (migration 0010, bulk loads, ``expected`` for tests).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any  # Any: rows of SQL results

from sqlalchemy import (
    Connection,
    bindparam,
    delete,
    func,
    literal_column,
    select,
    text,
    tuple_,
)

from sayso.store import newrows, schema
from sayso.store.records import QuoteFilters
from sayso.store.schema import AnyColumn

agg = schema.agg_counts
q_t = schema.quotes
ab_t = schema.quote_about

SEP = "\x1f"  # between an edge's speaker and actor: sorts before any printable character
SPAN_DIMS = frozenset(("", "speaker", "about", "edge"))  # cells that keep first/last days
GROUP_DIMS = ("speaker", "about", "outlet", "language", "kind", "month", "year")
CHUNK = 500  # rows per multi-row statement

Cell = tuple[str, str, str]  # (filter, dim, value)


@dataclass(frozen=True, slots=True)
class QuoteFacts:
    """What a quote contributes to the cells."""

    pk: int
    statement: int
    speaker: str | None
    about: tuple[str, ...]
    outlet: str | None
    language: str | None
    kind: str
    day: date | None  # the source's local day; None when undated


def local_day(sort_date: datetime, offset: int | None) -> date | None:
    """The local day of a stored date (as ``search.local_time`` reads it); None: undated."""
    if sort_date <= schema.NO_DATE:
        return None
    return (sort_date + timedelta(minutes=offset or 0)).date()


def cells(q: QuoteFacts) -> Iterator[Cell]:
    """Every cell quote ``q`` counts in."""
    groups: list[tuple[str, str]] = [("", "")]
    if q.speaker is not None:
        groups.append(("speaker", q.speaker))
    groups += [("about", a) for a in q.about]
    for dim, value in (("outlet", q.outlet), ("language", q.language), ("kind", q.kind)):
        if value is not None:
            groups.append((dim, value))
    filters = [""]
    if q.speaker is not None:
        filters.append("speaker=" + q.speaker)
    filters += ["about=" + a for a in q.about]
    edges: list[tuple[str, str]] = []
    if q.day is not None:
        groups.append(("month", q.day.replace(day=1).isoformat()))
        groups.append(("year", f"{q.day.year:04d}-01-01"))
        filters.append(f"year={q.day.year:04d}")
    if q.speaker is not None:
        edges = [("edge", q.speaker + SEP + a) for a in q.about if a != q.speaker]
    for f in filters:
        for dim, value in groups:
            if (dim == "speaker" and f.startswith("speaker=")) or (
                dim == "year" and f.startswith("year=")
            ):
                continue
            yield (f, dim, value)
        if f == "" or f.startswith("year="):
            for dim, value in edges:
                yield (f, dim, value)


# --- reading quotes as facts ------------------------------------------------------------------

_FACT_COLUMNS = (
    q_t.c.pk,
    q_t.c.statement_key,
    q_t.c.speaker_key,
    q_t.c.outlet,
    q_t.c.language,
    q_t.c.kind,
    q_t.c.sort_date,
    q_t.c.published_offset,
)


def _facts(conn: Connection, rows: Sequence[Any]) -> list[QuoteFacts]:
    pks = [r.pk for r in rows]
    about: dict[int, list[str]] = defaultdict(list)
    for start in range(0, len(pks), CHUNK):
        chunk = pks[start : start + CHUNK]
        for qpk, key in conn.execute(
            select(ab_t.c.quote_pk, ab_t.c.key).where(ab_t.c.quote_pk.in_(chunk))
        ).all():
            about[qpk].append(key)
    return [_fact(r, about.get(r.pk, ())) for r in rows]


def _fact(r: Any, about: Iterable[str]) -> QuoteFacts:
    return QuoteFacts(
        pk=r.pk,
        statement=r.statement_key,
        speaker=r.speaker_key,
        about=tuple(sorted(set(about))),
        outlet=r.outlet,
        language=r.language,
        kind=r.kind,
        day=local_day(r.sort_date, r.published_offset),
    )


def _quotes_where(conn: Connection, condition: Any) -> list[QuoteFacts]:
    return _facts(conn, conn.execute(select(*_FACT_COLUMNS).where(condition)).all())


def _other_reports(conn: Connection, changed: list[QuoteFacts]) -> list[QuoteFacts]:
    """The stored reports of the changed quotes' statements, other than those quotes."""
    mine = {q.pk for q in changed}
    keys = sorted({q.statement for q in changed})
    _lock_statements(conn, keys)
    rows: list[Any] = []
    for start in range(0, len(keys), CHUNK):
        rows += conn.execute(
            select(*_FACT_COLUMNS).where(q_t.c.statement_key.in_(keys[start : start + CHUNK]))
        ).all()
    return _facts(conn, [r for r in rows if r.pk not in mine])


_LOCK_STATEMENTS = text(
    "SELECT count(pg_advisory_xact_lock(k)) FROM unnest(CAST(:keys AS bigint[])) AS k"
)


def _lock_statements(conn: Connection, keys: list[int]) -> None:
    """On PostgreSQL, hold the statements ``keys`` (sorted) until the transaction ends.
    Whether a statement already counts in a cell is read from its other reports: two
    writers adding reports of one statement at once would each see none committed and
    both count it. With the lock the second reads after the first has committed.
    (SQLite has one writer at a time.)"""
    if conn.dialect.name == "postgresql" and keys:
        conn.execute(_LOCK_STATEMENTS, {"keys": keys})


# --- the change a set of quotes makes -----------------------------------------------------------


@dataclass(slots=True)
class Delta:
    """Per cell: [reports, statements, first day, last day] the changed quotes add."""

    cells: dict[Cell, list[Any]] = field(default_factory=dict)

    def add(self, q: QuoteFacts, counted: set[Cell]) -> None:
        day = q.day.isoformat() if q.day is not None else None
        table = self.cells  # locals: this loop runs ~35 times per quote stored
        for cell in cells(q):
            entry = table.get(cell)
            if entry is None:
                entry = table[cell] = [0, 0, None, None]
            entry[0] += 1
            if cell not in counted:  # the statement's first report here
                counted.add(cell)
                entry[1] += 1
            if day is not None and cell[1] in SPAN_DIMS:
                if entry[2] is None or day < entry[2]:
                    entry[2] = day
                if entry[3] is None or day > entry[3]:
                    entry[3] = day


def delta_of(
    changed: list[QuoteFacts], others: list[QuoteFacts], into: Delta | None = None
) -> Delta:
    """What ``changed`` quotes count, a statement counted only in cells where none of its
    ``others`` reports counts it already (added to ``into`` when given: the same as
    merging, without going over the cells twice)."""
    by_statement: dict[int, set[Cell]] = defaultdict(set)
    for q in others:
        by_statement[q.statement].update(cells(q))
    delta = into if into is not None else Delta()
    for q in changed:
        delta.add(q, by_statement[q.statement])
    return delta


# --- writing ------------------------------------------------------------------------------------


# Add the rows' counts to their cells. Written as SQL, not built by SQLAlchemy: a batch
# changes ~90 cells per article, and SQLAlchemy's processing of each row's parameters cost
# more than the database's work (issue 15). On PostgreSQL the rows go as one JSON text,
# one statement for them all (an executemany is one statement per row on the server, and
# arrays are encoded value by value in Python).
_SET_COUNTS = """
ON CONFLICT ("filter", dim, "value") DO UPDATE SET
    reports = agg_counts.reports + excluded.reports,
    statements = agg_counts.statements + excluded.statements,
    "first" = CASE WHEN excluded."first" IS NULL THEN agg_counts."first"
        WHEN agg_counts."first" IS NULL OR excluded."first" < agg_counts."first"
        THEN excluded."first" ELSE agg_counts."first" END,
    "last" = CASE WHEN excluded."last" IS NULL THEN agg_counts."last"
        WHEN agg_counts."last" IS NULL OR excluded."last" > agg_counts."last"
        THEN excluded."last" ELSE agg_counts."last" END
"""
_COLUMNS = '("filter", dim, "value", reports, statements, "first", "last")'
_UPSERT_SQLITE = f"INSERT INTO agg_counts {_COLUMNS} VALUES (?, ?, ?, ?, ?, ?, ?) {_SET_COUNTS}"
# jsonb, not json: ``r->>i`` on a json value parses the row's text again for each field
# (7 times a row); jsonb is parsed once: the upsert's server CPU -27 % (issue 15).
_UPSERT_PG = (
    f"INSERT INTO agg_counts {_COLUMNS} SELECT r->>0, r->>1, r->>2, (r->>3)::bigint, "
    "(r->>4)::bigint, r->>5, r->>6 FROM jsonb_array_elements(%(rows)s::jsonb) AS r "
    f"{_SET_COUNTS}"
)


def _upsert(conn: Connection, rows: list[tuple[Any, ...]]) -> None:
    """Add the rows' counts (``_rows``) to their cells."""
    if not rows:
        return
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(_UPSERT_PG, {"rows": newrows.json_rows(rows)})
    else:
        conn.exec_driver_sql(_UPSERT_SQLITE, rows)


def _rows(delta: Delta, sign: int) -> list[tuple[Any, ...]]:
    """(filter, dim, value, reports, statements, first, last) per cell, in the cells' order
    (concurrent writers then lock rows in one order)."""
    return [
        (f, d, v, sign * n, sign * s, first if sign > 0 else None, last if sign > 0 else None)
        for (f, d, v), (n, s, first, last) in sorted(delta.cells.items())
    ]


def added(conn: Connection, changed: list[QuoteFacts]) -> None:
    """Count quotes just inserted (``changed``: their facts, as ``quote_facts`` gives them
    from the rows written). Inside ``summed`` the counts wait to be written once."""
    if not changed:
        return
    pending: Delta | None = conn.info.get(PENDING)
    delta = delta_of(changed, _other_reports(conn, changed), into=pending)
    if pending is None:
        _upsert(conn, _rows(delta, +1))


def quote_facts(pk: int, row: dict[str, Any], about: Iterable[str]) -> QuoteFacts:
    """The facts of a quote from the row just inserted (``write._quote_row``) and the keys
    of its about rows: what reading it back would give, without the round trip."""
    return QuoteFacts(
        pk=pk,
        statement=row["statement_key"],
        speaker=row["speaker_key"],
        about=tuple(sorted(set(about))),
        outlet=row["outlet"],
        language=row["language"],
        kind=row["kind"],
        day=local_day(row["sort_date"], row["published_offset"]),
    )


# Key in ``Connection.info`` of the counts waiting to be written (``summed``).
PENDING = "sayso_agg_pending"


@contextmanager
def summed(conn: Connection) -> Iterator[None]:
    """Within: the counts of the quotes added are summed per cell and written as one
    statement when the block ends without error (a batch of articles: a cell such as the
    total is written once, not once per article). What is summed is only counted once
    written, so this is for a block whose writes all commit or all roll back together
    (never around savepoints that may roll back alone)."""
    if PENDING in conn.info:  # already summing: the outer block writes
        yield
        return
    conn.info[PENDING] = Delta()
    try:
        yield
        flush(conn)
    finally:
        conn.info.pop(PENDING, None)


def flush(conn: Connection) -> None:
    """Write the counts summed so far (``summed``) now."""
    pending: Delta | None = conn.info.get(PENDING)
    if pending is not None and pending.cells:
        conn.info[PENDING] = Delta()
        _upsert(conn, _rows(pending, +1))


_EMPTIED = delete(agg).where(
    agg.c.filter == bindparam("f"),
    agg.c.dim == bindparam("d"),
    agg.c.value == bindparam("v"),
    agg.c.reports <= 0,
)


@dataclass(slots=True)
class Removal:
    """Cells whose first or last day may have gone with the quotes being deleted."""

    spans: list[Cell]


def removing(conn: Connection, article_pk: int) -> Removal:
    """Uncount the quotes of article ``article_pk``, about to be deleted; ``removed`` must
    be called once they are (to recompute the first/last days they held)."""
    flush(conn)  # the spans below are read from the table: counts summed so far first
    changed = _quotes_where(conn, q_t.c.article_pk == article_pk)
    if not changed:
        return Removal([])
    delta = delta_of(changed, _other_reports(conn, changed))
    keys = sorted(delta.cells)
    spans: list[Cell] = []
    bounds = {c: (v[2], v[3]) for c, v in delta.cells.items() if v[2] is not None}
    for start in range(0, len(keys), CHUNK):
        chunk = [c for c in keys[start : start + CHUNK] if c in bounds]
        if not chunk:
            continue
        for f, d, v, first, last in conn.execute(
            select(agg.c.filter, agg.c.dim, agg.c.value, agg.c.first, agg.c.last).where(
                tuple_(agg.c.filter, agg.c.dim, agg.c.value).in_(chunk)
            )
        ).all():
            low, high = bounds[(f, d, v)]
            if low == first or high == last:
                spans.append((f, d, v))
    _upsert(conn, _rows(delta, -1))
    conn.execute(_EMPTIED, [{"f": f, "d": d, "v": v} for f, d, v in keys])
    return Removal(spans)


def removed(conn: Connection, removal: Removal) -> None:
    """First/last days of the cells that lost a quote on their first or last day, read
    again from the quotes left."""
    for f, d, v in removal.spans:
        first, last = _span(conn, f, d, v)
        conn.execute(
            agg.update()
            .where(agg.c.filter == f, agg.c.dim == d, agg.c.value == v)
            .values(first=first, last=last)
        )


def _span(conn: Connection, f: str, dim: str, value: str) -> tuple[str | None, str | None]:
    from sayso.store.search import local_time

    local = local_time(conn, q_t.c.sort_date, q_t.c.published_offset)
    stmt = select(func.min(local), func.max(local)).where(q_t.c.sort_date > schema.NO_DATE)
    conditions: list[tuple[str, str]] = [(dim, value)] if dim else []
    if f:
        name, _, key = f.partition("=")
        conditions.append((name, key))
    for name, key in conditions:
        if name == "speaker":
            stmt = stmt.where(q_t.c.speaker_key == key)
        elif name == "about":
            stmt = stmt.where(q_t.c.pk.in_(select(ab_t.c.quote_pk).where(ab_t.c.key == key)))
        elif name == "edge":
            source, _, target = key.partition(SEP)
            stmt = stmt.where(
                q_t.c.speaker_key == source,
                q_t.c.pk.in_(select(ab_t.c.quote_pk).where(ab_t.c.key == target)),
            )
        elif name == "year":
            year = int(key)
            # a day wider in UTC (what the date index answers), exact on the local day
            stmt = stmt.where(
                q_t.c.sort_date >= datetime(year, 1, 1) - timedelta(days=1),
                q_t.c.sort_date < datetime(year + 1, 1, 1) + timedelta(days=1),
                local >= datetime(year, 1, 1),
                local < datetime(year + 1, 1, 1),
            )
    low, high = conn.execute(stmt).one()
    return (_day(low), _day(high))


def _day(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, int | float):  # SQLite: min() of integer seconds
        value = datetime(1970, 1, 1) + timedelta(seconds=int(value))
    return value.date().isoformat() if isinstance(value, datetime) else str(value)[:10]


# --- from scratch ---------------------------------------------------------------------------------


def expected(conn: Connection) -> dict[Cell, tuple[int, int, str | None, str | None]]:
    """Every cell computed from the quotes alone (what the table must hold)."""
    totals: dict[Cell, list[Any]] = {}
    for group in _statements(conn):
        counted: set[Cell] = set()  # the cells this statement already counts in
        for q in group:
            day = q.day.isoformat() if q.day is not None else None
            for cell in cells(q):
                entry = totals.get(cell)
                if entry is None:
                    entry = totals[cell] = [0, 0, None, None]
                entry[0] += 1
                if cell not in counted:
                    counted.add(cell)
                    entry[1] += 1
                if day is not None and cell[1] in SPAN_DIMS:
                    if entry[2] is None or day < entry[2]:
                        entry[2] = day
                    if entry[3] is None or day > entry[3]:
                        entry[3] = day
    return {cell: (n, s, first, last) for cell, (n, s, first, last) in totals.items()}


def _statements(conn: Connection) -> Iterator[list[QuoteFacts]]:
    """The stored quotes, grouped by statement (a statement's reports together)."""
    stmt = (
        select(*_FACT_COLUMNS, ab_t.c.key.label("about_key"))
        .outerjoin(ab_t, ab_t.c.quote_pk == q_t.c.pk)
        .order_by(q_t.c.statement_key, q_t.c.pk)
    )
    group: list[QuoteFacts] = []
    current: Any = None
    about: list[str] = []
    result = conn.execute(stmt.execution_options(yield_per=20_000))
    for r in result:
        if current is not None and r.pk != current.pk:
            group = _next(group, current, about)
            if r.statement_key != current.statement_key:
                yield group
                group = []
            about = []
        current = r
        if r.about_key is not None:
            about.append(r.about_key)
    if current is not None:
        yield _next(group, current, about)


def _next(group: list[QuoteFacts], row: Any, about: list[str]) -> list[QuoteFacts]:
    group.append(_fact(row, about))
    return group


def rebuild(conn: Connection) -> int:
    """Empty the table and fill it from the quotes; the number of cells."""
    found = expected(conn)
    conn.execute(delete(agg))
    rows: list[dict[str, Any]] = []
    for (f, d, v), (n, s, first, last) in found.items():
        rows.append(
            {"filter": f, "dim": d, "value": v, "reports": n, "statements": s}
            | {"first": first, "last": last}
        )
        if len(rows) == 5000:
            conn.execute(agg.insert(), rows)
            rows = []
    if rows:
        conn.execute(agg.insert(), rows)
    # Statistics for the planners: without them PostgreSQL takes the table for a few rows
    # and sorts every edge instead of walking the edge index (0.85 s at a million quotes).
    conn.execute(text("ANALYZE agg_counts"))
    return len(found)


def stored(conn: Connection) -> dict[Cell, tuple[int, int, str | None, str | None]]:
    """The table as it is (for tests and checks)."""
    return {
        (r.filter, r.dim, r.value): (int(r.reports), int(r.statements), r.first, r.last)
        for r in conn.execute(select(agg)).all()
    }


# --- reading ------------------------------------------------------------------------------------


def covering(conn: Connection, filters: QuoteFilters) -> list[str] | None:
    """The filter keys whose cells answer ``filters`` (their counts add up), or None when
    the cells cannot: words to search, outlet/language/kind/article/statement/story
    filters, a date range other than one whole year, or more than one of speaker, about
    and year. Several speakers (a name several actors bear) add up: a quote has one."""
    from sayso.store import fulltext
    from sayso.store.search import as_list, resolve_actor_keys

    if fulltext.has_words(filters.query) or any(
        as_list(v) for v in (filters.outlet, filters.language, filters.kind)
    ):
        return None
    if filters.article_id or filters.statement_id is not None or filters.story_id is not None:
        return None
    speaker, about = as_list(filters.speaker), as_list(filters.about)
    year = whole_year(filters.since, filters.until)
    if (filters.since or filters.until) and year is None:
        return None
    if bool(speaker) + bool(about) + (year is not None) > 1:
        return None
    if year is not None:
        return [f"year={year:04d}"]
    if speaker:
        return ["speaker=" + k for k in resolve_actor_keys(conn, speaker)]
    if about:
        keys = resolve_actor_keys(conn, about)
        return ["about=" + keys[0]] if len(keys) == 1 else None
    return [""]


def whole_year(since: date | str | None, until: date | str | None) -> int | None:
    """The year ``since``..``until`` spans exactly (1 January to 31 December, as days)."""
    from sayso.dates import BadDate, is_day_bound, parse_day

    if not (since and until and is_day_bound(since) and is_day_bound(until)):
        return None
    try:
        first, last = parse_day(since), parse_day(until, end=True)
    except BadDate:
        return None
    if first is None or last is None or first.year != last.year:
        return None
    if (first.month, first.day, last.month, last.day) != (1, 1, 12, 31):
        return None
    return first.year


def _column(by: str) -> AnyColumn:
    return agg.c.statements if by == "statement" else agg.c.reports


def total(conn: Connection, keys: list[str], by: str) -> int:
    stmt = select(func.coalesce(func.sum(_column(by)), 0)).where(
        agg.c.filter.in_(keys), agg.c.dim == "", agg.c.value == ""
    )
    return int(conn.execute(stmt).scalar() or 0)


def _dim_is(dim: str) -> AnyColumn:
    """``dim = 'edge'`` written as a literal: what the partial index on edges is defined
    by, so that both planners see it applies (a bound parameter would hide it)."""
    if dim not in ("", "edge", *GROUP_DIMS):
        raise ValueError(f"no kept counts per {dim!r}")
    return agg.c.dim == literal_column(f"'{dim}'")


def top(
    conn: Connection,
    keys: list[str],
    dim: str,
    by: str,
    limit: int,
    *,
    at_least: int = 1,
    leave_out: str | None = None,
) -> list[Any]:
    """The ``limit`` cells of ``dim`` with the most reports (or statements), then by value:
    rows (value, n, reports, statements, first, last)."""
    n = _column(by)
    base = select(
        agg.c.value, n.label("n"), agg.c.reports, agg.c.statements, agg.c.first, agg.c.last
    ).where(agg.c.filter.in_(keys), _dim_is(dim), n >= at_least)
    if leave_out is not None:
        base = base.where(agg.c.value != leave_out)
    if len(keys) > 1:  # sums of several filters: grouped, no index order
        summed = (
            select(
                agg.c.value,
                func.sum(n).label("n"),
                func.sum(agg.c.reports).label("reports"),
                func.sum(agg.c.statements).label("statements"),
                func.min(agg.c.first).label("first"),
                func.max(agg.c.last).label("last"),
            )
            .where(agg.c.filter.in_(keys), agg.c.dim == dim)
            .group_by(agg.c.value)
        )
        if leave_out is not None:
            summed = summed.where(agg.c.value != leave_out)
        summed = summed.having(func.sum(n) >= at_least)
        order = (func.sum(n).desc(), agg.c.value)
        return list(conn.execute(summed.order_by(*order).limit(limit)).all())
    if dim != "edge" or by != "report" or leave_out is not None:
        # a few thousand values at most (per filter): read by key and sorted
        return list(conn.execute(base.order_by(n.desc(), agg.c.value).limit(limit)).all())
    return _top_edges(conn, keys[0], limit, at_least)


def _top_edges(conn: Connection, key: str, limit: int, at_least: int) -> list[Any]:
    """The strongest edges of filter ``key``: the partial index (filter, reports, value)
    walked from the top; rows tied at the last count are read again in value order, as
    the quotes' own query sorts. Named to SQLite: with statistics it would rather take
    the primary key and sort every edge."""
    table = "agg_counts"
    if conn.dialect.name == "sqlite":
        table += " INDEXED BY ix_agg_counts_edges"
    sql = (
        "SELECT value, reports AS n, reports, statements, first, last FROM "
        f"{table} WHERE filter = :f AND dim = 'edge' AND reports >= :m"
    )
    params = {"f": key, "m": at_least}
    first = text(sql + " ORDER BY reports DESC LIMIT :l")
    rows = list(conn.execute(first, {**params, "l": limit}))
    if len(rows) < limit:
        return sorted(rows, key=lambda r: (-r.n, r.value))
    floor = rows[-1].n
    above = sorted((r for r in rows if r.n > floor), key=lambda r: (-r.n, r.value))
    tied = conn.execute(
        text(sql + " AND reports = :t ORDER BY value LIMIT :l"),
        {**params, "t": floor, "l": limit - len(above)},
    )
    return above + list(tied)


def series(conn: Connection, keys: list[str], interval: str, by: str) -> list[tuple[str, int]]:
    """(first day of the month or year, count), oldest first."""
    n = func.sum(_column(by))
    stmt = (
        select(agg.c.value, n)
        .where(agg.c.filter.in_(keys), agg.c.dim == interval)
        .group_by(agg.c.value)
        .order_by(agg.c.value)
    )
    return [(value, int(count)) for value, count in conn.execute(stmt).all() if count]


def counts_of(conn: Connection, dim: str, values: list[str] | None) -> dict[str, tuple[int, int]]:
    """(reports, statements) of each value of ``dim`` over every quote (all when None)."""
    stmt = select(agg.c.value, agg.c.reports, agg.c.statements).where(
        agg.c.filter == "", agg.c.dim == dim
    )
    out: dict[str, tuple[int, int]] = {}
    if values is None:
        rows: Iterable[Any] = conn.execute(stmt).all()
    else:
        rows = []
        for start in range(0, len(values), CHUNK):
            chunk = values[start : start + CHUNK]
            rows += conn.execute(stmt.where(agg.c.value.in_(chunk))).all()
    for value, reports, statements in rows:
        out[value] = (int(reports), int(statements))
    return out
