"""`sayso actors search|show|add|merge|split|rename|import`: look up and curate actors.

Knowledge-base changes (add, import) are written to the user overlay (``$SAYSO_ACTORS``,
default ``./sayso-actors.jsonl``), never to the shipped data. Corrections of what the store
holds (merge, split, rename) are records in the store (``sayso corrections``).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from sayso.cli import app
from sayso.cli.db import DbOption, open_store
from sayso.dates import BadDate, parse_day
from sayso.model import ENTITY_TYPES, is_entity_type

if TYPE_CHECKING:
    from sayso.store import Store

actors_app = typer.Typer(
    help="Search, show and curate actors (people, organisations, "
    "countries). Changes go to $SAYSO_ACTORS "
    "(default ./sayso-actors.jsonl).",
    no_args_is_help=True,
)
app.add_typer(actors_app, name="actors")


class Format(StrEnum):
    text = "text"
    json = "json"


def fail(message: str, code: int = 1) -> NoReturn:
    print(f"sayso actors: {message}", file=sys.stderr)
    raise typer.Exit(code)


def knowledge_base():
    from sayso.actors.kb import load_kb
    from sayso.actors.overlay import OverlayError

    try:
        return load_kb()
    except OverlayError as exc:
        fail(str(exc))


def parse_on(value: str | None) -> date | None:
    try:
        return parse_day(value)
    except BadDate as exc:
        fail(f"--on {exc}", 2)


def describe_actor(actor, on: date | None = None, kb=None) -> str:
    lines = [
        f"{actor.id}  {actor.name}  [{actor.type}]",
        f"  country: {actor.country or '-'}   wikidata: {actor.wikidata or '-'}   "
        f"sector: {actor.sector or '-'}   source: {actor.source}",
    ]
    if actor.aliases:
        lines.append(
            "  aliases: "
            + "; ".join(actor.aliases[:30])
            + (f"; … (+{len(actor.aliases) - 30})" if len(actor.aliases) > 30 else "")
        )
    from sayso.actors.display import posts

    lines += [f"  post: {post}" for post in posts(actor, kb, on)]
    for item in actor.evidence[:10]:
        lines.append("  seen: " + ", ".join(f"{k}={v}" for k, v in item.items() if v))
    if actor.notes:
        lines.append(f"  notes: {actor.notes}")
    return "\n".join(lines)


@actors_app.command("search")
def search_cmd(
    query: Annotated[str, typer.Argument(help="A name, spelling variant, alias or role.")],
    limit: Annotated[int, typer.Option(help="How many matches.")] = 10,
    actor_type: Annotated[
        str | None, typer.Option("--type", help="PERSON|ORG|COUNTRY|GROUP")
    ] = None,
    country: Annotated[str | None, typer.Option(help="ISO 3166-1 alpha-3 code.")] = None,
    on: Annotated[
        str | None,
        typer.Option(
            help="Also resolve QUERY as a role on this date "
            "(YYYY-MM-DD), e.g. 'the Russian President'."
        ),
    ] = None,
    fmt: Annotated[Format, typer.Option("--format", "-f")] = Format.text,
) -> None:
    """Find actors by name, spelling variant or role description."""
    from sayso.actors.resolve import resolve_mention
    from sayso.actors.search import search

    kb = knowledge_base()
    day = parse_on(on)
    results = []
    if day:
        actor = resolve_mention(query, day, kb=kb)
        if actor:
            results.append((actor, 100.0))
    results += search(
        kb,
        query,
        limit=limit,
        actor_type=actor_type and actor_type.upper(),
        country=country and country.upper(),
        fuzzy=not results,  # a role resolved on the date needs no look-alikes
    )
    results = list({a.id: (a, s) for a, s in results}.values())[:limit]
    if fmt is Format.json:
        print(
            json.dumps(
                [dict(a.to_dict(), score=round(s, 1)) for a, s in results],
                ensure_ascii=False,
                indent=1,
            )
        )
    else:
        for actor, score in results:
            print(
                f"{score:5.1f}  {actor.id:40}  {actor.name}  [{actor.type}, "
                f"{actor.country or '-'}, {actor.sector or '-'}]"
            )
    raise typer.Exit(0 if results else 1)


@actors_app.command("show")
def show_cmd(
    ids: Annotated[list[str], typer.Argument(help="Actor ids (wd:Q9188) or names.")],
    on: Annotated[str | None, typer.Option(help="Only roles held on this date.")] = None,
    fmt: Annotated[Format, typer.Option("--format", "-f")] = Format.text,
) -> None:
    """Show actors in full: names, aliases, roles with dates, evidence."""
    from sayso.actors.resolve import resolve_mention

    kb = knowledge_base()
    day = parse_on(on)
    missing = 0
    for key in ids:
        actor = kb.get(key) or resolve_mention(key, day, kb=kb)
        if actor is None:
            missing += 1
            print(
                f"sayso actors: no actor {key!r}; try `sayso actors search {key!r}`",
                file=sys.stderr,
            )
        elif fmt is Format.json:
            print(json.dumps(actor.to_dict(), ensure_ascii=False, indent=1))
        else:
            print(describe_actor(actor, day, kb))
    raise typer.Exit(1 if missing else 0)


@actors_app.command("add")
def add_cmd(
    name: Annotated[str, typer.Argument(help="Canonical name.")],
    actor_type: Annotated[str, typer.Option("--type", help="PERSON|ORG|COUNTRY|GROUP")] = "PERSON",
    country: Annotated[str | None, typer.Option(help="ISO 3166-1 alpha-3.")] = None,
    wikidata: Annotated[str | None, typer.Option(help="Wikidata QID, e.g. Q9188.")] = None,
    sector: Annotated[str | None, typer.Option(help="government, military, media, …")] = None,
    alias: Annotated[list[str] | None, typer.Option(help="Another name (repeatable).")] = None,
    title: Annotated[str | None, typer.Option(help="A role title, e.g. 'Prime Minister'.")] = None,
    office: Annotated[
        str | None, typer.Option(help="head_of_state|head_of_government|foreign_minister")
    ] = None,
    start: Annotated[str | None, typer.Option(help="Role start YYYY-MM-DD.")] = None,
    end: Annotated[str | None, typer.Option(help="Role end YYYY-MM-DD.")] = None,
) -> None:
    """Add an actor (or more names/roles for an existing id) to the user overlay."""
    from sayso.actors.importers import user_id
    from sayso.actors.kb import forget_kb
    from sayso.actors.overlay import add_actors
    from sayso.actors.types import Actor, Role

    kind = actor_type.upper()
    if not is_entity_type(kind):
        fail(f"--type {actor_type!r} is not one of {', '.join(sorted(ENTITY_TYPES))}", 2)
    if wikidata and not (wikidata[:1] == "Q" and wikidata[1:].isdigit()):
        fail(f"--wikidata {wikidata!r} is not a QID like Q9188", 2)
    country = country.upper() if country else None
    roles = []
    if title:
        roles.append(
            Role(
                title=title,
                country=country,
                start=parse_on(start),
                end=parse_on(end),
                office=office,
                sector=sector,
            )
        )
    actor = Actor(
        id=user_id(name, country, wikidata),
        name=name,
        type=kind,
        country=country,
        wikidata=wikidata,
        sector=sector,
        aliases=list(alias or []),
        roles=roles,
        source="user",
    )
    path = add_actors([actor])
    forget_kb()
    print(f"added {actor.id} ({name}) to {path}")


ByOption = Annotated[
    str | None,
    typer.Option("--by", help="Who makes the correction [env SAYSO_USER; default: login name]."),
]
NoteOption = Annotated[str | None, typer.Option("--note", help="Why (kept with the record).")]


def corrected(action: Callable[[Store], tuple[object, int]], db: str | None) -> None:
    """Run a correction against the store at ``db``; print what was recorded."""
    from sayso.store import BadCorrection, Correction

    store = open_store(db)
    try:
        made, rewritten = action(store)
    except BadCorrection as exc:
        fail(str(exc), 2)
    finally:
        store.close()
    for c in made if isinstance(made, list) else [made]:
        if isinstance(c, Correction):
            print(f"{c.id}  {c.describe()}")
    print(
        f"{rewritten} stored article(s) corrected; the correction is applied again "
        "whenever they are stored again (`sayso corrections list` shows it)"
    )


@actors_app.command("merge")
def merge_cmd(
    source: Annotated[str, typer.Argument(help="The actor that goes: id or name.")],
    into: Annotated[str, typer.Argument(help="The actor that remains: id or name.")],
    db: DbOption = None,
    by: ByOption = None,
    note: NoteOption = None,
) -> None:
    """Record that two actors are one: SOURCE's mentions and statements become INTO's.

    A correction in the store (kept with who and when, applied to every article stored now
    or later); between knowledge-base actors the merge also goes to $SAYSO_ACTORS, so
    analysis itself follows it."""
    from sayso.actors.kb import forget_kb
    from sayso.actors.overlay import record_merge
    from sayso.engine.correcting import merge, who_corrects

    corrected(lambda store: merge(store, source, into, who_corrects(by), note), db)
    kb = knowledge_base()
    known = kb.get(source) is not None or source.startswith("new:")
    if known and kb.get(into) is not None and kb.get(source) is not kb.get(into):
        path = record_merge(source, into)
        forget_kb()
        print(f"merged {source} into {into} in the knowledge base too (recorded in {path})")


@actors_app.command("split")
def split_cmd(
    actor: Annotated[str, typer.Argument(help="The actor whose mentions are not all theirs.")],
    form: Annotated[
        list[str] | None,
        typer.Option(
            "--form", help="A name form that is someone else ('MS. LEAVITT'); repeatable."
        ),
    ] = None,
    article: Annotated[
        str | None, typer.Option("--article", help="Only (or all) mentions in this article id.")
    ] = None,
    into: Annotated[
        str | None, typer.Option("--into", help="An existing actor: id or name.")
    ] = None,
    new: Annotated[str | None, typer.Option("--new", help="Or a new actor of this name.")] = None,
    new_type: Annotated[str, typer.Option("--type", help="The new actor's type.")] = "PERSON",
    country: Annotated[
        str | None, typer.Option(help="The new actor's country (ISO alpha-3).")
    ] = None,
    db: DbOption = None,
    by: ByOption = None,
    note: NoteOption = None,
) -> None:
    """Move some of an actor's mentions to another actor, or to a new one.

    What moves: the mentions that read as a name form (--form, compared without case,
    accents, punctuation or a leading 'the'), those in one article (--article), or both."""
    from sayso.engine.correcting import split, who_corrects

    corrected(
        lambda store: split(
            store,
            actor,
            forms=list(form or []),
            article_id=article,
            into=into,
            new_name=new,
            new_type=new_type,
            new_country=country,
            by=who_corrects(by),
            note=note,
        ),
        db,
    )


@actors_app.command("rename")
def rename_cmd(
    actor: Annotated[str, typer.Argument(help="The actor: id or name.")],
    name: Annotated[str, typer.Argument(help="The name to show from now on.")],
    db: DbOption = None,
    by: ByOption = None,
    note: NoteOption = None,
) -> None:
    """Give an actor another name in the store (the old one stays an alias)."""
    from sayso.engine.correcting import rename, who_corrects

    corrected(lambda store: rename(store, actor, name, who_corrects(by), note), db)


@actors_app.command("import")
def import_cmd(
    files: Annotated[list[Path], typer.Argument(help="CSV, JSONL or Wikidata dump extracts.")],
    fmt: Annotated[str, typer.Option("--format", help="auto|csv|jsonl|wikidata")] = "auto",
) -> None:
    """Import actor lists into the user overlay (one line per actor)."""
    from sayso.actors.importers import ImportError_, read_any
    from sayso.actors.kb import forget_kb
    from sayso.actors.overlay import add_actors

    failed = 0
    for path in files:
        if not path.is_file():
            print(f"sayso actors: {path}: no such file", file=sys.stderr)
            failed += 1
            continue
        try:
            actors = read_any(path, fmt)
        except (ImportError_, UnicodeDecodeError) as exc:
            print(f"sayso actors: {exc}", file=sys.stderr)
            failed += 1
            continue
        target = add_actors(actors)
        print(f"{path}: imported {len(actors)} actors into {target}")
    forget_kb()
    raise typer.Exit(1 if failed else 0)
