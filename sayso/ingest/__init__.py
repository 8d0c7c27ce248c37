"""Ingest: turn whatever the user points at into Articles.

``read_inputs(["a.txt", "feeds/", "https://…", "-"])`` expands each input into raw
inputs (``sources``), picks the format of each (``sniff``) and hands it to the reader
registered for that format (one module per format). Everything wrong with an input comes
out as a ``Failure`` naming it, never as an exception, so the rest of a batch goes on.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Iterator

from sayso.ingest.registry import READERS, RawInput
from sayso.model import Article, Failure

# One module per input kind; importing a module registers its reader.
READER_MODULES = ("text", "markdown", "html", "feeds", "warc", "jsonl")

for _name in READER_MODULES:
    importlib.import_module(f"sayso.ingest.{_name}")


def read_raw(raw: RawInput) -> Iterator[Article | Failure]:
    """Articles from one raw input, via the reader of its detected format."""
    from sayso.ingest.sniff import detect_format

    fmt = raw.hints.get("format") or detect_format(raw)
    if fmt is None or fmt not in READERS:
        yield Failure(raw.source, unknown_format_reason(raw))
        return
    try:
        for item in READERS[fmt](raw):
            yield item if isinstance(item, Failure) else with_language(item)
    except Exception as exc:  # a reader bug must not lose the rest of the batch
        yield Failure(raw.source, f"could not read as {fmt} ({type(exc).__name__}: {exc})")


def with_language(article: Article) -> Article:
    """Set the article's language from its text unless its reader already knew it."""
    from sayso.ingest.language import detect_language

    if article.language is None:
        article.language = detect_language(article.text or article.title or "")
    return article


def unknown_format_reason(raw: RawInput) -> str:
    """Why no reader fits ``raw`` (binary, compressed, JSON, XML, ...) and what to do."""
    from sayso.ingest.sniff import why_unknown

    return why_unknown(raw)


def read_inputs(inputs: Iterable[str]) -> Iterator[Article | Failure]:
    """Articles (or Failures) from paths, folders, globs, URLs and ``-`` (stdin)."""
    from sayso.ingest.sources import open_inputs

    for raw in open_inputs(inputs):
        if isinstance(raw, Failure):
            yield raw
        else:
            yield from read_raw(raw)
