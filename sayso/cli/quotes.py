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
    from sayso.store import QuoteFilters, QuoteHit, Store


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
    full: Annotated[
        bool, typer.Option("--full", help="Whole statements (default: the first lines).")
    ] = False,
    db: DbOption = None,
) -> None:
    """Find stored quotes: who said what, about whom, when."""
    if ctx.invoked_subcommand is not None:
        return
    from sayso.store import BadFilter

    filters = quote_filters(speaker, about, query, since, until, outlet, language, kind)
    store = open_store(db, must_exist=True)
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
        close = speakers_like(store, speaker) if total == 0 and speaker else []
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
        print_quotes(hits, total, statements, cursor, full=full)
        if close:
            names = "; ".join(f"{name} ({n} quotes)" for name, n in close)
            print(f"no speaker called {', '.join(speaker or [])!r}; did you mean: {names}?")


def speakers_like(store: Store, names: list[str]) -> list[tuple[str, int]]:
    """Speakers whose names are close to ``names`` (for a search that found nothing): the
    name to pass to --speaker and how many quotes they have."""
    seen: dict[str, int] = {}
    for name in names:
        for actor in store.suggest_actors(name, limit=5, fuzzy=True):
            if actor.reports:
                seen.setdefault(actor.name, actor.reports)
    return sorted(seen.items(), key=lambda pair: -pair[1])[:5]


def print_quotes(
    hits: list[QuoteHit], total: int, statements: int, cursor: str | None, *, full: bool
) -> None:
    """Each quote as a block: who, how (cue), when, where; the words (their first lines
    unless ``full``); what it is about; the article's title and address."""
    from rich.console import Console
    from rich.padding import Padding
    from rich.text import Text

    from sayso.render import preview

    if not hits:
        print("no quotes match" if total == 0 else f"no more quotes ({total} match)")
        return
    console = Console(highlight=False)
    cut_any = False
    for h in hits:
        when = h.published.date().isoformat() if h.published else "no date"
        speaker = h.speaker_name or h.speaker_text or h.speaker_key or "unknown speaker"
        if h.corrected:
            speaker += " (corrected by hand)"
        cue = f" {h.cue}" if h.cue and any(c.isalpha() for c in h.cue) else ""  # not "Name:"
        outlet = f" · {h.outlet}" if h.outlet else ""
        head = Text.assemble((speaker, "bold"), f"{cue} · {when}{outlet} · {h.kind}")
        words, left_out = (h.text.strip(), 0) if full else preview(h.text)
        cut_any = cut_any or bool(left_out)
        body = Text(f"“{words}”")
        if left_out:
            body.append(f" … (+{left_out} characters)", style="dim")
        lines = [head, Padding(body, (0, 0, 0, 2), expand=False)]
        notes = ["about " + ", ".join(h.about_names)] if h.about_names else []
        notes += [f"({h.reports} reports)"] if h.reports > 1 else []
        if notes:
            lines.append(Padding(Text(" · ".join(notes), style="dim"), (0, 0, 0, 2), expand=False))
        console.print(*lines)
        url = f" — {h.article_url}" if h.article_url else ""
        url += f"  [quote {h.id}]"  # what `sayso quotes correct` takes
        # soft_wrap: an address is never broken across lines (terminals keep it clickable)
        console.print(Text(f"  {h.article_title or h.article_id}{url}"), soft_wrap=True)
        console.print()
    more = f"; more with --after {cursor}" if cursor else ""
    whole = "; --full for whole statements" if cut_any else ""
    console.print(
        f"{len(hits)} of {total} quotes ({statements} distinct statements){more}{whole}",
        soft_wrap=True,
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
