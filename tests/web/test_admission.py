"""Admission (issue 16, load): past its slots a server process lets a request wait its turn
for a while, then answers 503 with Retry-After at once, without running the app; the
requests let in are answered, and a slot freed lets the next one in."""

from __future__ import annotations

import asyncio
import json
from typing import Any  # Any: ASGI messages

from sayso.web.admission import Admission


class HeldApp:
    """An app whose requests wait until ``go`` is set; counts the requests it ran."""

    def __init__(self) -> None:
        self.go = asyncio.Event()
        self.ran = 0

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        self.ran += 1
        await self.go.wait()
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})


async def call(app: Any, path: str) -> tuple[int, dict[bytes, bytes], bytes]:
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    await app({"type": "http", "path": path, "method": "GET", "headers": []}, receive, send)
    return sent[0]["status"], dict(sent[0]["headers"]), b"".join(m.get("body", b"") for m in sent)


def test_past_its_slots_a_request_waits_then_is_refused_without_running() -> None:
    async def scenario() -> None:
        held = HeldApp()
        admission = Admission(held, slots=2, wait=0.2)
        first = [asyncio.create_task(call(admission, "/api/v1/quotes")) for _ in range(2)]
        while held.ran < 2:  # both slots taken
            await asyncio.sleep(0.01)
        status, headers, body = await call(admission, "/api/v1/quotes")
        assert status == 503 and held.ran == 2  # refused without running the app
        assert headers[b"retry-after"] and json.loads(body)["error"]["status"] == 503
        page_status, _, page = await call(admission, "/actors")
        assert page_status == 503 and b"busy" in page
        waiting = asyncio.create_task(call(admission, "/api/v1/search"))
        await asyncio.sleep(0)
        held.go.set()  # the first two end: their slots let the waiting one in
        assert [(await t)[0] for t in first] == [200, 200]
        assert (await waiting)[0] == 200 and held.ran == 3

    asyncio.run(asyncio.wait_for(scenario(), 60))


def test_past_its_line_a_request_is_refused_at_once() -> None:
    """With its slot taken and ``queue`` requests already waiting, the next one is refused
    without waiting (``wait`` is long here); the one waiting is still let in."""

    async def scenario() -> None:
        held = HeldApp()
        admission = Admission(held, slots=1, wait=30, queue=1)
        first = asyncio.create_task(call(admission, "/api/v1/quotes"))
        while held.ran < 1:
            await asyncio.sleep(0.01)
        waiting = asyncio.create_task(call(admission, "/api/v1/quotes"))
        await asyncio.sleep(0.01)  # it is in the line now
        loop = asyncio.get_running_loop()
        start = loop.time()
        status, headers, _ = await call(admission, "/api/v1/search")
        assert status == 503 and headers[b"retry-after"]
        assert loop.time() - start < 5 and held.ran == 1  # not held for ``wait``
        held.go.set()
        assert (await first)[0] == 200 and (await waiting)[0] == 200 and held.ran == 2

    asyncio.run(asyncio.wait_for(scenario(), 60))


def test_static_files_are_not_counted() -> None:
    async def scenario() -> None:
        held = HeldApp()
        held.go.set()
        admission = Admission(held, slots=1, wait=0)
        assert (await call(admission, "/static/app.js"))[0] == 200
        assert (await call(admission, "/api/v1"))[0] == 200

    asyncio.run(asyncio.wait_for(scenario(), 60))


def test_the_app_admits_requests(client) -> None:  # noqa: ANN001
    from sayso.web.admission import Admission as Mounted

    assert any(m.cls is Mounted for m in client.app.user_middleware)
    assert client.get("/api/v1").status_code == 200
