"""Readers by format name: each input kind is one module that registers one reader.

A reader turns one raw input (the bytes of a file, a fetched page, stdin) into Articles.
It yields a ``Failure`` instead of raising for anything wrong with the input itself, so
that one bad entry of a feed or archive does not lose the others.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, BinaryIO  # Any: a deferred read's arguments

from sayso.ingest.limits import ReadOptions
from sayso.model import Article, Failure


@dataclass(slots=True)
class RawInput:
    """The bytes of one input and what is known about where they came from."""

    source: str  # as the user named it: a path (see sources.public_path), a URL, "-", ...
    data: bytes
    path: str | None = None  # local file the bytes were read from, if any (the real path)
    url: str | None = None  # URL they were fetched from, if any
    content_type: str | None = None  # from HTTP headers, if any
    hints: dict[str, str] = field(default_factory=dict)  # e.g. {"format": "html"}
    options: ReadOptions = field(default_factory=ReadOptions.from_env)  # for links it fetches
    # An archive read as a stream from this open file (``data`` is then empty): it is
    # never held in memory whole. Its reader closes it.
    stream: BinaryIO | None = None
    # Readers yield their pages as ``Deferred`` (read later, maybe in another process)
    # rather than reading them: set by ``read_raw_deferred`` (``sayso ingest``).
    defer: bool = False


@dataclass(slots=True)
class Deferred:
    """One entry whose reading (HTML to text) waits: ``read()`` gives its Article or
    Failure. The bytes and arguments are taken while the input is read, so a deferred entry
    is picklable and can be read in another process: ``sayso ingest`` reads the raw records
    and hashes them in the client, and its analysing workers read the pages (see
    ``sayso.ingest.finish``), in parallel, where a page's cost is bounded like its analysis.

    ``source`` names the entry as its Article or Failure will; ``fmt`` and ``input`` (the
    raw input's source) are set by ``read_raw`` to name a reader that raised on it."""

    source: str
    reader: Callable[..., Article | Failure]  # a module-level function: pickled by name
    args: tuple[Any, ...] = ()
    kwargs: dict[str, Any] = field(default_factory=dict)
    fmt: str = ""
    input: str = ""

    def read(self) -> Article | Failure:
        return self.reader(*self.args, **self.kwargs)


def as_is(article: Article) -> Article:
    """The reader of an entry already read (only its language is yet to be found)."""
    return article


def real_path(raw: RawInput) -> str | None:
    """The resolved path of the file ``raw`` was read from (None if not a file), with bytes
    of its name that are not UTF-8 as ``\\xff`` escapes, so that it can be hashed and stored."""
    if raw.path is None:
        return None
    return os.fsencode(os.path.realpath(raw.path)).decode("utf-8", "backslashreplace")


def seen_before(raw: RawInput, source: str, data: bytes, entry: str = "") -> bool:
    """Whether the store holds the entry ``source`` of ``raw`` (the whole input, or its
    ``entry`` such as ``#12``) read from these very bytes (``ReadOptions.seen``), so that
    reading it again can be skipped. Never for stdin: it has no place to be found again."""
    seen = raw.options.seen
    where = real_path(raw) or raw.url
    if seen is None or where is None:
        return False
    return seen(source, where + entry, data)


Reader = Callable[[RawInput], Iterator[Article | Failure | Deferred]]

READERS: dict[str, Reader] = {}


def reader(fmt: str) -> Callable[[Reader], Reader]:
    """Register ``fn`` as the reader of format ``fmt`` (one of FORMATS)."""

    def register(fn: Reader) -> Reader:
        READERS[fmt] = fn
        return fn

    return register


# The formats sayso reads; sniff.detect_format() returns one of these or None.
FORMATS = ("text", "markdown", "html", "feed", "warc", "jsonl")
