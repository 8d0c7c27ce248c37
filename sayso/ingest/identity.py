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
    first_text: dict[str, str] = {}  # location key → id of the first article with it
    resolved: str | None = None
    for item in items:
        if isinstance(item, Article):
            if item.locator is None and item.url is None:
                if raw.path is not None:
                    resolved = resolved or real_path(raw) or raw.path
                    item.locator = file_location(resolved, entry_suffix(raw, item))
                elif raw.source == "-":
                    item.locator = content_location(STDIN_PREFIX, item.id)
            key = location_key(item)
            first = first_text.setdefault(key, item.id)
            if first != item.id:
                item.locator = entry_location(key, item.id)
        yield item


def entry_suffix(raw: RawInput, article: Article) -> str:
    """``#L3`` for the third line of ``a.jsonl`` (source ``a.jsonl#L3``); "" for a file
    that is one article."""
    if article.source.startswith(raw.source):
        return article.source[len(raw.source) :]
    return ""
