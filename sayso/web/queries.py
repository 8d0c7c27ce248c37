"""The web's view of the store: the store's records as JSON-ready dicts.

Pages and API endpoints ask ``Catalog`` and get each record's ``to_dict()``, the same rows
(same names) the CLI prints and exports.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar  # Any: records' to_dict() (JSON)

from sayso.store import BadCursor, BadFilter, Page, SearchSummary
from sayso.web.errors import BadParameter
from sayso.web.params import Filters, RelationParams

if TYPE_CHECKING:
    from sayso.actors.article import ResolvedArticle
    from sayso.store import QuoteFilters, Store
    from sayso.store.records import CountBy, RelationFilters, SortBy, TimelinePoint

P = ParamSpec("P")
R = TypeVar("R")

FACET_SIZE = 12
FACET_FIELDS = ("speaker", "about", "outlet", "kind", "language")
TYPE_FILTER_HEADROOM = 4  # links read before a type filter, per link shown
COUNT_BOUND = 10_000  # totals are exact up to this, then "more than 10,000"
# Facets and timelines the store does not keep counts for (words searched, outlet/language
# filters, date ranges) are counted among this many newest matches: no request groups a
# whole store.
COUNT_WITHIN = 1_000
SUGGESTIONS = 8
ACTOR_LINKS = 300  # an actor page lists the links with the most reports, this many each way
MAX_NAME_MATCHES = 500


def day(value: object) -> str | None:
    """ISO day of a date/datetime/ISO string (the store's 'no date' stand-in is None)."""
    if value is None:
        return None
    if isinstance(value, datetime | date):
        return None if value.year <= 1 else value.isoformat()[:10]
    text = str(value)
    return None if text.startswith("0001") else text[:10]


@dataclass(frozen=True, slots=True)
class Searched:
    """``Catalog.search``: the page, the total (COUNT_BOUND + 1: "more than"), facets,
    reports per month, and COUNT_WITHIN when facets and months were counted among that
    many newest matches only (None: among all)."""

    page: Page[dict[str, Any]]
    total: int
    facets: dict[str, list[dict[str, Any]]]
    months: list[dict[str, Any]]
    week_points: Sequence[TimelinePoint] | None  # among the same matches; None: not counted
    within: int | None

    def weeks(self) -> list[dict[str, Any]] | None:
        """The weekly series with its empty weeks filled: made only when a page shows weeks
        (ten years of matches fill ~520 weeks, a Python loop a page showing years skips)."""
        return None if self.week_points is None else _series(self.week_points, "week")


class Catalog:
    """Read (and, for admins, add) through the store; every method returns plain data."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._write_lock = threading.Lock()  # one analysis+save at a time per process

    @classmethod
    def open(cls, db_url: str | None) -> Catalog:
        from sayso.config import db_url as configured_db
        from sayso.store import Store

        return cls(Store(configured_db(db_url)))

    # -- translation of our Filters into the store's -------------------------------------
    def _store_filters(self, filters: Filters) -> QuoteFilters:
        from sayso.store.records import QuoteFilters

        return QuoteFilters(
            query=filters.q,
            speaker=filters.speaker,
            about=filters.about,
            outlet=filters.outlet,
            kind=filters.kind,
            language=filters.language,
            since=filters.since,
            until=filters.until,
            article_id=filters.article,
        )

    def _call(self, method: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
        """Call a method of the store; its complaints about values (bad cursor, date) become
        a 400 naming them."""
        try:
            return method(*args, **kwargs)
        except BadFilter as exc:
            raise BadParameter(_parameter_of(exc), str(exc)) from None

    # -- quotes --------------------------------------------------------------------------
    def quotes(self, filters: Filters, limit: int, cursor: str | None) -> Page[dict[str, Any]]:
        page = self._call(
            self.store.search_quotes,
            self._store_filters(filters),
            sort=_sort_of(filters),
            limit=limit,
            after=cursor,
        )
        return _as_dicts(page)

    def api_search(self, filters: Filters, limit: int, cursor: str | None) -> dict[str, Any]:
        """The API's search answer but for its ``quotes`` page's links: a page of quotes,
        the exact total, the facets (as ``facets``) and (with words) the actors named so,
        over one connection that plans the query once. The newest COUNT_WITHIN matches are
        read once for the page, the facets and, when fewer match, the total
        (``Store.search_summary``; a fifth of the CPU of reading them per part)."""
        with self.store.reading():
            found = self._search_summary(filters, limit, cursor, interval=None, count_bound=None)
            return {
                "total": found.total,
                "page": _as_dicts(found.page),
                "facets": {
                    name: [v.to_dict() for v in values] for name, values in found.facets.items()
                },
                "actors": self.actors(filters.q, None, 10, None).items if filters.q else [],
            }

    def count(self, filters: Filters, at_most: int | None = None) -> int:
        """How many quotes match (every report counted); with ``at_most``, counting stops
        past it (the answer is then at_most + 1)."""
        return int(
            self._call(self.store.count_quotes, self._store_filters(filters), at_most=at_most)
        )

    def suggest(self, text: str, limit: int = SUGGESTIONS) -> list[dict[str, Any]]:
        """Actors someone typing ``text`` may mean (a word of a name or alias starts so),
        most quoted and mentioned first, with how often each speaks and is spoken of."""
        found = self._call(self.store.suggest_actors, text, limit=limit)
        return [
            {
                "id": a.id,
                "name": a.name,
                "type": a.type,
                "country": a.country,
                "reports": a.reports,
                "statements": a.statements,
                "mentioned_in": a.mentioned_in,
            }
            for a in found
        ]

    def counts_kept(self, filters: Filters) -> bool:
        """Whether the store keeps exact counts for these filters (else facets and
        timelines are counted among the newest COUNT_WITHIN matches)."""
        return bool(self._call(self.store.counts_kept, self._store_filters(filters)))

    def facets(self, filters: Filters) -> dict[str, list[dict[str, Any]]]:
        result = self._call(
            self.store.facets,
            self._store_filters(filters),
            fields=FACET_FIELDS,
            limit=FACET_SIZE,
            within=COUNT_WITHIN,
        )
        return {name: [v.to_dict() for v in values] for name, values in result.items()}

    def statements(self, filters: Filters, limit: int, cursor: str | None) -> Page[dict[str, Any]]:
        """Distinct statements (same speaker, same words) with the articles reporting them."""
        page = self._call(
            self.store.search_statements, self._store_filters(filters), after=cursor, limit=limit
        )
        return _as_dicts(page)

    def statement(self, statement_id: str) -> dict[str, Any] | None:
        """None for an unknown id, or for one that is not a statement id at all."""
        record = self._call(self.store.get_statement, statement_id)
        return None if record is None else record.to_dict()

    def timeline(
        self, filters: Filters, interval: str, count: str = "reports"
    ) -> list[dict[str, Any]]:
        """Counts per period: every report, or distinct statements (syndicated copies of
        the same words by the same speaker counted once)."""
        by: CountBy = "statement" if count == "statements" else "report"
        points = self._call(
            self.store.timeline,
            self._store_filters(filters),
            interval=interval,
            by=by,
            within=COUNT_WITHIN,
        )
        return _series(points, interval)

    def summary(
        self, filters: Filters
    ) -> tuple[dict[str, list[dict[str, Any]]], list[dict[str, Any]]]:
        """The search page's facets and its reports per month, from one count."""
        found, points = self._call(
            self.store.summary,
            self._store_filters(filters),
            fields=FACET_FIELDS,
            limit=FACET_SIZE,
            interval="month",
            within=COUNT_WITHIN,
        )
        facets = {name: [v.to_dict() for v in values] for name, values in found.items()}
        return facets, _series(points, "month")

    def _search_summary(
        self,
        filters: Filters,
        limit: int,
        cursor: str | None,
        *,
        interval: str | None,
        count_bound: int | None,
    ) -> SearchSummary:
        """``Store.search_summary`` as the page and the API ask it: a page, the facets and
        the total from the newest COUNT_WITHIN matches read once."""
        return self._call(
            self.store.search_summary,
            self._store_filters(filters),
            sort=_sort_of(filters),
            after=cursor,
            limit=limit,
            fields=FACET_FIELDS,
            facet_limit=FACET_SIZE,
            interval=interval,
            within=COUNT_WITHIN,
            count_bound=count_bound,
        )

    def search(self, filters: Filters, limit: int, cursor: str | None) -> Searched:
        """What the search page shows, read at once: a page of quotes, the total (counted
        up to COUNT_BOUND), the facets and the reports per month (exact where the store
        keeps the counts, else among the newest COUNT_WITHIN matches)."""
        found = self._search_summary(
            filters, limit, cursor, interval="month", count_bound=COUNT_BOUND
        )
        return Searched(
            _as_dicts(found.page),
            found.total,
            {name: [v.to_dict() for v in values] for name, values in found.facets.items()},
            _series(found.timeline, "month"),
            found.weeks,
            found.within,
        )

    def network(
        self,
        filters: Filters,
        min_weight: int,
        limit: int,
        focus: str | None = None,
        types: Sequence[str] = (),
        dates: bool = True,
    ) -> dict[str, Any]:
        """The strongest ``limit`` links; with ``types``, only links between actors of
        those types (PERSON, ORG, ...). ``dates`` False: each link's first and last day
        only (what the page shows), read from the counts the store keeps when it can."""
        store_filters = self._store_filters(filters)
        wanted = limit * TYPE_FILTER_HEADROOM if types else limit
        graph = self._call(
            self.store.network, store_filters, min_reports=min_weight, limit=wanted, dates=dates
        )
        nodes = [n.to_dict() for n in graph.nodes]
        edges = [e.to_dict() for e in graph.edges]
        if types:
            nodes = [n for n in nodes if n.get("type") in types]
            kept = {n["id"] for n in nodes}
            edges = [e for e in edges if e["source"] in kept and e["target"] in kept][:limit]
            linked = {e["source"] for e in edges} | {e["target"] for e in edges}
            nodes = [n for n in nodes if n["id"] in linked]
        if focus:
            edges = [e for e in edges if focus in (e["source"], e["target"])]
            keep = {focus} | {e["source"] for e in edges} | {e["target"] for e in edges}
            nodes = [n for n in nodes if n["id"] in keep]
        return {"nodes": nodes, "edges": edges}

    # -- relations (PLOVER events) -------------------------------------------------------
    def _relation_filters(self, params: RelationParams) -> RelationFilters:
        from sayso.store.records import RelationFilters

        return RelationFilters(
            source=params.source,
            target=params.target,
            actor=params.actor,
            country=params.country,
            source_country=params.source_country,
            target_country=params.target_country,
            event=params.event.split(",") if params.event else None,
            quad=[int(q) for q in params.quad.split(",")] if params.quad else None,
            since=params.since,
            until=params.until,
            article_id=params.article,
            plain=params.plain,
        )

    def relations(
        self, params: RelationParams, limit: int, cursor: str | None
    ) -> Page[dict[str, Any]]:
        page = self._call(
            self.store.search_relations, self._relation_filters(params), after=cursor, limit=limit
        )
        return _as_dicts(page)

    def plover_lines(self, params: RelationParams) -> Iterator[str]:
        """The matching relations as PLOVER JSONL lines (filters checked before the first)."""
        from sayso.store.event_export import Exported, plover_lines

        filters = self._relation_filters(params)
        self._call(self.store.search_relations, filters, limit=1)  # a bad filter is a 400
        return plover_lines(self.store, filters, Exported())

    def cameo_rows(self, params: RelationParams) -> Iterator[dict[str, Any]]:
        """The matching relations as CAMEO-style rows, one per dyad."""
        from sayso.store.event_export import Exported, cameo_dyads

        filters = self._relation_filters(params)
        self._call(self.store.search_relations, filters, limit=1)
        return cameo_dyads(self.store, filters, Exported())

    def dyad(
        self, a: str, b: str, level: str, interval: str, params: RelationParams
    ) -> dict[str, Any]:
        """Both directions between ``a`` and ``b`` per period, every period from the first
        to the last (a gap is a period without relations: count 0, no mean score)."""
        series = self._call(
            self.store.dyad_series,
            a,
            b,
            level=level,
            interval=interval,
            filters=self._relation_filters(params),
        )
        found = {(p.period, p.direction): p.to_dict() for p in series.points}
        starts = _periods(sorted({p.period for p in series.points}), interval)
        points = []
        for start in starts:
            for direction in ("a>b", "b>a"):
                empty: dict[str, Any] = {
                    "period": start,
                    "direction": direction,
                    "count": 0,
                    "mean_score": None,
                    "events": {},
                    "quads": {},
                }
                point = found.get((start, direction), empty)
                points.append({**point, "label": _period_label(start, interval)})
        return {
            "a": series.a,
            "b": series.b,
            "level": series.level,
            "interval": series.interval,
            "points": points,
        }

    # -- articles ------------------------------------------------------------------------
    def articles(
        self, filters: Filters, limit: int, cursor: str | None, not_analysed: bool = False
    ) -> Page[dict[str, Any]]:
        page = self._call(
            self.store.search_articles,
            query=filters.q,
            outlet=filters.outlet,
            language=filters.language,
            since=filters.since,
            until=filters.until,
            limit=limit,
            after=cursor,
            not_analysed=not_analysed,
        )
        return _as_dicts(page)

    def count_articles(
        self, filters: Filters, at_most: int | None = None, not_analysed: bool = False
    ) -> int:
        return int(
            self._call(
                self.store.count_articles,
                query=filters.q,
                outlet=filters.outlet,
                language=filters.language,
                since=filters.since,
                until=filters.until,
                not_analysed=not_analysed,
                at_most=at_most,
            )
        )

    def article(self, article_id: str) -> dict[str, Any] | None:
        record = self._call(self.store.get_article, article_id)
        return None if record is None else record.to_dict()

    # -- actors --------------------------------------------------------------------------
    def actors(
        self, name: str | None, actor_type: str | None, limit: int, cursor: str | None
    ) -> Page[dict[str, Any]]:
        """Actors matching a name (all of them, best first), else every actor, most quoted
        first, a page at a time."""
        if name:
            found = self._call(self.store.find_actors, name, limit=MAX_NAME_MATCHES)
            rows = [a.to_dict() for a in found if actor_type is None or a.type == actor_type]
            rows.sort(key=lambda a: (-a["reports"] - a["mentioned_in"], a["name"]))
            return Page(rows, None)
        return self._all_actors(actor_type, limit, cursor)

    def _all_actors(
        self, actor_type: str | None, limit: int, cursor: str | None
    ) -> Page[dict[str, Any]]:
        return _as_dicts(
            self._call(self.store.list_actors, type=actor_type, after=cursor, limit=limit)
        )

    def actor(self, key: str) -> dict[str, Any] | None:
        record = self._call(self.store.get_actor, key)
        if record is None:
            return None
        view = record.to_dict()
        view["talks_about"] = self._neighbours(record.id, "target")
        view["talked_about_by"] = self._neighbours(record.id, "source")
        return view

    def _neighbours(self, key: str, side: str) -> list[dict[str, Any]]:
        """The actors ``key`` speaks about (``side`` "target") or who speak about it."""
        links = [
            e.to_dict()
            for e in self._call(self.store.actor_links, key, side=side, limit=ACTOR_LINKS)
        ]
        names = self._call(self.store.actor_names, [e[side] for e in links])
        rows = [
            {
                "id": e[side],
                "name": names.get(e[side], e[side].removeprefix("name:")),
                "reports": e["reports"],
                "first": e["first"],
                "last": e["last"],
            }
            for e in links
        ]
        return sorted(rows, key=lambda r: (-r["reports"], r["name"]))

    def actor_name(self, key: str) -> str | None:
        """The name of the actor with id ``key`` (None for an unknown id, e.g. a name)."""
        return self._call(self.store.actor_names, [key]).get(key)

    def actor_key(self, name: str) -> str | None:
        """The actor a user means by ``name``: an id, else the best name match."""
        if self._call(self.store.get_actor, name) is not None:
            return name
        found = self._call(self.store.find_actors, name, limit=1)
        return found[0].id if found else None

    def focus_key(self, focus: str | None) -> str | None:
        """The actor a ``focus`` parameter names (None when it is absent); a name that
        matches no actor is a 400."""
        if not focus:
            return None
        key = self.actor_key(focus)
        if key is None:
            raise BadParameter("focus", f"no actor is called {focus!r}")
        return key

    # -- writing (admin) -----------------------------------------------------------------
    def add(self, resolved: ResolvedArticle) -> dict[str, Any]:
        """Store an analysed upload as ``sayso ingest`` does: the article, then the details
        of the actors it names (knowledge-base aliases and roles, new actors)."""
        from sayso.engine.pipeline import save_analysed

        article = resolved.article
        with self._write_lock:
            (result,) = save_analysed(self.store, [resolved], set())
        if isinstance(result, Exception):
            raise result
        return {
            "id": article.id,
            "title": article.title,
            "quotes": len(article.quotes),
            "status": getattr(result, "status", None),
            "url": f"/articles/{article.id}",
            "api": f"/api/v1/articles/{article.id}",
        }

    # -- corrections (reading: anyone; recording: admins) ---------------------------------
    def corrections(
        self, actor: str | None = None, article_id: str | None = None
    ) -> list[dict[str, Any]]:
        found = self._call(self.store.corrections, actor=actor, article_id=article_id)
        return [c.to_dict() | {"what": c.describe()} for c in reversed(found)]  # newest first

    def correction(self, correction_id: str) -> dict[str, Any] | None:
        for c in self._call(self.store.corrections):
            if c.id == correction_id:
                return c.to_dict() | {"what": c.describe()}
        return None

    def name_forms(self, actor_id: str) -> list[dict[str, Any]]:
        forms = self._call(self.store.name_forms, actor_id)
        return [{"form": form, "count": n} for form, n in forms[:30]]

    def correct(self, action: str, fields: dict[str, str]) -> dict[str, Any]:
        """Record an admin's correction (``action``: merge, split, rename, speaker) from
        form or JSON ``fields``; a ``BadParameter`` names what to fix."""
        from sayso.engine import correcting
        from sayso.store import BadCorrection

        by = (fields.get("by") or "").strip()
        if not by:
            raise BadParameter("by", "is empty; say who makes the correction (your name)")
        by = correcting.who_corrects(by)
        note = fields.get("note")

        def value(name: str) -> str:
            text = (fields.get(name) or "").strip()
            if not text:
                raise BadParameter(name, "is empty")
            return text

        try:
            with self._write_lock:
                if action == "merge":
                    made, n = correcting.merge(self.store, value("actor"), value("into"), by, note)
                    return _recorded([made], n)
                if action == "rename":
                    made, n = correcting.rename(self.store, value("actor"), value("name"), by, note)
                    return _recorded([made], n)
                if action == "split":
                    forms = [f for f in (fields.get("forms") or "").split("\n") if f.strip()]
                    into = (fields.get("into") or "").strip() or None
                    many, n = correcting.split(
                        self.store,
                        value("actor"),
                        forms=forms,
                        article_id=(fields.get("article") or "").strip() or None,
                        into=into,
                        new_name=None if into else (fields.get("new") or "").strip() or None,
                        new_type=(fields.get("type") or "PERSON").strip(),
                        by=by,
                        note=note,
                    )
                    return _recorded(many, n)
                if action == "speaker":
                    made, n = correcting.correct_speaker(
                        self.store, value("quote"), value("speaker"), by, note
                    )
                    return _recorded([made], n)
        except BadCorrection as exc:
            raise BadParameter(action, str(exc)) from None
        raise BadParameter("action", "must be merge, split, rename or speaker")


def _recorded(made: list[Any], rewritten: int) -> dict[str, Any]:
    return {
        "corrections": [c.to_dict() | {"what": c.describe()} for c in made],
        "articles": rewritten,
    }


def _sort_of(filters: Filters) -> SortBy:
    """Best match first only when asked and there are words to match; else newest first."""
    from sayso.store.fulltext import has_words

    return "relevance" if filters.sort == "relevance" and has_words(filters.q) else "date"


def _as_dicts(page: Page[Any]) -> Page[dict[str, Any]]:
    return Page([item.to_dict() for item in page.items], page.next_cursor)


MAX_FILLED_PERIODS = 1000


def _series(points: Sequence[TimelinePoint], interval: str) -> list[dict[str, Any]]:
    """Store timeline points as the pages and the API show them: every period from the
    first to the last, empty ones as 0."""
    counts = {d: p.count for p in points if (d := day(p.period))}
    return [
        {"period": _period_label(start, interval), "start": start, "count": counts.get(start, 0)}
        for start in _periods(sorted(counts), interval)
    ]


def years_of(months: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A per-month series of reports (as ``Catalog.timeline`` gives it) added up per year:
    the same as asking for years, without counting the matches again."""
    counts: dict[str, int] = {}
    for point in months:
        start = point["start"][:4] + "-01-01"
        counts[start] = counts.get(start, 0) + point["count"]
    return [
        {"period": _period_label(start, "year"), "start": start, "count": counts.get(start, 0)}
        for start in _periods(sorted(counts), "year")
    ]


def _periods(starts: list[str], interval: str) -> list[str]:
    """Every period from the first to the last given one, so gaps show as zero on a time
    axis; when that would be more than MAX_FILLED_PERIODS, just the given ones."""
    if len(starts) < 2:
        return starts
    first, last = date.fromisoformat(starts[0]), date.fromisoformat(starts[-1])
    filled, current = [], first
    while current <= last:
        filled.append(current.isoformat())
        if len(filled) > MAX_FILLED_PERIODS:
            return starts
        current = _next_period(current, interval)
    return filled


def period_bounds(start: date, interval: str) -> tuple[date, date]:
    """The first and last day of the period that starts on ``start``."""
    return start, date.fromordinal(_next_period(start, interval).toordinal() - 1)


def _next_period(current: date, interval: str) -> date:
    if interval == "day":
        return date.fromordinal(current.toordinal() + 1)
    if interval == "week":
        return date.fromordinal(current.toordinal() + 7)
    if interval == "month":
        return date(current.year + current.month // 12, current.month % 12 + 1, 1)
    return date(current.year + 1, 1, 1)


def _period_label(value: object, interval: str) -> str:
    start = day(value) or str(value)
    if interval == "year":
        return start[:4]
    if interval == "month":
        return start[:7]
    if interval == "week":
        when = date.fromisoformat(start)
        iso = when.isocalendar()
        return f"{iso.year}-W{iso.week:02d}"
    return start


def statement_id_hint(statement_id: str) -> str:
    """What to add to a "no such statement" message: why, when the id is malformed."""
    from sayso.store.keys import parse_statement_id

    if parse_statement_id(statement_id) is None:
        return " (a statement id is 16 hex digits, as in /api/v1/statements)"
    return ""


def _parameter_of(exc: BadFilter) -> str:
    """The web parameter behind a store complaint (the store calls a cursor ``after``)."""
    return "cursor" if isinstance(exc, BadCursor) else exc.field
