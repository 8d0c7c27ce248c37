"""The HTML pages: search, article, actor, network (plus article and actor lists, upload).

Every page's state is in its URL (GET parameters), so any view can be linked and shared;
every table links to the same rows as CSV from the API.
"""

from __future__ import annotations

from typing import Any  # Any: JSON rows (records' to_dict), template context
from urllib.parse import quote as url_quote
from urllib.parse import urlsplit

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile

from sayso.store import Page
from sayso.web.bodies import TOKEN_FIRST, BodyReader, form_token, read_form, refuse_oversize
from sayso.web.errors import BadParameter
from sayso.web.heavy import gate
from sayso.web.highlight import highlight, legend
from sayso.web.params import (
    INTERVALS,
    KINDS,
    Filters,
    clean_text,
    parse_actor_type,
    parse_choice,
    parse_limit,
    parse_min_weight,
    query_string,
)
from sayso.web.queries import statement_id_hint
from sayso.web.rest import bearer_token, catalog, require_admin
from sayso.web.upload import UploadProblem, article_from_upload

router = APIRouter(include_in_schema=False)

FACET_TITLES = {"speaker": "Speaker", "about": "About", "outlet": "Outlet", "kind": "Kind"}
RESULTS_PER_PAGE = 20
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
            for name in ("q", "speaker", "about", "outlet", "kind", "since", "until", "sort")
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


def active_filters(filters: Filters, facets: dict[str, list[dict[str, Any]]]) -> list[dict]:
    """The chosen filters as chips, with actor names rather than ids, each removable."""
    labels = {(name, row["value"]): row["label"] for name, rows in facets.items() for row in rows}
    return [
        {
            "label": FACET_TITLES.get(k, k).lower(),
            "value": labels.get((k, v), v),
            "remove_url": link("/", filters.without(k).as_params()),
        }
        for k, v in filters.as_params().items()
        if k not in ("q", "sort")
    ]


@router.get("/", response_class=HTMLResponse)
def search_page(request: Request) -> HTMLResponse:
    filters = filters_from(request)
    cursor = clean_text("cursor", request.query_params.get("cursor"))
    data = catalog(request)
    page = data.quotes(filters, RESULTS_PER_PAGE, cursor)
    facets = facet_links(filters, data.facets(filters))
    params = filters.as_params()
    total = data.count(filters)
    noun = "statement" if total == 1 else "statements"
    return render(
        request,
        "search.html",
        "search",
        f=filters,
        kinds=KINDS,
        facets=facets,
        results=page.items,
        active=active_filters(filters, facets),
        total_label=f"{total:,} {noun}" if params else f"Latest of {total:,} {noun}",
        csv_url=link("/api/v1/quotes.csv", params),
        **paging_links("/", params, page, cursor),
    )


@router.get("/articles", response_class=HTMLResponse)
def articles_page(request: Request) -> HTMLResponse:
    filters = filters_from(request)
    cursor = clean_text("cursor", request.query_params.get("cursor"))
    page = catalog(request).articles(filters, 50, cursor)
    params = filters.as_params()
    return render(
        request,
        "articles.html",
        "articles",
        f=filters,
        rows=page.items,
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
    view = {**article, "safe_url": safe_link(article.get("url"))}
    just = clean_text("corrected", request.query_params.get("corrected"))
    return render(
        request,
        "article.html",
        "articles",
        article=view,
        highlighted=Markup(highlight(article["text"], quotes)),  # every text piece escaped
        legend=rows,
        entities=article["entities"],
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
    data = catalog(request)
    focus_key = data.focus_key(focus)
    with gate(request).held():
        graph = data.network(filters, min_weight, limit, focus=focus_key)
    state = {**filters.as_params(), "min_weight": min_weight if min_weight > 1 else None}
    return render(
        request,
        "network.html",
        "network",
        f=filters,
        network=graph,
        focus=focus,
        focus_key=focus_key,
        selected=clean_text("select", params.get("select")) or focus_key,
        min_weight=min_weight,
        names={n["id"]: n["label"] for n in graph["nodes"]},
        csv_url=link("/api/v1/network.csv", {**state, "focus": focus_key}),
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
