"""`sayso eval polnear SPLIT_DIR` and `sayso eval official [DIR]`: score the pipeline on
PolNeAR and on the hand-annotated official material."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from sayso.cli import app


@contextmanager
def progress_line(total: int) -> Iterator[Callable[[int], None]]:
    """A callback showing "analysed n/total" on a terminal's stderr (nothing when piped)."""
    shown = sys.stderr.isatty()

    def progress(n: int) -> None:
        if shown:
            print(f"\ranalysed {n}/{total}", end="", file=sys.stderr, flush=True)

    yield progress
    if shown:
        print(file=sys.stderr)


eval_app = typer.Typer(help="Measure extraction quality on annotated corpora.",
                       no_args_is_help=True)
app.add_typer(eval_app, name="eval")


@eval_app.command("polnear")
def polnear(
    split_dir: Annotated[Path, typer.Argument(help="A PolNeAR split folder (text/ and "
                                                   "attributions/).")],
    direct_only: Annotated[bool, typer.Option("--direct-only",
                                              help="Only contents with a double quote.")] = False,
    predictions: Annotated[Path | None, typer.Option(
        "--predictions", help="Also write predictions as JSONL in the scorer's format.")] = None,
) -> None:
    """Analyse every text of the split and print precision/recall/F1 as JSON (the same
    figures as ../shared/tools/polnear_score.py gives on the written predictions)."""
    from sayso.eval.polnear import load_split, score, write_predictions
    from sayso.eval.run import predict_split

    if not (split_dir / "text").is_dir() or not (split_dir / "attributions").is_dir():
        print(f"sayso eval polnear: {split_dir}: not a PolNeAR split folder (needs text/ and "
              "attributions/); give e.g. ../shared/data/polnear/dev", file=sys.stderr)
        raise typer.Exit(2)
    gold = load_split(split_dir)
    with progress_line(len(gold)) as progress:
        preds = predict_split(split_dir, progress)
    if predictions is not None:
        write_predictions(predictions, preds)
    print(json.dumps(score(gold, preds, direct_only)))


@eval_app.command("official")
def official(
    folder: Annotated[Path | None, typer.Argument(
        help="A gold folder (docs/ and gold/); default: the set shipped with sayso.")] = None,
    split: Annotated[str, typer.Option(
        "--split", help="dev, heldout or all (each split and the total).")] = "all",
    errors: Annotated[bool, typer.Option(
        "--errors", help="List misses, wrong speakers, merged questions and false "
                         "statements per document before the figures.")] = False,
) -> None:
    """Score the whole pipeline on hand-annotated official material (transcripts, briefings,
    readouts, messages): recall, precision, right speakers, turn speakers, merged questions.
    Prints the figures as JSON; see docs/official-eval.md."""
    from sayso.eval.official import DATA_DIR, GoldError, error_report, evaluate, load_gold, report

    folder = folder or DATA_DIR
    try:
        docs = load_gold(folder, split)
    except GoldError as exc:
        print(f"sayso eval official: {exc}", file=sys.stderr)
        raise typer.Exit(2) from None
    with progress_line(len(docs)) as progress:
        results = evaluate(docs, progress)
    for r in results:
        if r.error:
            print(f"sayso eval official: {r.error}", file=sys.stderr)
    if errors:
        for line in error_report(results):
            print(line)
    print(json.dumps(report(results, split)))
    if any(r.error for r in results):
        raise typer.Exit(1)
