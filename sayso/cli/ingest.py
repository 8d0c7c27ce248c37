"""`sayso ingest`: analyse inputs and store them, idempotently, with a progress bar."""

from __future__ import annotations

from typing import Annotated

import typer

from sayso.cli import app
from sayso.cli.db import DbOption, open_store
from sayso.model import Article, Failure


@app.command()
def ingest(
    inputs: Annotated[list[str], typer.Argument(help="Files, folders, globs, URLs, or -.")],
    db: DbOption = None,
    workers: Annotated[
        int,
        typer.Option(
            "--workers", "-w", min=1, max=64, help="Processes analysing articles in parallel."
        ),
    ] = 1,
) -> None:
    """Analyse articles and store them; storing the same article again changes nothing."""
    from rich.console import Console
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from sayso.engine.batch import IngestSummary
    from sayso.engine.batch import ingest as run_ingest

    store = open_store(db)
    console = Console(stderr=True)
    columns = (
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed} done"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task("ingesting", total=None)

        def on_item(item: Article | Failure, summary: IngestSummary) -> None:
            if isinstance(item, Failure):
                bar.console.print(f"sayso: {item}", markup=False, highlight=False, soft_wrap=True)
            bar.update(
                task,
                advance=1,
                description=f"{summary.articles} stored, {len(summary.failures)} failed",
            )

        try:
            summary = run_ingest(inputs, store, workers=workers, progress=on_item)
        finally:
            store.close()
    print(summary.line(), flush=True)
    raise typer.Exit(1 if summary.failures else 0)
