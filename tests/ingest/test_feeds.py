"""RSS 2.0 and Atom feeds (fixtures written from real kremlin.ru / whitehouse.gov texts)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from sayso.ingest.feeds import read_feed
from sayso.ingest.registry import RawInput
from sayso.model import Article, Failure

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ingest-web"
RSS = FIXTURES / "kremlin-news.rss"
ATOM = FIXTURES / "whitehouse-remarks.atom"
MSK = timezone(timedelta(hours=3))


def read(path: Path, data: bytes | None = None, **kwargs: object) -> list[Article | Failure]:
    raw = RawInput(source=path.name, data=path.read_bytes() if data is None else data)
    raw.path = str(path)
    return list(read_feed(raw, **kwargs))


@pytest.fixture(autouse=True)
def no_fetching_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SAYSO_FETCH_LINKS", raising=False)
    monkeypatch.setenv("SAYSO_FETCH_DELAY", "0")
    monkeypatch.setenv("SAYSO_ALLOW_PRIVATE", "1")  # the page server is on 127.0.0.1


def test_rss_entries_with_full_content() -> None:
    first, second, third = read(RSS)
    assert isinstance(first, Article)
    assert first.source == "kremlin-news.rss#1"
    assert first.raw_ref == f"{RSS.name}#1"  # as shown: no server path
    assert first.title == "Greetings to the Ninth Meeting of Russian and Belarusian Twin Cities"
    assert first.published == datetime(2017, 3, 30, 10, 0, tzinfo=MSK)
    assert first.url == "http://en.kremlin.ru/events/president/news/54157"
    assert first.outlet == "President of Russia: News"
    assert first.format == "feed"
    assert "partial" not in first.meta
    paragraphs = first.text.split("\n\n")
    assert paragraphs[0] == "The message reads, in part:"  # content:encoded, as clean text
    assert paragraphs[-1].startswith("The Ninth Meeting of Russian and Belarusian Twin Cities")
    assert "<p>" not in first.text
    assert isinstance(second, Article)
    assert second.published == datetime(2018, 3, 28, 20, 50, tzinfo=MSK)
    assert "Alexander Lukashenko expressed his deepest condolences" in second.text


def test_rss_entry_with_only_a_summary_is_kept_as_partial() -> None:
    third = read(RSS)[2]
    assert isinstance(third, Article)
    assert third.meta == {"partial": True}
    assert third.text == (
        "Russian Human Rights Ombudsman Vladimir Lukin presented to Vladimir Putin an annual "
        "report on the state of human rights in Russia."
    )
    assert third.published == datetime(2013, 3, 28, 19, 45, tzinfo=timezone(timedelta(hours=4)))


def test_atom_content_and_summary() -> None:
    full, summary_only = read(ATOM)
    assert isinstance(full, Article) and isinstance(summary_only, Article)
    assert full.title == (
        "Remarks by President Trump and Prime Minister May of the United Kingdom Before "
        "Bilateral Meeting"
    )
    assert full.published == datetime(2017, 9, 20, 16, 26, 59, tzinfo=timezone(timedelta(hours=-4)))
    assert full.outlet == "The White House: Speeches & Remarks"
    assert full.author == "The White House, Office of the Press Secretary"
    paragraphs = full.text.split("\n\n")
    assert paragraphs[0] == "Lotte New York Palace Hotel\nNew York, New York"
    assert "PRIME MINISTER MAY: Thank you." in paragraphs
    assert summary_only.meta == {"partial": True}
    assert summary_only.text.startswith("THE PRESIDENT: So I just wanted to announce")


@pytest.fixture
def page_server() -> Iterator[str]:
    """Serves the fixture folder on 127.0.0.1 so that an entry's link can be fetched."""
    handler = partial(SimpleHTTPRequestHandler, directory=str(FIXTURES))
    handler.log_message = lambda *args: None  # type: ignore[attr-defined]
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def rss_linking_to(server: str) -> bytes:
    original = b"http://en.kremlin.ru/events/president/news/17766"
    return RSS.read_bytes().replace(original, f"{server}/17766.html".encode())


@pytest.mark.parametrize("how", ["parameter", "environment"])
def test_summary_entry_reads_its_linked_page_when_fetching_is_allowed(
    page_server: str, how: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if how == "environment":
        monkeypatch.setenv("SAYSO_FETCH_LINKS", "1")
        results = read(RSS, rss_linking_to(page_server))
    else:
        results = read(RSS, rss_linking_to(page_server), fetch_links=True)
    third = results[2]
    assert isinstance(third, Article)
    assert "partial" not in third.meta
    assert third.source == "kremlin-news.rss#3"
    assert third.url == third.raw_ref == f"{page_server}/17766.html"
    assert third.meta["feed_entry"] == f"{RSS.name}#3"
    assert third.title == "Meeting with Russian Human Rights Ombudsman Vladimir Lukin"
    assert "Vladimir Putin: Very well." in third.text.split("\n\n")
    assert third.outlet == "President of Russia"  # the page's own site name
    # entries with full content are not fetched
    assert "partial" not in results[0].meta and results[0].url.startswith("http://en.kremlin")


def test_failed_link_fetch_falls_back_to_the_summary(page_server: str) -> None:
    data = RSS.read_bytes().replace(
        b"http://en.kremlin.ru/events/president/news/17766", f"{page_server}/gone.html".encode()
    )
    third = read(RSS, data, fetch_links=True)[2]
    assert isinstance(third, Article)
    assert third.meta["partial"] is True
    assert third.meta["fetch_error"].startswith("HTTP 404")
    assert third.text.startswith("Russian Human Rights Ombudsman Vladimir Lukin presented")


def test_bad_entry_fails_alone() -> None:
    feed = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>
    <item><title>Good</title><link>http://example.org/a</link>
      <description>Putin met Lukashenko in Minsk.</description></item>
    <item><link>http://example.org/b</link></item>
    <item><title>Also good</title><description>&lt;p&gt;Talks went on.&lt;/p&gt;</description>
    </item></channel></rss>"""
    results = read(FIXTURES / "inline.rss", feed)
    good, bad, also_good = results
    assert isinstance(good, Article) and good.text == "Putin met Lukashenko in Minsk."
    assert isinstance(bad, Failure)
    assert bad.source == "inline.rss#2"
    assert bad.reason == (
        "feed entry has no content and no summary (set SAYSO_FETCH_LINKS=1 to read its linked page)"
    )
    assert isinstance(also_good, Article) and also_good.text == "Talks went on."


@pytest.mark.parametrize("path", [RSS, ATOM])
def test_truncated_feed_keeps_whole_entries_and_reports_once(path: Path) -> None:
    data = path.read_bytes()
    second_entry = data.index(b"<item>" if path == RSS else b"<entry>", data.index(b"</title>"))
    second_entry = data.index(b"<item>" if path == RSS else b"<entry>", second_entry + 1)
    cut = data[: second_entry + 200]  # inside the second entry
    results = read(path, cut)
    assert [type(r) for r in results] == [Article, Failure]
    first, failure = results
    assert failure.source == path.name
    assert failure.reason == (
        "the feed is cut off after entry 1: the entries after it are missing "
        "(download the feed again)"
    )
    assert first.source == f"{path.name}#1"
    assert first.text == read(path)[0].text  # the entry before the cut is whole


def test_feed_cut_inside_its_first_entry() -> None:
    data = ATOM.read_bytes()
    (failure,) = read(ATOM, data[: data.index(b"PRIME MINISTER MAY")])
    assert isinstance(failure, Failure)
    assert failure.reason.startswith("the feed is cut off before its first complete entry")


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (
            b'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title></channel></rss>',
            "the feed has no entries",
        ),
        (b"<?xml version='1.0'?><rss version='2.0'><chan", "the feed is cut off before"),
        (b"this is not xml at all", "not a readable RSS/Atom feed"),
    ],
)
def test_unreadable_or_empty_feeds(data: bytes, reason: str) -> None:
    (failure,) = read(FIXTURES / "bad.rss", data)
    assert isinstance(failure, Failure)
    assert failure.source == "bad.rss"
    assert failure.reason.startswith(reason)
