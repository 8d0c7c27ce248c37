"""Every error as a message a user can act on: JSON under /api, an HTML page elsewhere."""

from __future__ import annotations

import logging
from typing import Any  # Any: JSON error bodies (FastAPI's validation errors are dicts)

from fastapi import APIRouter, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from sayso.web.security import request_id, response_headers

log = logging.getLogger("sayso.web")


class BadParameter(Exception):
    """A query parameter the user gave that cannot be used; ``name`` says which one."""

    def __init__(self, name: str, message: str) -> None:
        self.name = name
        self.message = message
        super().__init__(f"{name}: {message}")


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/openapi.json"


def describe_validation(exc: RequestValidationError) -> tuple[str, list[dict[str, Any]]]:
    """One sentence naming each bad parameter, plus the details for programs."""
    details = []
    for err in exc.errors():
        loc = [str(part) for part in err.get("loc", ()) if part not in ("query", "path", "body")]
        details.append({"parameter": ".".join(loc) or "request", "problem": err.get("msg", "")})
    message = "; ".join(f"{d['parameter']}: {d['problem']}" for d in details) or "bad request"
    return message, details


def error_response(
    request: Request, status: int, message: str, details: list[dict[str, Any]] | None = None
) -> JSONResponse | HTMLResponse:
    if wants_json(request):
        body: dict[str, Any] = {"error": {"status": status, "message": message}}
        if details:
            body["error"]["details"] = details
        return JSONResponse(body, status_code=status)
    templates = request.app.state.templates
    return templates.TemplateResponse(
        request, "error.html", {"status": status, "message": message}, status_code=status
    )


ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["status", "message"],
            "properties": {
                "status": {"type": "integer"},
                "message": {"type": "string"},
                "details": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {
                            "parameter": {"type": "string"},
                            "problem": {"type": "string"},
                        },
                    },
                },
            },
        }
    },
}
# What each status means on this API; every /api route documents those it can answer.
ERROR_STATUSES = {
    400: "a parameter cannot be used (the message names it and the fix)",
    404: "no such record",
    422: "a parameter or body of the wrong type",
    500: "a bug: the message carries the request id the server log names",
}
READ_STATUSES = {503: "too many downloads or network requests at once; retry after a while"}
WRITE_STATUSES = {
    401: "missing or wrong admin token",
    403: "the server is read-only (no SAYSO_ADMIN_TOKEN)",
    413: "the request is too large",
}


def document_errors(router: APIRouter) -> None:
    """Every status an /api route may answer, with the error body's schema, in OpenAPI
    (idempotent: the API's router is one object for every app made)."""
    from fastapi.routing import APIRoute

    for route in router.routes:
        if not isinstance(route, APIRoute) or not route.path.startswith("/api/"):
            continue
        statuses = dict(ERROR_STATUSES)
        statuses.update(WRITE_STATUSES if "POST" in (route.methods or ()) else READ_STATUSES)
        for status, meaning in statuses.items():
            route.responses.setdefault(
                status,
                {
                    "description": meaning,
                    "content": {"application/json": {"schema": ERROR_SCHEMA}},
                },
            )


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def on_validation(request: Request, exc: RequestValidationError):  # noqa: ANN202
        message, details = describe_validation(exc)
        return error_response(request, 422, message, details)

    @app.exception_handler(BadParameter)
    async def on_bad_parameter(request: Request, exc: BadParameter):  # noqa: ANN202
        return error_response(
            request, 400, str(exc), [{"parameter": exc.name, "problem": exc.message}]
        )

    @app.exception_handler(StarletteHTTPException)
    async def on_http(request: Request, exc: StarletteHTTPException):  # noqa: ANN202
        message = exc.detail if isinstance(exc.detail, str) else "request failed"
        response = error_response(request, exc.status_code, message)
        for key, value in (exc.headers or {}).items():
            response.headers[key] = value
        return response

    @app.exception_handler(Exception)
    async def on_unexpected(request: Request, exc: Exception):  # noqa: ANN202
        # Logged with its traceback for the operator; the user gets one line, not internals.
        rid = request_id(request.scope)
        log.exception("unexpected error on %s (request %s)", request.url.path, rid)
        response = error_response(
            request, 500, f"internal error; the server log has the details (request {rid})"
        )
        response.headers.update(response_headers(request.scope))
        return response
