"""The REST API under /api/v1: JSON by default, every list also as CSV.

Lists use keyset pagination: a response carries ``next_cursor`` (and a ready ``next`` link)
until the last page; pass it back as ``cursor``. ``?format=csv`` (or the ``.csv`` path)
returns every matching row, not just one page.
"""

from __future__ import annotations

import inspect
import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Annotated, Any  # Any: JSON bodies; FastAPI's Depends() and route options

from fastapi import APIRouter, Depends, Header, HTTPException, Query, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from sayso.model import PLOVER_EVENTS, QUAD_CLASSES
from sayso.store import Page
from sayso.store.records import ACTOR_COLUMNS, QUOTE_COLUMNS, STATEMENT_COLUMNS
from sayso.web.bodies import BodyReader, read_capped, read_form, refuse_oversize
from sayso.web.csvout import csv_response
from sayso.web.errors import BadParameter
from sayso.web.heavy import gate
from sayso.web.params import (
    ACTOR_TYPES,
    COUNTS,
    INTERVALS,
    KINDS,
    LEVELS,
    MAX_TEXT_PARAM,
    SERIES_INTERVALS,
    SORTS,
    Filters,
    RelationParams,
    clean_text,
    parse_actor_type,
    parse_choice,
    parse_limit,
    parse_min_weight,
    query_string,
)
from sayso.web.queries import Catalog, statement_id_hint
from sayso.web.schemas import json_answer
from sayso.web.security import token_matches
from sayso.web.upload import UploadProblem, article_from_upload

router = APIRouter(prefix="/api/v1", tags=["sayso"])

CSV_MAX_ROWS = 200_000  # a download is every matching row, up to this many
CSV_PAGE = 500

# Every CSV has the columns of the rows the JSON lists (the store's records): the same
# names as `sayso quotes --format csv` and `sayso export`.
ARTICLE_COLUMNS = [
    "id",
    "published",
    "title",
    "outlet",
    "author",
    "url",
    "source",
    "language",
    "quote_count",
]
EDGE_COLUMNS = [
    "source", "source_name", "target", "target_name", "reports", "first", "last",
    "relations", "mean_score",
]

# What each parameter accepts, in OpenAPI (the parsers in params.py decide; a date that
# does not exist, like 2024-02-30, or a cursor the store did not hand out are still 400).
DATE_SCHEMA: dict[str, Any] = {"pattern": r"^\s*[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?\s*$"}
NUMBER_SCHEMA: dict[str, Any] = {"pattern": r"^[0-9]{1,9}$"}
TEXT_SCHEMA: dict[str, Any] = {"maxLength": MAX_TEXT_PARAM, "pattern": "^[^\\x00]*$"}

# Shared parameter declarations, so every list documents them the same way in OpenAPI.
QText = Annotated[
    str | None, Query(description="Words said (full-text search).", json_schema_extra=TEXT_SCHEMA)
]
QSpeaker = Annotated[
    str | None,
    Query(
        description="Speaker: a name (e.g. Lukashenko) or actor id.", json_schema_extra=TEXT_SCHEMA
    ),
]
QAbout = Annotated[
    str | None,
    Query(description="An actor mentioned in the statement.", json_schema_extra=TEXT_SCHEMA),
]
QOutlet = Annotated[
    str | None, Query(description="Outlet (publisher) name.", json_schema_extra=TEXT_SCHEMA)
]
QKind = Annotated[
    str | None,
    Query(
        description="direct, mixed, indirect, turn or headline.",
        json_schema_extra={"enum": list(KINDS)},
    ),
]
QLanguage = Annotated[
    str | None,
    Query(description="Language of the article, e.g. en.", json_schema_extra=TEXT_SCHEMA),
]
QSince = Annotated[
    str | None,
    Query(
        description="From this date: YYYY-MM-DD, YYYY-MM or YYYY.", json_schema_extra=DATE_SCHEMA
    ),
]
QUntil = Annotated[
    str | None,
    Query(description="Up to this date (inclusive), same forms.", json_schema_extra=DATE_SCHEMA),
]
QArticle = Annotated[
    str | None,
    Query(description="Only statements of this article id.", json_schema_extra=TEXT_SCHEMA),
]
QLimit = Annotated[
    str | None,
    Query(description="Rows per page, 1 to 500 (default 50).", json_schema_extra=NUMBER_SCHEMA),
]
QCursor = Annotated[
    str | None,
    Query(description="next_cursor of the previous page.", json_schema_extra=TEXT_SCHEMA),
]
QFormat = Annotated[
    str | None,
    Query(
        alias="format",
        description="json (default) or csv.",
        json_schema_extra={"enum": ["json", "csv"]},
    ),
]
QSort = Annotated[
    str | None,
    Query(
        description="date (newest first, default) or relevance (with q).",
        json_schema_extra={"enum": list(SORTS)},
    ),
]
QCount = Annotated[
    str | None,
    Query(
        description="reports (every article's report, default) or statements (distinct).",
        json_schema_extra={"enum": list(COUNTS)},
    ),
]
QType = Annotated[
    str | None,
    Query(
        description="PERSON, ORG, COUNTRY or GROUP.", json_schema_extra={"enum": list(ACTOR_TYPES)}
    ),
]
QInterval = Annotated[
    str | None,
    Query(
        description="day, week, month (default) or year.",
        json_schema_extra={"enum": list(INTERVALS)},
    ),
]
QMinWeight = Annotated[
    str | None,
    Query(description="Keep links seen at least this often.", json_schema_extra=NUMBER_SCHEMA),
]
QFocus = Annotated[
    str | None,
    Query(description="Only links to or from this actor.", json_schema_extra=TEXT_SCHEMA),
]
QEdgeLimit = Annotated[
    str | None,
    Query(description="At most this many links (default 300).", json_schema_extra=NUMBER_SCHEMA),
]

FILTER_QUERIES = {
    "q": QText,
    "speaker": QSpeaker,
    "about": QAbout,
    "outlet": QOutlet,
    "kind": QKind,
    "language": QLanguage,
    "since": QSince,
    "until": QUntil,
    "article": QArticle,
    "sort": QSort,
}
STATEMENT_FILTERS = ("q", "speaker", "about", "outlet", "kind", "language", "since", "until")


def filter_query(*names: str) -> Any:
    """A dependency that reads the named filter parameters into ``Filters``; OpenAPI lists
    them in this order, each declared as in FILTER_QUERIES. (Parsing dependencies are
    ``async``: FastAPI runs a plain ``def`` one in a worker thread, a hand-over that cost
    more than the parsing.)"""

    async def read(**given: str | None) -> Filters:
        return Filters.parse(**given)

    # FastAPI reads a dependency's parameters from __signature__; functions do not declare it
    read.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [
            inspect.Parameter(
                name, inspect.Parameter.KEYWORD_ONLY, default=None, annotation=FILTER_QUERIES[name]
            )
            for name in names
        ],
        return_annotation=Filters,
    )
    return Depends(read)


@dataclass(frozen=True, slots=True)
class Paging:
    """A list's paging parameters as given; ``limit`` is parsed only for a JSON page (a CSV
    download ignores it)."""

    limit: str | None = None
    cursor: str | None = None
    fmt: str | None = None


async def list_paging(
    limit: QLimit = None, cursor: QCursor = None, fmt: QFormat = None
) -> Paging:
    return Paging(limit, cursor, fmt)


async def search_paging(limit: QLimit = None, cursor: QCursor = None) -> Paging:
    return Paging(limit, cursor)


ListPaging = Annotated[Paging, Depends(list_paging)]


def catalog(request: Request) -> Catalog:
    return request.app.state.catalog


def wants_csv(request: Request, fmt: str | None) -> bool:
    chosen = parse_choice("format", fmt, ("json", "csv"), "json")
    return chosen == "csv" or request.url.path.endswith(".csv")


def page_json(request: Request, page: Page) -> dict[str, Any]:
    next_link = None
    if page.next_cursor:
        params = dict(request.query_params)
        params["cursor"] = page.next_cursor
        next_link = f"{request.url.path}?{query_string(params)}"
    return {
        "items": page.items,
        "count": len(page.items),
        "next_cursor": page.next_cursor,
        "next": next_link,
    }


def every_row(fetch: Callable[[int, str | None], Page], first: Page) -> Iterator[dict[str, Any]]:
    """``first`` and the pages after it, to the end (or CSV_MAX_ROWS)."""
    page, sent = first, 0
    while True:
        for item in page.items:
            yield item
            sent += 1
            if sent >= CSV_MAX_ROWS:
                return
        if not page.next_cursor:
            return
        page = fetch(CSV_PAGE, page.next_cursor)


def listing(
    request: Request,
    paging: Paging,
    name: str,
    columns: Sequence[str],
    fetch: Callable[[int, str | None], Page],
) -> Response:
    """One list endpoint's answer: a JSON page, or every matching row as CSV (from the
    start: ``limit`` and ``cursor`` are for paging JSON)."""
    if wants_csv(request, paging.fmt):
        # The first page is read before the response starts, so bad filters are still a 4xx.
        heavy = gate(request)
        heavy.enter()
        try:
            first = fetch(CSV_PAGE, None)
        except BaseException:
            heavy.leave()
            raise
        return csv_response(f"{name}.csv", columns, heavy.releasing(every_row(fetch, first)))
    return JSONResponse(page_json(request, fetch(parse_limit(paging.limit), paging.cursor)))


CSV_CONTENT = {"text/csv": {"schema": {"type": "string", "description": "a header row, then rows"}}}


def answers(name: str, status: int = 200) -> dict[str, Any]:
    """A route's documented answer: JSON of the schema ``name`` (schemas.py). Routes set
    ``response_model=None``: the schema documents, FastAPI does not re-validate each answer.
    GET routes return a ``JSONResponse`` of the records' ``to_dict()`` (already JSON-ready):
    a plain dict would be walked once more by FastAPI's ``jsonable_encoder`` (a seventh of
    an article's answer time)."""
    return {"response_model": None, "responses": {status: json_answer(name)}}


def list_route(
    path: str, answer: str, **kwargs: Any
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register a list endpoint at ``path`` and ``path.csv``: JSON of the schema ``answer``,
    or CSV with format=csv."""

    def register(func: Callable[..., Any]) -> Callable[..., Any]:
        documented = json_answer(answer)
        documented["content"].update(CSV_CONTENT)
        router.add_api_route(
            path, func, methods=["GET"], response_model=None, responses={200: documented}, **kwargs
        )
        router.add_api_route(path + ".csv", func, methods=["GET"], include_in_schema=False)
        return func

    return register


@router.get("", summary="What this API offers", **answers("Index"))
def index() -> dict[str, Any]:
    return {
        "name": "sayso",
        "version": "v1",
        "openapi": "/openapi.json",
        "endpoints": {
            "articles": "/api/v1/articles",
            "article": "/api/v1/articles/{article_id}",
            "quotes": "/api/v1/quotes",
            "statements": "/api/v1/statements",
            "statement": "/api/v1/statements/{statement_id}",
            "actors": "/api/v1/actors",
            "actor": "/api/v1/actors/{actor_id}",
            "search": "/api/v1/search",
            "suggest": "/api/v1/suggest",
            "timelines": "/api/v1/timelines",
            "network": "/api/v1/network",
            "relations": "/api/v1/relations",
            "dyad": "/api/v1/dyad",
            "corrections": "/api/v1/corrections",
        },
        "csv": "add ?format=csv (or .csv to a list path) for every matching row as CSV",
    }


@list_route(
    "/quotes",
    "QuoteHitPage",
    summary="Quotes: each time a statement is reported in an article",
)
def list_quotes(
    request: Request,
    filters: Annotated[Filters, filter_query(*STATEMENT_FILTERS, "article", "sort")],
    paging: ListPaging,
) -> Response:
    data = catalog(request)
    return listing(
        request,
        paging,
        "quotes",
        QUOTE_COLUMNS,
        lambda n, c: data.quotes(filters, n, c),
    )


@list_route(
    "/statements",
    "StatementSummaryPage",
    summary="Statements: distinct words of one speaker, with reports",
)
def list_statements(
    request: Request,
    filters: Annotated[Filters, filter_query(*STATEMENT_FILTERS)],
    paging: ListPaging,
) -> Response:
    data = catalog(request)
    return listing(
        request,
        paging,
        "statements",
        STATEMENT_COLUMNS,
        lambda n, c: data.statements(filters, n, c),
    )


@router.get(
    "/statements/{statement_id}",
    summary="One statement with every report of it",
    **answers("StatementRecord"),
)
def get_statement(request: Request, statement_id: str) -> Response:
    statement = catalog(request).statement(statement_id)
    if statement is None:
        hint = statement_id_hint(statement_id)
        raise HTTPException(404, f"no statement with id {statement_id!r}{hint}")
    return JSONResponse(statement)


@list_route("/articles", "ArticleSummaryPage", summary="Articles, newest first")
def list_articles(
    request: Request,
    filters: Annotated[Filters, filter_query("q", "outlet", "since", "until")],
    paging: ListPaging,
) -> Response:
    data = catalog(request)
    return listing(
        request,
        paging,
        "articles",
        ARTICLE_COLUMNS,
        lambda n, c: data.articles(filters, n, c),
    )


@router.get(
    "/articles/{article_id}",
    summary="One article with its quotes and entities",
    **answers("ArticleRecord"),
)
def get_article(request: Request, article_id: str) -> Response:
    article = catalog(request).article(article_id)
    if article is None:
        raise HTTPException(404, f"no article with id {article_id!r}")
    return JSONResponse(article)


@list_route(
    "/actors",
    "ActorRecordPage",
    summary="People, organisations and countries, most quoted first",
)
def list_actors(
    request: Request,
    q: Annotated[str | None, Query(description="Part of a name or alias.")] = None,
    type: QType = None,  # noqa: A002 - the public parameter name
    *,
    paging: ListPaging,
) -> Response:
    name = clean_text("q", q)
    actor_type = parse_actor_type(type)
    data = catalog(request)
    return listing(
        request,
        paging,
        "actors",
        ACTOR_COLUMNS,
        lambda n, c: data.actors(name, actor_type, n, c),
    )


@router.get(
    "/actors/{actor_id:path}",
    summary="One actor: roles, aliases, who they talk about",
    **answers("ActorView"),
)
def get_actor(request: Request, actor_id: str) -> Response:
    actor = catalog(request).actor(actor_id)
    if actor is None:
        raise HTTPException(404, f"no actor with id {actor_id!r}; search /api/v1/actors?q=NAME")
    return JSONResponse(actor)


@router.get(
    "/search",
    summary="Quotes matching words and filters, with facet counts",
    **answers("Search"),
)
def search(
    request: Request,
    filters: Annotated[Filters, filter_query(*STATEMENT_FILTERS, "sort")],
    paging: Annotated[Paging, Depends(search_paging)],
) -> Response:
    found = catalog(request).api_search(filters, parse_limit(paging.limit, 20), paging.cursor)
    return JSONResponse(
        {
            "total": found["total"],
            "quotes": page_json(request, found["page"]),
            "facets": found["facets"],
            "actors": found["actors"],
        }
    )


@router.get(
    "/suggest",
    summary="Actors a name being typed may mean (autocomplete)",
    **answers("Suggestions"),
)
def suggest(
    request: Request,
    q: Annotated[str | None, Query(description="What was typed: part of a name.")] = None,
    limit: QLimit = None,
) -> Response:
    """Actors whose name or an alias has a word starting with ``q``, most quoted and
    mentioned first, each with links to search what they said and what was said of them."""
    text = clean_text("q", q)
    rows = catalog(request).suggest(text, parse_limit(limit, 8)) if text else []
    for row in rows:
        row["said_by"] = f"/?{query_string({'speaker': row['id']})}"
        row["about"] = f"/?{query_string({'about': row['id']})}"
    return JSONResponse({"q": text, "actors": rows})


@list_route("/timelines", "Timeline", summary="Statements per day, week, month or year")
def timelines(
    request: Request,
    speaker: QSpeaker = None,
    about: QAbout = None,
    q: QText = None,
    outlet: QOutlet = None,
    kind: QKind = None,
    since: QSince = None,
    until: QUntil = None,
    interval: QInterval = None,
    count: QCount = None,
    fmt: QFormat = None,
) -> Response:
    filters = Filters.parse(
        q=q, speaker=speaker, about=about, outlet=outlet, kind=kind, since=since, until=until
    )
    step = parse_choice("interval", interval, INTERVALS, "month")
    counting = parse_choice("count", count, COUNTS, "reports")
    series = catalog(request).timeline(filters, step, counting)
    if wants_csv(request, fmt):
        return csv_response("timeline.csv", ["period", "count"], series)
    return JSONResponse(
        {"interval": step, "count": counting, "filters": filters.as_params(), "series": series}
    )


@list_route(
    "/network",
    "Network",
    summary="Who talks about whom: speaker → mentioned actor, weighted",
)
def network(
    request: Request,
    speaker: QSpeaker = None,
    about: QAbout = None,
    since: QSince = None,
    until: QUntil = None,
    kind: QKind = None,
    min_weight: QMinWeight = None,
    limit: QEdgeLimit = None,
    focus: QFocus = None,
    fmt: QFormat = None,
) -> Response:
    filters = Filters.parse(speaker=speaker, about=about, since=since, until=until, kind=kind)
    data = catalog(request)
    focus_key = data.focus_key(clean_text("focus", focus))
    weight, edges = parse_min_weight(min_weight), parse_limit(limit, 300)
    with gate(request).held():
        graph = data.network(filters, weight, edges, focus=focus_key)
    if wants_csv(request, fmt):
        names = {n["id"]: n["label"] for n in graph["nodes"]}
        rows = [
            {**e, "source_name": names.get(e["source"]), "target_name": names.get(e["target"])}
            for e in graph["edges"]
        ]
        return csv_response("network.csv", EDGE_COLUMNS, rows)
    return JSONResponse(graph)


# --- relations (PLOVER events) -----------------------------------------------------------

RELATION_COLUMNS = [
    "id", "article_id", "rid", "published", "outlet", "event", "mode", "context", "quad",
    "score", "time", "negated", "kind", "source_keys", "source_names", "source_countries",
    "target_keys", "target_names", "target_countries", "text", "start", "end", "trigger",
    "qid", "statement_id", "cameo", "confidence", "inferred", "article_title", "article_url",
]
DYAD_COLUMNS = [
    "period", "direction", "count", "mean_score",
    *PLOVER_EVENTS, *(f"quad_{n}" for n in QUAD_CLASSES),
]
EVENTS_TEXT = ", ".join(PLOVER_EVENTS)
QUADS_TEXT = "; ".join(f"{n} {name}" for n, name in QUAD_CLASSES.items())
RELATION_QUERIES: dict[str, Any] = {
    "source": Annotated[str | None, Query(description="PLOVER's actor: a name or actor id.")],
    "target": Annotated[str | None, Query(description="PLOVER's recipient: a name or actor id.")],
    "actor": Annotated[str | None, Query(description="An actor on either side.")],
    "country": Annotated[
        str | None, Query(description="A country on either side: ISO code (BLR) or name.")
    ],
    "source_country": Annotated[str | None, Query(description="The source's country.")],
    "target_country": Annotated[str | None, Query(description="The target's country.")],
    "event": Annotated[
        str | None, Query(description=f"PLOVER event types, comma-separated: {EVENTS_TEXT}.")
    ],
    "quad": Annotated[
        str | None, Query(description=f"Quad classes, comma-separated: {QUADS_TEXT}.")
    ],
    "since": QSince,
    "until": QUntil,
    "article": Annotated[str | None, Query(description="Only relations of this article id.")],
    "plain": Annotated[
        str | None,
        Query(description="true: leave out negated and hypothetical events (default false)."),
    ],
}


def relation_query(*names: str) -> Any:
    """A dependency that reads the named relation parameters into ``RelationParams``."""

    async def read(**given: str | None) -> RelationParams:  # async: as in filter_query
        return RelationParams.parse(**given)

    # FastAPI reads a dependency's parameters from __signature__; functions do not declare it
    read.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [
            inspect.Parameter(
                name, inspect.Parameter.KEYWORD_ONLY, default=None,
                annotation=RELATION_QUERIES[name],
            )
            for name in names
        ],
        return_annotation=RelationParams,
    )
    return Depends(read)


def relation_row(hit: dict[str, Any]) -> dict[str, Any]:
    """A relation as one CSV row: the actor lists as ``;``-joined columns."""
    row = dict(hit)
    for role in ("source", "target"):
        people = hit[role]
        row[f"{role}_keys"] = ";".join(p["key"] or "" for p in people)
        row[f"{role}_names"] = ";".join(p["name"] or p["text"] for p in people)
        row[f"{role}_countries"] = ";".join(p["country"] or "" for p in people)
    row["context"] = ";".join(hit["context"])
    row["inferred"] = ";".join(hit["inferred"])
    return row


@list_route(
    "/relations",
    "RelationHitPage",
    summary="Relations: PLOVER events between actors (who does what to whom), newest first",
)
def list_relations(
    request: Request,
    params: Annotated[RelationParams, relation_query(*RELATION_QUERIES)],
    paging: ListPaging,
) -> Response:
    data = catalog(request)
    if wants_csv(request, paging.fmt):
        first = data.relations(params, CSV_PAGE, None)
        rows = (relation_row(r) for r in every_row(lambda n, c: data.relations(params, n, c),
                                                     first))
        return csv_response("relations.csv", RELATION_COLUMNS, rows)
    page = data.relations(params, parse_limit(paging.limit), paging.cursor)
    return JSONResponse(page_json(request, page))


@router.get(
    "/relations/plover",
    summary="Relations as PLOVER JSONL (the manual's field names), plain and dated only",
    response_class=Response,
    responses={
        200: {
            "description": "one JSON object per line",
            "content": {"application/x-ndjson": {"schema": {"type": "string"}}},
        }
    },
)
def relations_plover(
    request: Request,
    params: Annotated[RelationParams, relation_query(*RELATION_QUERIES)],
) -> Response:
    """One PLOVER record per line: ``id``, ``date``, ``actor``, ``recipient``, ``event``,
    ``mode``, ``context``, ``quad_code``, ``event_scale``, ``text`` …; sayso's own fields
    start with ``sayso_``. Negated and hypothetical events and undated articles are left
    out (PLOVER has no field for the first two and requires a date)."""
    lines = catalog(request).plover_lines(params)
    return StreamingResponse(
        lines,
        media_type="application/x-ndjson; charset=utf-8",
        headers={"content-disposition": 'attachment; filename="relations.plover.jsonl"'},
    )


@router.get(
    "/relations/cameo",
    summary="Relations as a CAMEO-style CSV (one row per dyad), plain and dated only",
    response_class=Response,
    responses={200: {"description": "CSV", "content": CSV_CONTENT}},
)
def relations_cameo(
    request: Request,
    params: Annotated[RelationParams, relation_query(*RELATION_QUERIES)],
) -> Response:
    """GDELT/ICEWS-like columns: ``EventCode`` (CAMEO, via the CAMEO→PLOVER crosswalk),
    ``QuadClass``, ``GoldsteinScale`` (the PLOVER score, on Goldstein's −10 … +10 scale),
    actor codes (country + sector), plus the PLOVER event, the words and the statement."""
    from sayso.store.event_export import CAMEO_COLUMNS

    return csv_response("relations.cameo.csv", CAMEO_COLUMNS, catalog(request).cameo_rows(params))


QSide = Annotated[str | None, Query(description="One side: a country (ISO code or name) "
                                                "or, with level=actor, an actor name or id.")]


@list_route(
    "/dyad",
    "Dyad",
    summary="A dyad over time: relations A → B and B → A per period, by type, mean score",
)
def dyad(
    request: Request,
    a: QSide = None,
    b: QSide = None,
    level: Annotated[str | None, Query(description="country (default) or actor.")] = None,
    interval: Annotated[str | None, Query(description="week, month (default) or year.")] = None,
    fmt: QFormat = None,
    *,
    params: Annotated[RelationParams, relation_query("event", "quad", "since", "until")],
) -> Response:
    """Only plain relations count (not negated, not hypothetical), at their article's date.
    ``mean_score`` is the mean PLOVER score (-10 conflict … +10 cooperation) of the
    period's relations; ``events`` and ``quads`` count them per type and quad class."""
    side_a, side_b = clean_text("a", a), clean_text("b", b)
    if side_a is None or side_b is None:
        missing = "a" if side_a is None else "b"
        raise BadParameter(missing, "name both sides, e.g. a=Belarus&b=Russia")
    series = catalog(request).dyad(
        side_a, side_b,
        parse_choice("level", level, LEVELS, "country"),
        parse_choice("interval", interval, SERIES_INTERVALS, "month"),
        params,
    )
    if wants_csv(request, fmt):
        rows = [
            {**p, **p["events"], **{f"quad_{q}": n for q, n in p["quads"].items()}}
            for p in series["points"]
        ]
        return csv_response("dyad.csv", DYAD_COLUMNS, rows)
    return JSONResponse(series)


UPLOAD_FIELDS = {
    "text": {"type": "string", "description": "The article text (or send a file)."},
    "title": {"type": "string"},
    "published": {"type": "string", "description": "YYYY-MM-DD, YYYY-MM or YYYY."},
    "outlet": {"type": "string"},
    "url": {"type": "string", "description": "Where it was published (http or https)."},
}
UPLOAD_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {"type": "object", "properties": UPLOAD_FIELDS, "required": ["text"]}
            },
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {
                        **UPLOAD_FIELDS,
                        "file": {
                            "type": "string",
                            "format": "binary",
                            "description": "Text, Markdown or HTML file.",
                        },
                    },
                }
            },
        },
    }
}


@router.post(
    "/articles",
    status_code=201,
    summary="Analyse and store an article (admin token)",
    openapi_extra=UPLOAD_BODY,
    **answers("Added", 201),
)
async def add_article(
    request: Request, authorization: Annotated[str | None, Header()] = None
) -> dict[str, Any]:
    """Body: JSON ``{"text", "title"?, "published"?, "outlet"?, "url"?}`` or a multipart form
    with ``text`` or ``file``. Needs ``Authorization: Bearer <SAYSO_ADMIN_TOKEN>``."""
    require_admin(request, bearer_token(authorization))
    fields, upload = await read_body(request)
    try:
        resolved = await article_from_upload(fields, upload)
    except UploadProblem as exc:
        raise BadParameter(exc.field, exc.message) from None
    return await run_in_threadpool(catalog(request).add, resolved)


QCorrectionActor = Annotated[
    str | None, Query(alias="actor", description="Only corrections about or towards this actor.")
]
QCorrectionArticle = Annotated[
    str | None, Query(alias="article", description="Only corrections of this article id.")
]


@router.get(
    "/corrections",
    summary="Analysts' corrections: merges, splits, renames, speakers",
    **answers("Corrections"),
)
def list_corrections(
    request: Request, actor: QCorrectionActor = None, article: QCorrectionArticle = None
) -> Response:
    """Newest first. A quote whose speaker a correction set carries that correction's id
    in ``corrected``."""
    actor = clean_text("actor", actor)
    article = clean_text("article", article)
    return JSONResponse({"corrections": catalog(request).corrections(actor, article)})


@router.get(
    "/corrections/{correction_id}",
    summary="One correction: who, when, what",
    **answers("Correction"),
)
def get_correction(request: Request, correction_id: str) -> Response:
    found = catalog(request).correction(correction_id)
    if found is None:
        raise HTTPException(404, f"no correction {correction_id!r}; see /api/v1/corrections")
    return JSONResponse(found)


CORRECTION_FIELDS = {
    "action": {"type": "string", "enum": ["merge", "split", "rename", "speaker"]},
    "by": {"type": "string", "description": "Who makes the correction."},
    "note": {"type": "string", "description": "Why (kept with the record)."},
    "actor": {"type": "string", "description": "merge/split/rename: the actor (id or name)."},
    "into": {"type": "string", "description": "merge: the actor that remains; split: where to."},
    "name": {"type": "string", "description": "rename: the new name."},
    "forms": {"type": "array", "items": {"type": "string"}, "description": "split: name forms."},
    "article": {"type": "string", "description": "split: only this article's mentions."},
    "new": {"type": "string", "description": "split: a new actor of this name."},
    "type": {"type": "string", "description": "split: the new actor's type."},
    "quote": {"type": "string", "description": "speaker: quote id or ARTICLE:qid."},
    "speaker": {"type": "string", "description": "speaker: actor id or name, or 'unknown'."},
}


@router.post(
    "/corrections",
    status_code=201,
    summary="Record a correction (admin token)",
    **answers("Corrected", 201),
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {
                    "schema": {
                        "type": "object",
                        "properties": CORRECTION_FIELDS,
                        "required": ["action", "by"],
                    }
                }
            },
        }
    },
)
async def add_correction(
    request: Request, authorization: Annotated[str | None, Header()] = None
) -> dict[str, Any]:
    """Records the correction and applies it to the stored articles it touches; returns
    the corrections recorded and how many articles changed. Needs ``Authorization: Bearer
    <SAYSO_ADMIN_TOKEN>``."""
    require_admin(request, bearer_token(authorization))
    refuse_oversize(request)
    try:
        body = json.loads(await read_capped(request))
    except ValueError:
        raise BadParameter("body", "is not valid JSON") from None
    if not isinstance(body, dict):
        raise BadParameter("body", 'must be a JSON object with "action" and "by"')
    forms = body.get("forms")
    fields = {k: v for k, v in body.items() if isinstance(v, str)}
    if isinstance(forms, list):
        fields["forms"] = "\n".join(f for f in forms if isinstance(f, str))
    return await run_in_threadpool(catalog(request).correct, fields.get("action", ""), fields)


def bearer_token(header: str | None) -> str | None:
    if header and header.lower().startswith("bearer "):
        return header[7:].strip()
    return None


def require_admin(request: Request, given: str | None, hint: str | None = None) -> None:
    configured = request.app.state.admin_token
    if not configured:
        raise HTTPException(
            403,
            "this server is read-only; start it with SAYSO_ADMIN_TOKEN set "
            "to allow adding articles and corrections",
        )
    if not token_matches(configured, given):
        raise HTTPException(
            401,
            hint
            or "missing or wrong admin token; send 'Authorization: Bearer <SAYSO_ADMIN_TOKEN>'",
            headers={"www-authenticate": "Bearer"},
        )


async def read_body(request: Request) -> tuple[dict[str, str], UploadFile | None]:
    content_type = request.headers.get("content-type", "")
    refuse_oversize(request)
    if content_type.startswith("application/json"):
        try:
            body = json.loads(await read_capped(request))
        except ValueError:
            raise BadParameter("body", "is not valid JSON") from None
        if not isinstance(body, dict):
            raise BadParameter("body", 'must be a JSON object with at least "text"')
        fields = {k: v for k, v in body.items() if isinstance(v, str)}
        return fields, None
    if content_type.startswith(("multipart/form-data", "application/x-www-form-urlencoded")):
        form = await read_form(BodyReader(request).request())
        upload = form.get("file")
        fields = {k: v for k, v in form.items() if isinstance(v, str)}
        if isinstance(upload, UploadFile) and upload.filename:
            return fields, upload
        return fields, None
    raise BadParameter("content-type", "send application/json or a multipart form")
