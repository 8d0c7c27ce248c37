"""WARC archives built in the test with warcio's writer from real kremlin.ru pages."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from sayso.ingest.registry import RawInput
from sayso.ingest.warc import read_warc
from sayso.model import Article, Failure

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ingest-web"
KREMLIN = "http://en.kremlin.ru/events/president/news/"
WARC_DATE = "2020-05-04T03:02:01Z"

# (record type, target URI, HTTP status or None, content type, body)
RECORDS = [
    ("response", KREMLIN + "54157", "200 OK", "text/html; charset=utf-8", "54157.html"),
    ("request", KREMLIN + "54157", None, "", b"GET /events/president/news/54157 HTTP/1.1\r\n\r\n"),
    ("response", "http://en.kremlin.ru/static/logo.png", "200 OK", "image/png", b"\x89PNG\r\n"),
    ("response", KREMLIN + "99999", "404 Not Found", "text/html", b"<html>Not found</html>"),
    ("response", KREMLIN + "17766", "200 OK", "text/html", "17766.html"),
    ("response", "http://en.kremlin.ru/old", "301 Moved Permanently", "text/html", b""),
    ("resource", KREMLIN + "57147", None, "text/html", "57147.html"),
]


def build_warc(records: list[tuple], gzip: bool) -> bytes:
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gzip)
    for rec_type, uri, status, content_type, body in records:
        payload = (FIXTURES / body).read_bytes() if isinstance(body, str) else body
        headers = {"WARC-Date": WARC_DATE}
        if rec_type == "response":
            http = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                uri,
                "response",
                payload=io.BytesIO(payload),
                http_headers=http,
                warc_headers_dict=headers,
            )
        else:
            if content_type:
                headers["Content-Type"] = content_type
            record = writer.create_warc_record(
                uri, rec_type, payload=io.BytesIO(payload), warc_headers_dict=headers
            )
        writer.write_record(record)
    return out.getvalue()


def read(data: bytes, name: str = "crawl.warc.gz") -> list[Article | Failure]:
    return list(read_warc(RawInput(source=name, data=data, path=f"/archive/{name}")))


@pytest.mark.parametrize("gzip", [True, False])
def test_html_responses_become_articles(gzip: bool) -> None:
    results = read(build_warc(RECORDS, gzip))
    assert all(isinstance(r, Article) for r in results), results
    first, second, third = results
    assert [a.source for a in results] == ["crawl.warc.gz#1", "crawl.warc.gz#5", "crawl.warc.gz#7"]
    assert first.url == KREMLIN + "54157"
    assert first.title == "Greetings to the Ninth Meeting of Russian and Belarusian Twin Cities"
    # from the page, not WARC-Date; in Moscow time, as the page shows it
    assert first.published.isoformat() == "2017-03-30T10:00:00+03:00"
    assert first.raw_ref == "crawl.warc.gz#1"  # as shown: not the server path
    assert first.format == "warc"
    assert first.meta["warc_offset"] == 0
    assert second.title == "Meeting with Russian Human Rights Ombudsman Vladimir Lukin"
    assert "Vladimir Putin: Very well." in second.text.split("\n\n")
    assert second.meta["warc_offset"] > 0
    assert third.url == KREMLIN + "57147"  # a resource record holding a page
    assert "Lukin Vladimir" not in second.text


def test_warc_date_when_the_page_has_none() -> None:
    page = (
        b"<html><head><title>Briefing</title></head><body><article><p>The spokesman said "
        b"the talks in Minsk would continue next week, with both delegations present.</p>"
        b"</article></body></html>"
    )
    records = [("response", "<http://example.org/briefing>", "200 OK", "text/html", page)]
    (article,) = read(build_warc(records, gzip=True))
    assert isinstance(article, Article)
    assert article.published == datetime(2020, 5, 4, 3, 2, 1, tzinfo=UTC)
    assert article.url == "http://example.org/briefing"


@pytest.mark.parametrize("gzip", [True, False])
def test_truncated_archive_keeps_records_read_and_fails_once(gzip: bool) -> None:
    whole = build_warc(RECORDS, gzip)
    # cut inside the 17766 record (the 5th): the first page survives
    cut_at = len(build_warc(RECORDS[:4], gzip)) + 3000
    results = read(whole[:cut_at])
    assert [type(r) for r in results] == [Article, Failure]
    article, failure = results
    assert article.source == "crawl.warc.gz#1"
    assert failure.source == "crawl.warc.gz"
    assert failure.reason.startswith("the archive is cut off or damaged at record 5")
    assert failure.reason.endswith("the 1 page(s) before it were read")


def test_a_page_without_text_fails_alone() -> None:
    records = [
        ("response", "http://example.org/empty", "200 OK", "text/html", b"<html><body></body>"),
        RECORDS[0],
    ]
    empty, page = read(build_warc(records, gzip=True))
    assert isinstance(empty, Failure)
    assert empty.source == "crawl.warc.gz#1"
    assert empty.reason.startswith("no article text found in HTML")
    assert isinstance(page, Article)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "not a WARC archive, or cut off before its first record"),
        (b"\x1f\x8b\x08\x00 broken gzip", "not a WARC archive, or cut off before its first"),
        (b"WARC/1.0\r\n", "the archive is cut off or damaged at record 1"),
    ],
)
def test_unreadable_archives(data: bytes, reason: str) -> None:
    (failure,) = read(data)
    assert isinstance(failure, Failure)
    assert failure.reason.startswith(reason)


def test_archive_without_html_pages() -> None:
    (failure,) = read(build_warc(RECORDS[1:4], gzip=True))
    assert isinstance(failure, Failure)
    assert failure.reason.startswith("no HTML pages in this WARC archive (3 records")


def test_archive_file_end_to_end_through_read_inputs(tmp_path: Path) -> None:
    from sayso.ingest import read_inputs

    archive = tmp_path / "crawl.warc.gz"
    archive.write_bytes(build_warc(RECORDS, gzip=True))
    results = list(read_inputs([str(archive)]))
    assert [r.source for r in results] == [f"crawl.warc.gz#{n}" for n in (1, 5, 7)]
    assert all(isinstance(r, Article) and r.language == "en" for r in results)


def page_record(uri: str, body: bytes, encoding: str | None = None) -> bytes:
    """One gzip member holding a response record with ``body`` (sent with ``encoding``)."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    headers = [("Content-Type", "text/html; charset=utf-8")]
    if encoding:
        headers.append(("Content-Encoding", encoding))
    http = StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1")
    record = writer.create_warc_record(
        uri,
        "response",
        payload=io.BytesIO(body),
        http_headers=http,
        warc_headers_dict={"WARC-Date": WARC_DATE},
    )
    writer.write_record(record)
    return out.getvalue()


def test_a_page_inflating_past_the_cap_is_that_entry_s_failure(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import gzip as gz

    monkeypatch.setenv("SAYSO_MAX_BYTES", str(1024 * 1024))
    bomb = gz.compress(b" " * (8 * 1024 * 1024))  # 8 MB of spaces, sent gzipped: 8 KB
    good = (FIXTURES / "17766.html").read_bytes()
    data = page_record(KREMLIN + "1", bomb, "gzip") + page_record(KREMLIN + "17766", good)
    results = read(data)
    assert [type(r) for r in results] == [Failure, Article]
    assert results[0] == Failure(
        "crawl.warc.gz#1",
        "archived page over 1 MB once decompressed: skipped (raise the cap with "
        "SAYSO_MAX_BYTES=<bytes> if it is a genuine article)",
    )
    assert results[1].source == "crawl.warc.gz#2"


def test_an_archive_inflating_past_the_cap_stops_with_one_failure(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SAYSO_MAX_INFLATED_BYTES", str(4 * 1024 * 1024))
    good = (FIXTURES / "17766.html").read_bytes()
    data = page_record(KREMLIN + "17766", good) + page_record(
        KREMLIN + "2", b"<p>" + b" " * (16 * 1024 * 1024) + b"</p>"
    )
    results = read(data)
    assert [type(r) for r in results] == [Article, Failure]
    assert results[1].reason.startswith(
        "the archive inflates to too much data (stopped in record 2; the 1 page(s) before it "
        "were read): over the limit of 4 MB"
    )
    assert "SAYSO_MAX_INFLATED_BYTES=<bytes>" in results[1].reason


def test_an_archive_file_is_streamed_whatever_its_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A named or walked archive is read record by record from the file: the size cap
    bounds each archived page, not the archive (which is never held in memory whole)."""
    from sayso.ingest import read_inputs

    archive = tmp_path / "crawl.warc"
    archive.write_bytes(build_warc(RECORDS * 3, gzip=False))
    page = max((FIXTURES / r[4]).stat().st_size for r in RECORDS if isinstance(r[4], str))
    cap = page + 4096  # over each page, far under the archive
    assert archive.stat().st_size > 2 * cap
    monkeypatch.setenv("SAYSO_MAX_BYTES", str(cap))
    expected = [f"crawl.warc#{n + 7 * k}" for k in range(3) for n in (1, 5, 7)]
    for name in (str(archive), str(tmp_path)):
        results = list(read_inputs([name]))
        assert [r.source.rsplit("/", 1)[-1] for r in results] == expected
        assert all(isinstance(r, Article) for r in results)
