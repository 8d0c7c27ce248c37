"""`sayso corrections list|export|import|withdraw`: the analysts' corrections of a store.

Corrections are made with `sayso actors merge|split|rename` and `sayso quotes correct` (or
on the web, with the admin token); a team shares them as a JSON-lines file.
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from sayso.cli import app
from sayso.cli.db import DbOption, open_store

corrections_app = typer.Typer(
    help="List, share (export/import) and withdraw analysts' corrections of the store.",
    no_args_is_help=True,
)
app.add_typer(corrections_app, name="corrections")


class ListFormat(StrEnum):
    text = "text"
    json = "json"


def fail(message: str, code: int = 1) -> None:
    print(f"sayso corrections: {message}", file=sys.stderr)
    raise typer.Exit(code)


@corrections_app.command("list")
def list_cmd(
    actor: Annotated[
        str | None, typer.Option("--actor", help="Only those about or towards this actor id.")
    ] = None,
    article: Annotated[str | None, typer.Option("--article", help="Only this article's.")] = None,
    fmt: Annotated[ListFormat, typer.Option("--format", "-f")] = ListFormat.text,
    db: DbOption = None,
) -> None:
    """The corrections recorded, oldest first: id, when, who, what."""
    store = open_store(db)
    try:
        items = store.corrections(actor=actor, article_id=article)
    finally:
        store.close()
    if fmt is ListFormat.json:
        print(json.dumps([c.to_dict() for c in items], ensure_ascii=False, indent=1))
        return
    if not items:
        print("no corrections recorded")
    for c in items:
        note = f"  ({c.note})" if c.note else ""
        print(f"{c.id}  {c.at:%Y-%m-%d %H:%M}  {c.by}  {c.describe()}{note}")


@corrections_app.command("export")
def export_cmd(
    path: Annotated[str, typer.Argument(help="The file to write (JSON lines), or - for stdout.")],
    db: DbOption = None,
) -> None:
    """Write every correction to a file a colleague can import."""
    from sayso.store.corrections import write_jsonl

    store = open_store(db)
    try:
        items = store.corrections()
    finally:
        store.close()
    if path == "-":
        write_jsonl(items, sys.stdout)
        return
    with Path(path).open("w", encoding="utf-8") as handle:
        count = write_jsonl(items, handle)
    print(f"wrote {count} corrections to {path}", file=sys.stderr)


@corrections_app.command("import")
def import_cmd(
    files: Annotated[
        list[Path], typer.Argument(help="Files written by `sayso corrections export`.")
    ],
    db: DbOption = None,
) -> None:
    """Add the corrections of shared files (those already recorded are skipped) and apply
    them to the stored articles they touch."""
    from sayso.store import BadCorrection
    from sayso.store.corrections import read_jsonl

    shared = []
    for path in files:
        if not path.is_file():
            fail(f"{path}: no such file", 2)
        try:
            with path.open(encoding="utf-8") as handle:
                shared += read_jsonl(handle, str(path))
        except UnicodeDecodeError:
            fail(f"{path}: not UTF-8 text; give a file written by `sayso corrections export`", 2)
        except BadCorrection as exc:
            fail(str(exc), 2)
    store = open_store(db)
    try:
        added, rewritten = store.add_corrections(shared)
    except BadCorrection as exc:
        fail(f"{exc} (nothing was imported)", 2)
        return
    finally:
        store.close()
    print(
        f"imported {len(added)} corrections ({len(shared) - len(added)} already recorded); "
        f"{rewritten} stored article(s) corrected"
    )


@corrections_app.command("withdraw")
def withdraw_cmd(
    correction_id: Annotated[str, typer.Argument(help="The id `sayso corrections list` shows.")],
    db: DbOption = None,
) -> None:
    """Remove a correction. Articles already stored keep it until they are stored again:
    `sayso ingest --reanalyse` the same files to read them without it."""
    store = open_store(db)
    try:
        gone = store.withdraw_correction(correction_id.strip())
    finally:
        store.close()
    if gone is None:
        fail(f"no correction {correction_id!r}; `sayso corrections list` shows their ids", 2)
        return
    print(f"withdrew {gone.id}  {gone.describe()}")
    print("stored articles keep it until stored again: `sayso ingest --reanalyse` the same files")
