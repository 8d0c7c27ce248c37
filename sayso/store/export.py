"""Exports: quotes, articles and actors as CSV, JSONL or Parquet; the network as GEXF.

Rows stream out in batches, so exporting a large store needs little memory. CSV cells hold
lists joined with "; " (roles as JSON); JSONL and Parquet keep them as lists.
"""

from __future__ import annotations

import csv
import json
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, fields
from datetime import date, datetime
from pathlib import Path
from types import UnionType
from typing import IO, Any, Union, get_args, get_origin, get_type_hints  # Any: rows' values

import pyarrow as pa
import pyarrow.parquet as pq
from sqlalchemy import select

from sayso.actors.types import Role
from sayso.dates import with_offset
from sayso.store import schema
from sayso.store.read import actor_records
from sayso.store.records import ActorRecord, Network, QuoteFilters, QuoteHit
from sayso.store.store import Store

FORMATS = ("csv", "jsonl", "parquet")
BATCH = 1000

# A role as an actor row holds it (``to_dict()``): every field text, dates in ISO form.
ROLE = pa.struct([(f.name, pa.string()) for f in fields(Role)])
ARROW_TYPES: dict[object, pa.DataType] = {
    int: pa.int64(),
    str: pa.string(),
    float: pa.float64(),
    bool: pa.bool_(),
    # Parquet's timestamp without time zone (isAdjustedToUTC=false) is a local time: dates
    # are written as the source stated them, so the day is the source's (``local_times``).
    datetime: pa.timestamp("s"),
    Role: ROLE,
}


def arrow_schema(record: type) -> pa.Schema:
    """The Parquet schema of a record's rows: its fields, in order, typed from their
    annotations (so a column cannot be named or typed differently from the record)."""
    hints = get_type_hints(record)
    return pa.schema([(f.name, _arrow_type(hints[f.name])) for f in fields(record)])


def _arrow_type(hint: object) -> pa.DataType:
    if get_origin(hint) in (Union, UnionType):  # "X | None": nullable X
        (hint,) = [a for a in get_args(hint) if a is not type(None)]
    if get_origin(hint) is list:
        return pa.list_(_arrow_type(get_args(hint)[0]))
    return ARROW_TYPES[hint]


QUOTE_SCHEMA = arrow_schema(QuoteHit)

ARTICLE_SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("url", pa.string()),
        ("source", pa.string()),
        ("raw_ref", pa.string()),
        ("outlet", pa.string()),
        ("title", pa.string()),
        ("author", pa.string()),
        ("published", pa.timestamp("s")),
        ("language", pa.string()),
        ("format", pa.string()),
        ("story_id", pa.int64()),
        ("quote_count", pa.int32()),
        ("text", pa.string()),
    ]
)

ACTOR_SCHEMA = arrow_schema(ActorRecord)


def quote_rows(store: Store, filters: QuoteFilters) -> Iterator[dict[str, Any]]:
    for hit in store.iter_quotes(filters, batch=BATCH):
        yield asdict(hit)


def article_rows(store: Store, *, with_text: bool = True) -> Iterator[dict[str, Any]]:
    a = schema.articles
    columns = [
        a.c.pk,
        a.c.id,
        a.c.url,
        a.c.source,
        a.c.raw_ref,
        a.c.outlet,
        a.c.title,
        a.c.author,
        a.c.published,
        a.c.published_offset,
        a.c.language,
        a.c.format,
        a.c.story_pk,
        a.c.quote_count,
    ] + ([a.c.text] if with_text else [])
    last = 0
    while True:
        with store.engine.connect() as conn:
            rows = conn.execute(
                select(*columns).where(a.c.pk > last).order_by(a.c.pk).limit(BATCH)
            ).all()
        for r in rows:
            row = dict(r._mapping)
            row["story_id"] = row.pop("story_pk")
            row["published"] = with_offset(row["published"], row.pop("published_offset"))
            del row["pk"]
            if not with_text:
                row["text"] = None
            yield row
        if len(rows) < BATCH:
            return
        last = rows[-1].pk


def actor_rows(store: Store) -> Iterator[dict[str, Any]]:
    actors = schema.actors
    with store.engine.connect() as conn:
        rows = conn.execute(select(actors).order_by(actors.c.id)).all()
        records = actor_records(conn, rows, every=True)
    for record in records:
        yield record.to_dict()


# --- writers ---------------------------------------------------------------------------


def csv_cell(value: object) -> str:
    """A value as one CSV cell (the CLI's and the web's): dates in ISO form, lists joined
    with "; ", lists of records (an actor's roles) as JSON, None as empty."""
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        if value and isinstance(value[0], dict):
            return json.dumps(value, ensure_ascii=False)
        return "; ".join("" if v is None else str(v) for v in value)
    return str(value)


def write_csv(rows: Iterable[dict[str, Any]], out: IO[str], columns: Sequence[str]) -> int:
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    n = 0
    for row in rows:
        writer.writerow({k: csv_cell(v) for k, v in row.items()})
        n += 1
    return n


def write_jsonl(rows: Iterable[dict[str, Any]], out: IO[str]) -> int:
    n = 0
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False, default=_json_default) + "\n")
        n += 1
    return n


def _json_default(value: object) -> str:
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def write_parquet(rows: Iterable[dict[str, Any]], path: Path, arrow_schema: pa.Schema) -> int:
    n = 0
    with pq.ParquetWriter(str(path), arrow_schema, compression="zstd") as writer:
        batch: list[dict[str, Any]] = []
        for row in rows:
            batch.append(local_times(row))
            if len(batch) >= BATCH:
                writer.write_table(pa.Table.from_pylist(batch, schema=arrow_schema))
                n += len(batch)
                batch = []
        if batch or n == 0:
            writer.write_table(pa.Table.from_pylist(batch, schema=arrow_schema))
            n += len(batch)
    return n


def local_times(row: dict[str, Any]) -> dict[str, Any]:
    """``row`` with each date that states a UTC offset as the local time it names (the
    offset dropped), for Parquet's timestamp without time zone; CSV and JSON keep the
    offset in their ISO dates. Pyarrow would otherwise convert it to UTC: 7 pm on
    7 January in Washington would be written as 8 January."""
    return {
        k: v.replace(tzinfo=None) if isinstance(v, datetime) and v.tzinfo else v
        for k, v in row.items()
    }


TABLES = {
    "quotes": QUOTE_SCHEMA,
    "articles": ARTICLE_SCHEMA,
    "actors": ACTOR_SCHEMA,
}


def export_table(
    store: Store,
    what: str,
    fmt: str,
    out: Path | IO[str],
    filters: QuoteFilters | None = None,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write ``what`` (quotes | articles | actors) as ``fmt``; returns the number of rows.
    ``progress`` is told how many rows are written so far, every ``BATCH`` rows and at
    the end."""
    if what not in TABLES:
        raise ValueError(f"unknown table {what!r}; choose from {', '.join(TABLES)}")
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    arrow_schema = TABLES[what]
    if what == "quotes":
        rows = quote_rows(store, filters or QuoteFilters())
    elif what == "articles":
        rows = article_rows(store)
    else:
        rows = actor_rows(store)
    if progress is not None:
        rows = _counted(rows, progress)
    if fmt == "parquet":
        if not isinstance(out, Path):
            raise ValueError("Parquet is binary: give an output file (--output FILE)")
        return write_parquet(rows, out, arrow_schema)
    if isinstance(out, Path):
        with out.open("w", encoding="utf-8", newline="") as fh:
            return _write_text(rows, fh, fmt, arrow_schema)
    return _write_text(rows, out, fmt, arrow_schema)


def _counted(
    rows: Iterable[dict[str, Any]], progress: Callable[[int], None]
) -> Iterator[dict[str, Any]]:
    n = 0
    for n, row in enumerate(rows, 1):
        yield row
        if n % BATCH == 0:
            progress(n)
    progress(n)


def _write_text(rows: Iterable[dict[str, Any]], out: IO[str], fmt: str, s: pa.Schema) -> int:
    if fmt == "csv":
        return write_csv(rows, out, s.names)
    return write_jsonl(rows, out)


# --- GEXF ------------------------------------------------------------------------------

GEXF_NS = "http://gexf.net/1.3"


def network_gexf(network: Network) -> ET.ElementTree:
    """The speaker → mentioned-actor network as GEXF 1.3 with dates (opens in Gephi).

    Each edge has a start/end (first and last day the speaker spoke about the target) and
    one spell per such day, so Gephi's timeline can replay who talked about whom when.
    """
    ET.register_namespace("", GEXF_NS)
    root = ET.Element(f"{{{GEXF_NS}}}gexf", version="1.3")
    meta = ET.SubElement(root, "meta")
    ET.SubElement(meta, "creator").text = "sayso"
    ET.SubElement(meta, "description").text = (
        "Who speaks about whom: edge source = speaker, target = actor mentioned in the quote; "
        "weight = reports, statements = distinct statements"
    )
    graph = ET.SubElement(
        root, "graph", defaultedgetype="directed", mode="dynamic", timeformat="date"
    )
    node_attrs = ET.SubElement(graph, "attributes", {"class": "node", "mode": "static"})
    for i, (name, kind) in enumerate(
        (("type", "string"), ("country", "string"), ("speaks", "integer"), ("mentioned", "integer"))
    ):
        ET.SubElement(node_attrs, "attribute", id=str(i), title=name, type=kind)
    edge_attrs = ET.SubElement(graph, "attributes", {"class": "edge", "mode": "static"})
    ET.SubElement(edge_attrs, "attribute", id="0", title="statements", type="integer")
    ET.SubElement(edge_attrs, "attribute", id="1", title="reports", type="integer")

    nodes = ET.SubElement(graph, "nodes")
    for n in network.nodes:
        node = ET.SubElement(nodes, "node", id=n.id, label=n.label)
        values = ET.SubElement(node, "attvalues")
        for i, v in enumerate((n.type or "", n.country or "", n.speaks, n.mentioned)):
            ET.SubElement(values, "attvalue", {"for": str(i), "value": str(v)})
    edges = ET.SubElement(graph, "edges")
    for i, e in enumerate(network.edges):
        attrs = {"id": str(i), "source": e.source, "target": e.target, "weight": str(e.reports)}
        if e.first and e.last:
            attrs["start"], attrs["end"] = e.first.date().isoformat(), e.last.date().isoformat()
        edge = ET.SubElement(edges, "edge", attrs)
        values = ET.SubElement(edge, "attvalues")
        ET.SubElement(values, "attvalue", {"for": "0", "value": str(e.statements)})
        ET.SubElement(values, "attvalue", {"for": "1", "value": str(e.reports)})
        if e.dates:
            spells = ET.SubElement(edge, "spells")
            for day in e.dates:
                ET.SubElement(spells, "spell", start=day, end=day)
    ET.indent(root)
    return ET.ElementTree(root)


def export_network(
    store: Store,
    out: Path | IO[bytes],
    filters: QuoteFilters | None = None,
    *,
    min_reports: int = 1,
) -> tuple[int, int]:
    """Write the GEXF file; returns (nodes, edges)."""
    network = store.network(filters or QuoteFilters(), min_reports=min_reports, limit=1_000_000)
    tree = network_gexf(network)
    tree.write(
        out if not isinstance(out, Path) else str(out), encoding="utf-8", xml_declaration=True
    )
    return len(network.nodes), len(network.edges)
