"""The HTML pages: search, article, actor, network, dyad (plus article and actor lists,
upload).

Every page's state is in its URL (GET parameters), so any view can be linked and shared;
every table links to the same rows as CSV from the API.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import Any  # Any: JSON rows (records' to_dict), template context
from urllib.parse import quote as url_quote
from urllib.parse import urlsplit

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile

from sayso.model import QUAD_CLASSES
from sayso.store import Page
from sayso.store.keys import fold
from sayso.web.bodies import TOKEN_FIRST, BodyReader, form_token, read_form, refuse_oversize
from sayso.web.cite import citations
from sayso.web.dyadchart import dyad_svg
from sayso.web.errors import BadParameter
from sayso.web.heavy import gate
from sayso.web.highlight import highlight, legend, mentioned
from sayso.web.params import (
    ACTOR_TYPES,
    INTERVALS,
    KINDS,
    LEVELS,
    SERIES_INTERVALS,
    Filters,
    RelationParams,
    clean_text,
    parse_actor_type,
    parse_choice,
    parse_day,
    parse_limit,
    parse_min_weight,
    query_string,
)
from sayso.web.queries import (
    COUNT_BOUND,
    Catalog,
    period_bounds,
    statement_id_hint,
    years_of,
)
from sayso.web.rest import bearer_token, catalog, require_admin
from sayso.web.upload import UploadProblem, article_from_upload

router = APIRouter(include_in_schema=False)

FACET_TITLES = {
    "q": "Words",
    "speaker": "Said by",
    "about": "About",
    "outlet": "Outlet",
    "kind": "Kind",
    "language": "Language",
    "since": "From",
    "until": "To",
}
RESULTS_PER_PAGE = 20
ARTICLES_PER_PAGE = 50
MAX_WEEKS_SHOWN = 26  # a search timeline counts per week up to half a year of results
MAX_NAME_WORDS = 4
NAMED_BY_PART = ("PERSON", "COUNTRY")  # words typed that may be a name ("Alexander Lukashenko")
NETWORK_LINKS = 100  # the strongest links drawn by default; the CSV has them all
SPLIT_FORMS = 10  # name forms offered by the split dialog
MAX_AUTO_MONTHS = 48  # an actor page charts by month unless that makes more bars than this


def render(request: Request, template: str, page: str, **context: Any) -> HTMLResponse:
    templates = request.app.state.templates
    context.update(page=page, admin_enabled=bool(request.app.state.admin_token))
    return templates.TemplateResponse(request, template, context)


def filters_from(request: Request) -> Filters:
    params = request.query_params
    return Filters.parse(
        **{
            name: params.get(name)
            for name in (
                "q",
                "speaker",
                "about",
                "outlet",
                "kind",
                "language",
                "since",
                "until",
                "sort",
            )
        }
    )


def link(path: str, params: dict[str, Any]) -> str:
    query = query_string(params)
    return f"{path}?{query}" if query else path


def paging_links(
    path: str, params: dict[str, Any], page: Page, cursor: str | None
) -> dict[str, str | None]:
    """Links to the next page (if any) and back to the first (when not on it)."""
    following = page.next_cursor
    return {
        "next_url": link(path, {**params, "cursor": following}) if following else None,
        "first_url": link(path, params) if cursor else None,
    }


def facet_links(filters: Filters, facets: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """Each facet value with the search link that adds it (or removes it when chosen)."""
    out: dict[str, list[dict[str, Any]]] = {}
    for name, rows in facets.items():
        current = getattr(filters, name, None)
        out[name] = []
        for row in rows:
            chosen = current == row["value"]
            then = filters.without(name) if chosen else filters.with_value(name, row["value"])
            out[name].append({**row, "selected": chosen, "url": link("/", then.as_params())})
    return out


def active_filters(
    filters: Filters, facets: dict[str, list[dict[str, Any]]], names: dict[str, str]
) -> list[dict]:
    """What the search asks, as chips: words, said by, about, ... with actor names rather
    than ids; each removable."""
    labels = {(name, row["value"]): row["label"] for name, rows in facets.items() for row in rows}
    return [
        {
            "field": k,
            "label": FACET_TITLES.get(k, k).lower(),
            "value": labels.get((k, v)) or names.get(v, v),
            "remove_url": link("/", filters.without(k).as_params()),
        }
        for k, v in filters.as_params().items()
        if k != "sort"
    ]


def count_label(total: int, bound: int, noun: str) -> str:
    """ "1 statement", "2,345 statements", or "more than 10,000 statements" when the count
    stopped at its bound."""
    if total > bound:
        return f"more than {bound:,} {noun}s"
    return f"{total:,} {noun}{'' if total == 1 else 's'}"


def search_timeline(
    data: Catalog,
    filters: Filters,
    asked: str | None,
    months: list[dict[str, Any]] | None = None,
    weeks: Callable[[], list[dict[str, Any]] | None] = lambda: None,
) -> dict[str, Any]:
    """The results per week (up to half a year of them), month, or year (more than
    MAX_AUTO_MONTHS months); each bar links to the search narrowed to its period.
    ``months``: the monthly series, when already counted; ``weeks``: makes the weekly
    one when already counted (None when not)."""
    interval = parse_choice("interval", asked, INTERVALS, "month")
    series = months if interval == "month" else weeks() if interval == "week" else None
    if series is None:
        series = data.timeline(filters, interval)
    if not asked and len(series) > MAX_AUTO_MONTHS:
        interval, series = "year", years_of(series)  # reports add up: no second count
    elif not asked and 0 < len(series) <= MAX_WEEKS_SHOWN // 4:
        counted = weeks()
        series = counted if counted is not None else data.timeline(filters, "week")
        interval = "week"
    for bar in series:
        start = date.fromisoformat(bar["start"])
        _, end = period_bounds(start, interval)
        narrowed = replace(filters, since=max(start, filters.since or start))
        narrowed = replace(narrowed, until=min(end, filters.until or end))
        bar["url"] = link("/", narrowed.as_params())
    return {"interval": interval, "series": series}


def people_named(data: Catalog, filters: Filters) -> list[dict[str, Any]]:
    """When the words typed look like a name ("Lukashenko") and no speaker or subject is
    chosen: the actors it names, with links to what they said and what was said of them."""
    words = (filters.q or "").split()
    if not words or len(words) > MAX_NAME_WORDS or filters.speaker or filters.about:
        return []
    if any(w in ("OR", "AND", "NOT") or w.startswith(("-", '"')) for w in words):
        return []
    people = []
    rest = filters.without("q")
    typed = fold(filters.q or "")
    for actor in data.suggest(filters.q or "", 3):
        if not actor["reports"] and not actor["mentioned_in"]:
            continue
        # People and places by a part of their name; other actors only by their whole
        # name ("allies" is a word to search for, not the organisation "NATO Allies").
        if actor["type"] not in NAMED_BY_PART and fold(actor["name"]) != typed:
            continue
        actor["said_by_url"] = link("/", rest.with_value("speaker", actor["id"]).as_params())
        actor["about_url"] = link("/", rest.with_value("about", actor["id"]).as_params())
        people.append(actor)
    return people


@router.get("/", response_class=HTMLResponse)
def search_page(request: Request) -> HTMLResponse:
    filters = filters_from(request)
    cursor = clean_text("cursor", request.query_params.get("cursor"))
    data = catalog(request)
    searched = data.search(filters, RESULTS_PER_PAGE, cursor)
    page, months = searched.page, searched.months
    facets = facet_links(filters, searched.facets)
    params = filters.as_params()
    label = count_label(searched.total, COUNT_BOUND, "statement")
    within = searched.within
    people = people_named(data, filters)
    today = date.today()
    for row in page.items:
        row["citations"] = citations(row, today)
        row["source_url"] = safe_link(row.get("article_url"))
    names = {p["id"]: p["name"] for p in people}
    for key in (filters.speaker, filters.about):
        if key and key not in names:
            actor = data.actor_name(key)
            names.update({key: actor} if actor else {})
    return render(
        request,
        "search.html",
        "search",
        f=filters,
        kinds=KINDS,
        facets=facets,
        results=page.items,
        active=active_filters(filters, facets, names),
        people=people,
        timeline=search_timeline(
            data, filters, request.query_params.get("interval"), months, searched.weeks
        )
        if page.items
        else None,
        total_label=label if params else f"Latest of {label}",
        counted_within=within,
        csv_url=link("/api/v1/quotes.csv", params),
        saved_url=link("/", params),
        **paging_links("/", params, page, cursor),
    )


@router.get("/articles", response_class=HTMLResponse)
def articles_page(request: Request) -> HTMLResponse:
    filters = filters_from(request)
    cursor = clean_text("cursor", request.query_params.get("cursor"))
    data = catalog(request)
    page = data.articles(filters, ARTICLES_PER_PAGE, cursor)
    params = filters.as_params()
    total = data.count_articles(filters, at_most=COUNT_BOUND)
    skipped = data.count_articles(filters, at_most=COUNT_BOUND, not_analysed=True)
    return render(
        request,
        "articles.html",
        "articles",
        f=filters,
        rows=page.items,
        total_label=count_label(total, COUNT_BOUND, "article"),
        not_analysed_total=skipped,
        not_analysed_label=count_label(skipped, COUNT_BOUND, "article"),
        not_analysed=data.articles(filters, ARTICLES_PER_PAGE, None, not_analysed=True).items
        if skipped
        else [],
        csv_url=link("/api/v1/articles.csv", params),
        **paging_links("/articles", params, page, cursor),
    )


def safe_link(url: str | None) -> str | None:
    """Only http(s) links become clickable: a javascript: URL in an article stays text."""
    if not url:
        return None
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return None
    return url if scheme in ("http", "https") else None


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, article_id: str) -> HTMLResponse:
    article = catalog(request).article(article_id)
    if article is None:
        raise HTTPException(404, f"There is no article with id {article_id!r}.")
    quotes = article["quotes"]
    names = {e["key"]: e["name"] for e in article["entities"]}
    for quote in quotes:
        quote["about_actors"] = [
            {"id": key, "name": name if name != key else names.get(key, key)}
            for key, name in zip(quote["about_keys"], quote["about_names"], strict=True)
        ]
    rows = legend(quotes)
    relations = [relation_view(r) for r in article["relations"]]
    view = {**article, "safe_url": safe_link(article.get("url"))}
    just = clean_text("corrected", request.query_params.get("corrected"))
    return render(
        request,
        "article.html",
        "articles",
        article=view,
        # every text piece escaped
        highlighted=Markup(highlight(article["text"], quotes, relations)),
        legend=rows,
        relations=relations,
        entities=mentioned(article["entities"]),
        quotes_json=quotes,
        just_corrected=catalog(request).correction(just) if just else None,
        corrected_count=sum(1 for q in quotes if q.get("corrected")),
    )


@router.get("/statements/{statement_id}", response_class=HTMLResponse)
def statement_page(request: Request, statement_id: str) -> HTMLResponse:
    statement = catalog(request).statement(statement_id)
    if statement is None:
        raise HTTPException(
            404, f"There is no statement with id {statement_id!r}{statement_id_hint(statement_id)}."
        )
    return render(request, "statement.html", "search", s=statement)


@router.get("/actors", response_class=HTMLResponse)
def actors_page(request: Request) -> HTMLResponse:
    params = request.query_params
    name = clean_text("q", params.get("q"))
    actor_type = parse_actor_type(params.get("type"))
    cursor = clean_text("cursor", params.get("cursor"))
    page = catalog(request).actors(name, actor_type, 50, cursor)
    state = {"q": name, "type": actor_type}
    return render(
        request,
        "actors.html",
        "actors",
        rows=page.items,
        q=name,
        type=actor_type,
        csv_url=link("/api/v1/actors.csv", state),
        **paging_links("/actors", state, page, cursor),
    )


async def admin_form(request: Request) -> FormData:
    """An admin's form, its token checked before the rest of the body is read (as an
    upload's, ``sayso.web.bodies``)."""
    if not request.app.state.admin_token:
        require_admin(request, None)  # 403: this server is read-only
    refuse_oversize(request)
    reader = BodyReader(request)
    given = bearer_token(request.headers.get("authorization")) or await form_token(
        reader, request.headers.get("content-type", "")
    )
    require_admin(request, given, TOKEN_FIRST)
    return await read_form(reader.request())


@router.post("/actors/{actor_id:path}/correct", response_class=HTMLResponse)
async def actor_correct(request: Request, actor_id: str) -> Response:
    """An admin's merge, split or rename from the actor page's dialog."""
    form = await admin_form(request)
    fields = {k: v for k, v in form.items() if isinstance(v, str) and k != "token"}
    fields["actor"] = actor_id
    fields["forms"] = "\n".join(v for v in form.getlist("form") if isinstance(v, str))
    action = fields.get("action", "")
    if action == "merge" and fields.get("direction") == "into-this":  # the other one goes
        fields["actor"], fields["into"] = fields.get("other", ""), actor_id
    elif action == "merge":
        fields["into"] = fields.get("other", "")
    try:
        done = await run_in_threadpool(catalog(request).correct, action, fields)
    except BadParameter as exc:
        response = render_actor(request, actor_id, message=exc.message, form=fields)
        response.status_code = 400
        return response
    made = done["corrections"][-1]
    where = made["target"] if action in ("merge", "split") else actor_id
    query = query_string({"corrected": made["id"], "articles": done["articles"]})
    return RedirectResponse(f"/actors/{url_quote(where, safe=':')}?{query}", status_code=303)


@router.get("/actors/{actor_id:path}", response_class=HTMLResponse)
def actor_page(request: Request, actor_id: str) -> HTMLResponse:
    return render_actor(request, actor_id)


def render_actor(
    request: Request,
    actor_id: str,
    message: str | None = None,
    form: dict[str, str] | None = None,
) -> HTMLResponse:
    """The actor page; after a refused correction, with its ``message`` and the dialog's
    ``form`` as it was filled in."""
    data = catalog(request)
    actor = data.actor(actor_id)
    if actor is None:
        raise HTTPException(
            404, f"There is no actor with id {actor_id!r}; try the Actors page to search by name."
        )
    asked = request.query_params.get("interval")
    interval = parse_choice("interval", asked, INTERVALS, "month")
    mine = Filters(speaker=actor["id"])
    # Distinct statements: a speech syndicated by ten outlets is one statement, not ten.
    timeline = data.timeline(mine, interval, "statements")
    if not asked and len(timeline) > MAX_AUTO_MONTHS:  # years of statements: bars per year
        interval = "year"
        timeline = data.timeline(mine, interval, "statements")
    return render(
        request,
        "actor.html",
        "actors",
        actor=actor,
        interval=interval,
        timeline=timeline,
        latest=data.quotes(mine, 10, None).items,
        talks_about=actor["talks_about"],
        talked_about_by=actor["talked_about_by"],
        **correction_view(request, actor["id"], message, form),
    )


def correction_view(
    request: Request, actor_id: str, message: str | None, form: dict[str, str] | None
) -> dict[str, Any]:
    """What the actor page shows of corrections: those about this actor, the one just
    made, and (for a server with an admin token) the forms of the correction dialog."""
    data = catalog(request)
    corrections = data.corrections(actor=actor_id)
    merged = [c for c in corrections if c["kind"] == "merge" and c["actor"] == actor_id]
    just = clean_text("corrected", request.query_params.get("corrected"))
    admin = bool(request.app.state.admin_token)
    return {
        "corrections": corrections,
        "merged_into": merged[0] if merged else None,
        "just_corrected": data.correction(just) if just else None,
        "articles_changed": clean_text("articles", request.query_params.get("articles")),
        # a form holds at most bodies.MAX_FORM_FIELDS fields: the dialog's own and these
        "name_forms": data.name_forms(actor_id)[:SPLIT_FORMS] if admin else [],
        "correct_message": message,
        "correct_form": form or {},
    }


def speaker_context(request: Request, ref: str) -> dict[str, Any]:
    if not request.app.state.admin_token:
        raise HTTPException(
            403,
            "This server is read-only: start it with SAYSO_ADMIN_TOKEN "
            "set to correct speakers from the browser.",
        )
    from sayso.engine.correcting import find_quote
    from sayso.store import BadCorrection

    try:
        hit = find_quote(catalog(request).store, ref)
    except BadCorrection as exc:
        raise HTTPException(404, str(exc)) from None
    return {"q": hit.to_dict(), "ref": f"{hit.article_id}:{hit.qid}"}


@router.get("/quotes/{ref}/speaker", response_class=HTMLResponse)
def speaker_form(request: Request, ref: str) -> HTMLResponse:
    """The "wrong speaker" form of one quote (admins)."""
    return render(
        request, "speaker.html", "search", **speaker_context(request, ref), form={}, message=None
    )


@router.post("/quotes/{ref}/speaker", response_class=HTMLResponse)
async def speaker_submit(request: Request, ref: str) -> Response:
    form = await admin_form(request)
    fields = {k: v for k, v in form.items() if isinstance(v, str) and k != "token"}
    context = speaker_context(request, ref)
    fields["quote"] = context["ref"]
    if fields.get("unknown"):
        fields["speaker"] = "unknown"
    try:
        done = await run_in_threadpool(catalog(request).correct, "speaker", fields)
    except BadParameter as exc:
        response = render(
            request, "speaker.html", "search", **context, form=fields, message=exc.message
        )
        response.status_code = 400
        return response
    made = done["corrections"][0]
    query = query_string({"corrected": made["id"]})
    qid = context["q"]["qid"]
    return RedirectResponse(
        f"/articles/{made['article_id']}?{query}#{url_quote(qid)}", status_code=303
    )


@router.get("/network", response_class=HTMLResponse)
def network_page(request: Request) -> HTMLResponse:
    params = request.query_params
    filters = Filters.parse(since=params.get("since"), until=params.get("until"))
    focus = clean_text("focus", params.get("focus"))
    min_weight = parse_min_weight(params.get("min_weight"))
    limit = parse_limit(params.get("limit"), NETWORK_LINKS)
    types = [t for t in (parse_actor_type(v) for v in params.getlist("type")) if t]
    data = catalog(request)
    focus_key = data.focus_key(focus)
    with gate(request).held():
        graph = data.network(
            filters, min_weight, limit, focus=focus_key, types=types, dates=False
        )
    state = {**filters.as_params(), "min_weight": min_weight if min_weight > 1 else None}
    years = [p["start"][:4] for p in data.timeline(Filters(), "year") if p["count"]]
    here = {**state, "focus": focus, "type": types}
    return render(
        request,
        "network.html",
        "network",
        f=filters,
        types=types,
        actor_types=ACTOR_TYPES,
        periods=[
            {
                "label": year,
                "url": link("/network", {**here, "since": year, "until": year}),
                "on": filters.since == date(int(year), 1, 1)
                and filters.until == date(int(year), 12, 31),
            }
            for year in years
        ],
        all_time_url=link("/network", {**here, "since": None, "until": None}),
        network=graph,
        focus=focus,
        focus_key=focus_key,
        selected=clean_text("select", params.get("select")) or focus_key,
        min_weight=min_weight,
        names={n["id"]: n["label"] for n in graph["nodes"]},
        csv_url=link("/api/v1/network.csv", {**state, "focus": focus_key}),
    )


def relation_view(r: dict[str, Any]) -> dict[str, Any]:
    """A stored relation as the pages show it: the evidence cut around its trigger word, and
    whether it leans to cooperation or conflict."""
    text, start = r["text"], r["start"]
    t0, t1 = r.get("trigger_start"), r.get("trigger_end")
    inside = isinstance(t0, int) and isinstance(t1, int) and start <= t0 < t1 <= start + len(text)
    cut0, cut1 = (t0 - start, t1 - start) if inside else (len(text), len(text))
    tone = "coop" if r["score"] > 0 else "conf" if r["score"] < 0 else "neutral"
    return {**r, "before": text[:cut0], "trigger_words": text[cut0:cut1], "after": text[cut1:],
            "tone": tone, "quad_name": QUAD_CLASSES.get(r["quad"], "")}


DYAD_LIST = 50  # relations listed per direction; the JSON and CSV have them all


def dyad_sides(level: str, a: str, b: str, direction: str) -> dict[str, str]:
    """The relation filters of one direction of the dyad."""
    src, dst = (a, b) if direction == "a>b" else (b, a)
    if level == "country":
        return {"source_country": src, "target_country": dst}
    return {"source": src, "target": dst}


@router.get("/dyad", response_class=HTMLResponse)
def dyad_page(request: Request) -> HTMLResponse:
    params = request.query_params
    a, b = clean_text("a", params.get("a")), clean_text("b", params.get("b"))
    level = parse_choice("level", params.get("level"), LEVELS, "country")
    interval = parse_choice("interval", params.get("interval"), SERIES_INTERVALS, "month")
    since, until = params.get("since"), params.get("until")
    state = {"a": a, "b": b, "level": level, "interval": interval,
             "since": clean_text("since", since), "until": clean_text("until", until)}
    context: dict[str, Any] = {"a": a, "b": b, "level": level, "interval": interval,
                               "since": state["since"], "until": state["until"], "series": None}
    if not a or not b:
        return render(request, "dyad.html", "dyad", **context)
    data = catalog(request)
    bounds = RelationParams.parse(since=since, until=until)
    series = data.dyad(a, b, level, interval, bounds)
    if not any(p["count"] for p in series["points"]):
        return render(request, "dyad.html", "dyad", **context)
    names = {"a>b": f"{a} → {b}", "b>a": f"{b} → {a}"}
    period = clean_text("period", params.get("period"))
    chosen = clean_text("direction", params.get("direction"))
    for p in series["points"]:
        p["url"] = link("/dyad", {**state, "period": p["period"], "direction": p["direction"]})
        p["url"] += "#statements"
    chart = dyad_svg(series["points"], names, lambda when, way: link(
        "/dyad", {**state, "period": when, "direction": way}) + "#statements",
        (period, chosen) if period and chosen else None)
    window = (bounds.since, bounds.until)
    label = None
    if period:
        first = parse_day("period", period)
        if first is None:
            raise HTTPException(400, "period: give the first day of a period, YYYY-MM-DD")
        window = period_bounds(first, interval)
        label = next((p["label"] for p in series["points"] if p["period"] == period), period)
    lists: dict[str, list[dict[str, Any]]] = {}
    more: dict[str, str | None] = {}
    for direction in ("a>b", "b>a"):
        if period and chosen in ("a>b", "b>a") and direction != chosen:
            lists[direction], more[direction] = [], None
            continue
        wanted = RelationParams(**dyad_sides(level, a, b, direction), since=window[0],
                                until=window[1], plain=True)
        page = data.relations(wanted, DYAD_LIST, None)
        lists[direction] = [relation_view(r) for r in page.items]
        query = wanted.as_params()
        more[direction] = link("/api/v1/relations", {**query, "limit": 500}) \
            if page.next_cursor else None
    totals = {d: sum(p["count"] for p in series["points"] if p["direction"] == d)
              for d in ("a>b", "b>a")}
    series_params = {k: v for k, v in state.items() if v}
    return render(
        request,
        "dyad.html",
        "dyad",
        **{**context, "series": series},
        names=names,
        chart=Markup(chart),  # built from escaped values only (dyadchart)
        total=sum(totals.values()),
        totals=totals,
        lists=lists,
        more=more,
        period_label=label,
        all_url=link("/dyad", state),
        csv_url=link("/api/v1/dyad.csv", series_params),
        json_url=link("/api/v1/dyad", series_params),
        relations_csv={
            direction: link("/api/v1/relations.csv", {
                **dyad_sides(level, a, b, direction), "since": state["since"],
                "until": state["until"]})
            for direction in ("a>b", "b>a")
        },
    )


@router.get("/upload", response_class=HTMLResponse)
def upload_form(request: Request) -> HTMLResponse:
    if not request.app.state.admin_token:
        raise HTTPException(
            403,
            "This server is read-only: start it with SAYSO_ADMIN_TOKEN "
            "set to add articles from the browser.",
        )
    return render(request, "upload.html", "upload", form={}, message=None)


@router.post("/upload", response_class=HTMLResponse)
async def upload_submit(request: Request) -> Response:
    # The token is checked before the body is read (sayso.web.bodies): a stranger's upload
    # costs at most TOKEN_WINDOW bytes, and nothing on a read-only server.
    if not request.app.state.admin_token:
        require_admin(request, None)  # 403: this server is read-only
    refuse_oversize(request)
    reader = BodyReader(request)
    given = bearer_token(request.headers.get("authorization")) or await form_token(
        reader, request.headers.get("content-type", "")
    )
    require_admin(request, given, TOKEN_FIRST)
    form = await read_form(reader.request())
    fields = {k: v for k, v in form.items() if isinstance(v, str)}
    upload = form.get("file")
    file = upload if isinstance(upload, UploadFile) and upload.filename else None
    try:
        resolved = await article_from_upload(fields, file)
    except UploadProblem as exc:
        fields.pop("token", None)
        response = render(
            request, "upload.html", "upload", form=fields, message=f"{exc.field}: {exc.message}"
        )
        response.status_code = 400
        return response
    saved = await run_in_threadpool(catalog(request).add, resolved)
    return RedirectResponse(f"/articles/{saved['id']}", status_code=303)
