"""RSS and Atom feeds → one Article per entry, via feedparser.

Each entry gives title, published, url (its link), author and outlet (the feed's title).
The body is the entry's full content (RSS ``content:encoded``, Atom ``<content>``) made
into clean text the same way as an HTML page's (``html.html_to_text``). An entry with only
a summary is a teaser: when fetching is allowed (``fetch_links=True``, or env
``SAYSO_FETCH_LINKS=1`` for ``sayso ingest``) its linked page is fetched and read as the
article; otherwise, or if the fetch fails, the summary is kept as the body and the article
is marked ``meta["partial"] = True`` (with ``meta["fetch_error"]`` when a fetch failed).

An entry that cannot be read gives a Failure naming ``feed#N`` (N counts entries from 1);
the other entries go on. ``Article.source`` is ``feed#N`` too, and ``raw_ref`` points at the
entry inside the feed file or URL (or at the fetched page when that was read).
"""

from __future__ import annotations

import calendar
import os
import re
import time
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from html import escape
from typing import Any  # Any: feedparser is untyped (no stubs)

import feedparser
from lxml import etree

from sayso.dates import parse_datetime
from sayso.ingest.html import (
    charset_of,
    clean_inline,
    html_to_article,
    html_to_text,
)
from sayso.ingest.markup import TooComplex
from sayso.ingest.registry import RawInput, reader
from sayso.ingest.sources import raw_ref
from sayso.model import Article, Failure
from sayso.store.keys import entry_location, short_hash

HTML_TYPES = ("text/html", "application/xhtml+xml")
# feedparser reads the charset from the XML declaration or this HTTP header value.
DEFAULT_CONTENT_TYPE = "application/xml"
TRUE_WORDS = ("1", "true", "yes", "on")
CLOSING_TAG_AT_END = re.compile(rb"</([\w:.-]+)\s*>\s*$")
ENTRY_END = re.compile(rb"</(?:[\w.-]+:)?(?:item|entry)\s*>")
# A DOCTYPE comes before the root element, within the first bytes.
HEAD_BYTES = 64 * 1024


@reader("feed")
def read_feed(raw: RawInput, fetch_links: bool | None = None) -> Iterator[Article | Failure]:
    """The articles of a feed; ``fetch_links`` None means: ask ``SAYSO_FETCH_LINKS``."""
    if fetch_links is None:
        fetch_links = os.environ.get("SAYSO_FETCH_LINKS", "").strip().lower() in TRUE_WORDS
    parsed = parse_feed(raw.data, raw.content_type)
    entries = parsed.entries
    truncated = bool(parsed.bozo) and is_truncated(raw.data)
    if truncated:
        # feedparser's fallback parser loses the content of entries before the cut;
        # libxml2's recovery closes what is open and keeps everything that arrived. The
        # entry the cut falls in is left out: only whole entries are articles.
        parsed = parse_feed(repaired_xml(raw.data), raw.content_type)
        entries = parsed.entries[: len(ENTRY_END.findall(raw.data))]
    if not entries:
        yield Failure(raw.source, empty_feed_reason(parsed, truncated))
        return
    outlet = clean_inline(parsed.feed.get("title", "")) or None
    base_ref = raw_ref(raw)
    shared = shared_links(entries)
    for number, entry in enumerate(entries, start=1):
        source = f"{raw.source}#{number}"
        ref = f"{base_ref}#{number}" if base_ref else None
        try:
            item = entry_article(entry, source, ref, outlet, fetch_links, raw.options.allow_private)
            if isinstance(item, Article):
                item.locator = guid_location(entry, shared)
            yield item
        except TooComplex as exc:
            yield Failure(source, f"this feed entry's HTML: {exc}")
        except Exception:  # noqa: BLE001 - one odd entry must not lose the others
            yield Failure(
                source,
                "could not read this feed entry: the reader failed on something in it (a "
                "sayso bug: please report it with this feed; the other entries are read)",
            )
    if truncated:
        yield Failure(
            raw.source,
            f"the feed is cut off after entry {len(entries)}: the entries after it are "
            "missing (download the feed again)",
        )


def shared_links(entries: list[Any]) -> set[str]:
    """Links more than one entry of the feed points to (a feed of one page's updates)."""
    counts = Counter(e.get("link") for e in entries)
    return {link for link, n in counts.items() if isinstance(link, str) and link and n > 1}


def guid_location(entry: Any, shared: set[str]) -> str | None:
    """Entries sharing a link are told apart by their GUID (RSS ``guid``, Atom ``id``), so
    that each is its own document and an edited entry is still an update of itself; None
    when the link is the entry's own (the link then locates it, ``ingest.identity``)."""
    link, guid = entry.get("link"), entry.get("id")
    if link in shared and isinstance(guid, str) and guid.strip() and guid != link:
        return entry_location(link, "guid=" + short_hash(guid))
    return None


# The internal subset of a DOCTYPE (``<!DOCTYPE rss [ <!ENTITY ...> ]>``): where a feed
# would declare its own entities.
INTERNAL_SUBSET = re.compile(rb"<!DOCTYPE[^\[>]*+\[.*?\]\s*>", re.S | re.I)


def parse_feed(data: bytes, content_type: str | None) -> Any:
    """feedparser's reading of ``data``, entity declarations removed first: a feed's own
    entities are never expanded (billion laughs; ``SYSTEM "file:///etc/passwd"``), they stay
    as written. (expat would stop a billion laughs itself, but only after expanding some
    megabytes, for seconds.)"""
    data = INTERNAL_SUBSET.sub(b"", data[:HEAD_BYTES]) + data[HEAD_BYTES:]
    return feedparser.parse(
        data,
        response_headers={"content-type": content_type or DEFAULT_CONTENT_TYPE},
        sanitize_html=False,  # html_to_text drops scripts and hidden parts itself
        resolve_relative_uris=False,
    )


def is_truncated(data: bytes) -> bool:
    """Whether the data is XML that stops before its root element is closed."""
    root = repaired_root(data)
    if root is None:
        return False  # not XML at all: nothing was cut off
    match = CLOSING_TAG_AT_END.search(data[-256:])
    return match is None or etree.QName(root).localname != local_name(match.group(1))


def local_name(tag: bytes) -> str:
    return tag.split(b":")[-1].decode("ascii", "replace")


def repaired_root(data: bytes) -> etree._Element | None:
    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True)
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        return None


def repaired_xml(data: bytes) -> bytes:
    root = repaired_root(data)
    if root is None:
        return data
    return etree.tostring(root, xml_declaration=True, encoding="utf-8")


def empty_feed_reason(parsed: Any, truncated: bool) -> str:
    if truncated:
        return "the feed is cut off before its first complete entry (download it again)"
    if parsed.bozo:
        return f"not a readable RSS/Atom feed ({parsed.bozo_exception})"
    return "the feed has no entries"


def entry_article(
    entry: Any,
    source: str,
    ref: str | None,
    outlet: str | None,
    fetch_links: bool,
    allow_private: bool = False,
) -> Article | Failure:
    """One entry as an Article: its full content, else its linked page, else its summary."""
    title = clean_inline(entry.get("title", "")) or None
    link = entry.get("link") or None
    published = entry_published(entry)
    author = clean_inline(entry.get("author", "")) or None
    full_text = entry_text(entry.get("content") or [])

    def entry_article(text: str, meta: dict[str, Any] | None = None) -> Article:
        return Article(
            source=source,
            text=text,
            title=title,
            published=published,
            url=link,
            outlet=outlet,
            author=author,
            format="feed",
            raw_ref=ref,
            meta=meta or {},
        )

    if full_text:
        return entry_article(full_text)
    fetch_error = None
    if fetch_links and link:
        page = fetched_article(link, source, allow_private)
        if isinstance(page, Article):
            page.title = page.title or title
            page.published = page.published or published
            page.author = page.author or author
            page.outlet = page.outlet or outlet
            page.meta["feed_entry"] = ref
            return page
        fetch_error = page.reason
    summary = summary_text(entry)
    if not summary:
        reason = "feed entry has no content and no summary"
        if fetch_error:
            reason += f", and its link could not be fetched: {fetch_error}"
        elif link and not fetch_links:
            reason += " (set SAYSO_FETCH_LINKS=1 to read its linked page)"
        return Failure(source, reason)
    meta: dict[str, Any] = {"partial": True}
    if fetch_error:
        meta["fetch_error"] = fetch_error
    return entry_article(summary, meta)


def entry_text(contents: list[Any]) -> str:
    """The longest of an entry's content blocks, as clean text (feeds may carry the same
    content as HTML and as plain text)."""
    texts = [block_text(block) for block in contents]
    return max(texts, key=len, default="")


def summary_text(entry: Any) -> str:
    detail = entry.get("summary_detail") or {}
    return block_text({"type": detail.get("type", "text/html"), "value": entry.get("summary", "")})


def block_text(block: Any) -> str:
    value = block.get("value") or ""
    if block.get("type", "text/html") in HTML_TYPES:
        return html_to_text(value)
    return html_to_text(escape_text(value))


def escape_text(value: str) -> str:
    """Plain text made safe to read as HTML, its blank lines kept as paragraph breaks."""
    return "".join(f"<p>{escape(part)}</p>" for part in value.split("\n\n"))


def entry_published(entry: Any) -> datetime | None:
    """When the entry was published (else updated), with the offset the feed states;
    feedparser's own parse (in UTC) when the string is in a form we do not read."""
    for key in ("published", "updated", "created"):
        stamp = parse_datetime(entry.get(key))
        if stamp is not None:
            return stamp
        parsed: time.struct_time | None = entry.get(f"{key}_parsed")
        if parsed:
            return datetime.fromtimestamp(calendar.timegm(parsed), tz=UTC)
    return None


def fetched_article(link: str, source: str, allow_private: bool) -> Article | Failure:
    """The page an entry links to, read as HTML (source stays the feed entry's). It is
    fetched like any URL: public addresses only unless ``allow_private``."""
    from sayso.ingest.http import fetch_url  # httpx (~0.3 s): only when a link is fetched

    raw = fetch_url(link, allow_private=allow_private)
    if isinstance(raw, Failure):
        return raw
    return html_to_article(
        raw.data,
        source=source,
        url=raw.url,
        raw_ref=raw.url,
        declared_charset=charset_of(raw.content_type),
    )
