"""The Python API: ``sayso.extract("article.txt")`` → analysed Articles.

A thin face over ``sayso.engine.pipeline`` (which the CLI and the web run too). Readers and
models load on the first call, so ``import sayso`` stays light.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from sayso.engine.pipeline import analyse_each, read_and_analyse
from sayso.model import Article, Failure

if TYPE_CHECKING:
    from sayso.actors.article import ResolvedArticle


class InputError(Exception):
    """Some inputs could not be read; ``failures`` names each one and why."""

    def __init__(self, failures: list[Failure]):
        self.failures = failures
        super().__init__("; ".join(str(f) for f in failures))


def looks_like_location(value: str) -> bool:
    """A short single-line string naming a file, folder, glob, URL or stdin."""
    if "\n" in value or len(value) > 4096:
        return False
    if value == "-" or value.startswith(("http://", "https://")):
        return True
    return Path(value).exists() or any(c in value for c in "*?[")


def articles_of(results: Iterable[ResolvedArticle | Failure]) -> Iterator[Article | Failure]:
    """The pipeline's results as the API hands them out: Articles (their entities linked
    to actors) and Failures."""
    for item in results:
        yield item if isinstance(item, Failure) else item.article


def process(inputs: Iterable[str]) -> Iterator[Article | Failure]:
    """Read and analyse each input; failures are yielded, not raised, so batches go on."""
    return articles_of(read_and_analyse(inputs))


def process_text(text: str, source: str = "<text>") -> Iterator[Article | Failure]:
    """Analyse a text given as a string, read like a plain-text file would be."""
    from sayso.ingest import read_raw
    from sayso.ingest.registry import RawInput

    raw = RawInput(source=source, data=text.encode("utf-8"), hints={"format": "text"})
    return articles_of(analyse_each(read_raw(raw)))


def extract(text_or_path: str | Path, *, strict: bool = True) -> list[Article]:
    """Analyse a text, a file, a folder, a glob or a URL and return its Articles.

    A string that names no existing file, folder or URL is analysed as the text itself.
    With ``strict`` (the default) any input that cannot be read raises ``InputError``
    after the rest has been read; otherwise failures are dropped.
    """
    value = str(text_or_path)
    if isinstance(text_or_path, Path) or looks_like_location(value):
        results = list(process([value]))
    else:
        results = list(process_text(value))
    failures = [r for r in results if isinstance(r, Failure)]
    if failures and strict:
        raise InputError(failures)
    return [r for r in results if isinstance(r, Article)]
