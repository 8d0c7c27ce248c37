"""PLOVER JSONL and CAMEO-style CSV exports of stored relations (both back-ends): the PLOVER
records carry every field the manual requires, under the manual's names; the CSV has one
row per dyad with a CAMEO code from the crosswalk; negated, hypothetical and undated events
stay out."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sayso.cli import app
from sayso.model import PLOVER_EVENTS, Article
from sayso.store import Store
from sayso.store.event_export import CAMEO_COLUMNS, export_cameo, export_plover
from sayso.store.records import RelationFilters
from tests.events.conftest import need_shared


def manual_tables() -> dict[str, dict[str, bool]]:
    """The manual's field tables (chapter "Data Fields"): caption → {field: required}."""
    tex = need_shared("data/plover/PLOVER_MANUAL.tex").read_text(encoding="utf-8")
    tables: dict[str, dict[str, bool]] = {}
    for block in re.findall(r"\\begin\{table\}(.*?)\\end\{table\}", tex, re.S):
        caption = re.search(r"\\caption\{(.*?)\}", block)
        if not caption:
            continue
        fields: dict[str, bool] = {}
        for line in block.splitlines():
            cells = [c.strip() for c in line.split("&")]
            if len(cells) >= 2 and cells[-1].endswith("\\\\") and not cells[0].startswith("Name"):
                name = cells[0].replace("\\_", "_")
                fields[name] = cells[-1].rstrip("\\ ").strip() == "Y"
        tables[caption.group(1).strip()] = fields
    return tables


@pytest.fixture
def filled(store: Store, analysed_examples: dict[str, Article]) -> Store:
    articles = list(analysed_examples.values())
    lukashenko = analysed_examples["lukashenko-allies-2024-08-15.txt"]
    # the same relations said negated and hypothetically, and an undated copy: none exported
    twisted = [dataclasses.replace(r, id=f"n{r.id}", negated=True) for r in lukashenko.relations]
    twisted += [dataclasses.replace(r, id=f"h{r.id}", time="hypothetical")
                for r in lukashenko.relations]
    lukashenko.relations = lukashenko.relations + twisted
    undated = dataclasses.replace(articles[1], published=None, url=None, text=articles[1].text
                                  + "\n(copy)\n", source="undated-copy.html")
    for article in [*articles, undated]:
        store.save(article)
    return store


def plain_count(store: Store) -> int:
    return sum(1 for r in store.iter_relations()
               if not r.negated and r.time != "hypothetical" and r.published)


def test_plover_jsonl_has_the_manuals_required_fields_and_names(filled: Store) -> None:
    tables = manual_tables()
    record_fields = tables["PLOVER JSON"]
    required = {name for name, needed in record_fields.items() if needed}
    assert required == {"id", "date", "actor", "event"}  # as the manual has it
    entity_fields = set(tables["Information object for entities"])
    text_fields = set(tables["Information object for text"])
    cite_fields = set(tables["Information object for citations"])

    out = io.StringIO()
    counts = export_plover(filled, out, RelationFilters())
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert counts.records == len(records) == plain_count(filled) > 0
    assert counts.undated > 0
    assert len({r["id"] for r in records}) == len(records)
    for record in records:
        assert required <= record.keys(), record
        assert {k for k in record if not k.startswith("sayso_")} <= set(record_fields)
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", record["date"])
        assert record["actor"] and all(set(e) <= entity_fields for e in record["actor"])
        assert all(set(e) <= entity_fields for e in record["recipient"])
        assert record["event"] and set(record["event"]) <= set(PLOVER_EVENTS)
        assert record["quad_code"] in (1, 2, 3, 4) and -10 <= record["event_scale"] <= 10
        assert set(record["text_info"]) <= text_fields
        assert set(record["cite_info"]) <= cite_fields
        assert record["sayso_time"] != "hypothetical"
    ask = next(r for r in records if r["event"] == ["REQUEST"] and r["mode"] == ["assist"])
    assert ask["actor"][0]["identifier_id"] == "Q7747"  # Putin, by his Wikidata id
    assert ask["recipient"][0]["code"] == "BLR" and ask["actor"][0]["sector"] == "GOV"


def test_cameo_csv_has_a_row_per_dyad_with_its_cameo_code(filled: Store) -> None:
    out = io.StringIO()
    counts = export_cameo(filled, out, RelationFilters(country="BLR"))
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert list(rows[0]) == list(CAMEO_COLUMNS)
    assert counts.records == len(rows)
    plain = [r for r in filled.iter_relations(country="BLR")
             if not r.negated and r.time != "hypothetical" and r.published]
    assert len(rows) == sum(len(r.source) * max(len(r.target), 1) for r in plain)
    for row in rows:
        assert re.fullmatch(r"\d{3,4}", row["EventCode"]), row
        assert row["EventRootCode"] == row["EventCode"][:2]
        assert row["QuadClass"] in "1234" and -10 <= float(row["GoldsteinScale"]) <= 10
        assert re.fullmatch(r"\d{8}", row["SQLDATE"])
    putin = next(r for r in rows if r["Actor1Name"] == "Vladimir Putin"
                 and r["PloverEvent"] == "REQUEST")
    assert (putin["Actor1Code"], putin["Actor2Code"]) == ("RUSGOV", "BLRGOV")
    assert putin["EventRootCode"] == "02"  # CAMEO's appeals: PLOVER's REQUEST


def test_cli_exports_relations(filled: Store, tmp_path: Path) -> None:
    runner = CliRunner()
    target = tmp_path / "relations.jsonl"
    done = runner.invoke(app, ["export", "relations", "-o", str(target), "--db", filled.url])
    assert done.exit_code == 0, done.output
    assert len(target.read_text().splitlines()) == plain_count(filled)
    assert "relations of undated articles left out" in done.stderr
    cameo = runner.invoke(app, ["export", "relations", "-f", "cameo", "--event", "REQUEST",
                                "--db", filled.url])
    assert cameo.exit_code == 0 and cameo.stdout.startswith("GlobalEventID,")
    assert {r["PloverEvent"] for r in csv.DictReader(io.StringIO(cameo.stdout))} == {"REQUEST"}
    wrong = runner.invoke(app, ["export", "relations", "-f", "parquet", "--db", filled.url])
    assert wrong.exit_code == 2 and "plover" in wrong.stderr
    mixed = runner.invoke(app, ["export", "relations", "--speaker", "Putin", "--db", filled.url])
    assert mixed.exit_code == 2 and "--actor" in mixed.stderr
