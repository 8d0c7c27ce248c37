"""Request bodies: bounded, and never read for a client without the admin token.

An upload's body can be anything a stranger sends, of any length, announced or chunked.
So every upload is checked in this order, each step before the body is read any further:

1. a read-only server (no admin token) answers 403 at once;
2. a body announcing more than ``MAX_BODY_BYTES`` is 413;
3. the token: the API takes it in ``Authorization: Bearer``; the upload form sends it as
   its first field, read from at most the first ``TOKEN_WINDOW`` bytes (401 if wrong or
   not there);
4. the body is read through a counter that answers 413 as soon as it passes
   ``MAX_BODY_BYTES`` (chunked bodies announce nothing), and a multipart form holds at
   most one file and ``MAX_FORM_FIELDS`` fields.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs

from fastapi import HTTPException, Request
from starlette.datastructures import FormData
from starlette.types import Message

from sayso.web.upload import MAX_UPLOAD_BYTES

MAX_BODY_BYTES = 2 * MAX_UPLOAD_BYTES  # a 5 MB text as JSON, escapes and all
TOO_LARGE = f"the request is larger than {MAX_BODY_BYTES // 2**20} MB"
TOKEN_WINDOW = 64 * 1024
MAX_FORM_FIELDS = 20
TOKEN_FIRST = (
    "missing or wrong admin token; send it as the form's first field 'token' (the upload "
    "page does) or as 'Authorization: Bearer <SAYSO_ADMIN_TOKEN>'"
)
_BOUNDARY = re.compile(r'boundary="?([^";,]+)"?', re.I)


def refuse_oversize(request: Request) -> None:
    """413 before reading a body that announces itself as too big."""
    length = request.headers.get("content-length", "")
    if length.isascii() and length.isdigit() and int(length) > MAX_BODY_BYTES:
        raise HTTPException(413, TOO_LARGE)


class BodyReader:
    """The request's body, read at most ``MAX_BODY_BYTES`` (413 beyond); what ``peek``
    read is handed again to whoever reads the body next (``request``)."""

    def __init__(self, request: Request) -> None:
        self._receive = request.receive
        self._scope = request.scope
        self._peeked: list[bytes] = []
        self._ended = False
        self._total = 0

    async def _next(self) -> Message:
        message = await self._receive()
        if message["type"] == "http.request":
            self._total += len(message.get("body", b""))
            if self._total > MAX_BODY_BYTES:
                raise HTTPException(413, TOO_LARGE)
            if not message.get("more_body", False):
                self._ended = True
        return message

    async def peek(self, size: int) -> bytes:
        """Up to ``size`` first bytes of the body (fewer if it is shorter)."""
        while sum(map(len, self._peeked)) < size and not self._ended:
            message = await self._next()
            if message["type"] != "http.request":
                self._ended = True
                break
            self._peeked.append(message.get("body", b""))
        return b"".join(self._peeked)

    def request(self) -> Request:
        """A Request reading the peeked bytes, then the rest of the body, capped."""
        pending = list(self._peeked)

        async def receive() -> Message:
            if pending:
                body = pending.pop(0)
                more = bool(pending) or not self._ended
                return {"type": "http.request", "body": body, "more_body": more}
            if self._ended:
                return {"type": "http.request", "body": b"", "more_body": False}
            return await self._next()

        return Request(self._scope, receive)


async def read_capped(request: Request) -> bytes:
    """The whole body, refusing more than MAX_BODY_BYTES even when no length was announced."""
    chunks = []
    async for chunk in BodyReader(request).request().stream():
        chunks.append(chunk)
    return b"".join(chunks)


async def read_form(request: Request) -> FormData:
    """A multipart or URL-encoded form, bounded: one file, few fields, MAX_BODY_BYTES."""
    return await request.form(
        max_files=1, max_fields=MAX_FORM_FIELDS, max_part_size=MAX_UPLOAD_BYTES + 1
    )


async def form_token(reader: BodyReader, content_type: str) -> str | None:
    """The form's ``token`` field, when it is within the first TOKEN_WINDOW bytes."""
    head = await reader.peek(TOKEN_WINDOW)
    if content_type.startswith("multipart/form-data"):
        found = _BOUNDARY.search(content_type)
        if not found:
            return None
        boundary = re.escape(found.group(1).encode("latin-1", "replace"))
        part = re.search(
            rb'content-disposition:[ \t]*form-data;[ \t]*name="token"[^\r\n]*\r\n'
            rb"(?:[^\r\n]+\r\n)*\r\n(.*?)\r\n--" + boundary,
            head,
            re.I | re.S,
        )
        return part.group(1).decode("utf-8", "replace") if part else None
    if content_type.startswith("application/x-www-form-urlencoded"):
        complete = head if len(head) < TOKEN_WINDOW else head.rsplit(b"&", 1)[0]
        try:
            values = parse_qs(complete.decode("latin-1"), max_num_fields=MAX_FORM_FIELDS)
        except ValueError:  # more fields than a form of ours has
            return None
        return values.get("token", [None])[0]
    return None
