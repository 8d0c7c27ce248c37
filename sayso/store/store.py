"""``Store``: the one object the CLI, the web app and scripts use to keep and read quotes."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any  # Any: QuoteFilters' fields as keywords (its constructor checks them)

from sqlalchemy import Connection, Engine, literal, select
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

from sayso.model import Article
from sayso.store import aggregates, amend, read, relation_search
from sayso.store.actors import load_actors
from sayso.store.bulk import save_new_articles
from sayso.store.corrections import Correction, CorrectionSet
from sayso.store.db import StoreError, make_engine, normalise_url, read_engine
from sayso.store.migrate import ensure_schema
from sayso.store.records import (
    ActorRecord,
    ArticleRecord,
    ArticleSummary,
    CountBy,
    DyadSeries,
    FacetValue,
    Network,
    NetworkEdge,
    Page,
    QuoteFilters,
    QuoteHit,
    RelationFilters,
    RelationHit,
    SearchSummary,
    SortBy,
    StatementRecord,
    StatementSummary,
    Stats,
    StoryRecord,
    TimelinePoint,
)
from sayso.store.search import MEMO_OPTION
from sayso.store.write import (
    ActorCache,
    InputSeen,
    Prepared,
    SaveResult,
    input_seen,
    prepare,
    remember_inputs,
    save_article,
    utcnow,
)

RETRIES = 5
# save_batch stores plainly new articles this many at a time (bulk.save_new_articles):
# enough to share each statement's cost, few enough that the next ones are prepared (in
# the helper thread) while these are written.
BULK_CHUNK = 32
# PostgreSQL: deadlock_detected, serialization_failure; SQLite: database is locked.
_RETRYABLE_SQLSTATES = {"40P01", "40001"}


def _commit_without_flush(conn: Connection) -> None:
    """On PostgreSQL, let this transaction's commit return before its WAL is on disk
    (``synchronous_commit = off``): committed and seen by every session at once, safe from
    the client being killed, but a crash of the server itself may lose it, so it is for a
    writer whose next durable commit follows at once. PostgreSQL writes its WAL in order:
    that commit flushes this one too, and a crash loses only a suffix of commits, never
    one without those before it (issue 15: the ingest writer's batch and its actors, then
    the input ledger; each flush costs ~3-15 ms on this machine's disk)."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("SET LOCAL synchronous_commit = off")


def _retryable(exc: DBAPIError) -> bool:
    code = getattr(exc.orig, "sqlstate", None)
    return code in _RETRYABLE_SQLSTATES or "database is locked" in str(exc.orig)


def _refuses_this_article(exc: OperationalError) -> bool:
    """PostgreSQL raises "a value over an internal limit" (SQLSTATE class 54, e.g. a tsvector
    over 1 MB) as an OperationalError, like a lost connection; yet it is about the article
    being written, which is refused alone: retrying the batch would fail the same way."""
    code = getattr(exc.orig, "sqlstate", None)
    return isinstance(code, str) and code.startswith("54")


class Store:
    """A sayso database (SQLite file or PostgreSQL), created/upgraded on first use."""

    def __init__(self, url: str | None = None, *, upgrade: bool = True):
        self.url = normalise_url(url)
        self.engine: Engine = make_engine(self.url)
        self._reader = read_engine(self.engine)
        self._actors = ActorCache()
        self._preparer: ThreadPoolExecutor | None = None
        self._corrections = CorrectionSet()
        self._corrections_seen: tuple[int, int] | None = None
        self._held = threading.local()  # reading(): this thread's connection
        if upgrade:
            try:
                ensure_schema(self.engine)
            except OperationalError as exc:
                raise StoreError(
                    f"{self.display_url}: cannot open the database "
                    f"({_first_line(exc.orig)}); check --db / SAYSO_DB"
                ) from None

    @property
    def display_url(self) -> str:
        """The URL without its password, for messages."""
        return self.engine.url.render_as_string(hide_password=True)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def reachable(self) -> bool:
        """Whether the database answers at all (after a write failed: was it the article,
        or is the database gone?)."""
        try:
            with self.engine.connect() as conn:
                conn.execute(select(literal(1)))
            return True
        except DBAPIError:
            return False

    def close(self) -> None:
        if self._preparer is not None:
            self._preparer.shutdown(wait=True)
            self._preparer = None
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- writing ------------------------------------------------------------------

    def save(self, article: Article) -> SaveResult:
        """Store one analysed article with its analysis in one transaction (analysts'
        corrections applied, see ``corrections.py``)."""
        prepared = prepare(article, corrections=self.current_corrections())
        for attempt in range(RETRIES):
            try:
                with self._write() as conn, self._transaction(conn):
                    return save_article(conn, prepared, utcnow(), self._actors)
            except IntegrityError:
                # A concurrent writer inserted the same row between our check and insert;
                # the retry sees it and takes the "already stored" path.
                if attempt == RETRIES - 1:
                    raise
            except OperationalError as exc:
                if not _retryable(exc) or attempt == RETRIES - 1:
                    raise
            time.sleep(0.05 * (attempt + 1))
        raise AssertionError("unreachable")

    def save_batch(
        self,
        articles: Sequence[Article],
        *,
        band_keys: Sequence[tuple[str, list[int]] | None] | None = None,
        durable: bool = True,
    ) -> list[SaveResult | Exception]:
        """Store several articles in one transaction.

        ``band_keys``: per article, (its id, ``dedup.text_band_keys`` of its text) when
        already computed (by the process that analysed it), else None. ``durable=False``
        (see ``_transaction``): for a writer whose next durable commit follows at once.

        Every article is still stored with all its analysis or not at all: if the database
        refuses one, the batch is written again with a savepoint per article, so that one
        is rolled back alone and its exception returned in its place.
        One commit for the batch saves a disk flush per article (PostgreSQL flushes on every
        commit), which is what makes batches of ~20-50 worth it for bulk ingest.
        """
        keys = band_keys if band_keys is not None else [None] * len(articles)
        prepared = self._prepare_ahead(articles, keys, self.current_corrections())
        for attempt in range(RETRIES):
            try:
                return self._save_batch_once(prepared, durable)
            except (IntegrityError, OperationalError) as exc:
                if isinstance(exc, OperationalError) and not _retryable(exc):
                    raise
                if attempt == RETRIES - 1:
                    raise
            time.sleep(0.05 * (attempt + 1))
        raise AssertionError("unreachable")

    def _prepare_ahead(
        self,
        articles: Sequence[Article],
        band_keys: Sequence[tuple[str, list[int]] | None],
        corrections: CorrectionSet,
    ) -> list[Future[Prepared]]:
        """Each article's pure computation (corrections, hashes, MinHash unless given),
        done in a helper thread so that it overlaps with the database's work on the
        articles before it."""
        if self._preparer is None:
            self._preparer = ThreadPoolExecutor(1, thread_name_prefix="sayso-prepare")
        return [
            self._preparer.submit(
                prepare, a, with_bands=True, corrections=corrections, band_keys=keys
            )
            for a, keys in zip(articles, band_keys, strict=True)
        ]

    def _save_batch_once(
        self, prepared: list[Future[Prepared]], durable: bool = True
    ) -> list[SaveResult | Exception]:
        now = utcnow()
        if len(prepared) > 1:
            # Optimistic first: the whole batch without savepoints (on PostgreSQL each is
            # two more round trips per article). Only if the database refuses something is
            # the batch redone below, each article in its own savepoint.
            try:
                with (
                    self._write() as conn,
                    self._transaction(conn, durable=durable),
                    aggregates.summed(conn),  # the batch's counts written once
                ):
                    return self._save_chunks(conn, prepared, now)
            except OperationalError as exc:
                if not _refuses_this_article(exc):
                    raise  # deadlock, lock timeout, lost connection: save_batch retries
            except DBAPIError:
                pass
        results: list[SaveResult | Exception] = []
        with self._write() as conn, self._transaction(conn, durable=durable):
            for p in prepared:
                results.append(self._save_in_savepoint(conn, p.result(), now))
        return results

    def _save_chunks(
        self, conn: Connection, prepared: list[Future[Prepared]], now: datetime
    ) -> list[SaveResult | Exception]:
        """Plainly new articles a few at a time with one statement per table (while the
        next few are being prepared), the others one by one."""
        results: list[SaveResult | Exception] = []
        for start in range(0, len(prepared), BULK_CHUNK):
            chunk = [p.result() for p in prepared[start : start + BULK_CHUNK]]
            done = save_new_articles(conn, chunk, now, self._actors)
            for item, result in zip(chunk, done, strict=True):
                results.append(result or save_article(conn, item, now, self._actors))
        return results

    def _save_in_savepoint(
        self, conn: Connection, article: Prepared, now: datetime
    ) -> SaveResult | Exception:
        for attempt in range(2):
            savepoint = conn.begin_nested()
            try:
                result = save_article(conn, article, now, self._actors)
            except OperationalError as exc:
                if not _refuses_this_article(exc):
                    raise  # deadlock or lost connection: the whole batch is retried
                savepoint.rollback()
                return exc
            except IntegrityError as exc:  # a concurrent writer's row: once more sees it
                savepoint.rollback()
                if attempt == 1:
                    return exc
            except DBAPIError as exc:  # this article's data was refused
                savepoint.rollback()
                return exc
            else:
                savepoint.commit()
                return result
        raise AssertionError("unreachable")

    def input_seen(self, key: str, digest: str) -> InputSeen | None:
        """What the input ``key`` (a real path, ``path#N``, a URL) with this ``digest`` (of
        its bytes and the analyser) gave when it was read: "article" (stored) or "no
        article"; None when not known. Known: reading it again can be skipped."""
        with self.engine.connect() as conn:
            return input_seen(conn, key, digest)

    def remember_inputs(self, rows: Sequence[tuple[str, str, str | None]]) -> None:
        """(key, digest, article id) of inputs whose articles were just stored; (key,
        digest, None) of inputs that hold no article."""
        if rows:
            with self._write() as conn, self._transaction(conn):
                remember_inputs(conn, rows)

    def load_actors(self, records: Iterable[object], *, durable: bool = True) -> int:
        """Upsert knowledge-base actors: ``{id, name, type, country, wikidata, sector,
        aliases: [...], roles: [{title, country, org, start, end}]}`` (mappings or objects).
        ``durable``: as in ``save_batch``."""
        records = self.current_corrections().renamed(records)
        with self._write() as conn, conn.begin():
            if not durable:
                _commit_without_flush(conn)
            return load_actors(conn, records, utcnow())

    # --- corrections ----------------------------------------------------------------

    def current_corrections(self) -> CorrectionSet:
        """The analysts' corrections, read again only when some process changed them."""
        with self.engine.connect() as conn:
            seen = amend.fingerprint(conn)
            if seen != self._corrections_seen:
                self._corrections = CorrectionSet(amend.load_corrections(conn))
                self._corrections_seen = seen
        return self._corrections

    def add_corrections(self, corrections: Sequence[Correction]) -> tuple[list[Correction], int]:
        """Record corrections (those already stored, by id, are skipped) and apply them to
        the stored articles they touch: (corrections added, articles rewritten). Each new
        one is checked against those before it (``amend.settled``): merging into an actor
        that was merged away goes where that one went. Raises ``BadCorrection``."""
        with self._write() as conn, self._transaction(conn):
            existing = CorrectionSet(amend.load_corrections(conn))
            settled = []
            known = {c.id for c in existing.items}
            for correction in sorted(corrections, key=lambda c: (c.at, c.id)):
                if correction.id in known:
                    continue
                correction = amend.settled(existing, correction)
                settled.append(correction)
                existing = CorrectionSet([*existing.items, correction])
            return amend.add(conn, settled, utcnow(), self._actors)

    def correct(self, correction: Correction) -> tuple[Correction, int]:
        """Record one correction: (the correction as stored, articles rewritten)."""
        added, rewritten = self.add_corrections([correction])
        stored = added[0] if added else correction
        return stored, rewritten

    def corrections(
        self, *, actor: str | None = None, article_id: str | None = None
    ) -> list[Correction]:
        """The corrections recorded, in the order they were made; ``actor`` keeps those
        about or towards that actor, ``article_id`` those of that article."""
        items = self.current_corrections().items
        if actor is not None:
            items = [c for c in items if actor in (c.actor, c.target)]
        if article_id is not None:
            items = [c for c in items if c.article_id == article_id]
        return list(items)

    def withdraw_correction(self, correction_id: str) -> Correction | None:
        """Remove a correction record; articles keep its effect until stored again."""
        with self._write() as conn, self._transaction(conn):
            return amend.withdraw(conn, correction_id)

    def _write(self) -> Connection:
        return self.engine.connect().execution_options(sqlite_begin="IMMEDIATE")

    @contextmanager
    def reading(self) -> Iterator[None]:
        """The reads inside share one connection (in this thread), and what planning
        finds out on the way (the actors a name means, whether words match few quotes):
        a search page's quotes, total, facets and actors cost one connection check-out
        and one plan. (On PostgreSQL reads run in autocommit: ``db.read_engine``.)"""
        if getattr(self._held, "conn", None) is not None:
            yield
            return
        with self._reader.connect() as conn:
            self._held.conn = conn.execution_options(**{MEMO_OPTION: {}})
            try:
                yield
            finally:
                self._held.conn = None

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        """The connection of the ``reading`` block around, else one of its own."""
        held: Connection | None = getattr(self._held, "conn", None)
        if held is not None:
            yield held
            return
        with self._reader.connect() as conn:
            yield conn.execution_options(**{MEMO_OPTION: {}})

    @contextmanager
    def _transaction(self, conn: Connection, *, durable: bool = True) -> Iterator[None]:
        """A write transaction; the actors it stored become known once it commits.
        ``durable=False``: on PostgreSQL its commit does not wait for the disk
        (``_commit_without_flush``)."""
        try:
            with conn.begin():
                if not durable:
                    _commit_without_flush(conn)
                yield
        except BaseException:
            self._actors.rollback()
            raise
        self._actors.commit()

    # --- quotes -------------------------------------------------------------------

    def search_quotes(
        self,
        filters: QuoteFilters | None = None,
        *,
        sort: SortBy = "date",
        after: str | None = None,
        limit: int = 20,
        **filter_fields: Any,
    ) -> Page[QuoteHit]:
        """One page of quotes (``Page.items``: ``QuoteHit``), newest first or best match first.

        Filters come as a ``QuoteFilters`` or as keywords (``speaker="Lukashenko"``,
        ``query="allies"``). Pass ``page.next_cursor`` as ``after`` for the next page.
        """
        with self._read() as conn:
            return read.search_quotes(conn, _filters(filters, filter_fields), sort, after, limit)

    def iter_quotes(
        self, filters: QuoteFilters | None = None, *, batch: int = 500, **filter_fields: Any
    ) -> Iterator[QuoteHit]:
        """Every matching quote, newest first, fetched page by page (for exports)."""
        with self.engine.connect() as conn:
            yield from read.iter_quotes(conn, _filters(filters, filter_fields), batch)

    def count_quotes(
        self,
        filters: QuoteFilters | None = None,
        *,
        by: CountBy = "report",
        at_most: int | None = None,
        **filter_fields: Any,
    ) -> int:
        """How many quotes match: every report, or distinct statements (``by="statement"``).
        ``at_most``: stop counting past it (the answer is then ``at_most + 1``: "more than")."""
        with self._read() as conn:
            return read.count_quotes(conn, _filters(filters, filter_fields), by, at_most)

    def facets(
        self,
        filters: QuoteFilters | None = None,
        *,
        fields: Sequence[str] = read.FACETS,
        by: CountBy = "report",
        limit: int = 20,
        within: int | None = None,
        **filter_fields: Any,
    ) -> dict[str, list[FacetValue]]:
        """Top values of speaker / about / outlet / language / kind among matching quotes.
        Exact from the counts kept on write when they cover the filters (``counts_kept``);
        otherwise counted over the quotes, among the newest ``within`` matches if given."""
        with self._read() as conn:
            return read.facets(conn, _filters(filters, filter_fields), fields, by, limit, within)

    def summary(
        self,
        filters: QuoteFilters | None = None,
        *,
        fields: Sequence[str] = read.FACETS,
        limit: int = 20,
        interval: str = "month",
        within: int = 2000,
        **filter_fields: Any,
    ) -> tuple[dict[str, list[FacetValue]], list[TimelinePoint]]:
        """``facets`` and ``timeline`` (reports) of one search at once: exact from the kept
        counts when they cover it, else both among the same newest ``within`` matches."""
        with self._read() as conn:
            chosen = _filters(filters, filter_fields)
            return read.summary(conn, chosen, fields, limit, interval, within)

    def search_summary(
        self,
        filters: QuoteFilters | None = None,
        *,
        sort: SortBy = "date",
        after: str | None = None,
        limit: int = 20,
        fields: Sequence[str] = read.FACETS,
        facet_limit: int = 20,
        interval: str | None = "month",
        within: int = 2000,
        count_bound: int | None = 10_000,
        **filter_fields: Any,
    ) -> SearchSummary:
        """What a results page shows of one search, read at once: ``search_quotes``'s page,
        ``count_quotes`` up to ``count_bound`` (+ 1: "more than"; None: every match
        counted), and ``summary``'s facets and timeline (exact from the kept counts, else
        among the newest ``within`` matches: ``SearchSummary.within`` says which; no
        timeline when ``interval`` is None)."""
        asked = read.PageAsked(sort, after, limit)
        with self._read() as conn:
            chosen = _filters(filters, filter_fields)
            return read.search_summary(
                conn, chosen, asked, fields, facet_limit, interval, within, count_bound
            )

    def counts_kept(self, filters: QuoteFilters | None = None, **filter_fields: Any) -> bool:
        """Whether counts, facets and month/year timelines for these filters are read from
        the counts kept on write (no words, at most one of speaker / about / whole year)."""
        with self._read() as conn:
            return aggregates.covering(conn, _filters(filters, filter_fields)) is not None

    def timeline(
        self,
        filters: QuoteFilters | None = None,
        *,
        interval: str = "month",
        by: CountBy = "report",
        within: int | None = None,
        **filter_fields: Any,
    ) -> list[TimelinePoint]:
        """Matching quotes per day/week/month/year (undated quotes left out); ``within``
        as for ``facets``."""
        with self._read() as conn:
            return read.timeline(conn, _filters(filters, filter_fields), interval, by, within)

    def network(
        self,
        filters: QuoteFilters | None = None,
        *,
        min_reports: int = 1,
        limit: int = 2000,
        dates: bool = True,
        **filter_fields: Any,
    ) -> Network:
        """Who speaks about whom: speaker → mentioned-actor edges with counts and dates
        (``dates`` False: each edge's first and last day only, read from the counts kept
        on write when they cover the filters)."""
        with self._read() as conn:
            return read.network(conn, _filters(filters, filter_fields), min_reports, limit, dates)

    def actor_links(
        self, actor_id: str, *, side: str = "target", limit: int = 300
    ) -> list[NetworkEdge]:
        """The actors ``actor_id`` speaks about (``side="target"``) or who speak about it
        (``"source"``), most reports first, from the counts kept on write."""
        with self._read() as conn:
            return read.actor_links(conn, actor_id, side, limit)

    def search_statements(
        self,
        filters: QuoteFilters | None = None,
        *,
        after: str | None = None,
        limit: int = 20,
        **filter_fields: Any,
    ) -> Page[StatementSummary]:
        """Distinct statements with at least one matching report, newest first
        (``Page.items``: ``StatementSummary`` with the number of reporting articles)."""
        with self._read() as conn:
            return read.search_statements(conn, _filters(filters, filter_fields), after, limit)

    def get_statement(self, statement_id: str) -> StatementRecord | None:
        """One statement with every report of it (one quote per reporting article)."""
        with self._read() as conn:
            return read.get_statement(conn, statement_id)

    def get_quote(self, quote_id: int) -> QuoteHit | None:
        """One stored quote by its id (``QuoteHit.id``)."""
        with self._read() as conn:
            hits = read.quote_hits(conn, [quote_id])
        return hits[0] if hits else None

    # --- articles, stories, actors ----------------------------------------------

    def get_article(self, article_id: str) -> ArticleRecord | None:
        with self._read() as conn:
            return read.get_article(conn, article_id)

    def search_articles(
        self,
        query: str | None = None,
        *,
        outlet: str | list[str] | None = None,
        language: str | list[str] | None = None,
        since: date | datetime | str | None = None,
        until: date | datetime | str | None = None,
        sort: SortBy = "date",
        after: str | None = None,
        limit: int = 20,
        not_analysed: bool = False,
    ) -> Page[ArticleSummary]:
        """Articles by full text over title and body (``Page.items``: ``ArticleSummary``);
        ``not_analysed``: only those the analysis left alone (not English)."""
        with self._read() as conn:
            return read.search_articles(
                conn,
                query,
                outlet=outlet,
                language=language,
                since=since,
                until=until,
                sort=sort,
                after=after,
                limit=limit,
                not_analysed=not_analysed,
            )

    def count_articles(
        self,
        query: str | None = None,
        *,
        outlet: str | list[str] | None = None,
        language: str | list[str] | None = None,
        since: date | datetime | str | None = None,
        until: date | datetime | str | None = None,
        not_analysed: bool = False,
        at_most: int | None = None,
    ) -> int:
        """How many articles ``search_articles`` would list (up to ``at_most`` + 1)."""
        with self._read() as conn:
            return read.count_articles(
                conn,
                query,
                outlet=outlet,
                language=language,
                since=since,
                until=until,
                not_analysed=not_analysed,
                at_most=at_most,
            )

    def get_story(self, story_id: int) -> StoryRecord | None:
        """A group of near-duplicate articles (syndicated copies of one story)."""
        with self._read() as conn:
            return read.get_story(conn, story_id)

    def get_actor(self, actor_id: str) -> ActorRecord | None:
        with self._read() as conn:
            return read.get_actor(conn, actor_id)

    def list_actors(
        self,
        *,
        type: str | None = None,
        in_kb: bool | None = None,
        after: str | None = None,
        limit: int = 50,
    ) -> Page[ActorRecord]:
        """All actors, most quoted or mentioned first (``Page.items``: ``ActorRecord``);
        ``type`` (PERSON, ORG, COUNTRY, GROUP) and ``in_kb`` narrow the list."""
        with self._read() as conn:
            return read.list_actors(conn, type, in_kb, after, limit)

    def find_actors(self, name: str, *, limit: int = 20) -> list[ActorRecord]:
        """Actors whose name or alias contains ``name`` (knowledge-base actors first)."""
        with self._read() as conn:
            return read.find_actors(conn, name, limit)

    def name_forms(self, actor_id: str, *, articles: int = 200) -> list[tuple[str, int]]:
        """How an actor is written (as a speaker, and in its latest ``articles``), each
        form with how often, most seen first: what a split picks from."""
        with self._read() as conn:
            return read.name_forms(conn, actor_id, articles)

    def actor_names(self, keys: Sequence[str]) -> dict[str, str]:
        """The name of each actor id among ``keys`` that is stored (others left out)."""
        with self._read() as conn:
            return read.actor_names(conn, list(keys))

    def suggest_actors(
        self, text: str, *, limit: int = 8, fuzzy: bool = False
    ) -> list[ActorRecord]:
        """Actors a user may mean by ``text`` as they type it: a word of a name or alias
        starts with it; most spoken and mentioned first. ``fuzzy``: when none does, names
        spelt closely instead (to suggest after a miss)."""
        with self._read() as conn:
            return read.suggest_actors(conn, text, limit, fuzzy)

    def stats(self) -> Stats:
        with self._read() as conn:
            return read.stats(conn)

    # --- relations (PLOVER events) ------------------------------------------------

    def search_relations(
        self,
        filters: RelationFilters | None = None,
        *,
        after: str | None = None,
        limit: int = 20,
        **filter_fields: Any,
    ) -> Page[RelationHit]:
        """One page of relations (``RelationHit``), newest first. Filters come as a
        ``RelationFilters`` or as keywords (``source="Putin"``, ``event="REQUEST"``)."""
        with self._read() as conn:
            chosen = _relation_filters(filters, filter_fields)
            return relation_search.search_relations(conn, chosen, after, limit)

    def iter_relations(
        self, filters: RelationFilters | None = None, *, batch: int = 500, **filter_fields: Any
    ) -> Iterator[RelationHit]:
        """Every matching relation, newest first, fetched page by page (for exports)."""
        with self.engine.connect() as conn:
            chosen = _relation_filters(filters, filter_fields)
            yield from relation_search.iter_relations(conn, chosen, batch)

    def dyad_series(
        self,
        a: str | list[str],
        b: str | list[str],
        *,
        level: str = "country",
        interval: str = "month",
        filters: RelationFilters | None = None,
        **filter_fields: Any,
    ) -> DyadSeries:
        """Relations between ``a`` and ``b`` in both directions per week/month/year: counts
        per PLOVER type and quad class, mean score (``level``: actor or country)."""
        with self._read() as conn:
            return relation_search.dyad_series(
                conn,
                [a] if isinstance(a, str) else list(a),
                [b] if isinstance(b, str) else list(b),
                level=level,
                interval=interval,
                filters=_relation_filters(filters, filter_fields),
            )


def _filters(filters: QuoteFilters | None, fields: dict[str, Any]) -> QuoteFilters:
    if filters is None:
        return QuoteFilters(**fields)
    if fields:
        raise TypeError("pass filters either as a QuoteFilters or as keywords, not both")
    return filters


def _relation_filters(filters: RelationFilters | None, fields: dict[str, Any]) -> RelationFilters:
    if filters is None:
        return RelationFilters(**fields)
    if fields:
        raise TypeError("pass filters either as a RelationFilters or as keywords, not both")
    return filters


def _first_line(exc: object) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
