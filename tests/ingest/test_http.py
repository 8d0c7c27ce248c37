"""fetch_url against a local server on 127.0.0.1 only: pages, redirects, limits, failures."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

import sayso
from sayso.ingest import http as sayso_http
from sayso.ingest.http import HostClock, fetch_url
from sayso.ingest.registry import RawInput
from sayso.model import Article, Failure

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ingest-web"
PAGE = (FIXTURES / "17766.html").read_bytes()
FEED = (FIXTURES / "kremlin-news.rss").read_bytes()
# Declared only in the HTTP header, as many Russian sites do.
CP1251_PAGE = (
    "<html><head><title>Встреча с Президентом Белоруссии</title></head><body><article>"
    "<p>Владимир Путин провёл встречу с Президентом Белоруссии Александром Лукашенко.</p>"
    "<p>Обсуждались вопросы двустороннего сотрудничества.</p></article></body></html>"
).encode("cp1251")


class Handler(BaseHTTPRequestHandler):
    """Endpoints for each case a fetch must handle."""

    protocol_version = "HTTP/1.1"
    seen_user_agents: list[str] = []

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - quiet tests
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        Handler.seen_user_agents.append(self.headers.get("User-Agent", ""))
        path = self.path
        try:
            if path == "/page":
                self.send_body(PAGE, "text/html; charset=utf-8")
            elif path == "/cp1251":
                self.send_body(CP1251_PAGE, "text/html; charset=windows-1251")
            elif path == "/feed":
                self.send_body(FEED, "application/rss+xml")
            elif path.startswith("/hops/"):
                left = int(path.rsplit("/", 1)[1])
                self.redirect("/page" if left == 0 else f"/hops/{left - 1}")
            elif path == "/relative":
                self.redirect("page")
            elif path == "/loop":
                self.redirect("/loop")
            elif path == "/no-location":
                self.send_response(302)
                self.send_header("Content-Length", "0")
                self.end_headers()
            elif path == "/slow":
                time.sleep(1.5)
                self.send_body(PAGE, "text/html")
            elif path == "/drip":
                self.drip()
            elif path == "/huge-declared":
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", str(500 * 1024 * 1024))
                self.end_headers()
                self.wfile.write(b"<html>" + b" " * 1024)
            elif path == "/huge-streamed":
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.send_header("Connection", "close")
                self.end_headers()
                for _ in range(64):
                    self.wfile.write(b"<p>" + b"x" * 16 * 1024 + b"</p>")
            elif path == "/image":
                self.send_body(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "image/png")
            elif path == "/missing":
                self.send_body(b"<html><body>Not here</body></html>", "text/html", status=404)
            elif path == "/broken":
                self.send_body(b"<html><body>Oops</body></html>", "text/html", status=500)
            else:
                self.send_body(b"no such endpoint", "text/plain", status=404)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up on purpose (size cap, timeout)

    def send_body(self, body: bytes, content_type: str, status: int = 200) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, location: str) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def drip(self) -> None:
        """A byte every 0.1 s: never a read timeout, but never done either."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Connection", "close")
        self.end_headers()
        for _ in range(40):
            self.wfile.write(b"x")
            self.wfile.flush()
            time.sleep(0.1)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(autouse=True)
def no_delay_no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SAYSO_FETCH_DELAY", "0")
    # The test server is on 127.0.0.1, which sayso refuses unless told otherwise (the SSRF
    # tests in test_http_ssrf.py unset this).
    monkeypatch.setenv("SAYSO_ALLOW_PRIVATE", "1")
    for proxy in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.delenv(proxy, raising=False)  # requests must go straight to 127.0.0.1


def test_page_is_fetched_with_content_type_and_user_agent(server: str) -> None:
    raw = fetch_url(f"{server}/page")
    assert isinstance(raw, RawInput), raw
    assert raw.data == PAGE
    assert raw.source == raw.url == f"{server}/page"
    assert raw.content_type == "text/html; charset=utf-8"
    assert raw.path is None
    assert Handler.seen_user_agents[-1].startswith(f"sayso/{sayso.__version__} (+https://")


def test_redirects_are_followed_up_to_five(server: str) -> None:
    raw = fetch_url(f"{server}/hops/4")  # 5 redirects in all
    assert isinstance(raw, RawInput), raw
    assert raw.source == f"{server}/hops/4"
    assert raw.url == f"{server}/page"
    relative = fetch_url(f"{server}/relative")
    assert isinstance(relative, RawInput) and relative.url == f"{server}/page"


@pytest.mark.parametrize("path", ["/hops/5", "/loop"])
def test_too_many_redirects(server: str, path: str) -> None:
    failure = fetch_url(f"{server}{path}")
    assert isinstance(failure, Failure)
    assert failure.source == f"{server}{path}"
    assert failure.reason.startswith("too many redirects (more than 5")


def test_redirect_without_location(server: str) -> None:
    failure = fetch_url(f"{server}/no-location")
    assert isinstance(failure, Failure)
    assert "redirect without a Location header" in failure.reason


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/missing", "HTTP 404 Not Found: check the URL"),
        ("/broken", "HTTP 500 Internal Server Error: the site has a problem; try again later"),
    ],
)
def test_http_error_status(server: str, path: str, expected: str) -> None:
    failure = fetch_url(f"{server}{path}")
    assert isinstance(failure, Failure)
    assert failure.reason == expected


def test_read_timeout(server: str) -> None:
    started = time.monotonic()
    failure = fetch_url(f"{server}/slow", read_timeout=0.3)
    assert isinstance(failure, Failure)
    assert "read timed out" in failure.reason
    assert time.monotonic() - started < 1.4  # gave up before the server answered


def test_slow_drip_hits_the_total_deadline(server: str) -> None:
    started = time.monotonic()
    failure = fetch_url(f"{server}/drip", read_timeout=1.0, total_timeout=0.5)
    assert isinstance(failure, Failure)
    assert failure.reason.startswith("download took longer than 0.5 s")
    assert time.monotonic() - started < 2.0


def test_declared_size_over_cap_is_refused_before_download(server: str) -> None:
    failure = fetch_url(f"{server}/huge-declared", max_bytes=1024 * 1024)
    assert isinstance(failure, Failure)
    assert failure.reason.startswith("too large (500 MB): over the 1 MB size cap")
    assert "SAYSO_MAX_BYTES" in failure.reason


def test_streamed_size_over_cap_is_cut_off(server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SAYSO_MAX_BYTES", str(100 * 1024))
    failure = fetch_url(f"{server}/huge-streamed")
    assert isinstance(failure, Failure)
    assert failure.reason.startswith("too large: over the 100 KB size cap")


def test_non_text_content_type_is_refused(server: str) -> None:
    failure = fetch_url(f"{server}/image")
    assert isinstance(failure, Failure)
    assert failure.reason.startswith("content type image/png is not text")


def test_connection_refused() -> None:
    with socket.socket() as sock:  # a port on 127.0.0.1 that nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    failure = fetch_url(f"http://127.0.0.1:{port}/page")
    assert isinstance(failure, Failure)
    assert failure.reason == (
        "could not connect to 127.0.0.1: connection refused (is the server running?)"
    )


def test_dns_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_such_host(*args: object, **kwargs: object) -> list:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_such_host)  # no lookup leaves the machine
    failure = fetch_url("http://no-such-host.invalid/news")
    assert isinstance(failure, Failure)
    assert failure.reason == (
        "host no-such-host.invalid not found (DNS lookup failed): check the spelling of the URL"
    )


@pytest.mark.parametrize("url", ["ftp://127.0.0.1/x", "http:///nohost", "127.0.0.1/page"])
def test_not_an_http_url(url: str) -> None:
    failure = fetch_url(url)
    assert isinstance(failure, Failure)
    assert failure.reason.startswith("not an http(s) URL")


def test_requests_to_one_host_are_spaced_by_the_delay(server: str) -> None:
    sayso_http.HOSTS = HostClock()
    started = time.monotonic()
    for _ in range(3):
        assert isinstance(fetch_url(f"{server}/page", delay=0.25), RawInput)
    assert time.monotonic() - started >= 0.5  # the 2nd and 3rd waited their turn


def test_host_clock_is_per_host(monkeypatch: pytest.MonkeyPatch) -> None:
    now = [100.0]
    slept: list[float] = []
    monkeypatch.setattr(sayso_http.time, "sleep", slept.append)
    clock = HostClock(clock=lambda: now[0])
    clock.wait_turn("a.example", 1.0)
    clock.wait_turn("b.example", 1.0)  # another host: no wait
    clock.wait_turn("a.example", 1.0)  # same host, same instant: waits a full delay
    now[0] += 0.4
    clock.wait_turn("b.example", 1.0)  # 0.4 s after its last request: waits 0.6 s
    assert slept == [1.0, pytest.approx(0.6)]


def test_fetch_delay_from_environment_falls_back_on_nonsense(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for value, expected in (("lots", 1.0), ("-5", 1.0), ("", 1.0), ("0.25", 0.25), ("2", 2.0)):
        monkeypatch.setenv("SAYSO_FETCH_DELAY", value)
        assert sayso_http.env_number("SAYSO_FETCH_DELAY", 1.0) == expected


def test_fetched_page_reads_as_article(server: str) -> None:
    from sayso.ingest.html import read_html

    raw = fetch_url(f"{server}/page")
    assert isinstance(raw, RawInput)
    (article,) = read_html(raw)
    assert isinstance(article, Article)
    assert article.title == "Meeting with Russian Human Rights Ombudsman Vladimir Lukin"
    assert article.raw_ref == f"{server}/page"


def test_urls_end_to_end_through_read_inputs(server: str) -> None:
    from sayso.ingest import read_inputs

    results = list(read_inputs([f"{server}/page", f"{server}/missing", f"{server}/feed"]))
    page, missing, *feed = results
    assert isinstance(page, Article), page
    assert page.source == f"{server}/page"
    assert page.title == "Meeting with Russian Human Rights Ombudsman Vladimir Lukin"
    assert page.language == "en"
    assert page.format == "html"
    assert missing == Failure(f"{server}/missing", "HTTP 404 Not Found: check the URL")
    assert [a.source for a in feed] == [f"{server}/feed#{n}" for n in (1, 2, 3)]
    assert all(isinstance(a, Article) and a.format == "feed" for a in feed)
    assert feed[0].raw_ref == f"{server}/feed#1"


def test_charset_from_the_header_reaches_the_html_reader(server: str) -> None:
    from sayso.ingest.html import read_html

    raw = fetch_url(f"{server}/cp1251")
    assert isinstance(raw, RawInput)
    assert raw.content_type == "text/html; charset=windows-1251"
    (article,) = read_html(raw)
    assert isinstance(article, Article)
    assert article.title == "Встреча с Президентом Белоруссии"
    assert article.text.startswith("Владимир Путин провёл встречу")
