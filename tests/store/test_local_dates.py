"""A date keeps the UTC offset its source stated, into the store and out of it, on SQLite
and PostgreSQL: the White House statement on the Los Angeles wildfires, published at
22:34:55 on 7 January 2025 in Washington (03:34 UTC on the 8th), is dated 7 January in
records, filters, the timeline, exports and the CLI; a kremlin.ru announcement keeps its
Moscow time (+04:00 in 2012)."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from pathlib import Path

import pyarrow.parquet as pq
import pytest

import sayso
from sayso.model import Article
from sayso.store import Store
from sayso.store.export import export_table
from tests.conftest import FIXTURES

WILDFIRES = FIXTURES / "ingest" / "whitehouse-2025-01-07-statement-wildfires.md"
ANNOUNCEMENT = FIXTURES / "ingest-web" / "17152.html"
WASHINGTON = "2025-01-07T22:34:55-05:00"
MOSCOW = "2012-12-17T20:00:00+04:00"


@pytest.fixture(scope="module")
def analysed() -> tuple[Article, Article]:
    [wildfires] = sayso.extract(WILDFIRES)
    [announcement] = sayso.extract(ANNOUNCEMENT)
    assert wildfires.published is not None and wildfires.published.isoformat() == WASHINGTON
    assert announcement.published is not None
    assert announcement.published.isoformat() == MOSCOW
    assert wildfires.quotes, "the statement has statements to date"
    return wildfires, announcement


@pytest.fixture
def stored(store: Store, analysed: tuple[Article, Article]) -> Store:
    for article in analysed:
        store.save(article)
    return store


def test_records_keep_the_offset_the_source_stated(
    stored: Store, analysed: tuple[Article, Article]
) -> None:
    wildfires, announcement = analysed
    record = stored.get_article(wildfires.id)
    assert record is not None and record.published is not None
    assert record.published.isoformat() == WASHINGTON
    assert {q.published.isoformat() for q in record.quotes if q.published} == {WASHINGTON}
    kremlin = stored.get_article(announcement.id)
    assert kremlin is not None and kremlin.published is not None
    assert kremlin.published.isoformat() == MOSCOW
    listed = {a.id: a.published for a in stored.search_articles().items}
    assert listed[wildfires.id] == record.published
    assert str(listed[wildfires.id])[:10] == "2025-01-07"
    statement = stored.get_statement(record.quotes[0].statement_id)
    assert statement is not None and statement.first_published is not None
    assert statement.first_published.isoformat() == WASHINGTON
    [summary] = stored.search_statements(article_id=wildfires.id, limit=1).items
    assert summary.first_published is not None
    assert summary.first_published.isoformat() == WASHINGTON
    assert record.quotes[0].to_dict()["published"] == WASHINGTON  # what the REST API sends
    # sayso's own timestamps are UTC and say so
    assert record.ingested_at.utcoffset() is not None and not record.ingested_at.utcoffset()


def test_day_filters_and_the_timeline_use_the_source_s_local_day(
    stored: Store, analysed: tuple[Article, Article]
) -> None:
    wildfires, _ = analysed
    n = len(wildfires.quotes)
    mine = {"article_id": wildfires.id}
    assert stored.count_quotes(until="2025-01-07", **mine) == n
    assert stored.count_quotes(since="2025-01-07", until="2025-01-07", **mine) == n
    assert stored.count_quotes(since="2025-01-08", **mine) == 0
    assert stored.count_quotes(since="2025-01", until="2025-01", **mine) == n
    # a moment, not a day, bounds the moment itself: 03:34 UTC on the 8th
    assert stored.count_quotes(since="2025-01-08T00:00:00+00:00", **mine) == n
    assert stored.count_quotes(until="2025-01-07T23:59:59+00:00", **mine) == 0
    days = {p.period: p.count for p in stored.timeline(interval="day", **mine)}
    assert days == {"2025-01-07": n}
    found = [a.id for a in stored.search_articles(until="2025-01-07").items]
    assert wildfires.id in found
    assert wildfires.id not in [a.id for a in stored.search_articles(since="2025-01-08").items]


def test_exports_and_the_cli_show_the_source_s_local_day(
    stored: Store, analysed: tuple[Article, Article], db_url: str, tmp_path: Path
) -> None:
    from typer.testing import CliRunner

    from sayso.cli import app
    from sayso.store.records import QuoteFilters

    wildfires, _ = analysed
    mine = QuoteFilters(article_id=wildfires.id)
    out = io.StringIO()
    export_table(stored, "quotes", "csv", out, mine)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert rows and {r["published"] for r in rows} == {WASHINGTON}
    parquet = tmp_path / "quotes.parquet"
    export_table(stored, "quotes", "parquet", parquet, mine)
    days = set(pq.read_table(parquet).column("published").to_pylist())
    assert days == {datetime(2025, 1, 7, 22, 34, 55)}  # the local time, as the source gave it
    articles = tmp_path / "articles.parquet"
    export_table(stored, "articles", "parquet", articles)
    published = pq.read_table(articles).column("published").to_pylist()
    assert datetime(2025, 1, 7, 22, 34, 55) in published
    shown = CliRunner().invoke(app, ["quotes", "--db", db_url, "--until", "2025-01-07"])
    assert shown.exit_code == 0, shown.output
    assert "2025-01-07" in shown.output and "2025-01-08" not in shown.output


def test_the_web_shows_and_filters_by_the_source_s_local_day(
    stored: Store, analysed: tuple[Article, Article], db_url: str
) -> None:
    from fastapi.testclient import TestClient

    from sayso.web import create_app

    wildfires, _ = analysed
    with TestClient(create_app(db_url)) as client:
        page = client.get(f"/articles/{wildfires.id}")
        assert page.status_code == 200
        assert "2025-01-07" in page.text and "2025-01-08" not in page.text
        search = client.get("/", params={"until": "2025-01-07", "since": "2025-01-07"})
        assert search.status_code == 200 and "2025-01-07" in search.text
        found = client.get("/api/v1/quotes", params={"until": "2025-01-07"}).json()
        dates = {q["published"] for q in found["items"] if q["article_id"] == wildfires.id}
        assert dates == {WASHINGTON}
