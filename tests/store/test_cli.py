"""`sayso quotes`, `sayso export`, `sayso db` over a store filled with hand-analysed articles."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sayso.cli import app
from sayso.model import Article
from sayso.store import Store

runner = CliRunner()


@pytest.fixture
def filled(db_url: str, articles: dict[str, Article], kb_actors: list[dict]) -> str:
    with Store(db_url) as store:
        store.load_actors(kb_actors)
        for article in articles.values():
            store.save(article)
    return db_url


def test_quotes_json_by_speaker(filled: str) -> None:
    result = runner.invoke(
        app, ["quotes", "--speaker", "Melania Trump", "--format", "json", "--db", filled]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["total"] == 3 and data["statements"] == 1
    assert {q["outlet"] for q in data["quotes"]} == {"Capital Wire", "Daily Ledger", "Harbor Times"}


def test_quotes_csv_with_text_and_dates(filled: str) -> None:
    result = runner.invoke(
        app,
        [
            "quotes",
            "-q",
            "Ukraine",
            "--since",
            "2022-01-01",
            "--until",
            "2022-12-31",
            "-f",
            "csv",
            "--db",
            filled,
        ],
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 2 and {r["speaker_name"] for r in rows} == {"Joe Biden"}


def test_quotes_table_names_speaker_and_reports(filled: str) -> None:
    result = runner.invoke(
        app, ["quotes", "--about", "Russia", "--db", filled], env={"COLUMNS": "200"}
    )
    assert result.exit_code == 0, result.output
    assert "Melania Trump" in result.stdout and "(3 reports)" in result.stdout
    assert "3 of 3 quotes (1 distinct statements)" in result.stdout


def test_no_match_says_so(filled: str) -> None:
    result = runner.invoke(app, ["quotes", "--speaker", "Nobody Atall", "--db", filled])
    assert result.exit_code == 0 and result.stdout.strip() == "no quotes match"


def test_bad_date_is_a_usage_error(filled: str) -> None:
    result = runner.invoke(app, ["quotes", "--since", "yesterday", "--db", filled])
    assert result.exit_code == 2
    assert "not a date" in result.stderr


def test_export_files(filled: str, tmp_path: Path) -> None:
    for what, name in (("quotes", "q.parquet"), ("actors", "a.jsonl"), ("network", "n.gexf")):
        out = tmp_path / name
        result = runner.invoke(app, ["export", what, "-o", str(out), "--db", filled])
        assert result.exit_code == 0, result.output
        assert out.stat().st_size > 0
    result = runner.invoke(app, ["export", "network", "-f", "csv", "--db", filled])
    assert result.exit_code == 2


def test_db_upgrade_and_info(sqlite_url: str) -> None:
    first = runner.invoke(app, ["db", "upgrade", "--db", sqlite_url])
    assert first.exit_code == 0 and "upgraded from empty" in first.stdout
    again = runner.invoke(app, ["db", "upgrade", "--db", sqlite_url])
    assert again.exit_code == 0 and "up to date" in again.stdout
    info = runner.invoke(app, ["db", "info", "--db", sqlite_url])
    assert info.exit_code == 0 and "0 articles" in info.stdout


def test_unusable_database_is_named(tmp_path: Path) -> None:
    result = runner.invoke(app, ["quotes", "--db", f"sqlite:///{tmp_path}/missing/x.db"])
    assert result.exit_code == 2
    assert "no database at" in result.stderr


@pytest.mark.parametrize(
    "command",
    [
        ["quotes"],
        ["quotes", "-s", "Putin"],
        ["export", "quotes"],
        ["export", "network"],
        ["db", "info"],
    ],
)
def test_reading_a_missing_database_creates_none(tmp_path: Path, command: list[str]) -> None:
    missing = tmp_path / "sayso.db"
    result = runner.invoke(app, [*command, "--db", str(missing)])
    assert result.exit_code == 2
    assert f"no database at {missing}" in result.stderr
    assert "sayso ingest" in result.stderr  # what to do
    assert list(tmp_path.iterdir()) == []  # no empty sayso.db (nor -wal/-shm) left behind


def test_quotes_show_title_date_outlet_and_cue(filled: str) -> None:
    result = runner.invoke(app, ["quotes", "-s", "Putin", "--db", filled], env={"COLUMNS": "100"})
    assert result.exit_code == 0, result.output
    blocks = result.stdout.split("\n\n")
    first = next(b for b in blocks if "budget" in b)
    assert first.splitlines()[0].startswith("Vladimir Putin noted · 20")
    assert "· kremlin.ru · indirect" in first.splitlines()[0]
    assert "Issues with major significance for the further development" in first
    assert "http" in first  # the article's address


def test_long_statements_are_trimmed_unless_full(
    sqlite_url: str, articles: dict[str, Article], kb_actors: list[dict]
) -> None:
    """The article's longest paragraph as one turn: its first lines by default, all with
    --full."""
    from sayso.render import PREVIEW_CHARS

    article = articles["kremlin-29538.txt"]
    paragraph = max(article.text.split("\n"), key=len).strip()
    assert len(paragraph) > PREVIEW_CHARS
    start = article.text.index(paragraph)
    turn = dataclasses.replace(
        article.quotes[0], kind="turn", start=start, end=start + len(paragraph), text=paragraph
    )
    with Store(sqlite_url) as store:
        store.load_actors(kb_actors)
        store.save(dataclasses.replace(article, quotes=[turn]))
    wide = {"COLUMNS": "10000"}
    trimmed = runner.invoke(app, ["quotes", "--db", sqlite_url], env=wide)
    full = runner.invoke(app, ["quotes", "--full", "--db", sqlite_url], env=wide)
    assert full.exit_code == trimmed.exit_code == 0
    assert paragraph in full.stdout
    assert paragraph not in trimmed.stdout
    assert paragraph[:100] in trimmed.stdout and "characters)" in trimmed.stdout
    assert "--full for whole statements" in trimmed.stdout


def test_a_missed_speaker_gets_close_names(filled: str) -> None:
    result = runner.invoke(app, ["quotes", "--speaker", "Melania Trumpp", "--db", filled])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == "no quotes match"
    assert "did you mean: Melania Trump (3 quotes)?" in result.stdout
    nobody = runner.invoke(app, ["quotes", "--speaker", "Xqzwv", "--db", filled])
    assert "did you mean" not in nobody.stdout


def test_export_table_tells_progress(filled: str, tmp_path: Path) -> None:
    from sayso.store.export import export_table

    seen: list[int] = []
    with Store(filled) as store:
        rows = export_table(store, "quotes", "csv", tmp_path / "q.csv", progress=seen.append)
    assert rows > 0 and seen[-1] == rows and seen == sorted(seen)


def test_every_quote_table_has_the_same_columns(filled: str, tmp_path: Path) -> None:
    """`sayso quotes` (CSV, JSON) and `sayso export quotes` (CSV, JSONL, Parquet) write the
    one quote row, with the same names in the same order."""
    import pyarrow.parquet as pq

    from sayso.store.records import QUOTE_COLUMNS

    def run(*args: str) -> str:
        result = runner.invoke(app, [*args, "--db", filled])
        assert result.exit_code == 0, result.output
        return result.stdout

    assert run("quotes", "-f", "csv").splitlines()[0].split(",") == list(QUOTE_COLUMNS)
    assert list(json.loads(run("quotes", "-f", "json"))["quotes"][0]) == list(QUOTE_COLUMNS)
    assert run("export", "quotes", "-f", "csv").splitlines()[0].split(",") == list(QUOTE_COLUMNS)
    assert list(json.loads(run("export", "quotes", "-f", "jsonl").splitlines()[0])) == list(
        QUOTE_COLUMNS
    )
    run("export", "quotes", "-o", str(tmp_path / "q.parquet"))
    assert pq.read_schema(tmp_path / "q.parquet").names == list(QUOTE_COLUMNS)
