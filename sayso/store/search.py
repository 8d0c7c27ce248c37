"""Quote and article search: filters → SQL, name look-up, keyset cursors."""

from __future__ import annotations

import math
from dataclasses import dataclass, fields
from datetime import date, datetime, timedelta
from typing import Any  # Any: the memo holds what each question found

from sqlalchemy import (
    Connection,
    Integer,
    bindparam,
    func,
    literal,
    literal_column,
    select,
    text,
    tuple_,
    type_coerce,
    union_all,
)
from sqlalchemy.sql import Executable

from sayso.dates import MAX_OFFSET, BadDate, is_day_bound, parse_bound
from sayso.store import fulltext, schema
from sayso.store.cursors import date_cursor, encode_cursor, rank_cursor
from sayso.store.keys import NAME_PREFIX, fold, parse_statement_id
from sayso.store.records import BadFilter, QuoteFilters, SortBy
from sayso.store.schema import AnyColumn, AnyRow, AnySelect

q_t = schema.quotes
a_t = schema.articles
MAX_NAME_MATCHES = 200
# The execution option holding what planning found out on a connection (Store._read): the
# reads of one request (Store.reading) ask the same questions (which actors a name means,
# whether words match few quotes) for the page, the total and the facets.
MEMO_OPTION = "sayso_memo"


def memo(conn: Connection) -> dict[tuple[str, str], Any]:
    """This connection's memo (a new, unshared one when it has none)."""
    found = conn.get_execution_options().get(MEMO_OPTION)
    return found if isinstance(found, dict) else {}


def as_list(value: str | list[str] | None) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else [v for v in value if v]


def filter_bound(value: date | datetime | str | None, *, end: bool, field: str) -> datetime | None:
    """An inclusive bound of the ``field`` filter (``dates.parse_bound``): a bare date as
    ``until`` means the end of that day."""
    try:
        return parse_bound(value, end=end)
    except BadDate as exc:
        raise BadFilter(f"{field}: {exc}", field=field) from None


def local_time(conn: Connection, utc: AnyColumn, offset: AnyColumn) -> AnyColumn:
    """The stored UTC date ``utc`` in the offset its source stated (``offset`` minutes; UTC
    when NULL), as a column of the date type: what the source's local day is read from.
    Constants are SQL literals: the expression may be grouped by (see ``read._period``)."""
    if conn.dialect.name == "postgresql":
        shift = func.coalesce(offset, literal_column("0")) * literal_column("interval '1 minute'")
        return type_coerce(utc + shift, utc.type)
    # SQLite keeps dates as integer seconds (types.UtcDateTime)
    seconds = type_coerce(utc, Integer) + func.coalesce(offset, literal_column("0")) * (
        literal_column("60")
    )
    return type_coerce(seconds, utc.type)


def date_bounds(
    conn: Connection,
    stmt: AnySelect,
    since: date | datetime | str | None,
    until: date | datetime | str | None,
    dates: tuple[AnyColumn, AnyColumn],
) -> AnySelect:
    """``stmt`` restricted to dates between ``since`` and ``until`` (inclusive), ``dates``
    being the UTC date column and its offset column. A moment (an ISO date-time) bounds the
    UTC date; a day bounds the source's local day, so that a statement released at 7 pm on
    7 January in Washington is found by ``until=2025-01-07``: the UTC date is bounded a day
    wider (what its index can answer), the local date exactly."""
    utc, offset = dates
    for value, end in ((since, False), (until, True)):
        bound = filter_bound(value, end=end, field="until" if end else "since")
        if bound is None:
            continue
        if not is_day_bound(value):
            stmt = stmt.where(utc <= bound if end else utc >= bound)
            continue
        local = local_time(conn, utc, offset)
        if end:
            stmt = stmt.where(utc <= widened(bound, MAX_OFFSET), local <= bound)
        else:
            stmt = stmt.where(utc >= widened(bound, -MAX_OFFSET), local >= bound)
    return stmt


def widened(bound: datetime, by: timedelta) -> datetime:
    """``bound + by``, kept within the years a datetime holds (a day filter of year 1 or
    9999 would overflow)."""
    try:
        return bound + by
    except OverflowError:
        return datetime.max if by > timedelta(0) else datetime.min


def resolve_actor_keys(conn: Connection, names: list[str]) -> list[str]:
    """Actor ids and name keys meant by each value: an exact id, or a name/alias match.

    A name matches an actor whose name or alias contains the same words in sequence, so
    "Lukashenko" finds "Aleksandr Lukashenko" (and anyone else of that name).
    """
    known = memo(conn)
    keys: set[str] = set()
    for value in names:
        if ("actor", value) not in known:
            known["actor", value] = _actor_keys(conn, value)
        keys.update(known["actor", value])
    return sorted(keys)


def _actor_keys(conn: Connection, value: str) -> set[str]:
    """The actor ids and the name key ``value`` means (see ``resolve_actor_keys``): the
    id alone when an actor has it, else the name key and every actor so named. Both asked
    in one statement (``_ACTOR_KEYS``): on PostgreSQL a round trip less for every request
    that names a speaker or a mentioned actor."""
    folded = fold(value)
    # Any of the name's words finds, by index, every key holding them all in sequence; the
    # longest is the likeliest to be rare.
    word = max(folded.split(" "), key=len)
    rows = conn.execute(_ACTOR_KEYS, {"id": value, "word": word, "pattern": f"% {folded} %"})
    found = rows.all()
    if any(r.exact for r in found):
        return {value}
    if not folded:
        return set()
    return {NAME_PREFIX + folded, *(r.id for r in found)}


# Built once: a statement object keeps its cache key, so executing it again skips both
# building the SELECT and working out which compiled form it has (per request, per name).
_w = schema.actor_words.c
# Actors whose name or an alias (their words, schema.actor_words) holds :word and, padded
# with spaces, is LIKE :pattern; and (exact = 1) the actor whose id is :id.
_ACTORS_NAMED = (
    select(literal_column("0").label("exact"), _w.actor_id.label("id"))
    .distinct()
    .where(
        _w.word == bindparam("word"),
        (literal_column("' '") + _w.name_key + literal_column("' '")).like(bindparam("pattern")),
    )
    .limit(2 * MAX_NAME_MATCHES)
    .subquery()
)
_ACTOR_KEYS = union_all(
    select(literal_column("1").label("exact"), schema.actors.c.id.label("id")).where(
        schema.actors.c.id == bindparam("id")
    ),
    select(_ACTORS_NAMED.c.exact, _ACTORS_NAMED.c.id),
)


# Plan choice (see plan_quotes), on SQLite and PostgreSQL alike. Walking M text matches
# costs ~M row look-ups; probing the text (SQLite) or recomputing each quote's vector
# (PostgreSQL) along another index costs ~PAGE * N / M probes (N quotes in all, the newest
# page of PAGE ≈ 20 found after that many). They cross near M = sqrt(100 * N).
TEXT_FIRST_MIN, TEXT_FIRST_MAX = 1_000, 20_000
PAGE_ROWS = 20
# For more rows than a page (a search page's newest 1,000 matches, counted for its facets)
# the crossing moves up as sqrt(c * rows * N): c from per-row costs measured on the 1M-quote
# bench store (load 2-7): reading a text match costs ~1 us (SQLite) / ~5 us (PostgreSQL),
# a quote walked in date order ~47 us (SQLite's probe) / ~60 us (PostgreSQL's vector).
CROSSING = {"sqlite": 43, "postgresql": 12}


# SQLite, words alone, newest first: reading every match's row to sort them costs ~M row
# reads (M matches); gathering their keys and walking the date index instead
# (fulltext.among_matches) costs ~M cheaper index reads plus ~want * N / M quotes walked.
# They cross near M = sqrt(WALK_CROSSING * want * N). Measured on the 1M-quote bench store
# (3 Dec, load 10, warm): a match's row read and sorted ~4 us, a match's key gathered
# ~0.25 us, a quote walked ~0.4 us; for the newest 1,000, 4,400 matches: sorting 28 ms,
# walking 80 ms; 12,800: 48-62 ms against 27 ms; 127,000: ~300 ms against 28-57 ms.
WALK_CROSSING = 0.06


@dataclass(frozen=True, slots=True)
class QuotePlan:
    stmt: AnySelect
    relevance: AnyColumn | None  # lower is better; None without a text query
    sort_date: AnyColumn  # the date to order and page by


def filtered_quotes(
    conn: Connection, filters: QuoteFilters, columns: list[AnyColumn]
) -> tuple[AnySelect, AnyColumn | None]:
    """SELECT ``columns`` FROM quotes with every filter applied; plus the relevance column."""
    plan = plan_quotes(conn, filters, columns)
    return plan.stmt, plan.relevance


def plan_quotes(
    conn: Connection,
    filters: QuoteFilters,
    columns: list[AnyColumn],
    sort: SortBy = "date",
    want: int = PAGE_ROWS,
) -> QuotePlan:
    """The filtered SELECT, shaped so that SQLite starts from the more selective side.

    SQLite: a speaker filter goes into the text index query itself (the speaker key is
    indexed with the words), so speaker + words is answered by the text index alone. For
    about/date filters SQLite cannot tell how many quotes the words match, so we count
    (stopping early): few → walk the matches, hiding the other indexes from the planner;
    many (newest first) → walk the date index and probe the text index per quote. ``want``:
    how many rows the caller reads (more rows favour starting from the text matches).
    """
    stmt = select(*columns).select_from(q_t)
    relevance = None
    speaker_col: AnyColumn = q_t.c.speaker_key
    date_col: AnyColumn = q_t.c.sort_date
    query = filters.query or ""
    speaker_keys = resolve_actor_keys(conn, as_list(filters.speaker)) if filters.speaker else None
    if fulltext.has_words(query):
        sqlite = conn.dialect.name == "sqlite"
        narrowing = filters.about or filters.since or filters.until
        text_first = True
        if sqlite and narrowing and not speaker_keys:
            text_first = sort == "relevance" or _few_matches(conn, query, want)
        # One speaker at most: the walk then follows the (speaker, date) index in order.
        one = speaker_keys is None or len(speaker_keys) == 1
        walk = sqlite and text_first and sort == "date" and not narrowing and one
        if walk and not _few_matches(conn, query, want, WALK_CROSSING, speaker_keys):
            stmt = fulltext.among_matches(stmt, query, speaker_keys)
        elif text_first:
            stmt, relevance = fulltext.restrict_quotes(stmt, conn.dialect.name, query, speaker_keys)
            if speaker_keys and not sqlite:
                # PostgreSQL: the speaker is in the text index; keep its planner from walking
                # the speaker's quotes instead (recomputing each one's text vector).
                speaker_col = literal_column("(quotes.speaker_key || '')")
            if sqlite and (narrowing or speaker_keys):
                # Same values, but expressions SQLite cannot answer from an index: it then
                # starts from the text matches instead of scanning an index in order.
                speaker_col = literal_column("(quotes.speaker_key || '')")
                date_col = type_coerce(
                    literal_column("(quotes.sort_date + 0)"), q_t.c.sort_date.type
                )
            if (
                not sqlite
                and not speaker_keys
                and sort == "date"
                and _few_matches(conn, query, want)
            ):
                # PostgreSQL would walk the date index newest first, computing each quote's
                # text vector until a page of matches turns up: seconds when the words are
                # rare. Sorting by an expression makes it take the few matches from the
                # text index and sort them instead.
                date_col = type_coerce(
                    literal_column("(quotes.sort_date + interval '0 seconds')"),
                    q_t.c.sort_date.type,
                )
        else:
            stmt = fulltext.probe_quotes(stmt, query)
    if speaker_keys is not None:
        stmt = stmt.where(speaker_col.in_(speaker_keys))
    about = as_list(filters.about)
    if about:
        ab = schema.quote_about
        keys = resolve_actor_keys(conn, about)
        stmt = stmt.where(q_t.c.pk.in_(select(ab.c.quote_pk).where(ab.c.key.in_(keys))))
    stmt = date_bounds(conn, stmt, filters.since, filters.until, (date_col, q_t.c.published_offset))
    if filter_bound(filters.until, end=True, field="until"):
        stmt = stmt.where(date_col > schema.NO_DATE)
    for column, value in (
        (q_t.c.outlet, filters.outlet),
        (q_t.c.language, filters.language),
        (q_t.c.kind, filters.kind),
    ):
        values = as_list(value)
        if values:
            stmt = stmt.where(column.in_(values))
    if filters.article_id:
        stmt = stmt.where(
            q_t.c.article_pk.in_(select(a_t.c.pk).where(a_t.c.id == filters.article_id))
        )
    if filters.statement_id is not None:
        key = parse_statement_id(filters.statement_id)
        if key is None:
            raise BadFilter(
                f"{filters.statement_id!r} is not a statement id (16 hex digits)",
                field="statement_id",
            )
        stmt = stmt.where(q_t.c.statement_key == key)
    if filters.story_id is not None:
        stmt = stmt.where(
            q_t.c.article_pk.in_(select(a_t.c.pk).where(a_t.c.story_pk == filters.story_id))
        )
    return QuotePlan(stmt, relevance, date_col)


def _few_matches(
    conn: Connection,
    query: str,
    want: int = PAGE_ROWS,
    walk: float | None = None,
    speaker_keys: list[str] | None = None,
) -> bool:
    """Do the words match few enough quotes to start from them, to read ``want`` rows?
    ``walk``: the crossing when the other way is ``fulltext.among_matches`` (see
    WALK_CROSSING; matches of the words said by ``speaker_keys`` when given), else it is
    probing the text per quote. (Asked once per connection's memo: a search page plans its
    query several times.)"""
    known = memo(conn)
    asked = ("few", f"{want}:{walk}:{speaker_keys}:{query}")
    if asked not in known:
        known[asked] = _count_few(conn, query, want, walk, speaker_keys)
    return bool(known[asked])


def _count_few(
    conn: Connection,
    query: str,
    want: int,
    walk: float | None = None,
    speaker_keys: list[str] | None = None,
) -> bool:
    """``_few_matches`` asked of the database. (Counting stops early; past TEXT_FIRST_MAX
    matches PostgreSQL's own estimate is taken, as counting that far would cost what
    reading the matches does.)"""
    total = int(conn.execute(text("SELECT max(pk) FROM quotes")).scalar() or 0)
    if walk is not None:
        limit = max(TEXT_FIRST_MIN, int(math.sqrt(walk * max(want, PAGE_ROWS) * total)))
        return text_matches(conn, query, limit, speaker_keys) < limit
    limit = int(min(TEXT_FIRST_MAX, max(TEXT_FIRST_MIN, math.sqrt(100 * total))))
    if want > PAGE_ROWS:
        limit = max(limit, int(math.sqrt(CROSSING[conn.dialect.name] * want * total)))
    if limit > TEXT_FIRST_MAX and conn.dialect.name == "postgresql":
        return _pg_estimated_matches(conn, query) < limit
    return text_matches(conn, query, limit) < limit


def _pg_estimated_matches(conn: Connection, query: str) -> int:
    """How many quotes PostgreSQL's planner expects the words to match (from the text
    index's statistics; no row is read)."""
    sql = (
        f"EXPLAIN (FORMAT JSON) SELECT 1 FROM quotes WHERE ({fulltext.PG_QUOTE_VECTOR}) "
        f"@@ websearch_to_tsquery('{fulltext.TS_CONFIG}', :q)"
    )
    plan = conn.execute(text(sql), {"q": query.replace("*", " ")}).scalar()
    return int(plan[0]["Plan"]["Plan Rows"]) if plan else 0


def text_matches(
    conn: Connection, query: str, at_most: int, speaker_keys: list[str] | None = None
) -> int:
    """How many quotes the words match (said by one of ``speaker_keys`` when given),
    counted in the text index alone up to ``at_most`` (then ``at_most`` is returned)."""
    if conn.dialect.name == "postgresql":
        tsq = fulltext.pg_tsquery(query)
        if speaker_keys:
            tsq = tsq.op("&&")(fulltext.pg_speakers_tsquery(speaker_keys))
        matches = (
            select(literal(1))
            .select_from(q_t)
            .where(fulltext.pg_quote_vector().op("@@")(tsq))
            .limit(at_most)
            .subquery()
        )
        capped: Executable = select(func.count()).select_from(matches)
        return int(conn.execute(capped).scalar() or 0)
    match = fulltext.quote_match(query, speaker_keys)
    capped = text(
        "SELECT count(*) FROM (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH :m "
        f"LIMIT {int(at_most)})"
    )
    return int(conn.execute(capped, {"m": match}).scalar() or 0)


def words_only(filters: QuoteFilters) -> bool:
    """Do ``filters`` hold words to search and nothing else (what the text index alone
    answers)?"""
    others = (getattr(filters, f.name) for f in fields(filters) if f.name != "query")
    return fulltext.has_words(filters.query) and all(v in (None, "", []) for v in others)


def order_and_page(
    stmt: AnySelect,
    sort: SortBy,
    relevance: AnyColumn | None,
    after: str | None,
    date_col: AnyColumn,
    pk_col: AnyColumn,
) -> AnySelect:
    """Sort newest first (or best match first) and continue after ``after`` (keyset)."""
    if sort == "relevance" and relevance is not None:
        stmt = stmt.add_columns(relevance.label("_rank"))
        if after:
            rank, pk = rank_cursor(after)
            stmt = stmt.where(tuple_(relevance, pk_col) > tuple_(rank, pk))
        return stmt.order_by(relevance, pk_col)
    stmt = stmt.add_columns(date_col.label("_sort_date"))
    if after:
        when, pk = date_cursor(after)
        # Typed literal: SQLite stores dates as integers (types.UtcDateTime), so the bound
        # value must go through the column's type, not be sent as a datetime string.
        bound = literal(when, schema.quotes.c.sort_date.type)
        stmt = stmt.where(tuple_(date_col, pk_col) < tuple_(bound, literal(pk)))
    return stmt.order_by(date_col.desc(), pk_col.desc())


def cursor_after(row: AnyRow, sort: SortBy, relevance: AnyColumn | None, pk: int) -> str:
    if sort == "relevance" and relevance is not None:
        return encode_cursor(row._rank, pk)
    when = row._sort_date
    return encode_cursor(when.isoformat() if isinstance(when, datetime) else str(when), pk)
