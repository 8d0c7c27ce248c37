"""URL fetching refuses what is not the public web (issue 16, SSRF): loopback, private,
link-local and unspecified addresses in every spelling, on every redirect hop and for feed
links, checked on the address actually connected to. Only 127.0.0.1 servers are used."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from sayso.ingest import http as sayso_http
from sayso.ingest import read_inputs
from sayso.ingest.feeds import read_feed
from sayso.ingest.http import fetch_url, pinned_requests
from sayso.ingest.limits import ReadOptions
from sayso.ingest.registry import RawInput
from sayso.model import Article, Failure

PAGE = (
    b"<html><head><title>Statement</title></head><body><article><p>The minister said the "
    b"talks were useful and that both sides would meet again in the autumn.</p></article>"
    b"</body></html>"
)
REFUSED = "sayso fetches only from public addresses (to fetch from your own network, pass "


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - quiet tests
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        port = self.server.server_address[1]
        targets = {
            "/to-metadata": "http://169.254.169.254/latest/meta-data/iam/",
            "/to-numeric": f"http://2130706433:{port}/page",
            "/to-zero": f"http://0.0.0.0:{port}/page",
            "/to-mapped": f"http://[::ffff:127.0.0.1]:{port}/page",
            "/to-file": "file:///etc/passwd",
        }
        if self.path in targets:
            self.send_response(302)
            self.send_header("Location", targets[self.path])
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(PAGE)))
        self.end_headers()
        self.wfile.write(PAGE)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(autouse=True)
def private_not_allowed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SAYSO_ALLOW_PRIVATE", raising=False)
    monkeypatch.setenv("SAYSO_FETCH_DELAY", "0")
    for proxy in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.delenv(proxy, raising=False)


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("http://127.0.0.1:9/", "127.0.0.1 is a loopback address"),
        ("http://localhost:9/", "localhost resolves to 127.0.0.1, which is a loopback address"),
        ("http://0.0.0.0/", "0.0.0.0 is an unspecified address"),
        ("http://2130706433/", "2130706433 resolves to 127.0.0.1, which is a loopback"),
        ("http://0x7f.1/", "0x7f.1 resolves to 127.0.0.1, which is a loopback address"),
        ("http://127.1/", "127.1 resolves to 127.0.0.1, which is a loopback address"),
        ("http://[::1]/", "::1 is a loopback address"),
        ("http://[::]/", ":: is an unspecified address"),
        ("http://[::ffff:127.0.0.1]/", "::ffff:127.0.0.1 is a loopback address"),
        ("http://[64:ff9b::a9fe:a9fe]/", "is a link-local address"),
        ("http://[fd12:3456::1]/", "fd12:3456::1 is a private network address"),
        ("http://[fe80::1]/", "fe80::1 is a link-local address"),
        ("http://169.254.169.254/latest/meta-data/", "is a link-local address"),
        ("http://10.0.0.1/", "10.0.0.1 is a private network address"),
        ("http://192.168.1.1/", "192.168.1.1 is a private network address"),
        ("http://172.16.0.1/", "172.16.0.1 is a private network address"),
        ("http://100.64.0.1/", "100.64.0.1 is not a public address"),
        ("http://224.0.0.1/", "224.0.0.1 is a multicast address"),
    ],
)
def test_non_public_addresses_are_refused_in_every_spelling(url: str, kind: str) -> None:
    failure = fetch_url(url)
    assert isinstance(failure, Failure)
    assert failure.reason.startswith("refused: ") and kind in failure.reason
    assert REFUSED in failure.reason and "--allow-private" in failure.reason


@pytest.mark.parametrize("url", ["file:///etc/passwd", "gopher://example.org/", "ftp://x/"])
def test_other_schemes_are_refused(url: str) -> None:
    failure = fetch_url(url)
    assert isinstance(failure, Failure) and failure.reason.startswith("not an http(s) URL")


def test_private_addresses_are_fetched_when_allowed(
    server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert isinstance(fetch_url(f"{server}/page", allow_private=True), RawInput)
    monkeypatch.setenv("SAYSO_ALLOW_PRIVATE", "1")
    assert isinstance(fetch_url(f"{server}/page"), RawInput)


def test_read_inputs_takes_the_allowance_from_its_options(server: str) -> None:
    [refused] = read_inputs([f"{server}/page"], ReadOptions())
    assert isinstance(refused, Failure) and refused.reason.startswith("refused: 127.0.0.1")
    [page] = read_inputs([f"{server}/page"], ReadOptions(allow_private=True))
    assert isinstance(page, Article) and page.url == f"{server}/page"


@pytest.mark.parametrize(
    ("path", "says"),
    [
        ("/to-metadata", "169.254.169.254 is a link-local address"),
        ("/to-numeric", "2130706433 resolves to 127.0.0.2"),
        ("/to-zero", "0.0.0.0 is an unspecified address"),
        ("/to-mapped", "::ffff:127.0.0.1 is a loopback address"),
        ("/to-file", "not an http(s) URL"),
    ],
)
def test_every_redirect_hop_is_checked(
    server: str, path: str, says: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first hop stands for a public site (127.0.0.1 is let through as if it were one);
    where it redirects to is checked again."""
    real_kind = sayso_http.non_public_kind
    monkeypatch.setattr(
        sayso_http,
        "non_public_kind",
        lambda address: None if address == "127.0.0.1" else real_kind(address),
    )
    real_getaddrinfo = socket.getaddrinfo

    def numeric_is_127_0_0_2(host: str, *args: object, **kwargs: object) -> list:
        # so that the numeric spelling is not the address let through above
        return real_getaddrinfo("127.0.0.2" if host == "2130706433" else host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", numeric_is_127_0_0_2)
    failure = fetch_url(f"{server}{path}")
    assert isinstance(failure, Failure), failure
    assert says in failure.reason


def test_the_address_checked_is_the_address_connected_to(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Resolve once, connect to that address: a name that answers a public address to the
    check and 127.0.0.1 afterwards (DNS rebinding) never reaches 127.0.0.1."""
    answers = iter(["93.184.215.14", "127.0.0.1", "127.0.0.1"])

    def rebinding(host: str, port: int, *args: object, **kwargs: object) -> list:
        address = next(answers)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    with httpx.Client() as client:
        [request] = pinned_requests(client, "https://news.example/a?b=1", allow_private=False)
    assert str(request.url) == "https://93.184.215.14/a?b=1"
    assert request.headers["Host"] == "news.example"
    assert request.extensions["sni_hostname"] == "news.example"  # TLS still checks the name
    assert next(answers) == "127.0.0.1"  # resolved once only


def test_a_name_with_one_private_address_among_public_ones_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def mixed(host: str, port: int, *args: object, **kwargs: object) -> list:
        return [
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))
            for address in ("93.184.215.14", "10.1.2.3")
        ]

    monkeypatch.setattr(socket, "getaddrinfo", mixed)
    failure = fetch_url("http://news.example/")
    assert isinstance(failure, Failure)
    assert "news.example resolves to 10.1.2.3, which is a private network address" in (
        failure.reason
    )


def test_feed_links_to_loopback_are_refused_and_the_summary_kept(server: str) -> None:
    feed = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>News</title><item>'
        f"<title>Teaser</title><link>{server}/page</link>"
        "<description>The minister spoke about the talks.</description></item></channel></rss>"
    ).encode()
    [refused] = read_feed(RawInput(source="f.rss", data=feed), fetch_links=True)
    assert isinstance(refused, Article) and refused.meta["partial"] is True
    assert refused.meta["fetch_error"].startswith("refused: 127.0.0.1 is a loopback address")
    raw = RawInput(source="f.rss", data=feed, options=ReadOptions(allow_private=True))
    [fetched] = read_feed(raw, fetch_links=True)
    assert isinstance(fetched, Article) and "partial" not in fetched.meta
