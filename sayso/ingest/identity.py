"""Which document each article of one input is, so that two different articles never
replace each other and a new version of one document still replaces the old one.

The store keeps one article per location key (``sayso.store.keys.location_key``): an
article's URL, else what ``identify`` sets here as ``Article.locator``:

- a local file without URL: the file by its resolved path (``keys.file_location``), so
  ``a.txt`` named from two folders is two documents, while editing a file and ingesting it
  again is an update;
- stdin: its text (``keys.content_location``): ``echo A | sayso ingest -`` then
  ``echo B | sayso ingest -`` keeps both;
- entries of one input sharing a key (a feed whose entries all link to one page, JSON lines
  with one ``url``): the first keeps it, each later one with another text gets the key made
  distinct by its GUID when its reader knows one (``feeds``), else by its text
  (``keys.entry_location``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from sayso.ingest.registry import RawInput, real_path
from sayso.model import Article, Failure
from sayso.store.keys import (
    STDIN_PREFIX,
    content_location,
    entry_location,
    file_location,
    location_key,
)


def identify(raw: RawInput, items: Iterable[Article | Failure]) -> Iterator[Article | Failure]:
    """``items`` (read from ``raw``) with the locator of each article set where needed."""
    locate = Identifier(raw)
    for item in items:
        if isinstance(item, Article):
            locate(item)
        yield item


class Identifier:
    """Sets the locators of the articles of one input, called on them in the input's
    order (the first article with a key keeps it). ``sayso ingest`` keeps one per input
    while the input's pages are read and analysed elsewhere, and calls it on each article
    as it comes back, in order."""

    def __init__(self, raw: RawInput) -> None:
        self.path = raw.path
        self.source = raw.source
        self.resolved = real_path(raw) or raw.path if raw.path is not None else None
        self.first_text: dict[str, str] = {}  # location key → id of the first article with it

    def __call__(self, item: Article) -> None:
        if item.locator is None and item.url is None:
            if self.resolved is not None:
                item.locator = file_location(self.resolved, entry_suffix(self.source, item))
            elif self.source == "-":
                item.locator = content_location(STDIN_PREFIX, item.id)
        key = location_key(item)
        first = self.first_text.setdefault(key, item.id)
        if first != item.id:
            item.locator = entry_location(key, item.id)


def entry_suffix(source: str, article: Article) -> str:
    """``#L3`` for the third line of ``a.jsonl`` (source ``a.jsonl#L3``); "" for a file
    that is one article."""
    if article.source.startswith(source):
        return article.source[len(source) :]
    return ""
