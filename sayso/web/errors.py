"""Every error as a message a user can act on: JSON under /api, an HTML page elsewhere."""

from __future__ import annotations

import logging
from typing import Any  # Any: JSON error bodies (FastAPI's validation errors are dicts)

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

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
        log.exception("unexpected error on %s", request.url.path)
        return error_response(request, 500, "internal error; the server log has the details")
