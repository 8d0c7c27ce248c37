"""Hostile requests (issue 16): uploads refused before their body is read, bounded bodies,
ASCII-only numbers, heavy requests limited in number, 500s that carry the security
headers and a request id, and generated requests against the OpenAPI document."""

from __future__ import annotations

import select
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from sayso.web import create_app
from sayso.web.bodies import MAX_BODY_BYTES
from sayso.web.security import SECURITY_HEADERS
from tests.web.conftest import ADMIN_TOKEN

CHUNK = 64 * 1024


class Body:
    """A chunked body of ``size`` bytes that counts what the server read of it."""

    def __init__(self, head: bytes, size: int) -> None:
        self.head, self.size, self.sent = head, size, 0

    def __iter__(self) -> Iterator[bytes]:
        yield self.head
        self.sent = len(self.head)
        while self.sent < self.size:
            self.sent += CHUNK
            yield b"x" * CHUNK


def multipart_head(token: str) -> bytes:
    return (
        b'--b0undary\r\ncontent-disposition: form-data; name="token"\r\n\r\n'
        + token.encode()
        + b'\r\n--b0undary\r\ncontent-disposition: form-data; name="file"; '
        b'filename="a.txt"\r\ncontent-type: text/plain\r\n\r\n'
    )


@pytest.fixture
def app_client(tmp_path: Path) -> Iterator[TestClient]:
    app = create_app(f"sqlite:///{tmp_path / 'a.db'}", admin_token=ADMIN_TOKEN)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


@contextmanager
def serving(app: object) -> Iterator[int]:
    """``app`` served by uvicorn on a free loopback port (a real server streams bodies;
    the test client reads them whole first)."""
    import threading

    import uvicorn

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    try:
        yield port
    finally:
        server.should_exit = True
        thread.join(10)


def chunked_upload(port: int, head: bytes, size: int) -> tuple[int, int]:
    """POST /upload as a chunked multipart body of ``size`` bytes, sent until the server
    answers; (status, bytes sent)."""
    sock = socket.create_connection(("127.0.0.1", port))
    sock.sendall(
        b"POST /upload HTTP/1.1\r\nhost: localhost\r\ntransfer-encoding: chunked\r\n"
        b"content-type: multipart/form-data; boundary=b0undary\r\n\r\n"
    )
    sent = 0
    chunks = iter(Body(head, size))
    try:
        with sock:
            while sent < size:
                if select.select([sock], [], [], 0)[0]:
                    break  # the server answered
                chunk = next(chunks)
                sock.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                sent += len(chunk)
            else:
                sock.sendall(b"0\r\n\r\n")
            sock.settimeout(30)
            status = int(sock.recv(4096).split(b" ", 2)[1])
    except (BrokenPipeError, ConnectionResetError):
        status = 0
    return status, sent


@pytest.mark.parametrize("token", ["wrong-token", None], ids=["wrong", "read-only"])
def test_an_upload_without_the_token_is_refused_before_its_body_is_read(
    tmp_path: Path, token: str | None
) -> None:
    """A chunked 281 MB multipart POST was spooled to disk, then 403."""
    app = create_app(f"sqlite:///{tmp_path / 'a.db'}", admin_token=ADMIN_TOKEN if token else None)
    with serving(app) as port:
        status, sent = chunked_upload(port, multipart_head(token or "x"), 300 * 1024 * 1024)
    assert status == (401 if token else 403)
    assert sent < 16 * 1024 * 1024  # what the socket buffers hold, not 300 MB


def test_an_upload_with_the_token_is_still_bounded(tmp_path: Path) -> None:
    app = create_app(f"sqlite:///{tmp_path / 'a.db'}", admin_token=ADMIN_TOKEN)
    with serving(app) as port:
        status, sent = chunked_upload(port, multipart_head(ADMIN_TOKEN), 300 * 1024 * 1024)
    assert status == 413
    assert sent < MAX_BODY_BYTES + 16 * 1024 * 1024


def test_the_upload_form_sends_the_token_first_and_stores(app_client: TestClient) -> None:
    page = app_client.get("/upload").text
    assert page.index('name="token"') < page.index('name="text"') < page.index('name="file"')
    text = (Path(__file__).parents[1] / "fixtures" / "store" / "kremlin-29538.txt").read_bytes()
    done = app_client.post(
        "/upload",
        data={"token": ADMIN_TOKEN, "title": "Meeting"},
        files={"file": ("kremlin.txt", text, "text/plain")},
        follow_redirects=False,
    )
    assert done.status_code == 303, done.text


@pytest.mark.parametrize("value", ["²", "①", "١٢", "1_0", "%2B5", "0x10", "5.0", "-1"])
def test_numbers_take_ascii_digits_only(client: TestClient, value: str) -> None:
    for path in ("/api/v1/network?min_weight=", "/api/v1/quotes?limit=", "/network?limit="):
        answer = client.get(path + value)
        assert answer.status_code == 400, (path, value, answer.text)


def test_cursors_out_of_range_are_400(client: TestClient) -> None:
    import base64
    import json

    raw = json.dumps(["0001-01-01T00:00:00+01:00", 1]).encode()
    cursor = base64.urlsafe_b64encode(raw).decode().rstrip("=")
    for path in ("/api/v1/quotes", "/api/v1/articles", "/api/v1/statements", "/api/v1/search", "/"):
        assert client.get(path, params={"cursor": cursor}).status_code == 400, path


def test_a_500_carries_the_security_headers_and_a_request_id(app_client: TestClient) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a bug")

    app_client.app.state.catalog.quotes = broken  # type: ignore[attr-defined]
    answer = app_client.get("/api/v1/quotes")
    assert answer.status_code == 500
    for name, value in SECURITY_HEADERS.items():
        assert answer.headers[name] == value
    rid = answer.headers["x-request-id"]
    assert len(rid) == 16 and rid in answer.json()["error"]["message"]
    assert "a bug" not in answer.text
    assert app_client.get("/api/v1").headers["x-request-id"] != rid


def test_heavy_requests_beyond_the_limit_are_503_at_once(app_client: TestClient) -> None:
    from sayso.web.heavy import gate

    class Request:
        app = app_client.app

    heavy = gate(Request())  # type: ignore[arg-type]
    for _ in range(heavy.slots):
        heavy.enter()
    try:
        for path in ("/api/v1/network", "/api/v1/quotes.csv", "/network"):
            answer = app_client.get(path)
            assert answer.status_code == 503 and answer.headers["retry-after"], path
    finally:
        for _ in range(heavy.slots):
            heavy.leave()
    assert app_client.get("/api/v1/quotes.csv").status_code == 200
    assert app_client.get("/api/v1/quotes.csv").status_code == 200  # its slot was given back


def test_generated_requests_get_documented_answers(gold_db: str) -> None:
    """A bounded schemathesis run (``make fuzz`` runs 20,000): 0 5xx, 0 violations."""
    from tests.web.apifuzz import ADMIN_TOKEN as FUZZ_TOKEN
    from tests.web.apifuzz import fuzz

    report = fuzz(create_app(gold_db, admin_token=FUZZ_TOKEN), examples=12, upload=False)
    assert report.requests > 100
    assert not report.server_errors, report.server_errors[:5]
    assert not report.violations, report.violations[:5]
