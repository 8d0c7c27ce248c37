"""Exports: CSV, JSONL, Parquet tables and the GEXF network, read back and checked."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from sayso.model import Article
from sayso.store import QuoteFilters, Store
from sayso.store.export import GEXF_NS, export_network, export_table

WIRE_QUOTE = "While diplomacy and peacebuilding are important"


@pytest.fixture
def full(store: Store, articles: dict[str, Article], kb_actors: list[dict]) -> Store:
    store.load_actors(kb_actors)
    for article in articles.values():
        store.save(article)
    return store


def test_quotes_csv_has_one_row_per_report(full: Store) -> None:
    out = io.StringIO()
    assert export_table(full, "quotes", "csv", out) == 7
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    wire = [r for r in rows if " ".join(r["text"].split()).startswith(WIRE_QUOTE)]
    assert len(wire) == 3 and {r["reports"] for r in wire} == {"3"}
    assert len({r["statement_id"] for r in wire}) == 1
    biden = [r for r in rows if r["speaker_key"] == "Q6279"]
    assert {r["about_keys"] for r in biden} == {"Q212; Q7747", "Q11105; Q212"}
    # in the offset the source stated (20:42:26 UTC)
    assert all(r["published"] == "2022-05-06T16:42:26-04:00" for r in biden)


def test_filtered_quotes_jsonl(full: Store, tmp_path: Path) -> None:
    path = tmp_path / "q.jsonl"
    n = export_table(full, "quotes", "jsonl", path, QuoteFilters(speaker="Putin"))
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert n == len(rows) == 2
    assert {r["speaker_name"] for r in rows} == {"Vladimir Putin"}
    assert all(isinstance(r["about_keys"], list) for r in rows)


def test_parquet_tables_read_back(full: Store, tmp_path: Path) -> None:
    for what, expected in (("quotes", 7), ("articles", 6), ("actors", full.stats().actors)):
        path = tmp_path / f"{what}.parquet"
        assert export_table(full, what, "parquet", path) == expected
        table = pq.read_table(path)
        assert table.num_rows == expected
    actors = pq.read_table(tmp_path / "actors.parquet").to_pylist()
    putin = next(a for a in actors if a["id"] == "Q7747")
    assert [r["title"] for r in putin["roles"]][0] == "President of Russia"
    assert putin["mentioned_in"] == 1 and "Putin" in putin["aliases"]
    articles = pq.read_table(tmp_path / "articles.parquet").to_pylist()
    assert all(a["text"] for a in articles)


def test_actors_csv_keeps_roles_as_json(full: Store) -> None:
    out = io.StringIO()
    export_table(full, "actors", "csv", out)
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(out.getvalue()))}
    roles = json.loads(rows["Q9188"]["roles"])
    assert roles == [
        {
            "title": "President of Belarus",
            "country": "BLR",
            "org": None,
            "start": "1994-07-20",
            "end": None,
            "office": None,  # the store keeps the title, country, org and dates of a role
            "sector": None,
        }
    ]
    assert rows["Q432473"]["reports"] == "3" and rows["Q432473"]["statements"] == "1"


def test_network_gexf_with_dates(full: Store, tmp_path: Path) -> None:
    path = tmp_path / "net.gexf"
    nodes, edges = export_network(full, path)
    assert (nodes, edges) == (6, 5)
    ns = {"g": GEXF_NS}
    root = ET.parse(path).getroot()
    graph = root.find("g:graph", ns)
    assert graph is not None and graph.get("mode") == "dynamic"
    labels = {n.get("id"): n.get("label") for n in root.iterfind(".//g:node", ns)}
    assert labels["Q432473"] == "Melania Trump"
    edge = next(
        e
        for e in root.iterfind(".//g:edge", ns)
        if (e.get("source"), e.get("target")) == ("Q432473", "Q159")
    )
    assert (edge.get("weight"), edge.get("start"), edge.get("end")) == (
        "3",
        "2026-07-30",
        "2026-07-31",
    )
    spells = [s.get("start") for s in edge.iterfind(".//g:spell", ns)]
    assert spells == ["2026-07-30", "2026-07-31"]
