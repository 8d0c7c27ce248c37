"""`sayso ingest`: analyse inputs and store them, idempotently, with a progress bar."""

from __future__ import annotations

import os
import sys
import time
from typing import TYPE_CHECKING, Annotated

import typer

from sayso.cli import EXIT_ABORTED, EXIT_INTERRUPTED, app
from sayso.cli.db import DbOption, open_store
from sayso.cli.output import report_failure
from sayso.model import Article, Failure

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

    from sayso.engine.batch import IngestSummary


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
    cluster: Annotated[
        str | None,
        typer.Option(
            "--cluster",
            envvar="SAYSO_CLUSTER",
            help="Analyse on a dask cluster: its scheduler (tcp://HOST:8786), or local[:N] "
            "for N worker processes on this machine [env SAYSO_CLUSTER].",
        ),
    ] = None,
    reanalyse: Annotated[
        bool,
        typer.Option("--reanalyse", help="Read and analyse every input again, even those "
                     "stored unchanged or found without an article before (which are "
                     "skipped otherwise)."),
    ] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress bar (failures and the summary "
                           "are still printed).")
    ] = False,
    follow_links: Annotated[
        bool, typer.Option("--follow-links", help="Read what symbolic links in folders point to.")
    ] = False,
    allow_private: Annotated[
        bool,
        typer.Option("--allow-private", help="Fetch URLs on loopback and private networks too."),
    ] = False,
) -> None:
    """Analyse articles and store them; storing the same article again changes nothing.

    Exit status: 0 all stored; 1 some inputs failed (each named on stderr, the rest
    stored); 2 usage error or the store cannot be opened; 3 the run could not finish (the
    store or the cluster stopped answering, no model): what was stored is kept, run the
    same command again to go on; 130 interrupted."""
    # Read by sayso.ingest (ReadOptions.from_env) wherever the engine reads inputs.
    os.environ.update({"SAYSO_FOLLOW_LINKS": "1"} if follow_links else {})
    os.environ.update({"SAYSO_ALLOW_PRIVATE": "1"} if allow_private else {})
    from sayso.engine.batch import RunAborted
    from sayso.engine.batch import ingest as run_ingest

    store = open_store(db)
    bar = ProgressBar(enabled=not quiet and sys.stderr.isatty())
    try:
        with bar:
            summary = run_ingest(
                inputs,
                store,
                workers=workers,
                cluster=cluster,
                progress=bar.update,
                reanalyse=reanalyse,
            )
    except RunAborted as exc:
        print(f"sayso: run stopped: {exc}", file=sys.stderr, flush=True)
        raise typer.Exit(EXIT_ABORTED) from None
    except KeyboardInterrupt:
        print("sayso: interrupted; what was stored is kept: run the same command again to go "
              "on", file=sys.stderr, flush=True)
        raise typer.Exit(EXIT_INTERRUPTED) from None
    finally:
        store.close()
    print(summary.line(), flush=True)
    print(summary.stages_line(), flush=True)
    raise typer.Exit(1 if summary.failures else 0)


class ProgressBar:
    """On a terminal: articles done, articles/s, failures so far and, when the inputs'
    size is known, the share read and the time left; every failure is named above the bar
    (or on stderr when there is no bar)."""

    def __init__(self, *, enabled: bool) -> None:
        self.enabled = enabled
        self.started = time.monotonic()
        self._progress: Progress | None = None
        self._task: TaskID | None = None

    def __enter__(self) -> ProgressBar:
        if self.enabled:
            from rich.console import Console
            from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            self._progress = Progress(
                SpinnerColumn(),
                TextColumn("{task.description}"),
                TimeElapsedColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            self._progress.__enter__()
            self._task = self._progress.add_task("starting", total=None)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.__exit__(None, None, None)

    def update(self, item: Article | Failure | None, summary: IngestSummary) -> None:
        if self._progress is None or self._task is None:
            if isinstance(item, Failure):
                report_failure(item)
            return
        if isinstance(item, Failure):
            self._progress.console.print(
                f"sayso: {item}", markup=False, highlight=False, soft_wrap=True
            )
        elapsed = max(time.monotonic() - self.started, 1e-9)
        self._progress.update(
            self._task,
            description=(
                f"{summary.articles} stored, {len(summary.failures)} failed, "
                f"{summary.done / elapsed:.1f} articles/s{eta(summary, elapsed)}"
            ),
        )


def eta(summary: IngestSummary, elapsed: float) -> str:
    """``, 42 % read, about 3 min left`` when the inputs' size is known, else nothing."""
    total, read = summary.bytes_total, summary.bytes_read
    if not total or read <= 0:
        return ""
    share = min(read / total, 1.0)
    left = elapsed * (1 - share) / share
    shown = f"{left / 60:.0f} min" if left >= 90 else f"{left:.0f} s"
    return f", {share:.0%} read, about {shown} left"
