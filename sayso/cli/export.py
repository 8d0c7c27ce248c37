"""`sayso export`: quotes, articles, actors as CSV/JSONL/Parquet; the network as GEXF;
relations as PLOVER JSONL or a CAMEO-style CSV."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from sayso.cli import app
from sayso.cli.db import DbOption, open_store
from sayso.cli.quotes import quote_filters

if TYPE_CHECKING:  # imported when the command runs
    from sayso.store import QuoteFilters, Store


class What(StrEnum):
    quotes = "quotes"
    articles = "articles"
    actors = "actors"
    network = "network"
    relations = "relations"


class ExportFormat(StrEnum):
    csv = "csv"
    jsonl = "jsonl"
    parquet = "parquet"
    gexf = "gexf"
    plover = "plover"
    cameo = "cameo"


RELATION_FORMATS = (ExportFormat.plover, ExportFormat.cameo)


@app.command()
def export(
    what: Annotated[
        What, typer.Argument(help="quotes, articles, actors, network, or relations.")
    ],
    fmt: Annotated[
        ExportFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="csv, jsonl, parquet (tables), gexf (network), plover (PLOVER JSONL) or "
            "cameo (CAMEO-style CSV) for relations; default from the output file's "
            "extension, else csv/gexf/plover.",
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="File to write (default: stdout; Parquet needs a file)."
        ),
    ] = None,
    speaker: Annotated[list[str] | None, typer.Option("--speaker", "-s")] = None,
    about: Annotated[list[str] | None, typer.Option("--about", "-a")] = None,
    query: Annotated[str | None, typer.Option("--query", "-q")] = None,
    since: Annotated[str | None, typer.Option()] = None,
    until: Annotated[str | None, typer.Option()] = None,
    outlet: Annotated[list[str] | None, typer.Option()] = None,
    min_reports: Annotated[int, typer.Option(help="Network: drop weaker edges.")] = 1,
    actor: Annotated[
        list[str] | None, typer.Option(help="Relations: an actor on either side.")
    ] = None,
    country: Annotated[
        list[str] | None, typer.Option(help="Relations: a country on either side (BLR).")
    ] = None,
    event: Annotated[
        list[str] | None, typer.Option(help="Relations: PLOVER event types (REQUEST).")
    ] = None,
    db: DbOption = None,
) -> None:
    """Export the store (quote filters apply to quotes and network; --actor, --country,
    --event, --since and --until to relations)."""
    from sayso.store import BadFilter
    from sayso.store.export import export_network, export_table

    fmt = fmt or guess_format(what, output)
    if (what is What.relations) != (fmt in RELATION_FORMATS):
        usage("relations export as plover (PLOVER JSONL) or cameo (CAMEO-style CSV)")
    if what is What.relations:
        if speaker or about or query or outlet:
            usage("--speaker, --about, --query and --outlet filter quotes; for relations use "
                  "--actor, --country, --event, --since, --until")
        export_relations(fmt, output, db, actor, country, event, since, until)
        return
    if (what is What.network) != (fmt is ExportFormat.gexf):
        usage("the network exports as gexf; quotes, articles and actors as csv, jsonl or parquet")
    if fmt is ExportFormat.parquet and output is None:
        usage("Parquet is binary: give a file with --output FILE.parquet")
    filters = quote_filters(speaker, about, query, since, until, outlet, None, None)
    store = open_store(db, must_exist=True)
    try:
        if what is What.network:
            nodes, edges = export_network(
                store, output or sys.stdout.buffer, filters, min_reports=min_reports
            )
            summary = f"{nodes} actors, {edges} edges"
        else:
            with export_progress(store, what, filters) as progress:
                rows = export_table(
                    store, what.value, fmt.value, output or sys.stdout, filters, progress
                )
            summary = f"{rows} {what.value}"
    except BadFilter as exc:
        usage(str(exc))
    finally:
        store.close()
    if output is not None:
        print(f"wrote {summary} to {output}", file=sys.stderr)


def export_relations(
    fmt: ExportFormat,
    output: Path | None,
    db: str | None,
    actor: list[str] | None,
    country: list[str] | None,
    event: list[str] | None,
    since: str | None,
    until: str | None,
) -> None:
    """Plain (not negated, not hypothetical), dated relations as PLOVER JSONL or CAMEO CSV."""
    from sayso.store import BadFilter
    from sayso.store.event_export import export_cameo, export_plover
    from sayso.store.records import RelationFilters

    filters = RelationFilters(actor=actor, country=country, event=event, since=since,
                              until=until)
    writer = export_plover if fmt is ExportFormat.plover else export_cameo
    store = open_store(db, must_exist=True)
    try:
        if output is None:
            counts = writer(store, sys.stdout, filters)
        else:
            with output.open("w", encoding="utf-8", newline="") as out:
                counts = writer(store, out, filters)
    except BadFilter as exc:
        usage(str(exc))
    finally:
        store.close()
    noun = "records" if fmt is ExportFormat.plover else "dyad rows"
    where = f" to {output}" if output else ""
    skipped = f"; {counts.undated} relations of undated articles left out" \
        if counts.undated else ""
    print(f"wrote {counts.records} {noun}{where}{skipped}", file=sys.stderr)


@contextmanager
def export_progress(
    store: Store, what: What, filters: QuoteFilters
) -> Iterator[Callable[[int], None]]:
    """A progress bar on stderr (rows written of how many, rate, time left) while a table
    is exported; nothing when stderr is not a terminal."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        Progress,
        TaskProgressColumn,
        TextColumn,
        TimeRemainingColumn,
    )

    console = Console(stderr=True)
    if not console.is_terminal:
        yield lambda n: None
        return
    if what is What.quotes:
        total = store.count_quotes(filters)
    else:
        stats = store.stats()
        total = stats.articles if what is What.articles else stats.actors
    columns = (
        TextColumn(f"exporting {what.value}"),
        BarColumn(),
        TaskProgressColumn(),
        TextColumn("{task.completed:,.0f}/{task.total:,.0f} rows"),
        TextColumn("{task.fields[rate]}"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("export", total=total, rate="")
        started = time.monotonic()

        def advance(n: int) -> None:
            elapsed = time.monotonic() - started
            rate = f"{n / elapsed:,.0f} rows/s" if elapsed > 0 else ""
            bar.update(task, completed=n, rate=rate)

        yield advance


def guess_format(what: What, output: Path | None) -> ExportFormat:
    suffix = output.suffix.lower().lstrip(".") if output else ""
    if what is What.relations:
        return ExportFormat.cameo if suffix == "csv" else ExportFormat.plover
    if suffix in {f.value for f in ExportFormat}:
        return ExportFormat(suffix)
    return ExportFormat.gexf if what is What.network else ExportFormat.csv


def usage(message: str) -> None:
    print(f"sayso export: {message}", file=sys.stderr)
    raise typer.Exit(2)
