"""Admission: at most ``SAYSO_MAX_REQUESTS`` requests at work at once in one server process;
the next ones wait their turn for at most ``SAYSO_QUEUE_SECONDS``, then get a 503 with
``Retry-After``; past ``SAYSO_MAX_QUEUE`` waiting, the next is refused at once (static
files are not counted).

Without it the line of requests a process has taken in has no bound: offered more than it
can answer, it answers each one later than the last, long after its client gave up
(``bench/load.py``, open loop, 10 s client timeout: offered twice what it answered, a
server answered a quarter of that). A request refused here costs no database work. It
bounds only the requests the process has read: on a machine too busy to read them
(measured at load 10-20 on 2 cores) they wait in the socket's backlog instead, and the
client times out there. The bound on waiting requests sheds an overload at once: offered
far more than it answers, a process refuses the excess in microseconds instead of holding
each one for ``SAYSO_QUEUE_SECONDS`` first.
"""

from __future__ import annotations

import asyncio
import json

from starlette.types import ASGIApp, Receive, Scope, Send

from sayso.config import env_int

MAX_REQUESTS = 32
QUEUE_SECONDS = 5
MAX_QUEUE = 128  # waiting requests; at ~5-10 ms of CPU each, a second or so of work
RETRY_AFTER_SECONDS = 2
BUSY = "the server is busy: too many requests at once; try again in a few seconds"


class Admission:
    """ASGI middleware: a semaphore of ``slots`` per process, waited for at most ``wait``
    seconds by at most ``queue`` requests at once."""

    def __init__(
        self,
        app: ASGIApp,
        slots: int | None = None,
        wait: float | None = None,
        queue: int | None = None,
    ) -> None:
        self.app = app
        self.slots = slots or env_int("SAYSO_MAX_REQUESTS", MAX_REQUESTS) or 1
        self.wait = wait if wait is not None else env_int("SAYSO_QUEUE_SECONDS", QUEUE_SECONDS)
        self.queue = queue if queue is not None else env_int("SAYSO_MAX_QUEUE", MAX_QUEUE)
        self._free: asyncio.Semaphore | None = None  # made in the server's event loop
        self._waiting = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith("/static/"):
            await self.app(scope, receive, send)
            return
        if self._free is None:
            self._free = asyncio.Semaphore(self.slots)
        if not self._free.locked():
            await self._free.acquire()  # a slot is free: at once
        elif self._waiting >= self.queue:
            await busy(scope, send)  # the line is full: refused at once
            return
        else:
            self._waiting += 1
            try:
                await asyncio.wait_for(self._free.acquire(), self.wait)
            except TimeoutError:
                await busy(scope, send)
                return
            finally:
                self._waiting -= 1
        try:
            await self.app(scope, receive, send)
        finally:
            self._free.release()


async def busy(scope: Scope, send: Send) -> None:
    """A 503 without touching the app: JSON under /api, a line of text elsewhere."""
    if scope["path"].startswith("/api/"):
        body = json.dumps({"error": {"status": 503, "message": BUSY}}).encode()
        kind = b"application/json"
    else:
        body, kind = BUSY.encode(), b"text/plain; charset=utf-8"
    await send(
        {
            "type": "http.response.start",
            "status": 503,
            "headers": [
                (b"content-type", kind),
                (b"content-length", str(len(body)).encode()),
                (b"retry-after", str(RETRY_AFTER_SECONDS).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
