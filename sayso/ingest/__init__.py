"""Ingest: turn whatever the user points at into Articles.

``read_inputs(["a.txt", "feeds/", "https://…", "-"])`` expands each input into raw
inputs (``sources``), picks the format of each (``sniff``) and hands it to the reader
registered for that format (one module per format). Everything wrong with an input comes
out as a ``Failure`` naming it, never as an exception, so the rest of a batch goes on; what
comes out is made safe to store and publish by ``checks.checked``. What one input may cost
is bounded by ``limits``.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Iterator

from sayso.ingest.checks import checked, public_source
from sayso.ingest.identity import identify
from sayso.ingest.limits import ReadOptions
from sayso.ingest.registry import READERS, Deferred, RawInput, as_is, seen_before
from sayso.model import Article, Failure

# One module per input kind; importing a module registers its reader.
READER_MODULES = ("text", "markdown", "html", "feeds", "warc", "jsonl")

for _name in READER_MODULES:
    importlib.import_module(f"sayso.ingest.{_name}")

# Formats whose input is one article: its bytes say whether it changed since it was stored.
ONE_ARTICLE_FORMATS = ("text", "markdown", "html")

FORMAT_NAMES = {
    "text": "plain text",
    "markdown": "Markdown",
    "html": "HTML",
    "feed": "an RSS/Atom feed",
    "warc": "a WARC archive",
    "jsonl": "JSON lines",
}


def read_raw(raw: RawInput) -> Iterator[Article | Failure]:
    """Articles from one raw input, via the reader of its detected format."""
    fmt = reader_format(raw)
    if not isinstance(fmt, str):
        yield from [fmt] if fmt is not None else []
        return
    items = (read_now(i) for i in READERS[fmt](raw))
    try:
        yield from identify(raw, items)
    except Exception as exc:  # a reader bug must not lose the rest of the batch
        yield checked(Failure(raw.source, reader_error_reason(fmt, exc)))


def read_raw_deferred(raw: RawInput) -> Iterator[Failure | Deferred]:
    """``read_raw`` with every article left to ``finish`` where it is analysed
    (``sayso ingest``: reading the pages, HTML to text and language ID, is the analysing
    workers' work). The caller sets each article's locator with an
    ``identity.Identifier(raw)``, in the input's order, once it is back."""
    fmt = reader_format(raw)
    if not isinstance(fmt, str):
        yield from [fmt] if fmt is not None else []
        return
    raw.defer = True
    yield from deferred(raw, fmt)


def reader_format(raw: RawInput) -> str | Failure | None:
    """The format whose reader reads ``raw``; its Failure when no reader fits; None when
    the store holds this one-article input unchanged (nothing to read)."""
    from sayso.ingest.sniff import detect_format

    fmt = raw.hints.get("format") or detect_format(raw)
    if fmt is None or fmt not in READERS:
        return checked(Failure(raw.source, unknown_format_reason(raw)))
    if fmt in ONE_ARTICLE_FORMATS and seen_before(raw, raw.source, raw.data):
        return None
    return fmt


def deferred(raw: RawInput, fmt: str) -> Iterator[Failure | Deferred]:
    """The entries of ``raw`` as its reader yields them, each article left to read (see
    ``read_raw``); failures checked."""
    try:
        for item in READERS[fmt](raw):
            if isinstance(item, Failure):
                yield checked(item)
                continue
            if isinstance(item, Article):
                item = Deferred(item.source, as_is, (item,))
            item.source, item.fmt, item.input = public_source(item.source), fmt, raw.source
            yield item
    except Exception as exc:  # a reader bug must not lose the rest of the batch
        yield checked(Failure(raw.source, reader_error_reason(fmt, exc)))


def read_now(item: Article | Failure | Deferred) -> Article | Failure:
    """A reader's item as ``read_raw`` gives it: read (readers defer only when asked),
    its language found, checked."""
    if isinstance(item, Deferred):
        item = item.read()
    return checked(item if isinstance(item, Failure) else with_language(item))


def finish(entry: Deferred) -> Article | Failure:
    """A deferred entry read, its language found and checked, as ``read_raw`` would have
    given it; a reader raising on it is its Failure (named as ``read_raw`` names it)."""
    try:
        item = entry.read()
    except Exception as exc:  # noqa: BLE001 - a reader bug costs this entry only
        return checked(Failure(entry.input or entry.source, reader_error_reason(entry.fmt, exc)))
    return checked(item if isinstance(item, Failure) else with_language(item))


def reader_error_reason(fmt: str, exc: BaseException) -> str:
    """What to tell the user when a reader raised: never Python's own words
    ("AssertionError: expected name token"), which say nothing to them."""
    what = FORMAT_NAMES.get(fmt, fmt)
    if isinstance(exc, RecursionError):
        return f"could not read it as {what}: it is nested too deeply (is it generated?)"
    if isinstance(exc, MemoryError):
        return f"could not read it as {what}: not enough memory (split it into smaller files)"
    return (
        f"could not read it as {what}: the reader failed on something in it (a sayso bug: "
        "please report it with this file; the other inputs are read)"
    )


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


def read_inputs(
    inputs: Iterable[str], options: ReadOptions | None = None
) -> Iterator[Article | Failure]:
    """Articles (or Failures) from paths, folders, globs, URLs and ``-`` (stdin).
    ``options`` None: from the environment (``ReadOptions.from_env``)."""
    from sayso.ingest.sources import open_inputs

    for raw in open_inputs(inputs, options or ReadOptions.from_env()):
        if isinstance(raw, Failure):
            yield checked(raw)
        else:
            yield from read_raw(raw)
