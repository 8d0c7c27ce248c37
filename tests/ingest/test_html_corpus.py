"""Every page of the shared kremlin-en and whitehouse-2017-html corpora (skipped when
../shared is absent; set SAYSO_SHARED to point elsewhere)."""

from __future__ import annotations

import html
import json
import os
from pathlib import Path

import pytest

from sayso.ingest.html import read_html
from sayso.ingest.registry import RawInput
from sayso.model import Article
from tests.ingest.test_html import assert_clean_kremlin_body

REPO = Path(__file__).resolve().parents[2]


def shared_dir() -> Path:
    return Path(os.environ.get("SAYSO_SHARED") or REPO / ".." / "shared")


def corpus_manifest(name: str) -> list[dict]:
    manifest = shared_dir() / "corpora" / name / "manifest.json"
    if not manifest.is_file():
        pytest.skip(f"{manifest} absent (set SAYSO_SHARED to the shared data folder)")
    return json.loads(manifest.read_text(encoding="utf-8"))


def read_corpus_page(corpus: str, entry: dict) -> tuple[bytes, Article]:
    path = shared_dir() / "corpora" / corpus / entry["file"]
    data = path.read_bytes()
    (article,) = read_html(RawInput(source=str(path), data=data, path=str(path)))
    assert isinstance(article, Article), article
    return data, article


def test_every_kremlin_page_has_title_date_and_a_clean_body() -> None:
    manifest = corpus_manifest("kremlin-en")
    assert len(manifest) == 55
    for entry in manifest:
        data, article = read_corpus_page("kremlin-en", entry)
        where = entry["file"]
        assert article.title == html.unescape(entry["title"]), where  # manifest keeps &#39;
        assert article.published is not None, where
        if entry["date"] is not None:
            assert article.published.date().isoformat() == entry["date"], where
        assert article.url == entry["url"], where
        assert article.outlet == "President of Russia", where
        assert len(article.text) > 100, where
        assert "\n\n\n" not in article.text and article.text == article.text.strip(), where
        assert_clean_kremlin_body(data, article.text)


def test_kremlin_pages_without_a_manifest_date_get_the_date_the_page_shows() -> None:
    # the manifest's reader missed these; each page shows the date in <time
    # class="read__published"> and the time beside it (checked by hand in the HTML)
    expected = {
        "pages/54157.html": "2017-03-30T10:00:00",
        "pages/51630.html": "2016-04-02T11:00:00",
        "pages/51633.html": "2016-04-02T19:00:00",
        "pages/57147.html": "2018-03-28T20:50:00",
        "pages/33680.html": "2005-07-03T00:00:00",
        "pages/38046.html": "2000-01-28T00:00:00",
        "pages/53080.html": "2016-10-12T19:15:00",
    }
    manifest = {e["file"]: e for e in corpus_manifest("kremlin-en")}
    assert {f for f, e in manifest.items() if e["date"] is None} == set(expected)
    for file, stamp in expected.items():
        _, article = read_corpus_page("kremlin-en", manifest[file])
        assert article.published is not None
        assert article.published.isoformat() == stamp, file


def test_every_whitehouse_2017_page_has_title_and_date() -> None:
    manifest = corpus_manifest("whitehouse-2017-html")
    assert len(manifest) == 12
    for entry in manifest:
        _, article = read_corpus_page("whitehouse-2017-html", entry)
        where = entry["file"]
        assert article.title == entry["title"], where
        assert article.published is not None, where
        assert article.published.isoformat() == entry["published_time"], where
        assert article.text.split("\n\n")[0] != article.title, where
        last_lines = article.text.split("\n\n")[-2:]  # a transcript ends "END" + the time
        assert any(line.startswith("END") for p in last_lines for line in p.split("\n")), where
