"""`sayso eval polnear SPLIT_DIR`: score the attribution pipeline on PolNeAR."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from sayso.cli import app

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
    total = len(gold)

    def progress(n: int) -> None:
        if sys.stderr.isatty():
            print(f"\ranalysed {n}/{total}", end="", file=sys.stderr, flush=True)

    preds = predict_split(split_dir, progress)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    if predictions is not None:
        write_predictions(predictions, preds)
    print(json.dumps(score(gold, preds, direct_only)))


@eval_app.command("plover")
def plover(
    path: Annotated[Path | None, typer.Argument(
        help="PLOVER_GSR_CAMEO.txt (default: ../shared/data/plover/PLOVER_GSR_CAMEO.txt)")] = None,
    errors: Annotated[str | None, typer.Option(
        "--errors", help="Also print the records coded wrong: dev, heldout or all.")] = None,
) -> None:
    """Code PLOVER's gold-standard records and print, as JSON, the share with the right event
    type, the right source and target, and both, on the dev and held-out parts."""
    from sayso.eval.plover import default_gold, describe, judge, load_gold, predict, score

    path = path or default_gold()
    if not path.is_file():
        print(f"sayso eval plover: {path}: no such file; give the PLOVER gold records, e.g. "
              "../shared/data/plover/PLOVER_GSR_CAMEO.txt", file=sys.stderr)
        raise typer.Exit(2)
    try:
        records = load_gold(path)
    except (ValueError, KeyError, TypeError) as exc:
        print(f"sayso eval plover: {path}: not PLOVER gold records ({exc}); give "
              "PLOVER_GSR_CAMEO.txt", file=sys.stderr)
        raise typer.Exit(2) from exc
    predictions = predict(records)
    if errors:
        for r in records:
            if errors in ("all", r.split) and not judge(r, predictions[r.id])["both"]:
                print(describe(r, predictions[r.id]), file=sys.stderr)
    print(json.dumps(score(records, predictions)))
