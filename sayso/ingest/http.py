"""Fetch one http(s) URL politely and safely: ``fetch_url(url) -> RawInput | Failure``.

- timeouts: connecting and each read are bounded, and so is the whole download (a server
  that drips one byte at a time never trips a read timeout);
- size: at most ``SAYSO_MAX_BYTES`` (default 20 MB, the cap of every input: see
  ``sayso.ingest.limits``), checked against Content-Length and again while streaming, so an
  oversized body is never held in memory;
- redirects: followed by hand, at most ``MAX_REDIRECTS``, each hop waiting its host's turn;
- politeness: requests to one host are at least ``SAYSO_FETCH_DELAY`` seconds apart
  (default 1.0), tracked per host in this process; a clear User-Agent names sayso;
- content: only text types (HTML, XML feeds, JSON lines, plain text, WARC) are read; the
  Content-Type header goes on to the readers with its charset.

Everything that goes wrong comes back as a ``Failure`` whose reason a user can act on.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx

from sayso.ingest.limits import max_bytes as limits_max_bytes
from sayso.ingest.limits import too_big_reason
from sayso.ingest.registry import RawInput
from sayso.model import Failure
from sayso.version import __version__

USER_AGENT = f"sayso/{__version__} (+https://github.com/sayso/sayso)"
ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
DEFAULT_DELAY = 1.0
MAX_REDIRECTS = 5
CONNECT_TIMEOUT = 10.0
READ_TIMEOUT = 30.0
TOTAL_TIMEOUT = 120.0
REDIRECT_STATUSES = frozenset((301, 302, 303, 307, 308))

# Media types sayso can read; anything else (images, PDFs, archives...) is refused before
# its body is downloaded. WARC archives are binary but read as such by the warc reader.
TEXT_MEDIA_TYPES = frozenset(
    (
        "application/xhtml+xml",
        "application/xml",
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/json",
        "application/x-ndjson",
        "application/jsonl",
        "application/x-jsonlines",
        "application/warc",
    )
)


class FetchError(Exception):
    """Why a fetch failed, worded for the user."""


class HostClock:
    """When each host may next be asked for something (shared by all threads)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._next: dict[str, float] = {}
        self._lock = threading.Lock()
        self._clock = clock

    def wait_turn(self, host: str, delay: float) -> None:
        """Sleep until ``host`` was last asked at least ``delay`` seconds ago."""
        with self._lock:
            now = self._clock()
            start = max(now, self._next.get(host, now))
            self._next[host] = start + delay  # the next caller queues behind this one
        if start > now:
            time.sleep(start - now)


HOSTS = HostClock()


def fetch_url(
    url: str,
    *,
    max_bytes: int | None = None,
    delay: float | None = None,
    connect_timeout: float = CONNECT_TIMEOUT,
    read_timeout: float = READ_TIMEOUT,
    total_timeout: float = TOTAL_TIMEOUT,
) -> RawInput | Failure:
    """The body of ``url`` as a RawInput (``url`` = the final URL after redirects), or a
    Failure naming ``url`` and what went wrong. Limits default to the environment
    (``SAYSO_MAX_BYTES``, ``SAYSO_FETCH_DELAY``)."""
    if max_bytes is None:
        max_bytes = limits_max_bytes()
    if delay is None:
        delay = env_number("SAYSO_FETCH_DELAY", DEFAULT_DELAY)
    limits = FetchLimits(
        max_bytes=max_bytes,
        delay=delay,
        timeout=httpx.Timeout(read_timeout, connect=connect_timeout),
        total_timeout=total_timeout,
        deadline=time.monotonic() + total_timeout,
    )
    try:
        return fetch(url, limits)
    except FetchError as exc:
        return Failure(url, str(exc))


@dataclass(frozen=True, slots=True)
class FetchLimits:
    max_bytes: int
    delay: float  # seconds between two requests to one host
    timeout: httpx.Timeout  # connect and per-read
    total_timeout: float
    deadline: float  # time.monotonic() by which the whole download must be done


def env_number(name: str, default: float) -> float:
    """A non-negative number (seconds, say) from the environment; the default when unset or
    not a number. (sayso.config.env_int reads whole numbers only.)"""
    try:
        number = float(os.environ.get(name, "").strip())
    except ValueError:
        return default
    return number if number >= 0 else default


def fetch(url: str, limits: FetchLimits) -> RawInput:
    """Follow redirects by hand so that each hop is counted and waits its host's turn."""
    check_url(url)
    headers = {"User-Agent": USER_AGENT, "Accept": ACCEPT}
    current = url
    with httpx.Client(headers=headers, timeout=limits.timeout, follow_redirects=False) as client:
        for _hop in range(MAX_REDIRECTS + 1):
            HOSTS.wait_turn(host_key(current), limits.delay)
            try:
                with client.stream("GET", current) as response:
                    if response.status_code in REDIRECT_STATUSES:
                        current = redirect_target(response, current)
                        continue
                    check_status(response)
                    content_type = response.headers.get("content-type")
                    check_content_type(content_type)
                    data = read_body(response, limits)
            except httpx.HTTPError as exc:
                raise FetchError(describe_http_error(exc, current)) from exc
            return RawInput(source=url, data=data, url=current, content_type=content_type)
    raise FetchError(
        f"too many redirects (more than {MAX_REDIRECTS}; the last one led to {current}): "
        "open the URL in a browser to see where it really leads"
    )


def check_url(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError("not an http(s) URL with a host name (write it as https://host/path)")


def host_key(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.hostname}:{parts.port}" if parts.port else (parts.hostname or "")


def describe_http_error(exc: httpx.HTTPError, url: str) -> str:
    host = urlsplit(url).hostname or url
    if isinstance(exc, httpx.ConnectTimeout):
        return f"could not connect to {host}: timed out (is the host up and reachable?)"
    if isinstance(exc, httpx.TimeoutException):
        return f"{host} stopped responding: read timed out (try again later)"
    if isinstance(exc, httpx.ConnectError):
        if caused_by(exc, socket.gaierror):
            return f"host {host} not found (DNS lookup failed): check the spelling of the URL"
        if caused_by(exc, ConnectionRefusedError) or "refused" in str(exc).lower():
            return f"could not connect to {host}: connection refused (is the server running?)"
        return f"could not connect to {host} ({exc or type(exc).__name__}): is it reachable?"
    if isinstance(exc, httpx.UnsupportedProtocol | httpx.InvalidURL):
        return "not an http(s) URL sayso can fetch"
    return f"download failed ({type(exc).__name__}: {exc})"


def caused_by(exc: BaseException, kind: type[BaseException]) -> bool:
    """Whether ``kind`` is anywhere in the chain of causes of ``exc``."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, kind):
            return True
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return False


def redirect_target(response: httpx.Response, url: str) -> str:
    location = response.headers.get("location")
    if not location:
        raise FetchError(f"HTTP {response.status_code} redirect without a Location header")
    target = urljoin(url, location)
    check_url(target)
    return target


def check_status(response: httpx.Response) -> None:
    status = response.status_code
    if status < 400:
        return
    phrase = response.reason_phrase or ""
    if status < 500:
        advice = "check the URL" if status in (404, 410) else "the site refuses this request"
    else:
        advice = "the site has a problem; try again later"
    raise FetchError(f"HTTP {status} {phrase}: {advice}".replace("  ", " "))


def check_content_type(content_type: str | None) -> None:
    """Refuse bodies sayso cannot read before downloading them; no header: let sniffing
    decide."""
    if not content_type:
        return
    media_type = content_type.split(";", 1)[0].strip().lower()
    if media_type.startswith("text/") or media_type in TEXT_MEDIA_TYPES:
        return
    if media_type.endswith("+xml") or media_type.endswith("+json"):
        return
    raise FetchError(
        f"content type {media_type} is not text: sayso reads HTML pages, RSS/Atom feeds, "
        "WARC archives, JSON lines, Markdown and plain text"
    )


def read_body(response: httpx.Response, limits: FetchLimits) -> bytes:
    """The body, streamed; stops as soon as it passes the size cap or the deadline."""
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limits.max_bytes:
        raise FetchError(too_big_reason(int(declared), limits.max_bytes))
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > limits.max_bytes:
            raise FetchError(too_big_reason(None, limits.max_bytes))
        if time.monotonic() > limits.deadline:
            raise FetchError(
                f"download took longer than {limits.total_timeout:g} s: the server is too slow; "
                "try again later"
            )
        chunks.append(chunk)
    return b"".join(chunks)
