"""`sayso db upgrade|info` and the ``--db`` option shared by the store's commands."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from sayso.cli import app

if TYPE_CHECKING:  # imported when a command runs: `sayso --help` stays quick
    from sayso.store import Store

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db", help="Database URL or SQLite file [env SAYSO_DB; default sqlite:///sayso.db]."
    ),
]

db_app = typer.Typer(help="Create, upgrade and inspect the database.", no_args_is_help=True)
app.add_typer(db_app, name="db")


def open_store(db: str | None, *, upgrade: bool = True, must_exist: bool = False) -> Store:
    """The Store at ``db``; a database that cannot be opened ends the command (exit 2), and
    so does a missing SQLite file when ``must_exist`` (a command that reads the store must
    not leave an empty database behind)."""
    from sayso.store import Store, StoreError

    refuse_missing(db, must_exist)
    try:
        return Store(db, upgrade=upgrade)
    except StoreError as exc:
        print(f"sayso: {exc}", file=sys.stderr)
        raise typer.Exit(2) from None


def refuse_missing(db: str | None, must_exist: bool = True) -> None:
    """End the command (exit 2) when ``db`` names an SQLite file that does not exist."""
    from sayso.store.db import missing_sqlite_file

    missing = missing_sqlite_file(db) if must_exist else None
    if missing is not None:
        print(
            f"sayso: no database at {missing}: nothing to read. Store articles first with "
            "`sayso ingest PATH` (same --db), or point --db / SAYSO_DB at an existing database",
            file=sys.stderr,
        )
        raise typer.Exit(2)


@db_app.command("upgrade")
def upgrade(db: DbOption = None) -> None:
    """Create the database, or bring its schema up to date (safe to run any time)."""
    from sayso.store.migrate import upgrade as run_upgrade

    store = open_store(db, upgrade=False)
    try:
        before, after = run_upgrade(store.engine)
    finally:
        store.close()
    if before == after:
        print(f"{store.display_url}: schema up to date (revision {after})")
    else:
        print(f"{store.display_url}: schema upgraded from {before or 'empty'} to {after}")


@db_app.command("info")
def info(db: DbOption = None) -> None:
    """What the database holds: articles, quotes (reports), statements, stories, actors."""
    store = open_store(db, must_exist=True)
    try:
        s = store.stats()
    finally:
        store.close()
    print(
        f"{store.display_url}: {s.articles} articles, {s.quotes} quotes ({s.statements} "
        f"statements), {s.stories} stories, {s.actors} actors, {s.outlets} outlets"
    )
