"""Headers that keep untrusted article text inert and the admin token honest."""

from __future__ import annotations

import hmac
import secrets

from starlette.types import ASGIApp, Message, Receive, Scope, Send

# Everything the pages use is served by sayso itself; no inline script or style at all,
# so even if escaping were ever missed, an injected <script> or onclick= would not run.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "font-src 'self'",
        "form-action 'self'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "object-src 'none'",
    ]
)

SECURITY_HEADERS = {
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
}


REQUEST_ID_HEADER = "x-request-id"
REQUEST_ID_KEY = "sayso.request_id"  # in the ASGI scope, for the error handlers


def request_id(scope: Scope) -> str:
    """This request's id (``x-request-id`` on its response; in the log of a 500)."""
    value = scope.get(REQUEST_ID_KEY)
    return value if isinstance(value, str) else ""


def response_headers(scope: Scope) -> dict[str, str]:
    """What every response carries: the security headers and the request id. A 500 is
    answered outside this middleware (by Starlette's outermost one), so its handler adds
    them itself."""
    return {**SECURITY_HEADERS, REQUEST_ID_HEADER: request_id(scope)}


class SecurityHeaders:
    """ASGI middleware adding SECURITY_HEADERS and a request id to every HTTP response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        scope[REQUEST_ID_KEY] = secrets.token_hex(8)
        added = response_headers(scope)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [
                    (k, v)
                    for k, v in message.get("headers", [])
                    if k.decode("latin-1").lower() not in added
                ]
                headers += [(k.encode(), v.encode()) for k, v in added.items()]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


def token_matches(configured: str | None, given: str | None) -> bool:
    """Constant-time comparison; with no token configured nothing matches (read-only)."""
    if not configured or not given:
        return False
    return hmac.compare_digest(configured.encode(), given.encode())
