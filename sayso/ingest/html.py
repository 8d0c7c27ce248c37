"""HTML pages → Articles: title, publication date-time, author, outlet, URL and body text.

Generic pages go through trafilatura, which finds the article among the page chrome. Sites
whose layout is known (``data/html_sites.json``) are read from their content elements
instead, after dropping the parts that are not body text (menus, photo captions, hidden name
tooltips...). Either way the body becomes paragraphs separated by a blank line ("\\n\\n");
a ``<br>`` inside a paragraph becomes a single "\\n".

The raw HTML is kept by reference, so that analysis can be re-run on it:
``Article.raw_ref`` is the file the page was read from or, for a fetched page, its URL
(a page can change, so ``meta["raw_sha256"]`` tells whether a re-fetch still gives the same
bytes). Pages read from stdin have no reference (``raw_ref`` is None): save them to a file
first if they must be re-read. Pages inside a feed or WARC archive are referenced by their
entry (``archive.warc.gz#3``), set by those readers.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Callable, Iterable, Iterator
from copy import deepcopy
from dataclasses import dataclass
from datetime import datetime, time
from functools import cache
from importlib import resources
from types import ModuleType
from typing import Any, cast  # Any: Article.meta values (JSON)
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from lxml.etree import XPath, _Element
from lxml.html import HtmlElement

from sayso.dates import parse_datetime
from sayso.ingest.decode import decode_bytes
from sayso.ingest.markup import TooComplex, check_markup, check_tree
from sayso.ingest.page_meta import PageMeta, page_meta
from sayso.ingest.registry import Deferred, RawInput, reader
from sayso.ingest.selectors import attribute_values, select
from sayso.ingest.sources import raw_ref
from sayso.model import Article, Failure, NoArticle

NO_TEXT = "no article text found in HTML"

# trafilatura and htmldate log parse trouble at ERROR level; here a page either yields an
# article or one Failure that says why, so their log lines would only be noise on stderr.
for _logger in ("trafilatura", "htmldate", "courlan"):
    logging.getLogger(_logger).setLevel(logging.CRITICAL)

@cache
def trafilatura() -> ModuleType:
    """trafilatura, imported on the first page to read (~0.5 s): a run whose pages are all
    stored unchanged, or that reads no HTML, never pays for it."""
    import trafilatura.settings

    return trafilatura


# Where a page declares its charset: <meta charset="..."> or the http-equiv form.
META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""", re.I)
CHARSET_SNIFF_BYTES = 4096
XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
FRAGMENT_TAGS = re.compile(r"<(?:p|div|article|section|h[1-6]|blockquote|ul|ol|table)[\s>]", re.I)


# Elements that end a paragraph: HTML block elements and trafilatura's output XML
# (head = heading, item = list item, row = table row, quote = blockquote).
def tag_set(names: str) -> frozenset[str]:
    return frozenset(names.split())


BLOCK_TAGS = tag_set(
    "p div section article main header footer aside nav address blockquote pre figure "
    "figcaption h1 h2 h3 h4 h5 h6 ul ol li dl dt dd table thead tbody tfoot tr caption "
    "hr form fieldset details summary center head item list quote row code"
)
LINE_BREAK_TAGS = tag_set("br lb")
CELL_TAGS = tag_set("td th cell")
SKIP_TAGS = tag_set("script style noscript template svg iframe object button select textarea input")
CELL_SEPARATOR = " | "
SPACES = re.compile(r"\s+")
TIME_OF_DAY = re.compile(r"\b([01]?\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?\b")
# A "not published" element longer than this is a container, not a date line: kept.
DATE_LINE_CHARS = 200
# Each element's own text before its first child (``element.text``), when it has some.
FIRST_TEXTS = XPath("//*/node()[1][self::text()]", smart_strings=False)


# ---------------------------------------------------------------- rules (data file)


@dataclass(frozen=True, slots=True)
class SiteRule:
    """How to read one site whose layout generic extraction gets wrong."""

    name: str
    hosts: tuple[str, ...]
    detect: str | None
    content: tuple[str, ...]
    drop: tuple[str, ...]
    date: str | None  # the element stating the publication date (its datetime attribute)
    time_of_day: str | None  # the element stating the time, when shown apart from the date
    time_zone: str | None  # IANA zone of the site's dates when they state no offset


@dataclass(frozen=True, slots=True)
class HtmlRules:
    drop_everywhere: tuple[str, ...]
    published: tuple[dict[str, str], ...]
    not_published: tuple[str, ...]  # elements stating another date (updated, announced)
    not_published_text: re.Pattern[str]  # the words such an element starts with
    sites: tuple[SiteRule, ...]


@cache
def html_rules() -> HtmlRules:
    """The rules of ``data/html_sites.json``, read once."""
    path = resources.files("sayso.ingest") / "data" / "html_sites.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    sites = tuple(
        SiteRule(
            name=site["name"],
            hosts=tuple(site.get("hosts", ())),
            detect=site.get("detect"),
            content=tuple(site.get("content", ())),
            drop=tuple(site.get("drop", ())),
            date=site.get("date"),
            time_of_day=site.get("time_of_day"),
            time_zone=site.get("time_zone"),
        )
        for site in data["sites"]
    )
    return HtmlRules(
        drop_everywhere=tuple(data["drop_everywhere"]),
        published=tuple(data["published"]),
        not_published=tuple(data["not_published"]),
        not_published_text=re.compile(data["not_published_text"], re.I),
        sites=sites,
    )


def site_rule_for(tree: HtmlElement, url: str | None, values: str | None = None) -> SiteRule | None:
    """The site rule that applies to this page: by URL host, else by its telltale element."""
    host = (urlsplit(url).hostname or "") if url else ""
    for rule in html_rules().sites:
        if host and any(host == h or host.endswith("." + h) for h in rule.hosts):
            return rule
    for rule in html_rules().sites:
        if rule.detect and select(tree, rule.detect, values):
            return rule
    return None


# ---------------------------------------------------------------- reading a page


@reader("html")
def read_html(raw: RawInput) -> Iterator[Article | Failure | Deferred]:
    """The one article of an HTML page (or a Failure saying why there is none); with
    ``raw.defer``, the page to read (see ``Deferred``)."""
    page = Deferred(
        raw.source,
        html_to_article,
        (raw.data,),
        {
            "source": raw.source,
            "url": raw.url,
            "raw_ref": raw_ref(raw),
            "declared_charset": charset_of(raw.content_type),
        },
    )
    yield page if raw.defer else page.read()


def html_to_article(
    data: bytes | str,
    *,
    source: str,
    url: str | None = None,
    raw_ref: str | None = None,
    declared_charset: str | None = None,
    fallback_published: datetime | None = None,
) -> Article | Failure:
    """Read one page. ``url`` is where it was fetched from (it wins over the page's own
    canonical URL); ``fallback_published`` is used when the page states no date (e.g. the
    WARC-Date of an archived page)."""
    raw_bytes = data if isinstance(data, bytes) else data.encode("utf-8", "surrogatepass")
    try:
        tree = parse_html(decode_html(data, declared_charset))
    except TooComplex as exc:
        return Failure(source, str(exc))
    if tree is None:
        return NoArticle(source, f"{NO_TEXT} (the input is empty or not an HTML document)")
    values = attribute_values(tree)  # what selectors can match, on the page and its parts
    info = page_metadata(tree, url, values)
    page_url = url or absolute_http_url(info.url)
    rule = site_rule_for(tree, page_url, values)
    published = published_datetime(tree, info.found_date, rule, values) or fallback_published
    drop_elements(tree, html_rules().drop_everywhere + (rule.drop if rule else ()), values)
    paragraphs = body_paragraphs(tree, rule, values)
    title = clean_inline(info.title) if info.title else None
    if paragraphs and title and clean_inline(paragraphs[0]) == title:
        paragraphs = paragraphs[1:]  # the page repeats its headline at the top of the body
    if not paragraphs:
        return NoArticle(source, f"{NO_TEXT} (is it a page with an article on it?)")
    meta: dict[str, Any] = {"raw_sha256": hashlib.sha256(raw_bytes).hexdigest()}
    if rule:
        meta["site_rule"] = rule.name
    if info.description:
        meta["description"] = clean_inline(info.description)
    return Article(
        source=source,
        text="\n\n".join(paragraphs),
        title=title or None,
        published=published,
        url=page_url,
        outlet=clean_inline(info.sitename) if info.sitename else None,
        author=clean_inline(info.author) if info.author else None,
        format="html",
        raw_ref=raw_ref,
        meta=meta,
    )


def html_to_text(fragment: str) -> str:
    """Clean text of an HTML fragment known to be article content (a feed entry's
    content or summary): paragraphs separated by a blank line, nothing hidden or scripted.
    Plain text without markup comes back with its whitespace tidied."""
    tree = parse_html(f"<html><body><div>{fragment}</div></body></html>")
    if tree is None:
        return ""
    drop_elements(tree, html_rules().drop_everywhere)
    return "\n\n".join(paragraphs_of(tree.body if tree.find("body") is not None else tree))


def charset_of(content_type: str | None) -> str | None:
    """The charset parameter of a Content-Type header value, if any."""
    if not content_type:
        return None
    match = re.search(r"charset\s*=\s*[\"']?([^\"';\s]+)", content_type, re.I)
    return match.group(1) if match else None


def decode_html(data: bytes | str, declared_charset: str | None) -> str:
    """Text of the page, trusting (in order) the BOM, the HTTP charset, the page's own
    ``<meta charset>``, then the bytes themselves (see sayso.ingest.decode)."""
    if isinstance(data, str):
        return data
    if not declared_charset:
        match = META_CHARSET.search(data[:CHARSET_SNIFF_BYTES])
        declared_charset = match.group(1).decode("ascii") if match else None
    return decode_bytes(data, declared_charset)


def parse_html(text: str) -> HtmlElement | None:
    """The parsed page, or None when there is no HTML document in ``text``; TooComplex
    when it is over a parse limit (``markup``), measured before and after libxml2.

    libxml2 repairs truncated and malformed markup (unclosed elements are closed at the
    end), so a page cut off half-way still gives the part that arrived."""
    text = XML_DECLARATION.sub("", text, count=1)
    if not text.strip():
        return None
    check_markup(text)
    tree = load_html(text)
    if tree is None and FRAGMENT_TAGS.search(text[:CHARSET_SNIFF_BYTES]):
        # a saved snippet ("<p>...</p><p>...</p>"): trafilatura wants a whole document
        tree = load_html(f"<html><body>{text}</body></html>")
    if tree is not None:
        check_tree(tree)
    return tree


def load_html(text: str) -> HtmlElement | None:
    try:
        tree = trafilatura().utils.load_html(text)
    except (ValueError, TypeError):
        return None
    return tree if isinstance(tree, HtmlElement) else None


def page_metadata(tree: HtmlElement, url: str | None, values: str) -> PageMeta:
    """Title, author, site name, URL and description as the page states them, and its
    date search; read without the lines that state another date (``not_date_lines``).
    ``values``: the page's ``attribute_values``."""
    copy = deepcopy(tree)
    for element in not_date_lines(copy, values):
        element.drop_tree()
    trafilatura()  # imported once, as by the other steps (page_meta imports from it)
    try:
        return page_meta(copy, url, values)
    except Exception:  # noqa: BLE001 - broken metadata must not lose the body text
        return PageMeta(url=url)


def absolute_http_url(url: str | None) -> str | None:
    if url and urlsplit(url).scheme in ("http", "https") and urlsplit(url).netloc:
        return url
    return None


# ---------------------------------------------------------------- publication date-time


def published_datetime(
    tree: HtmlElement,
    found_date: Callable[[], str | None],
    rule: SiteRule | None,
    values: str | None = None,
) -> datetime | None:
    """When the page was published, as precisely as it says.

    A date-time in the page's metadata (article:published_time, JSON-LD datePublished...)
    wins; otherwise the date (and time) in the elements the site rule names, else the date
    found by trafilatura's date search (``found_date``, called only then: the search is a
    tenth of reading a page). A date without an offset is in the site rule's time zone
    when it names one (kremlin.ru writes Moscow time, as its own feed says)."""
    for value in published_values(tree, values):
        stamp = parse_datetime(value)
        if stamp is not None and has_time_of_day(value):
            return stamp
    stamp = site_date(tree, rule, values)
    if stamp is None:
        searched = found_date()
        stamp = parse_datetime(searched) if searched else None
    if stamp is not None and stamp.tzinfo is None and rule and rule.time_zone:
        stamp = stamp.replace(tzinfo=ZoneInfo(rule.time_zone))  # the site's local time
    return stamp


def not_date_lines(tree: HtmlElement, values: str | None = None) -> list[HtmlElement]:
    """Short elements that state a date other than the publication's: "Last updated at
    ...", "Announcement, February 8, 2016" (the day of the event announced), a modification
    time in the page's metadata. A generic date search takes the first date it finds, and
    on a page whose publication date is not marked up that is often one of these."""
    rules = html_rules()
    found = [e for selector in rules.not_published for e in select(tree, selector, values)]
    # Elements' own first text, as plain strings in one pass: most pages have no such
    # line, and then no element is looked at (making each one's object costs more).
    texts = cast("list[str]", FIRST_TEXTS(tree))  # text nodes without smart strings: str
    if any(rules.not_published_text.match(text) for text in texts):
        for element in tree.iter():
            if not isinstance(element.tag, str) or element.tag in SKIP_TAGS:
                continue
            if element.text and rules.not_published_text.match(element.text):
                found.append(element)
    # outermost first: disjoint subtrees, so measuring their text reads each element once
    once = list(dict.fromkeys(found))
    return [
        e
        for e in outermost(once)
        if e.getparent() is not None and len(e.text_content()) <= DATE_LINE_CHARS
    ]


def published_values(tree: HtmlElement, values: str | None = None) -> Iterator[str]:
    """Publication date values the page states, strongest source first."""
    for field in html_rules().published:
        if "jsonld" in field:
            yield from jsonld_values(tree, field["jsonld"], values)
            continue
        for element in select(tree, field["css"], values):
            value = element.get(field["attr"])
            if value and value.strip():
                yield value.strip()


def jsonld_values(tree: HtmlElement, key: str, values: str | None = None) -> Iterator[str]:
    for script in select(tree, "script[type='application/ld+json']", values):
        try:
            data = json.loads(script.text_content())
        except ValueError:
            continue
        yield from values_of_key(data, key)


def values_of_key(data: object, key: str) -> Iterator[str]:
    """Every string value of ``key`` anywhere in a JSON structure."""
    if isinstance(data, dict):
        for name, value in data.items():
            if name == key and isinstance(value, str):
                yield value
            else:
                yield from values_of_key(value, key)
    elif isinstance(data, list):
        for item in data:
            yield from values_of_key(item, key)


def site_date(
    tree: HtmlElement, rule: SiteRule | None, values: str | None = None
) -> datetime | None:
    """The date in the element the site rule names, at the time of day the site shows
    apart from it (``time_of_day``) or else in the element's own text ("February 6, 2016,
    15:10"): kremlin.ru shows the date and the time in separate elements."""
    if rule is None or rule.date is None:
        return None
    for element in select(tree, rule.date, values):
        stamp = parse_datetime(element.get("datetime") or element.get("content"))
        if stamp is None:
            continue
        if has_time_of_day(element.get("datetime") or element.get("content") or ""):
            return stamp
        clock = time_of_day(tree, rule.time_of_day, values) if rule.time_of_day else None
        clock = clock or time_in(element.text_content())
        return datetime.combine(stamp.date(), clock) if clock else stamp
    return None


def has_time_of_day(value: str) -> bool:
    return TIME_OF_DAY.search(value) is not None


def time_of_day(tree: HtmlElement, selector: str, values: str | None = None) -> time | None:
    for element in select(tree, selector, values):
        clock = time_in(element.text_content())
        if clock:
            return clock
    return None


def time_in(text: str) -> time | None:
    match = TIME_OF_DAY.search(text)
    if not match:
        return None
    hour, minute, second = match.groups()
    return time(int(hour), int(minute), int(second or 0))


# ---------------------------------------------------------------- body text


def drop_elements(tree: HtmlElement, selectors: Iterable[str], values: str | None = None) -> None:
    """Remove what matches ``selectors``, keeping the text that follows each element.
    One selector at a time: each later one has less page to look through."""
    for selector in selectors:
        for element in select(tree, selector, values):
            if element.getparent() is not None:
                element.drop_tree()


def body_paragraphs(
    tree: HtmlElement, rule: SiteRule | None, values: str | None = None
) -> list[str]:
    """The article's paragraphs: from the site's content elements when a rule names them,
    else from what trafilatura finds (retrying in its recall mode before giving up)."""
    if rule and rule.content:
        known = [e for selector in rule.content for e in select(tree, selector, values)]
        paragraphs = [p for element in outermost(known) for p in paragraphs_of(element)]
        if paragraphs:
            return paragraphs
    for recall in (False, True):
        try:
            doc = trafilatura().bare_extraction(
                tree, include_comments=False, include_tables=True, favor_recall=recall
            )
        except (ValueError, TypeError):
            doc = None
        # (no as_dict: a Document)
        if isinstance(doc, trafilatura().settings.Document) and doc.body is not None:
            paragraphs = paragraphs_of(doc.body)
            if paragraphs:
                return paragraphs
    return []


def outermost(elements: list[HtmlElement]) -> list[HtmlElement]:
    """``elements`` without those nested in another one of them (no text read twice)."""
    chosen = set(elements)
    return [e for e in elements if not any(a in chosen for a in e.iterancestors())]


def paragraphs_of(root: _Element) -> list[str]:
    """Paragraph texts under ``root`` (HTML or trafilatura's XML): block elements end a
    paragraph, line breaks (and newlines inside ``<pre>``) become "\n", other whitespace
    (source line wrapping included) one space, table cells are joined with " | "."""
    paragraphs: list[str] = []
    parts: list[str] = []
    has_text = False  # whether ``parts`` holds more than whitespace (kept, not recomputed:
    # re-joining the parts at every table cell made a long row quadratic)

    def add(part: str) -> None:
        nonlocal has_text
        parts.append(part)
        has_text = has_text or bool(part.strip())

    def flush() -> None:
        nonlocal has_text
        paragraph = tidy("".join(parts))
        if paragraph:
            paragraphs.append(paragraph)
        parts.clear()
        has_text = False

    def walk(element: _Element, pre: bool) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in SKIP_TAGS or not tag:  # comments, processing instructions, scripts
            return
        if tag in LINE_BREAK_TAGS:
            add("\n")
            return
        pre = pre or tag == "pre"
        block = tag in BLOCK_TAGS
        if block:
            flush()
        elif tag in CELL_TAGS and has_text:
            add(CELL_SEPARATOR)
        if element.text:
            add(inline(element.text, pre))
        for child in element:
            walk(child, pre)
            if child.tail:
                add(inline(child.tail, pre))
        if block:
            flush()

    walk(root, False)
    flush()
    return paragraphs


def inline(text: str, pre: bool) -> str:
    """Source text as it reads: whitespace runs are one space, except that the lines of
    preformatted text stay lines."""
    if pre:
        return "\n".join(SPACES.sub(" ", line) for line in text.split("\n"))
    return SPACES.sub(" ", text)


def tidy(text: str) -> str:
    """One paragraph whose only newlines are line breaks: lines trimmed, empty ones gone."""
    lines = (line.strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def clean_inline(text: str) -> str:
    return SPACES.sub(" ", text).strip()
