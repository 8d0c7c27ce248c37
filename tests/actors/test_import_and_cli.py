"""Importers (CSV, JSONL, Wikidata dump extracts), the user overlay, and `sayso actors`."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sayso.actors import forget_kb, load_kb, resolve_mention
from sayso.actors.importers import ImportError_, read_any
from sayso.cli import app

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "actors"
runner = CliRunner()


@pytest.fixture()
def overlay(tmp_path, monkeypatch):
    path = tmp_path / "actors.jsonl"
    monkeypatch.setenv("SAYSO_ACTORS", str(path))
    monkeypatch.setenv("SAYSO_DB", f"sqlite:///{tmp_path / 'sayso.db'}")  # merge records there
    forget_kb()
    yield path
    forget_kb()


def test_wikidata_extract_gives_people_with_dated_roles():
    actors = {a.id: a for a in read_any(FIXTURES / "wikidata-extract.json")}
    assert set(actors) == {"wd:Q9188", "wd:Q990002"}  # positions and countries are not actors
    luka = actors["wd:Q9188"]
    assert (luka.type, luka.country, luka.wikidata) == ("PERSON", "BLR", "Q9188")
    assert "Аляксандр Лукашэнка" in luka.aliases
    [role] = luka.roles
    assert (role.title, role.office, role.start, role.end) == (
        "President of Belarus",
        "head_of_state",
        date(1994, 7, 20),
        None,
    )
    [minister] = actors["wd:Q990002"].roles  # the deprecated statement is skipped
    assert minister.office == "foreign_minister"
    assert (minister.start, minister.end) == (date(2021, 3, 1), date(2023, 5, 17))


def test_csv_and_jsonl_lists():
    csv_actors = read_any(FIXTURES / "user-actors.csv")
    assert [a.id for a in csv_actors] == [
        "user:ivan-quillfeather-blr",
        "user:quillfeather-media-group-blr",
    ]
    assert csv_actors[0].roles[0].start == date(2020, 1, 15)
    jsonl_actors = read_any(FIXTURES / "user-actors.jsonl")
    assert [a.id for a in jsonl_actors] == ["user:ivan-quillfeather-blr", "user:minsk-herald"]


def test_bad_lists_are_named_with_the_fix(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("fullname,type\nX,PERSON\n", encoding="utf-8")
    with pytest.raises(ImportError_, match="no 'name' column"):
        read_any(bad)
    bad.write_text("name,type\nX,ALIEN\n", encoding="utf-8")
    with pytest.raises(ImportError_, match=r"bad.csv:2: type 'ALIEN'"):
        read_any(bad)


def test_import_goes_to_the_overlay_and_resolves(overlay):
    result = runner.invoke(app, ["actors", "import", str(FIXTURES / "wikidata-extract.json")])
    assert result.exit_code == 0, result.output
    assert "imported 2 actors" in result.output
    assert overlay.exists()
    kb = load_kb()
    assert resolve_mention("Иван Квиллфезер", "2022-01-01", kb=kb).id == "wd:Q990002"
    # the user's records come first: the overlay outranks the shipped data
    assert resolve_mention("the Belarusian Foreign Minister", "2022-01-01", kb=kb).id == (
        "wd:Q990002"
    )
    luka = kb.get("wd:Q9188")  # merged with the curated record, not duplicated
    assert luka.source == "user" and "Alyaksandr Lukashenka" in luka.aliases


def test_add_search_show_merge(overlay):
    added = runner.invoke(
        app,
        [
            "actors",
            "add",
            "Ivan Quillfeather",
            "--country",
            "blr",
            "--sector",
            "media",
            "--alias",
            "I. Quillfeather",
        ],
    )
    assert added.exit_code == 0, added.output
    found = runner.invoke(app, ["actors", "search", "Ivan Quilfeather"])  # misspelt
    assert "user:ivan-quillfeather-blr" in found.output
    shown = runner.invoke(app, ["actors", "show", "user:ivan-quillfeather-blr", "-f", "json"])
    assert json.loads(shown.output)["sector"] == "media"
    merged = runner.invoke(app, ["actors", "merge", "user:ivan-quillfeather-blr", "wd:Q9188"])
    assert merged.exit_code == 0, merged.output
    assert load_kb().get("user:ivan-quillfeather-blr").id == "wd:Q9188"
    ops = [json.loads(line)["op"] for line in overlay.read_text().splitlines()]
    assert ops == ["add", "merge"]


def test_show_by_role_on_a_date(overlay):
    result = runner.invoke(app, ["actors", "show", "the Russian President", "--on", "2010-01-01"])
    assert result.exit_code == 0 and "Dmitry Medvedev" in result.output


def test_user_errors_exit_with_a_reason(overlay, tmp_path):
    assert runner.invoke(app, ["actors", "add", "X", "--type", "alien"]).exit_code == 2
    assert runner.invoke(app, ["actors", "add", "X", "--wikidata", "9188"]).exit_code == 2
    assert runner.invoke(app, ["actors", "merge", "nobody:here", "wd:Q9188"]).exit_code == 2
    missing = runner.invoke(app, ["actors", "import", str(tmp_path / "none.csv")])
    assert missing.exit_code == 1 and "no such file" in missing.output
    assert runner.invoke(app, ["actors", "show", "no-such-actor-xyz"]).exit_code == 1
    overlay.write_text("{not json\n", encoding="utf-8")
    forget_kb()
    broken = runner.invoke(app, ["actors", "search", "Putin"])
    assert broken.exit_code == 1 and f"{overlay}:1" in broken.output


def test_merging_a_new_actor_into_a_known_one_applies_to_later_articles(overlay):
    from datetime import datetime

    from sayso.actors import resolve_article
    from sayso.model import Article, Entity

    def article():
        text = "Yevgeny Shvetsov: Mr President, on behalf of all the coaches."
        return Article(
            source="t",
            text=text,
            published=datetime(2016, 9, 19),
            entities=[Entity("e1", "Yevgeny Shvetsov", "PERSON", mentions=[(0, 16)])],
        )

    assert resolve_article(article()).article.entities[0].id == "new:yevgeny-shvetsov-xx"
    # a user knows him as the coach they track under another name
    runner.invoke(
        app,
        [
            "actors",
            "add",
            "Coach Shvetsov of the Paralympic team",
            "--country",
            "RUS",
            "--sector",
            "sport",
        ],
    )
    result = runner.invoke(
        app,
        [
            "actors",
            "merge",
            "new:yevgeny-shvetsov-xx",
            "user:coach-shvetsov-of-the-paralympic-team-rus",
        ],
    )
    assert result.exit_code == 0, result.output
    entity = resolve_article(article(), load_kb()).article.entities[0]
    assert (entity.id, entity.country, entity.sector) == (
        "user:coach-shvetsov-of-the-paralympic-team-rus",
        "RUS",
        "sport",
    )
