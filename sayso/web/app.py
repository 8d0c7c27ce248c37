"""The FastAPI application: REST API under /api/v1, HTML pages, static assets.

Read-only unless an admin token is given; every response carries a strict
Content-Security-Policy (see security.py).
"""

from __future__ import annotations

import gc
import os
from pathlib import Path
from typing import Any  # Any: the OpenAPI document is JSON

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from sayso.web import pages, rest
from sayso.web.admission import Admission
from sayso.web.errors import document_errors, install_error_handlers
from sayso.web.marks import statement_html
from sayso.web.queries import Catalog, day
from sayso.web.schemas import components
from sayso.web.security import SecurityHeaders

HERE = Path(__file__).parent
# `sayso serve --workers N` hands each server process the store's URL here (app_from_env).
APP_DB_ENV = "SAYSO_SERVE_DB"


def create_app(
    db_url: str | None = None, admin_token: str | None = None, catalog: Catalog | None = None
) -> FastAPI:
    """The app over the store at ``db_url`` (default: SAYSO_DB, else sqlite:///sayso.db)."""
    app = FastAPI(
        title="sayso",
        version="1",
        summary="Who said what, about whom, when: attributed statements from political news.",
        # The bundled Swagger/ReDoc pages load scripts from a CDN, which the CSP (rightly)
        # forbids; the schema itself is at /openapi.json.
        docs_url=None,
        redoc_url=None,
    )
    app.state.catalog = catalog or Catalog.open(db_url)
    app.state.admin_token = admin_token or None
    app.state.templates = Jinja2Templates(directory=HERE / "templates")
    app.state.templates.env.filters["day"] = day  # rows carry ISO dates; pages show the day
    app.state.templates.env.filters["statement"] = statement_html  # first lines, matches marked
    app.add_middleware(Admission)  # inside SecurityHeaders: its 503s carry the headers too
    app.add_middleware(SecurityHeaders)
    install_error_handlers(app)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    document_errors(rest.router)
    app.include_router(rest.router)
    app.include_router(pages.router)
    # FastAPI's documented way to extend the document is to replace this method
    app.openapi = lambda: openapi_with_records(app)  # type: ignore[method-assign]
    settle_memory()
    return app


def settle_memory() -> None:
    """Move what lives as long as the app (modules, templates, routes: ~100,000 objects)
    out of the cycle collector's reach. Otherwise every full collection walks them all,
    30-60 ms taken from whichever request triggered it: the search page's p95 on the
    samples store was those collections (CPU p95 81 ms, median 29 ms; frozen: 36 ms).
    Garbage is collected first, so that none is kept for good."""
    gc.collect()
    gc.freeze()


def openapi_with_records(app: FastAPI) -> dict[str, Any]:
    """FastAPI's OpenAPI document plus the schemas of the answers (schemas.py), made once."""
    if app.openapi_schema is None:
        document = FastAPI.openapi(app)
        document.setdefault("components", {}).setdefault("schemas", {}).update(components())
    return app.openapi_schema or {}


def app_from_env() -> FastAPI:
    """The app of one of `sayso serve`'s processes: the store in SAYSO_SERVE_DB, the admin
    token in SAYSO_ADMIN_TOKEN (uvicorn's factory for ``--workers``). The process ends with
    the one that started it, even a SIGKILLed one: none is left holding the port."""
    from sayso.engine.sandbox import die_with_parent

    die_with_parent(os.getppid())
    return create_app(os.environ[APP_DB_ENV], admin_token=os.environ.get("SAYSO_ADMIN_TOKEN"))
