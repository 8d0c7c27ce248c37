"""`sayso quotes`: search stored quotes by speaker, target, text, date, outlet."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from sayso.cli import app
from sayso.cli.db import DbOption, open_store

if TYPE_CHECKING:  # imported when the command runs: `sayso --help` stays quick
    from sayso.store import QuoteFilters, QuoteHit


class QuotesFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


class SortOrder(StrEnum):
    date = "date"
    relevance = "relevance"


def quote_filters(
    speaker: list[str] | None,
    about: list[str] | None,
    query: str | None,
    since: str | None,
    until: str | None,
    outlet: list[str] | None,
    language: list[str] | None,
    kind: list[str] | None,
) -> QuoteFilters:
    from sayso.store import QuoteFilters

    return QuoteFilters(
        query=query,
        speaker=speaker or None,
        about=about or None,
        since=since,
        until=until,
        outlet=outlet or None,
        language=language or None,
        kind=kind or None,
    )


quotes_app = typer.Typer(
    help="Find stored quotes (`sayso quotes --speaker …`); correct a speaker "
    "(`sayso quotes correct QUOTE --speaker ACTOR`).",
    invoke_without_command=True,
)
app.add_typer(quotes_app, name="quotes")


@quotes_app.callback()
def quotes(
    ctx: typer.Context,
    speaker: Annotated[
        list[str] | None,
        typer.Option(
            "--speaker", "-s", help="Who said it: actor id or name (repeat for any of several)."
        ),
    ] = None,
    about: Annotated[
        list[str] | None,
        typer.Option("--about", "-a", help="Actor mentioned in the quote: id or name."),
    ] = None,
    query: Annotated[
        str | None,
        typer.Option("--query", "-q", help='Full text: words, "a phrase", a OR b, -not.'),
    ] = None,
    since: Annotated[str | None, typer.Option(help="From this date (YYYY[-MM[-DD]]).")] = None,
    until: Annotated[str | None, typer.Option(help="Up to this date, inclusive.")] = None,
    outlet: Annotated[list[str] | None, typer.Option(help="Only from this outlet.")] = None,
    language: Annotated[list[str] | None, typer.Option(help="Only in this language.")] = None,
    kind: Annotated[
        list[str] | None, typer.Option(help="direct, indirect, mixed, turn, headline.")
    ] = None,
    sort: Annotated[SortOrder, typer.Option(help="Newest first, or best match first.")] = (
        SortOrder.date
    ),
    limit: Annotated[
        int, typer.Option("--limit", "-n", min=1, max=100_000, help="How many quotes to show.")
    ] = 20,
    after: Annotated[str | None, typer.Option(help="Continue from a next_cursor.")] = None,
    fmt: Annotated[QuotesFormat, typer.Option("--format", "-f", help="Output format.")] = (
        QuotesFormat.table
    ),
    db: DbOption = None,
) -> None:
    """Find stored quotes: who said what, about whom, when."""
    if ctx.invoked_subcommand is not None:
        return
    from sayso.store import BadFilter

    filters = quote_filters(speaker, about, query, since, until, outlet, language, kind)
    store = open_store(db)
    try:
        hits: list[QuoteHit] = []
        cursor = after
        while len(hits) < limit:  # pages of at most 1000 up to --limit
            page = store.search_quotes(
                filters, sort=sort.value, after=cursor, limit=min(limit - len(hits), 1000)
            )
            hits.extend(page.items)
            cursor = page.next_cursor
            if cursor is None:
                break
        total = store.count_quotes(filters)
        statements = store.count_quotes(filters, by="statement")
    except BadFilter as exc:
        print(f"sayso: {exc}", file=sys.stderr)
        raise typer.Exit(2) from None
    finally:
        store.close()
    if fmt is QuotesFormat.json:
        json.dump(
            {
                "quotes": [h.to_dict() for h in hits],
                "next_cursor": cursor,
                "total": total,
                "statements": statements,
            },
            sys.stdout,
            ensure_ascii=False,
            indent=1,
        )
        print()
    elif fmt is QuotesFormat.csv:
        from dataclasses import asdict

        from sayso.store.export import write_csv
        from sayso.store.records import QUOTE_COLUMNS

        write_csv((asdict(h) for h in hits), sys.stdout, QUOTE_COLUMNS)
    else:
        print_table(hits, total, statements, cursor)


def print_table(hits: list[QuoteHit], total: int, statements: int, cursor: str | None) -> None:
    from rich.console import Console
    from rich.table import Table

    if not hits:
        print("no quotes match" if total == 0 else f"no more quotes ({total} match)")
        return
    table = Table(show_lines=True, expand=True)
    table.add_column("id", no_wrap=True)
    table.add_column("date", no_wrap=True)
    table.add_column("speaker", ratio=1)
    table.add_column("quote", ratio=4)
    table.add_column("about", ratio=1)
    table.add_column("outlet", ratio=1)
    for h in hits:
        when = h.published.date().isoformat() if h.published else "-"
        speaker = h.speaker_name or h.speaker_key or "?"
        if h.corrected:
            speaker += " (corrected by hand)"
        reports = f" ({h.reports} reports)" if h.reports > 1 else ""
        table.add_row(
            str(h.id),
            when,
            speaker,
            h.text + reports,
            ", ".join(h.about_names),
            h.outlet or "",
        )
    console = Console()
    console.print(table)
    more = f"; more with --after {cursor}" if cursor else ""
    console.print(
        f"{len(hits)} of {total} quotes ({statements} distinct statements){more}", highlight=False
    )


@quotes_app.command("correct")
def correct(
    quote: Annotated[
        str, typer.Argument(help="The quote: its id (--format json shows it) or ARTICLE:qid.")
    ],
    speaker: Annotated[
        str, typer.Option("--speaker", help="Who said it: actor id or name, or 'unknown'.")
    ],
    by: Annotated[
        str | None,
        typer.Option("--by", help="Who corrects [env SAYSO_USER; default: login name]."),
    ] = None,
    note: Annotated[str | None, typer.Option("--note", help="Why (kept with the record).")] = None,
    db: DbOption = None,
) -> None:
    """Record who said a quote (the speaker sayso found was wrong, or missing).

    The correction is kept in the store with who and when, and applied whenever the
    article is stored again (`sayso corrections list` shows it)."""
    from sayso.engine.correcting import correct_speaker, who_corrects
    from sayso.store import BadCorrection

    store = open_store(db)
    try:
        made, rewritten = correct_speaker(store, quote, speaker, who_corrects(by), note)
    except BadCorrection as exc:
        print(f"sayso quotes correct: {exc}", file=sys.stderr)
        raise typer.Exit(2) from None
    finally:
        store.close()
    print(f"{made.id}  {made.describe()}")
    print(f"{rewritten} stored article(s) corrected")
