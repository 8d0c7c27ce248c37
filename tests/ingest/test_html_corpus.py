"""Every page of the shared kremlin-en and whitehouse-2017-html corpora (skipped when
../shared is absent; env SAYSO_SHARED points elsewhere)."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from test_html import assert_clean_kremlin_body  # tests/ingest is on sys.path (rootdir-less)

from sayso.ingest.html import read_html
from sayso.ingest.registry import RawInput
from sayso.model import Article

# The manifest took the first itemprop=datePublished of the page, which on this page is a
# photo's (2014-11-25); the page's publication date and status box say November 28, 2014,
# 21:00 (<time class="read__published" datetime="2014-11-28">, "Publication date: ...").
MANIFEST_DATE_WRONG = {"pages/47109.html": "2014-11-28"}


def corpus_manifest(shared: Path, name: str) -> list[dict]:
    manifest = shared / "corpora" / name / "manifest.json"
    if not manifest.is_file():
        pytest.skip(f"{manifest} absent: the {name} corpus is not available")
    return json.loads(manifest.read_text(encoding="utf-8"))


def read_corpus_page(shared: Path, corpus: str, entry: dict) -> tuple[bytes, Article]:
    path = shared / "corpora" / corpus / entry["file"]
    data = path.read_bytes()
    (article,) = read_html(RawInput(source=str(path), data=data, path=str(path)))
    assert isinstance(article, Article), article
    return data, article


def test_every_kremlin_page_has_title_date_and_a_clean_body(shared: Path) -> None:
    manifest = corpus_manifest(shared, "kremlin-en")
    assert len(manifest) == 55
    for entry in manifest:
        data, article = read_corpus_page(shared, "kremlin-en", entry)
        where = entry["file"]
        assert article.title == html.unescape(entry["title"]), where  # manifest keeps &#39;
        assert article.published is not None, where
        expected_date = MANIFEST_DATE_WRONG.get(entry["file"], entry["date"])
        if expected_date is not None:
            assert article.published.date().isoformat() == expected_date, where
        assert article.url == entry["url"], where
        assert article.outlet == "President of Russia", where
        assert len(article.text) > 100, where
        assert "\n\n\n" not in article.text and article.text == article.text.strip(), where
        assert_clean_kremlin_body(data, article.text)


def test_kremlin_pages_without_a_manifest_date_get_the_date_the_page_shows(shared: Path) -> None:
    # the manifest's reader missed these; each page shows the date in <time
    # class="read__published"> and the time beside it (checked by hand in the HTML), in
    # Moscow time: UTC+3, in summer before 2011 UTC+4
    expected = {
        "pages/54157.html": "2017-03-30T10:00:00+03:00",
        "pages/51630.html": "2016-04-02T11:00:00+03:00",
        "pages/51633.html": "2016-04-02T19:00:00+03:00",
        "pages/57147.html": "2018-03-28T20:50:00+03:00",
        "pages/33680.html": "2005-07-03T00:00:00+04:00",
        "pages/38046.html": "2000-01-28T00:00:00+03:00",
        "pages/53080.html": "2016-10-12T19:15:00+03:00",
    }
    manifest = {e["file"]: e for e in corpus_manifest(shared, "kremlin-en")}
    assert {f for f, e in manifest.items() if e["date"] is None} == set(expected)
    for file, stamp in expected.items():
        _, article = read_corpus_page(shared, "kremlin-en", manifest[file])
        assert article.published is not None
        assert article.published.isoformat() == stamp, file


def test_every_whitehouse_2017_page_has_title_and_date(shared: Path) -> None:
    manifest = corpus_manifest(shared, "whitehouse-2017-html")
    assert len(manifest) == 12
    for entry in manifest:
        _, article = read_corpus_page(shared, "whitehouse-2017-html", entry)
        where = entry["file"]
        assert article.title == entry["title"], where
        assert article.published is not None, where
        assert article.published.isoformat() == entry["published_time"], where
        assert article.text.split("\n\n")[0] != article.title, where
        last_lines = article.text.split("\n\n")[-2:]  # a transcript ends "END" + the time
        assert any(line.startswith("END") for p in last_lines for line in p.split("\n")), where


def test_kremlin_archive_pages_are_dated_by_their_publication_status(shared: Path) -> None:
    # Every page of the 5,000-page archive states "Publication date: <time datetime=...>
    # Month D, YYYY, HH:MM</time>" in its status box. Checked here on all 104 announcements
    # (no read__published element; an "Announcement, <event day>" line and a "Last updated"
    # line instead) and on every 100th other page.
    from warcio.archiveiterator import ArchiveIterator

    from sayso.ingest.html import html_to_article

    archive = shared / "corpora" / "kremlin-archive" / "kremlin-en-5000.warc.gz"
    if not archive.is_file():
        pytest.skip(f"{archive} absent")
    status = re.compile(rb'Publication date:\s*<time datetime="([0-9-]+)">[^<]*?(\d\d:\d\d)')
    announcements = others = 0
    with archive.open("rb") as stream:
        for index, record in enumerate(ArchiveIterator(stream)):
            page = record.content_stream().read()
            stated = status.search(page)
            is_announcement = b'class="announce_date"' in page
            if stated is None or not (is_announcement or index % 100 == 0):
                continue
            url = record.rec_headers.get_header("WARC-Target-URI")
            article = html_to_article(page, source=url, url=url)
            assert isinstance(article, Article), url
            assert article.published is not None, url
            local = article.published.strftime("%Y-%m-%d %H:%M")
            assert local == f"{stated[1].decode()} {stated[2].decode()}", url
            assert article.published.tzname() in ("MSK", "MSD", "+03", "+04"), url
            assert "\n\nAnnouncement, " not in f"\n\n{article.text}", url
            announcements += is_announcement
            others += not is_announcement
    assert announcements == 104 and others > 40
