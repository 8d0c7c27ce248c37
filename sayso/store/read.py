"""Read side: turn rows into records (``records.py``); every function takes a Connection."""

from __future__ import annotations

import heapq
import json
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from itertools import compress
from typing import Any  # Any: the JSON an entity list is packed as

from sqlalchemy import (
    BigInteger,
    Connection,
    Integer,
    Text,
    any_,
    bindparam,
    case,
    cast,
    distinct,
    func,
    literal,
    literal_column,
    select,
    tuple_,
    type_coerce,
    union_all,
)
from sqlalchemy.dialects.postgresql import ARRAY

from sayso.actors.types import Role
from sayso.dates import parse_day, with_offset
from sayso.store import aggregates, fulltext, schema
from sayso.store.cursors import actor_cursor, encode_cursor, statement_cursor
from sayso.store.keys import fold, parse_statement_id, statement_hex
from sayso.store.records import (
    ActorRecord,
    ArticleRecord,
    ArticleSummary,
    CountBy,
    EntityRecord,
    FacetValue,
    Network,
    NetworkEdge,
    NetworkNode,
    Page,
    QuoteFilters,
    QuoteHit,
    SearchSummary,
    SortBy,
    StatementRecord,
    StatementSummary,
    Stats,
    StoryRecord,
    TimelinePoint,
)
from sayso.store.relations import article_relation_pks, relation_hits, relation_scores
from sayso.store.schema import AnyColumn, AnyRow, AnySelect
from sayso.store.search import (
    as_list,
    cursor_after,
    date_bounds,
    filter_bound,
    filtered_quotes,
    local_time,
    order_and_page,
    plan_quotes,
    resolve_actor_keys,
    text_matches,
    words_only,
)

q_t = schema.quotes
a_t = schema.articles
MAX_LIMIT = 1000


def real_date(value: datetime | None) -> datetime | None:
    return None if value is None or value == schema.NO_DATE else value


def page_rows(conn: Connection, stmt: AnySelect, limit: int) -> tuple[Sequence[AnyRow], bool]:
    """The first ``limit`` rows (1 to MAX_LIMIT) of the ordered ``stmt``; and whether more
    follow (one row more is fetched to tell)."""
    limit = max(1, min(limit, MAX_LIMIT))
    rows = conn.execute(stmt.limit(limit + 1)).all()
    return rows[:limit], len(rows) > limit


# --- quotes --------------------------------------------------------------------------


def search_quotes(
    conn: Connection, filters: QuoteFilters, sort: SortBy, after: str | None, limit: int
) -> Page[QuoteHit]:
    plan = plan_quotes(conn, filters, [q_t.c.pk], sort)
    relevance = plan.relevance
    stmt = order_and_page(plan.stmt, sort, relevance, after, plan.sort_date, q_t.c.pk)
    rows, more = page_rows(conn, stmt, limit)
    hits = quote_hits(conn, [r.pk for r in rows])
    cursor = cursor_after(rows[-1], sort, relevance, rows[-1].pk) if more else None
    return Page(hits, cursor)


def iter_quotes(conn: Connection, filters: QuoteFilters, batch: int) -> Iterator[QuoteHit]:
    """Every matching quote, newest first, a page at a time (for exports). The query is
    planned once (actor names resolved, matches counted) for all the pages."""
    plan = plan_quotes(conn, filters, [q_t.c.pk], "date")
    after = None
    while True:
        stmt = order_and_page(plan.stmt, "date", None, after, plan.sort_date, q_t.c.pk)
        rows, more = page_rows(conn, stmt, batch)
        yield from quote_hits(conn, [r.pk for r in rows])
        if not more:
            return
        after = cursor_after(rows[-1], "date", None, rows[-1].pk)


def count_quotes(
    conn: Connection, filters: QuoteFilters, by: CountBy, at_most: int | None = None
) -> int:
    """Matching quotes (or statements); with ``at_most``, counted up to at_most + 1 only.
    Read from the kept counts when they cover the filters (``aggregates.covering``)."""
    keys = aggregates.covering(conn, filters)
    if keys is not None:
        n = aggregates.total(conn, keys, by)
        return n if at_most is None else min(n, at_most + 1)
    if at_most is None:
        stmt, _ = filtered_quotes(conn, filters, [_count(by)])
        return int(conn.execute(stmt).scalar() or 0)
    if by == "report" and words_only(filters):
        return text_matches(conn, filters.query or "", at_most + 1)
    column = q_t.c.statement_key if by == "statement" else q_t.c.pk
    # Planned as for relevance: a count that stops early walks the text matches, never
    # the date order (which probes each quote's text until enough match).
    stmt = plan_quotes(conn, filters, [column], "relevance").stmt
    if by == "statement":
        stmt = stmt.distinct()
    return _bounded_count(conn, stmt, at_most)


@dataclass(frozen=True, slots=True)
class PageAsked:
    """Which page of results: the order, the cursor of the page before, its size."""

    sort: SortBy = "date"
    after: str | None = None
    limit: int = 20


def search_summary(
    conn: Connection,
    filters: QuoteFilters,
    page: PageAsked,
    fields: Sequence[str],
    facet_limit: int,
    interval: str | None,
    within: int,
    count_bound: int | None,
) -> SearchSummary:
    """A page of quotes, the total (up to ``count_bound`` + 1; None: exact), facets and the
    timeline of one search. From the kept counts when they cover it; else the newest
    ``within`` matches are read once: the first page (newest first) is their head, the
    total their number when fewer, and facets and timelines (``interval`` and weeks; no
    timeline when ``interval`` is None) are counted among them."""
    if aggregates.covering(conn, filters) is not None:
        return SearchSummary(
            search_quotes(conn, filters, page.sort, page.after, page.limit),
            count_quotes(conn, filters, "report", count_bound),
            facets(conn, filters, fields, "report", facet_limit),
            timeline(conn, filters, interval, "report") if interval else [],
            None,
            None,
        )
    intervals = [interval, "week"] if interval else []
    # The newest matches read once with what their facets and timelines count.
    tallied = tallied_columns(conn, fields, intervals)
    plan = plan_quotes(conn, filters, [q_t.c.pk, *tallied], want=within)
    latest = order_and_page(plan.stmt, "date", None, None, plan.sort_date, q_t.c.pk)
    rows = conn.execute(latest.limit(within)).all()
    # Columns, not rows (pk, the tallied columns, the sort date): each facet is then
    # counted by one Counter over a column, and no row is sliced.
    columns = list(zip(*rows, strict=True))
    pks = list(columns[0]) if columns else []
    newest_first = page.sort == "date" or not fulltext.has_words(filters.query)
    if page.after is None and newest_first and 1 <= page.limit < within:
        shown = rows[: page.limit]
        more = len(rows) > page.limit
        cursor = cursor_after(shown[-1], "date", None, shown[-1].pk) if more else None
        found = Page(quote_hits(conn, [r.pk for r in shown]), cursor)
    else:
        found = search_quotes(conn, filters, page.sort, page.after, page.limit)
    bound = count_bound if count_bound is not None else within
    every = len(rows) < within  # every match was read
    total = min(len(rows), bound + 1) if every else None
    if total is None:
        total = count_quotes(conn, filters, "report", count_bound)
        every = total <= min(within, bound)
    counted, series = counted_among(
        conn, pks, fields, facet_limit, intervals, tallied=columns[1 : 1 + len(tallied)]
    )
    return SearchSummary(
        found,
        total,
        counted,
        series[interval] if interval else [],
        series["week"] if interval else None,
        None if every else within,
    )


def _count(by: CountBy) -> AnyColumn:
    """Matching quotes counted as reports, or as distinct statements."""
    return func.count(distinct(q_t.c.statement_key)) if by == "statement" else func.count()


def quote_hits(conn: Connection, pks: Sequence[int]) -> list[QuoteHit]:
    """Full records for quote ``pks``, in that order: one statement (``_QUOTE_ROWS``)."""
    if not pks:
        return []
    rows = conn.execute(_QUOTE_ROWS[conn.dialect.name], {"pks": list(pks)}).all()
    by_pk = _hits_of(rows)
    return [by_pk[pk] for pk in pks if pk in by_pk]


def _hits_of(rows: Sequence[AnyRow]) -> dict[int, QuoteHit]:
    """The quotes of ``_quote_rows``'s rows (one per mentioned actor) by key."""
    first: dict[int, AnyRow] = {}
    about: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for r in rows:
        first.setdefault(r.pk, r)
        if r.about_key is not None:
            # the key stands in for an unknown name, so the two lists of a hit stay aligned
            about[r.pk].append((r.about_key, r.about_name or r.about_key))
    return {pk: _hit(r, about.get(pk, []), r.reports) for pk, r in first.items()}


def _quote_rows(wanted: AnyColumn) -> AnySelect:
    """The quotes ``wanted`` picks with their article's fields and their statement's number
    of reporting articles, one row per actor each mentions (its key and name, in key
    order; one row with none when it mentions nobody). One statement where there were
    three (rows, mentions, report counts): on PostgreSQL each is a round trip, and the
    statements of a page of quotes were most of an API answer's database work."""
    reports = q_t.alias("reports")
    reported = (
        select(func.count(distinct(reports.c.article_pk)))
        .where(reports.c.statement_key == q_t.c.statement_key)
        .scalar_subquery()
    )
    hits = (
        select(
            q_t,
            a_t.c.id.label("article_id"),
            a_t.c.title.label("article_title"),
            a_t.c.url.label("article_url"),
            a_t.c.published.label("published"),
            reported.label("reports"),
        )
        .join(a_t, a_t.c.pk == q_t.c.article_pk)
        .where(wanted)
        .subquery("hits")
    )
    ab, actors = schema.quote_about, schema.actors
    return (
        select(hits, ab.c.key.label("about_key"), actors.c.name.label("about_name"))
        .outerjoin(ab, ab.c.quote_pk == hits.c.pk)
        .outerjoin(actors, actors.c.id == ab.c.key)
        .order_by(ab.c.key)
    )


def _in_keys(column: AnyColumn, name: str) -> dict[str, AnyColumn]:
    """``column IN :name`` (a list of integer keys) per back-end: on PostgreSQL one array
    parameter, so the statement's text never changes and psycopg runs it prepared (parsed
    and planned once per connection); on SQLite an expanding IN list."""
    return {
        "postgresql": column == any_(bindparam(name, type_=ARRAY(BigInteger))),
        "sqlite": column.in_(bindparam(name, expanding=True)),
    }


# Statements built once: a statement object keeps its cache key, so running it again skips
# building the SELECT and finding its compiled form (a tenth of a page of quotes' time).
_QUOTE_ROWS = {dialect: _quote_rows(c) for dialect, c in _in_keys(q_t.c.pk, "pks").items()}
_ARTICLE_QUOTE_ROWS = _quote_rows(q_t.c.article_pk == bindparam("article"))
_ACTOR_NAMES = select(schema.actors.c.id, schema.actors.c.name).where(
    schema.actors.c.id.in_(bindparam("keys", expanding=True))
)


def _hit(r: AnyRow, about: list[tuple[str, str]], reports: int) -> QuoteHit:
    return QuoteHit(
        id=r.pk,
        statement_id=statement_hex(r.statement_key),
        reports=reports,
        article_id=r.article_id,
        qid=r.qid,
        published=with_offset(r.published, r.published_offset),
        outlet=r.outlet,
        language=r.language,
        kind=r.kind,
        text=r.text,
        speaker_key=r.speaker_key,
        speaker_name=r.speaker_name,
        speaker_text=r.speaker_text,
        cue=r.cue_text,
        about_keys=[key for key, _ in about],
        about_names=[name for _, name in about],
        parent=r.parent,
        article_title=r.article_title,
        article_url=r.article_url,
        start=r.start,
        end=r.end,
        speaker_start=r.speaker_start if r.speaker_text is not None else None,
        speaker_end=r.speaker_end if r.speaker_text is not None else None,
        cue_start=r.cue_start if r.cue_text is not None else None,
        cue_end=r.cue_end if r.cue_text is not None else None,
        confidence=r.confidence,
        corrected=r.corrected,
    )


def _first_date(reports: Sequence[AnyRow]) -> datetime | None:
    """A statement's first publication: its earliest dated report (undated ones don't
    count), in the offset its source stated (rows with ``sort_date``, ``published_offset``)."""
    dated = [r for r in reports if real_date(r.sort_date) is not None]
    first = min(dated, key=lambda r: r.sort_date, default=None)
    return with_offset(first.sort_date, first.published_offset) if first else None


def get_statement(conn: Connection, statement_id: str) -> StatementRecord | None:
    """A statement is the quotes sharing its key; None for an unknown or malformed id."""
    key = parse_statement_id(statement_id)
    if key is None:
        return None
    rows = conn.execute(
        select(q_t.c.pk, q_t.c.sort_date, q_t.c.published_offset)
        .where(q_t.c.statement_key == key)
        .order_by(q_t.c.sort_date, q_t.c.pk)
    ).all()
    if not rows:
        return None
    quotes = quote_hits(conn, [r.pk for r in rows])
    first = quotes[0] if quotes else None
    articles = sorted({q.article_id for q in quotes})
    return StatementRecord(
        id=statement_hex(key),
        speaker_key=first.speaker_key if first else None,
        speaker_name=first.speaker_name if first else None,
        text=first.text if first else "",
        first_published=_first_date(rows),
        reports=len(articles),
        article_ids=articles,
        quotes=quotes,
    )


def search_statements(
    conn: Connection, filters: QuoteFilters, after: str | None, limit: int
) -> Page[StatementSummary]:
    """Distinct statements with a matching report, newest first (by first dated report),
    then by key; the cursor is [first date, statement id]."""
    matching, _ = filtered_quotes(conn, filters, [q_t.c.statement_key])
    reports = _REPORTS  # every report of a matching statement dates it
    dated = case((reports.c.sort_date > schema.NO_DATE, reports.c.sort_date))
    grouped = (
        select(
            reports.c.statement_key.label("key"),
            func.coalesce(func.min(dated), schema.no_date()).label("first_date"),
        )
        .where(reports.c.statement_key.in_(matching))
        .group_by(reports.c.statement_key)
        .subquery()
    )
    stmt = select(grouped.c.key, grouped.c.first_date)
    if after:
        when, key = statement_cursor(after)
        bound = literal(when, q_t.c.sort_date.type)
        stmt = stmt.where(
            tuple_(grouped.c.first_date, grouped.c.key) < tuple_(bound, literal(key, BigInteger))
        )
    stmt = stmt.order_by(grouped.c.first_date.desc(), grouped.c.key.desc())
    rows, more = page_rows(conn, stmt, limit)
    items = statement_summaries(conn, [r.key for r in rows])
    last = rows[-1] if more else None
    cursor = encode_cursor(last.first_date.isoformat(), statement_hex(last.key)) if last else None
    return Page(items, cursor)


def statement_summaries(conn: Connection, keys: Sequence[int]) -> list[StatementSummary]:
    """Summaries of the statements with these (stored, integer) keys, in that order."""
    if not keys:
        return []
    reports: dict[int, list[AnyRow]] = defaultdict(list)
    for r in conn.execute(_STATEMENT_REPORTS[conn.dialect.name], {"keys": list(keys)}).all():
        reports[r.statement_key].append(r)
    out = []
    for key in keys:
        if not reports[key]:
            continue
        first = reports[key][0]
        articles = sorted({r.article_id for r in reports[key]})
        out.append(
            StatementSummary(
                id=statement_hex(key),
                speaker_key=first.speaker_key,
                speaker_name=first.speaker_name,
                text=first.text,
                first_published=_first_date(reports[key]),
                reports=len(articles),
                article_ids=articles,
            )
        )
    return out


# Built once (a new alias of a table makes its whole column collection again).
_REPORTS = q_t.alias("reports")
_STATEMENT_REPORTS = {
    dialect: select(
        q_t.c.statement_key,
        q_t.c.text,
        q_t.c.speaker_key,
        q_t.c.speaker_name,
        q_t.c.sort_date,
        q_t.c.published_offset,
        a_t.c.id.label("article_id"),
    )
    .join(a_t, a_t.c.pk == q_t.c.article_pk)
    .where(wanted)
    .order_by(q_t.c.sort_date, q_t.c.pk)
    for dialect, wanted in _in_keys(q_t.c.statement_key, "keys").items()
}


# --- facets, timeline, network ---------------------------------------------------------


FACETS = ("speaker", "about", "outlet", "language", "kind")


def facets(
    conn: Connection,
    filters: QuoteFilters,
    fields: Sequence[str],
    by: CountBy,
    limit: int,
    within: int | None = None,
) -> dict[str, list[FacetValue]]:
    """Top values per field: from the kept counts when they cover the filters, else from
    the quotes (with ``within``: among the newest ``within`` matching quotes only, so that
    no request groups a whole store)."""
    out: dict[str, list[FacetValue]] = {}
    keys = aggregates.covering(conn, filters)
    for name in fields:
        if name not in FACETS:
            raise ValueError(f"unknown facet {name!r}; choose from {', '.join(FACETS)}")
    if keys is None and within is not None:
        return _newest_facets(conn, filters, fields, by, limit, within)
    for name in fields:
        if keys is not None:
            out[name] = _kept_facet(conn, keys, name, by, limit)
        else:
            out[name] = _facet(conn, filters, name, by, limit)
    return out


def _newest_facets(
    conn: Connection,
    filters: QuoteFilters,
    fields: Sequence[str],
    by: CountBy,
    limit: int,
    within: int,
) -> dict[str, list[FacetValue]]:
    """Top ``limit`` values of each field among the newest ``within`` matching quotes, in
    one statement: the newest matches found once (a CTE), each field grouped over them,
    the top of each kept by rank. (A query per field over a list of ``within`` keys cost
    five times the keys' binding and look-up: half of a search's time.)"""
    plan = plan_quotes(conn, filters, [q_t.c.pk])
    latest = order_and_page(plan.stmt, "date", None, None, plan.sort_date, q_t.c.pk)
    matches = select(latest.limit(within).cte("newest").c.pk)
    count = _count(by).label("n")
    parts = []
    for name in fields:
        facet: AnyColumn = literal_column(f"'{name}'").label("facet")  # a FACETS name (checked)
        if name == "about":
            ab = schema.quote_about
            value: AnyColumn = ab.c.key
            part = select(facet, value.label("value"), count).join_from(
                q_t, ab, ab.c.quote_pk == q_t.c.pk
            )
        else:
            value = q_t.c.speaker_key if name == "speaker" else q_t.c[name]
            part = select(facet, value.label("value"), count).where(value.is_not(None))
        parts.append(part.where(q_t.c.pk.in_(matches)).group_by(value))
    grouped = union_all(*parts).subquery()
    g = grouped.c
    rank = func.row_number().over(partition_by=g.facet, order_by=(g.n.desc(), g.value))
    ranked = select(g.facet, g.value, g.n, rank.label("rank")).subquery()
    rows = conn.execute(
        select(ranked.c.facet, ranked.c.value, ranked.c.n)
        .where(ranked.c.rank <= limit)
        .order_by(ranked.c.facet, ranked.c.rank)
    ).all()
    named = [r.value for r in rows if r.facet in ("speaker", "about")]
    labels = actor_names(conn, sorted(set(named)))
    out: dict[str, list[FacetValue]] = {name: [] for name in fields}
    for r in rows:
        label = labels.get(r.value, r.value) if r.facet in ("speaker", "about") else r.value
        out[r.facet].append(FacetValue(r.value, label, int(r.n)))
    return out


def summary(
    conn: Connection,
    filters: QuoteFilters,
    fields: Sequence[str],
    limit: int,
    interval: str,
    within: int,
) -> tuple[dict[str, list[FacetValue]], list[TimelinePoint]]:
    """Facets and the timeline (reports) of one search: from the kept counts when they
    cover it, else both from the same newest ``within`` matches, fetched once."""
    if aggregates.covering(conn, filters) is not None:
        return (
            facets(conn, filters, fields, "report", limit),
            timeline(conn, filters, interval, "report"),
        )
    found, series = counted_among(conn, newest(conn, filters, within), fields, limit, [interval])
    return found, series[interval]


def _kept_facet(
    conn: Connection, keys: list[str], name: str, by: CountBy, limit: int
) -> list[FacetValue]:
    if not keys:  # a speaker filter that names no actor: nothing matches
        return []
    if name == "speaker" and keys[0].startswith("speaker="):  # each speaker's own total
        totals = [(k.removeprefix("speaker="), aggregates.total(conn, [k], by)) for k in keys]
        ranked = sorted((t for t in totals if t[1]), key=lambda t: (-t[1], t[0]))[:limit]
    else:
        ranked = [(r.value, int(r.n)) for r in aggregates.top(conn, keys, name, by, limit)]
    labels = actor_names(conn, [v for v, _ in ranked]) if name in ("speaker", "about") else {}
    return [FacetValue(v, labels.get(v, v), n) for v, n in ranked]


def newest(conn: Connection, filters: QuoteFilters, within: int) -> list[int]:
    """The keys of the newest ``within`` matching quotes (one query, then counted by key)."""
    plan = plan_quotes(conn, filters, [q_t.c.pk], want=within)
    latest = order_and_page(plan.stmt, "date", None, None, plan.sort_date, q_t.c.pk)
    return list(conn.execute(latest.limit(within)).scalars())


def _matching(
    conn: Connection, filters: QuoteFilters, pks: list[int] | None, columns: list[AnyColumn]
) -> AnySelect:
    """SELECT ``columns`` of the matching quotes, or of quotes ``pks`` when given."""
    if pks is None:
        return filtered_quotes(conn, filters, columns)[0]
    return select(*columns).select_from(q_t).where(among(conn, q_t.c.pk, pks))


def among(conn: Connection, column: AnyColumn, keys: Sequence[int]) -> AnyColumn:
    """``column IN keys`` for a long list of integer keys, as one parameter: on PostgreSQL
    an array (``= ANY``), which it plans in a fraction of the time of a thousand
    parameters; on SQLite a JSON array read by ``json_each`` (a thousand parameters cost
    SQLAlchemy more CPU to expand and bind than SQLite spends answering). The array is sent
    as its text, ``{1,2,3}``: psycopg would otherwise dump it element by element in Python."""
    if conn.dialect.name == "postgresql":
        listed = "{" + ",".join(str(int(k)) for k in keys) + "}"
        return column == any_(cast(bindparam(None, listed, type_=Text), ARRAY(BigInteger)))
    listed = json.dumps([int(k) for k in keys])
    return column.in_(select(literal_column("value")).select_from(func.json_each(listed)))


def _facet(
    conn: Connection,
    filters: QuoteFilters,
    name: str,
    by: CountBy,
    limit: int,
    pks: list[int] | None = None,
) -> list[FacetValue]:
    """One facet counted from the quotes (only quotes ``pks`` when given)."""
    count = _count(by)
    if name == "about":
        ab = schema.quote_about
        stmt = _matching(conn, filters, pks, [ab.c.key.label("value"), count.label("n")])
        stmt = stmt.join(ab, ab.c.quote_pk == q_t.c.pk)
    else:
        column = q_t.c.speaker_key if name == "speaker" else q_t.c[name]
        stmt = _matching(conn, filters, pks, [column.label("value"), count.label("n")])
        stmt = stmt.where(column.is_not(None))
    sub = stmt.group_by(literal_column("value")).order_by(
        literal_column("n").desc(), literal_column("value")
    )
    rows = conn.execute(sub.limit(limit)).all()
    labels = actor_names(conn, [r.value for r in rows]) if name in ("speaker", "about") else {}
    return [FacetValue(r.value, labels.get(r.value, r.value), int(r.n)) for r in rows]


def tallied_columns(
    conn: Connection, fields: Sequence[str], intervals: Sequence[str]
) -> list[AnyColumn]:
    """What ``counted_among`` counts of each quote: its statement, whether it is dated, the
    plain facets among ``fields`` and its period per each of ``intervals``."""
    dated = (q_t.c.sort_date > schema.NO_DATE).label("dated")
    plain = [PLAIN_FACETS[n] for n in fields if n in PLAIN_FACETS]
    return [q_t.c.statement_key, dated, *plain, *(_period(conn, i) for i in intervals)]


PLAIN_FACETS = {
    "speaker": q_t.c.speaker_key,
    "outlet": q_t.c.outlet,
    "language": q_t.c.language,
    "kind": q_t.c.kind,
}


def counted_among(
    conn: Connection,
    pks: Sequence[int],
    fields: Sequence[str],
    limit: int,
    intervals: Sequence[str],
    by: CountBy = "report",
    tallied: Sequence[Sequence[Any]] | None = None,
) -> tuple[dict[str, list[FacetValue]], dict[str, list[TimelinePoint]]]:
    """Facets (top ``limit`` values of each of ``fields``) and timelines (per each of
    ``intervals``, dated quotes only) of quotes ``pks``: their rows read once (and the
    actors they mention once), counted here instead of one GROUP BY per facet and period.
    ``tallied``: those rows' columns when the caller already read them (one sequence per
    ``tallied_columns``, in the order of ``pks``), which saves a query over a thousand keys.
    Values rank as the grouped queries rank them: most first, then by value."""
    names = [n for n in fields if n in PLAIN_FACETS]
    values: dict[str, Sequence[Any]] = {n: () for n in (*fields, *intervals)}
    statements: Sequence[Any] = ()
    dated: Sequence[Any] = ()
    if pks and (names or intervals):
        if tallied is None:
            stmt = select(*tallied_columns(conn, fields, intervals))
            rows = conn.execute(stmt.where(among(conn, q_t.c.pk, pks))).all()
            # Columns, not rows: each facet is then counted by one Counter over a column.
            tallied = list(zip(*rows, strict=True))
        columns = list(tallied) or [()] * (2 + len(names) + len(intervals))
        statements, dated = columns[0], columns[1]
        values |= dict(zip(names, columns[2:], strict=False))
        for interval, column in zip(intervals, columns[2 + len(names) :], strict=True):
            values[interval] = list(compress(column, dated))
    about_statements: Sequence[Any] = ()
    if pks and "about" in fields:
        ab = schema.quote_about
        mentioned = select(ab.c.key, literal(0))
        if by == "statement":  # reports need no quote row, statements their key
            mentioned = select(ab.c.key, q_t.c.statement_key).join(q_t, q_t.c.pk == ab.c.quote_pk)
        rows = conn.execute(mentioned.where(among(conn, ab.c.quote_pk, pks))).all()
        values["about"] = [r[0] for r in rows]
        about_statements = [r[1] for r in rows]

    def counts(name: str) -> list[tuple[str, int]]:
        if by == "statement":
            keys = about_statements if name == "about" else statements
            if name in intervals:
                keys = list(compress(statements, dated))
            seen: dict[str, set[Any]] = defaultdict(set)
            for value, statement in zip(values[name], keys, strict=True):
                if value is not None:
                    seen[str(value)].add(statement)
            return [(v, len(k)) for v, k in seen.items()]
        counted = Counter(values[name])
        counted.pop(None, None)
        return [(str(v), n) for v, n in counted.items()]

    ranked: dict[str, list[tuple[str, int]]] = {}
    for name in fields:
        if name not in FACETS:
            raise ValueError(f"unknown facet {name!r}; choose from {', '.join(FACETS)}")
        # the top ``limit`` of hundreds of values (speakers), without sorting them all
        top = heapq.nsmallest(limit, ((-n, v) for v, n in counts(name)))
        ranked[name] = [(v, -n) for n, v in top]
    # the names of the speakers and the mentioned actors shown, asked at once
    named = {v for name in ("speaker", "about") for v, _ in ranked.get(name, [])}
    labels = actor_names(conn, sorted(named))
    found = {
        name: [
            FacetValue(v, labels.get(v, v) if name in ("speaker", "about") else v, n)
            for v, n in values
        ]
        for name, values in ranked.items()
    }
    series = {i: [TimelinePoint(p, n) for p, n in sorted(counts(i))] for i in intervals}
    return found, series


def actor_names(conn: Connection, keys: list[str]) -> dict[str, str]:
    if not keys:
        return {}
    rows = conn.execute(_ACTOR_NAMES, {"keys": keys}).all()
    return dict(rows)


INTERVALS = ("day", "week", "month", "year")


def _period(conn: Connection, interval: str) -> AnyColumn:
    """The day, week, month or year of a quote's date, as its source's local day."""
    return period_of(conn, interval, local_time(conn, q_t.c.sort_date, q_t.c.published_offset))


def period_of(conn: Connection, interval: str, d: AnyColumn) -> AnyColumn:
    """The first day of the day/week/month/year of date column ``d``, as an ISO date."""
    if interval not in INTERVALS:
        raise ValueError(f"unknown interval {interval!r}; choose from {', '.join(INTERVALS)}")
    if conn.dialect.name == "postgresql":
        # Literals, not parameters: the expression is grouped by, and PostgreSQL only sees
        # two uses as the same expression when no parameter differs between them.
        day = func.date_trunc(literal_column(f"'{interval}'"), d)
        return func.to_char(day, literal_column("'YYYY-MM-DD'"))
    # SQLite keeps dates as integer seconds (types.UtcDateTime)
    raw = type_coerce(d, Integer)
    if interval == "week":  # weeks start on Monday, as in ISO 8601
        return func.date(raw, "unixepoch", "-6 days", "weekday 1")
    fmt = {"day": "%Y-%m-%d", "month": "%Y-%m-01", "year": "%Y-01-01"}[interval]
    return func.strftime(fmt, raw, "unixepoch")


def timeline(
    conn: Connection,
    filters: QuoteFilters,
    interval: str,
    by: CountBy,
    within: int | None = None,
    pks: list[int] | None = None,
) -> list[TimelinePoint]:
    """Counts per period: from the kept counts (months, years) when they cover the
    filters, else from the quotes (``within``: the newest ``within`` matches only;
    ``pks``: those quotes only)."""
    count = _count(by)
    period = _period(conn, interval).label("period")
    kept = interval in ("month", "year") and pks is None
    keys = aggregates.covering(conn, filters) if kept else None
    if keys is not None:
        return [TimelinePoint(p, n) for p, n in aggregates.series(conn, keys, interval, by)]
    if pks is None and within is not None:
        pks = newest(conn, filters, within)
    if pks is not None:
        return counted_among(conn, pks, [], 0, [interval], by)[1][interval]
    stmt = _matching(conn, filters, pks, [period, count.label("n")])
    stmt = stmt.where(q_t.c.sort_date > schema.NO_DATE).group_by(literal_column("period"))
    rows = conn.execute(stmt.order_by(literal_column("period"))).all()
    return [TimelinePoint(str(r.period), int(r.n)) for r in rows]


def network(
    conn: Connection,
    filters: QuoteFilters,
    min_reports: int,
    limit: int,
    dates: bool = True,
) -> Network:
    """Speaker → actor-mentioned edges, weighted by reports and statements, with dates
    (``dates`` False: first and last only). The edges and their counts are read from the
    kept counts when they cover the filters (all quotes, a whole year, or one speaker);
    each chosen edge's days (``dates``) are then read from its own quotes."""
    kept = _kept_network(conn, filters, min_reports, limit)
    if kept is None:
        return counted_network(conn, filters, min_reports, limit)
    if not dates:
        return kept
    days = _edge_days(conn, filters, {(e.source, e.target) for e in kept.edges})
    edges = [replace(e, dates=sorted(days.get((e.source, e.target), []))) for e in kept.edges]
    return Network(kept.nodes, edges)


# An edge-day query names the chosen speakers and actors when there are at most this many
# of each (else it reads every edge's days and keeps the chosen ones: an export of them all).
EDGE_DAYS_NAMED = 1000


def _linked_quotes(conn: Connection, filters: QuoteFilters, *columns: AnyColumn) -> AnySelect:
    """``columns`` of each (matching quote, actor it mentions other than its speaker)."""
    ab = schema.quote_about
    source, target = q_t.c.speaker_key.label("source"), ab.c.key.label("target")
    stmt, _ = filtered_quotes(conn, filters, [source, target, *columns])
    return stmt.join(ab, ab.c.quote_pk == q_t.c.pk).where(
        q_t.c.speaker_key.is_not(None), q_t.c.speaker_key != ab.c.key
    )


def _edge_days(
    conn: Connection, filters: QuoteFilters, pairs: set[tuple[str, str]]
) -> dict[tuple[str, str], list[str]]:
    """The distinct local days on which each (speaker, actor) pair of ``pairs`` was spoken
    of, among the quotes matching ``filters``."""
    if not pairs:
        return {}
    day = _period(conn, "day").label("day")
    stmt = _linked_quotes(conn, filters, day).where(q_t.c.sort_date > schema.NO_DATE)
    sources, targets = sorted({s for s, _ in pairs}), sorted({t for _, t in pairs})
    if len(sources) <= EDGE_DAYS_NAMED:
        stmt = stmt.where(q_t.c.speaker_key.in_(sources))
    if len(targets) <= EDGE_DAYS_NAMED:
        stmt = stmt.where(schema.quote_about.c.key.in_(targets))
    stmt = stmt.group_by(literal_column("source"), literal_column("target"), literal_column("day"))
    days: dict[tuple[str, str], list[str]] = defaultdict(list)
    for r in conn.execute(stmt).all():
        if (r.source, r.target) in pairs:
            days[(r.source, r.target)].append(str(r.day))
    return days


def counted_network(
    conn: Connection, filters: QuoteFilters, min_reports: int, limit: int
) -> Network:
    """``network`` counted from the quotes: for filters the kept counts do not cover
    (about an actor, outlet, kind, a date range other than a whole year, words)."""

    def grouped(*columns: AnyColumn) -> AnySelect:
        return _linked_quotes(conn, filters, *columns).group_by(
            literal_column("source"), literal_column("target"), *columns
        )

    totals = conn.execute(
        grouped()
        .add_columns(
            func.count().label("reports"),
            func.count(distinct(q_t.c.statement_key)).label("statements"),
        )
        .having(func.count() >= min_reports)
        .order_by(func.count().desc(), literal_column("source"), literal_column("target"))
        .limit(limit)
    ).all()
    days = _edge_days(conn, filters, {(r.source, r.target) for r in totals})
    scores = relation_scores(
        conn,
        {r.source for r in totals},
        {r.target for r in totals},
        filter_bound(filters.since, end=False, field="since"),
        filter_bound(filters.until, end=True, field="until"),
    )
    edge_list = []
    for r in totals:
        d = sorted(days.get((r.source, r.target), []))
        count, mean = scores.get((r.source, r.target), (0, None))
        edge_list.append(
            NetworkEdge(
                source=r.source,
                target=r.target,
                reports=int(r.reports),
                statements=int(r.statements),
                first=datetime.fromisoformat(d[0]) if d else None,
                last=datetime.fromisoformat(d[-1]) if d else None,
                dates=d,
                relations=count,
                mean_score=mean,
            )
        )
    return Network(_network_nodes(conn, edge_list), edge_list)


def _kept_network(
    conn: Connection, filters: QuoteFilters, min_reports: int, limit: int
) -> Network | None:
    keys = aggregates.covering(conn, filters)
    if keys is None or len(keys) != 1 or keys[0].startswith("about="):
        return None  # about=Y: the links among quotes mentioning Y are not kept
    speaker = keys[0].removeprefix("speaker=") if keys[0].startswith("speaker=") else None
    if speaker is not None:
        rows = aggregates.top(
            conn, keys, "about", "report", limit, at_least=min_reports, leave_out=speaker
        )
        pairs = [(speaker, r.value, r) for r in rows]
    else:
        rows = aggregates.top(conn, keys, "edge", "report", limit, at_least=min_reports)
        pairs = [(*r.value.split(aggregates.SEP, 1), r) for r in rows]
    scores = relation_scores(
        conn,
        {source for source, _, _ in pairs},
        {target for _, target, _ in pairs},
        filter_bound(filters.since, end=False, field="since"),
        filter_bound(filters.until, end=True, field="until"),
    )
    edge_list = []
    for source, target, r in pairs:
        count, mean = scores.get((source, target), (0, None))
        edge_list.append(
            NetworkEdge(
                source=source,
                target=target,
                reports=int(r.reports),
                statements=int(r.statements),
                first=datetime.fromisoformat(r.first) if r.first else None,
                last=datetime.fromisoformat(r.last) if r.last else None,
                dates=[],
                relations=count,
                mean_score=mean,
            )
        )
    return Network(_network_nodes(conn, edge_list), edge_list)


def actor_links(conn: Connection, key: str, side: str, limit: int) -> list[NetworkEdge]:
    """The links of actor ``key`` from the kept counts: those it speaks about (``side``
    "target") or those speaking about it ("source"), most reports first; first/last only."""
    if side == "target":
        filter_key, dim = "speaker=" + key, "about"
    else:
        filter_key, dim = "about=" + key, "speaker"
    rows = aggregates.top(conn, [filter_key], dim, "report", limit, leave_out=key)
    return [
        NetworkEdge(
            source=key if side == "target" else r.value,
            target=r.value if side == "target" else key,
            reports=int(r.reports),
            statements=int(r.statements),
            first=datetime.fromisoformat(r.first) if r.first else None,
            last=datetime.fromisoformat(r.last) if r.last else None,
            dates=[],
        )
        for r in rows
    ]


def _network_nodes(conn: Connection, edges: list[NetworkEdge]) -> list[NetworkNode]:
    speaks: dict[str, int] = defaultdict(int)
    mentioned: dict[str, int] = defaultdict(int)
    for e in edges:
        speaks[e.source] += e.reports
        mentioned[e.target] += e.reports
    ids = sorted(set(speaks) | set(mentioned))
    actors = schema.actors
    info = {r.id: r for r in conn.execute(select(actors).where(actors.c.id.in_(ids))).all()}
    nodes = []
    for key in ids:
        row = info.get(key)
        label = row.name if row else key.removeprefix("name:")
        nodes.append(
            NetworkNode(
                key,
                label,
                row.type if row else None,
                row.country if row else None,
                speaks[key],
                mentioned[key],
            )
        )
    return nodes


# --- articles, stories ----------------------------------------------------------------


def _summary(r: AnyRow, snippet: str | None = None) -> ArticleSummary:
    return ArticleSummary(
        id=r.id,
        url=r.url,
        source=r.source,
        outlet=r.outlet,
        title=r.title,
        author=r.author,
        published=with_offset(r.published, r.published_offset),
        language=r.language,
        quote_count=r.quote_count,
        story_id=r.story_pk,
        snippet=snippet,
    )


SUMMARY_COLUMNS = [
    a_t.c.pk,
    a_t.c.id,
    a_t.c.url,
    a_t.c.source,
    a_t.c.outlet,
    a_t.c.title,
    a_t.c.author,
    a_t.c.published,
    a_t.c.published_offset,
    a_t.c.language,
    a_t.c.quote_count,
    a_t.c.story_pk,
]


def search_articles(
    conn: Connection,
    query: str | None,
    *,
    outlet: str | list[str] | None,
    language: str | list[str] | None,
    since: date | datetime | str | None,
    until: date | datetime | str | None,
    sort: SortBy,
    after: str | None,
    limit: int,
    not_analysed: bool = False,
) -> Page[ArticleSummary]:
    stmt, relevance = _filtered_articles(
        conn, [*SUMMARY_COLUMNS], query, outlet, language, since, until, not_analysed
    )
    sort_date = func.coalesce(a_t.c.published, schema.no_date())
    stmt = order_and_page(stmt, sort, relevance, after, sort_date, a_t.c.pk)
    rows, more = page_rows(conn, stmt, limit)
    cursor = cursor_after(rows[-1], sort, relevance, rows[-1].pk) if more else None
    return Page([_summary(r) for r in rows], cursor)


def count_articles(
    conn: Connection,
    query: str | None,
    *,
    outlet: str | list[str] | None,
    language: str | list[str] | None,
    since: date | datetime | str | None,
    until: date | datetime | str | None,
    not_analysed: bool,
    at_most: int | None,
) -> int:
    stmt, _ = _filtered_articles(
        conn, [a_t.c.pk], query, outlet, language, since, until, not_analysed
    )
    return _bounded_count(conn, stmt, at_most)


def _filtered_articles(
    conn: Connection,
    columns: list[AnyColumn],
    query: str | None,
    outlet: str | list[str] | None,
    language: str | list[str] | None,
    since: date | datetime | str | None,
    until: date | datetime | str | None,
    not_analysed: bool,
) -> tuple[AnySelect, AnyColumn | None]:
    """SELECT ``columns`` FROM articles with the filters; plus the relevance column.
    ``not_analysed``: only articles the analysis left alone (another language)."""
    stmt = select(*columns).select_from(a_t)
    relevance = None
    if fulltext.has_words(query):
        stmt, relevance = fulltext.restrict_articles(stmt, conn.dialect.name, query or "")
    for column, value in ((a_t.c.outlet, outlet), (a_t.c.language, language)):
        if as_list(value):
            stmt = stmt.where(column.in_(as_list(value)))
    if not_analysed:  # Article.not_analysed_because: not English
        stmt = stmt.where(a_t.c.language.is_not(None), a_t.c.language != "en")
    stmt = date_bounds(conn, stmt, since, until, (a_t.c.published, a_t.c.published_offset))
    return stmt, relevance


def _bounded_count(conn: Connection, stmt: AnySelect, at_most: int | None) -> int:
    """How many rows ``stmt`` gives, counting no further than ``at_most`` + 1 (so a caller
    can say "more than N" without the database counting millions)."""
    if at_most is not None:
        stmt = stmt.limit(at_most + 1)
    return int(conn.execute(select(func.count()).select_from(stmt.subquery())).scalar() or 0)


def get_article(conn: Connection, article_id: str) -> ArticleRecord | None:
    row = conn.execute(select(a_t).where(a_t.c.id == article_id)).first()
    if row is None:
        return None
    loc = schema.article_locations
    locations = (
        conn.execute(
            select(loc.c.locator).where(loc.c.article_pk == row.pk).order_by(loc.c.locator)
        )
        .scalars()
        .all()
    )
    # the article's quotes read with their details at once, in the order of the text
    hits = _hits_of(conn.execute(_ARTICLE_QUOTE_ROWS, {"article": row.pk}).all())
    quotes = sorted(hits.values(), key=lambda h: (h.start, h.id))
    entities = [_entity_record(e) for e in row.entities or []]
    return ArticleRecord(
        id=row.id,
        url=row.url,
        source=row.source,
        raw_ref=row.raw_ref,
        outlet=row.outlet,
        title=row.title,
        author=row.author,
        published=with_offset(row.published, row.published_offset),
        language=row.language,
        format=row.format,
        text=row.text,
        story_id=row.story_pk,
        locations=list(locations),
        quotes=quotes,
        entities=entities,
        ingested_at=with_offset(row.ingested_at, 0),  # sayso's own clock: UTC, said so
        updated_at=with_offset(row.updated_at, 0),
        meta=row.meta or {},
        relations=relation_hits(conn, article_relation_pks(conn, row.pk)),
    )


def _entity_record(stored: dict[str, Any]) -> EntityRecord:
    """An entity as ``write._entity_records`` packed it (empty fields were left out)."""
    return EntityRecord(
        id=stored["id"],
        key=stored["key"],
        name=stored["name"],
        type=stored["type"],
        country=stored.get("country"),
        wikidata=stored.get("wikidata"),
        sector=stored.get("sector"),
        resolved=bool(stored.get("resolved")),
        mentions=stored.get("mentions", []),
    )


def get_story(conn: Connection, story_id: int) -> StoryRecord | None:
    st = schema.stories
    row = conn.execute(select(st).where(st.c.pk == story_id)).first()
    if row is None:
        return None
    arts = conn.execute(
        select(*SUMMARY_COLUMNS).where(a_t.c.story_pk == story_id).order_by(a_t.c.pk)
    ).all()
    title = arts[0].title if arts else None  # the story is named after its first article
    # dated in the offset of the article it was first published by
    offsets = [a.published_offset for a in arts if a.published == row.first_published]
    first = with_offset(row.first_published, offsets[0] if offsets else None)
    return StoryRecord(row.pk, title, first, [_summary(a) for a in arts])


# --- actors ----------------------------------------------------------------------------


def get_actor(conn: Connection, actor_id: str) -> ActorRecord | None:
    actors = schema.actors
    row = conn.execute(select(actors).where(actors.c.id == actor_id)).first()
    return actor_records(conn, [row])[0] if row else None


def find_actors(conn: Connection, name: str, limit: int) -> list[ActorRecord]:
    keys = resolve_actor_keys(conn, [name])
    actors = schema.actors
    rows = conn.execute(
        select(actors)
        .where(actors.c.id.in_(keys))
        .order_by(actors.c.in_kb.desc(), actors.c.name)
        .limit(limit)
    ).all()
    return actor_records(conn, rows)


SUGGEST_CANDIDATES = 200  # actors whose name fits a prefix, ranked by use before cutting
MIN_SUGGEST_CHARS = 2
FUZZY_CUTOFF = 80  # rapidfuzz WRatio: "Peskow" ~ "Peskov"; "Xqzwv" ~ nobody
MIN_FUZZY_WORD = 4  # a family name ("Peskov") is matched alone; "de", "al" are not


def suggest_actors(conn: Connection, text: str, limit: int, fuzzy: bool) -> list[ActorRecord]:
    """Actors a user may mean by what they typed: a word of the name or of an alias starts
    with it ("luka" → Alexander Lukashenko), most spoken and mentioned first. ``fuzzy``:
    when nothing starts so, names spelt closely ("Lukashenka") instead."""
    folded = fold(text)
    if len(folded) < MIN_SUGGEST_CHARS:
        return []
    actors, aliases = schema.actors, schema.actor_aliases
    ids: set[str] = set()
    for id_col, key_col in (
        (actors.c.id, actors.c.name_key),
        (aliases.c.actor_id, aliases.c.alias_key),
    ):
        found = select(id_col).where(
            key_col.like(f"{_like(folded)}%", escape="\\")
            | key_col.like(f"% {_like(folded)}%", escape="\\")
        )
        ids.update(conn.execute(found.limit(SUGGEST_CANDIDATES)).scalars())
    if not ids and fuzzy:
        ids = _close_names(conn, folded, limit)
    candidates = conn.execute(select(actors).where(actors.c.id.in_(sorted(ids)))).all()
    # Ranked by the kept counts alone, then full records (aliases, roles) made for the few
    # shown: a common word ("president") fits a part of 200 names.
    spoken = aggregates.counts_of(conn, "speaker", sorted(ids))
    mentioned = aggregates.counts_of(conn, "about", sorted(ids))
    rows = sorted(
        candidates,
        key=lambda r: (
            -(spoken.get(r.id, (0, 0))[0] + mentioned.get(r.id, (0, 0))[0]),
            not fold(r.name).startswith(folded),
            r.name,
        ),
    )
    return actor_records(conn, rows[:limit])


def _like(text: str) -> str:
    """``text`` with LIKE's wildcards escaped (a folded key holds none, but be sure)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _close_names(conn: Connection, folded: str, limit: int) -> set[str]:
    """Ids of actors with a name or alias spelt close to ``folded`` (misspellings)."""
    from rapidfuzz import fuzz, process

    actors, aliases = schema.actors, schema.actor_aliases
    names: dict[str, set[str]] = defaultdict(set)  # a name, or one of its longer words
    pairs = conn.execute(
        union_all(
            select(actors.c.id, actors.c.name_key), select(aliases.c.actor_id, aliases.c.alias_key)
        )
    ).all()
    for actor_id, key in pairs:
        for part in {key, *(word for word in key.split() if len(word) >= MIN_FUZZY_WORD)}:
            names[part].add(actor_id)
    close = process.extract(
        folded, list(names), scorer=fuzz.WRatio, limit=limit * 2, score_cutoff=FUZZY_CUTOFF
    )
    return {actor_id for key, _, _ in close for actor_id in names[key]}


def list_actors(
    conn: Connection, actor_type: str | None, in_kb: bool | None, after: str | None, limit: int
) -> Page[ActorRecord]:
    """Every actor, most used first (reports spoken + reports mentioning them), then by id."""
    actors, agg = schema.actors, schema.agg_counts
    spoken, mentioned = agg.alias("spoken"), agg.alias("mentioned")
    n = func.coalesce(spoken.c.reports, 0) + func.coalesce(mentioned.c.reports, 0)
    stmt = (
        select(actors, n.label("n"))
        .outerjoin(
            spoken,
            (spoken.c.filter == "") & (spoken.c.dim == "speaker") & (spoken.c.value == actors.c.id),
        )
        .outerjoin(
            mentioned,
            (mentioned.c.filter == "")
            & (mentioned.c.dim == "about")
            & (mentioned.c.value == actors.c.id),
        )
    )
    if actor_type:
        stmt = stmt.where(actors.c.type == actor_type)
    if in_kb is not None:
        stmt = stmt.where(actors.c.in_kb.is_(in_kb))
    if after:
        after_n, after_id = actor_cursor(after)
        stmt = stmt.where((n < after_n) | ((n == after_n) & (actors.c.id > after_id)))
    rows, more = page_rows(conn, stmt.order_by(n.desc(), actors.c.id), limit)
    cursor = encode_cursor(int(rows[-1].n), rows[-1].id) if more else None
    return Page(actor_records(conn, rows), cursor)


def actor_records(
    conn: Connection, rows: Sequence[AnyRow], *, every: bool = False
) -> list[ActorRecord]:
    """Full records for ``rows`` of the actors table, in that order: four queries for all of
    them (aliases, roles, reports spoken, reports mentioning them). ``every``: the rows are
    the whole table, so the queries need no id list."""
    if not rows:
        return []
    aliases, roles = schema.actor_aliases, schema.actor_roles
    ids = [r.id for r in rows]

    def of(stmt: AnySelect, column: AnyColumn) -> AnySelect:
        return stmt if every else stmt.where(column.in_(ids))

    alias_map: dict[str, list[str]] = defaultdict(list)
    for actor_id, alias in conn.execute(
        of(select(aliases.c.actor_id, aliases.c.alias), aliases.c.actor_id).order_by(
            aliases.c.alias
        )
    ).all():
        alias_map[actor_id].append(alias)
    role_map: dict[str, list[Role]] = defaultdict(list)
    for r in conn.execute(
        of(select(roles), roles.c.actor_id).order_by(roles.c.start, roles.c.pk)
    ).all():
        role_map[r.actor_id].append(
            Role(r.title, r.country, r.org, parse_day(r.start), parse_day(r.end))
        )
    wanted = None if every else ids
    spoken = aggregates.counts_of(conn, "speaker", wanted)
    mentioned = {k: n for k, (n, _) in aggregates.counts_of(conn, "about", wanted).items()}
    out = []
    for row in rows:
        n, s = spoken.get(row.id, (0, 0))
        out.append(
            ActorRecord(
                id=row.id,
                name=row.name,
                type=row.type,
                country=row.country,
                wikidata=row.wikidata,
                sector=row.sector,
                in_kb=bool(row.in_kb),
                aliases=alias_map.get(row.id, []),
                roles=role_map.get(row.id, []),
                reports=int(n),
                statements=int(s),
                mentioned_in=int(mentioned.get(row.id, 0)),
            )
        )
    return out


def name_forms(conn: Connection, key: str, articles: int) -> list[tuple[str, int]]:
    """How actor ``key`` is written: the words naming it as a speaker, and its mentions in
    its ``articles`` latest articles, each form with how often it is seen, most seen first
    (what an analyst picks from to split an actor)."""
    counts: Counter[str] = Counter()
    spoken = (
        select(q_t.c.speaker_text, func.count())
        .where(q_t.c.speaker_key == key, q_t.c.speaker_text.is_not(None))
        .group_by(q_t.c.speaker_text)
    )
    for text, n in conn.execute(spoken).all():
        counts[text] += int(n)
    ab = schema.quote_about
    latest = (
        select(a_t.c.pk)
        .where(
            a_t.c.pk.in_(select(q_t.c.article_pk).where(q_t.c.speaker_key == key))
            | a_t.c.pk.in_(
                select(q_t.c.article_pk).join(ab, ab.c.quote_pk == q_t.c.pk).where(ab.c.key == key)
            )
        )
        .order_by(a_t.c.pk.desc())
        .limit(articles)
    )
    for text, entities in conn.execute(
        select(a_t.c.text, a_t.c.entities).where(a_t.c.pk.in_(latest))
    ).all():
        for entity in entities or []:
            if entity.get("key") == key:
                counts.update(text[s:e] for s, e in entity.get("mentions", []))
    return counts.most_common()


def stats(conn: Connection) -> Stats:
    def n(stmt: AnySelect) -> int:
        return int(conn.execute(stmt).scalar() or 0)

    return Stats(
        articles=n(select(func.count()).select_from(a_t)),
        quotes=n(select(func.count()).select_from(q_t)),
        statements=n(select(func.count(distinct(q_t.c.statement_key)))),
        stories=n(select(func.count()).select_from(schema.stories)),
        actors=n(select(func.count()).select_from(schema.actors)),
        outlets=n(select(func.count(distinct(a_t.c.outlet)))),
    )
