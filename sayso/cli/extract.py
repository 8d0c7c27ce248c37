"""`sayso extract`: analyse inputs and print them; store nothing."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from typing import Annotated

import typer

from sayso.cli import app
from sayso.cli.output import report_failure
from sayso.model import Article, Failure


class ExtractFormat(StrEnum):
    json = "json"
    jsonl = "jsonl"
    text = "text"


@app.command()
def extract(
    inputs: Annotated[
        list[str], typer.Argument(help="Files, folders, globs, URLs, or - for stdin.")
    ],
    fmt: Annotated[ExtractFormat, typer.Option("--format", "-f", help="Output format.")] = (
        ExtractFormat.json
    ),
) -> None:
    """Analyse articles and print who said what (JSON by default); store nothing."""
    from sayso.engine.pipeline import ANALYSED_CHARS, read_and_analyse, unanalysed_warning
    from sayso.render import article_as_text

    articles: list[Article] = []
    failed = 0
    for item in read_and_analyse(inputs):
        if isinstance(item, Failure):
            failed += 1
            report_failure(item)
            continue
        if item.article.meta.get(ANALYSED_CHARS):
            said = unanalysed_warning(item.article.meta[ANALYSED_CHARS], len(item.article.text))
            print(f"sayso: {item.article.source}: {said}", file=sys.stderr, flush=True)
        if fmt is ExtractFormat.jsonl:
            print(json.dumps(item.article.to_dict(), ensure_ascii=False), flush=True)
        elif fmt is ExtractFormat.text:
            print(article_as_text(item.article), flush=True)
        else:
            articles.append(item.article)
    if fmt is ExtractFormat.json:
        json.dump(
            {"articles": [a.to_dict() for a in articles]}, sys.stdout, ensure_ascii=False, indent=1
        )
        print()
    raise typer.Exit(1 if failed else 0)
