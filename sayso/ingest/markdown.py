"""Markdown with YAML front matter, as static sites and scraper archives keep news.

Metadata comes from the front matter: ``title``; ``published`` from ``published_time`` if
present, else ``date`` (or the usual synonyms); ``url`` from ``source_url``/``url``; the
outlet from ``outlet``/``site_name``/``publisher``, else the URL's host. Date-times that
state a UTC offset stay timezone-aware (the offset is information: 14:20-05:00 is not
14:20 anywhere else); dates without a time become naive midnight.

The body becomes clean text, walked from markdown-it-py's tokens (not regexes over the
source): links keep their text, images and emphasis marks go, escapes are undone, list
items, headings, quotes and table rows become paragraphs (ordered items keep their
number), hard-wrapped lines are joined with a space, and paragraphs are separated by one
blank line. Struck-out text (``~~x~~``, ``<s>x</s>``: a transcript's corrections) is
dropped; raw HTML keeps only its text. Lines holding only a no-break space (some
converters' paragraph breaks) count as blank, and lines of decoration only (``###``,
``____``, ``---``) are dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

from sayso.dates import parse_datetime
from sayso.ingest.decode import decode_raw
from sayso.ingest.registry import RawInput, reader
from sayso.ingest.sources import raw_ref
from sayso.model import Article, Failure

TITLE_KEYS = ("title", "headline", "name")
PUBLISHED_KEYS = (
    "published_time",
    "published",
    "publish_date",
    "pubdate",
    "pub_date",
    "date_published",
    "datetime",
    "date",
    "created",
    "created_at",
)
URL_KEYS = ("source_url", "url", "link", "canonical_url", "canonical", "permalink")
OUTLET_KEYS = ("outlet", "site_name", "site", "publisher", "source_name", "publication")
AUTHOR_KEYS = ("author", "authors", "byline", "by")
LANGUAGE_KEYS = ("lang", "language", "locale")

FENCE = re.compile(r"(?:---|\.\.\.)[ \t]*")
# Blank as a reader sees it: spaces, tabs and no-break or other Unicode spaces only.
BLANKISH_LINE = re.compile(r"^[ \t\u00a0\u1680\u2000-\u200b\u202f\u205f\u3000\ufeff]+$", re.M)
SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200b\u202f\u205f\u3000\ufeff]+")
# Emphasis markers markdown-it left as literal text (e.g. "**" next to a no-break space,
# which CommonMark does not let open emphasis) and decoration runs such as "###" or "____".
LEFTOVER_MARKS = re.compile(r"\*{2,}|_{2,}|(?<!\S)[#*_=~]{3,}(?!\S)")
HAS_WORD = re.compile(r"\w")

# Raw HTML: tags whose text is not article text, tags whose text was struck out, and tags
# that end a paragraph.
HTML_SKIP = {"script", "style", "svg", "noscript", "template", "head", "title"}
HTML_STRUCK = {"s", "del", "strike"}
HTML_BLOCKS = {
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "figure",
    "figcaption",
    "table",
    "tr",
    "section",
    "article",
    "header",
    "footer",
    "aside",
    "pre",
    "hr",
    "main",
    "nav",
}
HTML_TAG = re.compile(r"<\s*(/?)\s*([a-zA-Z][\w-]*)")


class FrontMatterError(ValueError):
    """Front matter that cannot be read; the message says why and where."""


@reader("markdown")
def read_markdown(raw: RawInput) -> Iterator[Article | Failure]:
    text = decode_raw(raw)
    try:
        front, body_source = split_front_matter(text)
    except FrontMatterError as exc:
        yield Failure(raw.source, str(exc))
        return
    body = markdown_to_text(body_source)
    if not body:
        yield Failure(raw.source, "Markdown file with no body text (only front matter?)")
        return
    url = first_str(front, URL_KEYS) or raw.url
    yield Article(
        source=raw.source,
        text=body,
        title=clean_line(first_str(front, TITLE_KEYS)) or first_heading(body_source),
        published=first_datetime(front, PUBLISHED_KEYS),
        url=url,
        language=language_tag(first_str(front, LANGUAGE_KEYS)),
        outlet=first_str(front, OUTLET_KEYS) or host_of(url),
        author=authors(front),
        format="markdown",
        raw_ref=raw_ref(raw),
        meta=extra_meta(front),
    )


# ---- front matter ----------------------------------------------------------------------


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """(front matter as a dict, the Markdown after it). No front matter → ({}, text)."""
    import yaml

    text = text.lstrip("\ufeff")
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip() != "---":
        return {}, text
    for i, line in enumerate(lines[1:], start=1):
        if FENCE.fullmatch(line.rstrip("\r\n")):
            block, rest = "".join(lines[1:i]), "".join(lines[i + 1 :])
            break
    else:
        if len(lines) > 1 and re.match(r"[A-Za-z_][\w-]*\s*:", lines[1]):
            raise FrontMatterError(
                "front matter opened with --- on line 1 is never closed "
                "(is the file truncated? end it with a --- line)"
            )
        return {}, text  # a thematic break, not front matter
    try:
        data = yaml.safe_load(block)
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        line = f" on line {where.line + 2}" if where is not None else ""
        problem = getattr(exc, "problem", None) or "not valid YAML"
        raise FrontMatterError(
            f"front matter is not valid YAML{line}: {problem} (fix it or remove the front matter)"
        ) from None
    if data is None:
        return {}, rest
    if not isinstance(data, dict):
        raise FrontMatterError("front matter is not a list of key: value lines")
    return {str(k).lower(): v for k, v in data.items()}, rest


def first_str(front: dict[str, Any], keys: tuple[str, ...]) -> str | None:
    for key in keys:
        value = front.get(key)
        if isinstance(value, str | int | float) and str(value).strip():
            return str(value).strip()
    return None


def first_datetime(front: dict[str, Any], keys: tuple[str, ...]) -> datetime | None:
    for key in keys:
        value = as_datetime(front.get(key))
        if value is not None:
            return value
    return None


def as_datetime(value: Any) -> datetime | None:
    """A front-matter value as a datetime (YAML may already have parsed it), or None."""
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    return parse_datetime(value) if isinstance(value, str) else None


def authors(front: dict[str, Any], keys: tuple[str, ...] = AUTHOR_KEYS) -> str | None:
    """The first author field among ``keys``: a name, or a list of names joined by commas."""
    for key in keys:
        value = front.get(key)
        if isinstance(value, list):
            names = [str(v).strip() for v in value if isinstance(v, str) and v.strip()]
            if names:
                return ", ".join(names)
        elif isinstance(value, str) and value.strip():
            return value.strip()
    return None


def language_tag(value: str | None) -> str | None:
    """``en-US`` / ``en_GB`` → ``en``; None stays None."""
    if not value:
        return None
    primary = re.split(r"[-_]", value.strip(), maxsplit=1)[0].lower()
    return primary if primary.isalpha() and 2 <= len(primary) <= 3 else None


def host_of(url: str | None) -> str | None:
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.") or None


def extra_meta(front: dict[str, Any]) -> dict[str, Any]:
    """Front matter worth keeping that Article has no field for (tags, modified time)."""
    meta: dict[str, Any] = {}
    for key in ("tags", "categories", "category"):
        if front.get(key):
            meta[key] = front[key] if isinstance(front[key], list) else [str(front[key])]
    modified = as_datetime(
        front.get("modified_time") or front.get("modified") or front.get("updated")
    )
    if modified:
        meta["modified"] = modified.isoformat()
    return meta


def clean_line(value: str | None) -> str | None:
    if value is None:
        return None
    return SPACES.sub(" ", value).strip() or None


# ---- body ------------------------------------------------------------------------------


def markdown_to_text(source: str) -> str:
    """Clean text of a Markdown body: paragraphs separated by one blank line."""
    tokens = parser().parse(BLANKISH_LINE.sub("", source))
    paragraphs = [clean_paragraph(p) for p in block_paragraphs(tokens)]
    return "\n\n".join(p for p in paragraphs if p)


def first_heading(source: str) -> str | None:
    """The text of the first heading, for files whose front matter has no title."""
    tokens = parser().parse(BLANKISH_LINE.sub("", source))
    for i, token in enumerate(tokens):
        if token.type == "heading_open" and i + 1 < len(tokens):
            return clean_paragraph(" ".join(inline_paragraphs(tokens[i + 1]))) or None
    return None


_parser: Any = None


def parser() -> Any:
    global _parser
    if _parser is None:
        from markdown_it import MarkdownIt

        _parser = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    return _parser


def block_paragraphs(tokens: list[Any]) -> Iterator[str]:
    """The text paragraphs of a token stream, in order."""
    ordinal: str | None = None
    row: list[str] | None = None
    for token in tokens:
        kind = token.type
        if kind == "list_item_open":
            ordinal = token.info or None  # ordered items keep their number
        elif kind == "list_item_close":
            ordinal = None
        elif kind == "tr_open":
            row = []
        elif kind == "tr_close" and row is not None:
            yield " | ".join(cell for cell in row if cell)
            row = None
        elif kind == "inline":
            parts = list(inline_paragraphs(token))
            if row is not None:
                row.append(" ".join(parts))
                continue
            if ordinal and parts:
                parts[0] = f"{ordinal}. {parts[0]}"
                ordinal = None
            yield from parts
        elif kind in ("fence", "code_block"):
            yield from re.split(r"\n\s*\n", token.content)
        elif kind == "html_block":
            yield from html_paragraphs(token.content)


def inline_paragraphs(token: Any) -> Iterator[str]:
    """The text of one inline token; hard line breaks split it into paragraphs."""
    parts: list[str] = []
    struck = 0
    for child in token.children or []:
        kind = child.type
        if kind == "s_open":
            struck += 1
        elif kind == "s_close":
            struck = max(struck - 1, 0)
        elif kind == "html_inline":
            closing, name = html_tag(child.content)
            if name in HTML_STRUCK:
                struck = max(struck + (-1 if closing else 1), 0)
            elif name == "br":
                yield "".join(parts)
                parts = []
        elif struck:
            continue
        elif kind in ("text", "code_inline", "text_special"):
            parts.append(child.content)
        elif kind == "softbreak":
            parts.append(" ")
        elif kind == "hardbreak":
            yield "".join(parts)
            parts = []
    yield "".join(parts)


def html_tag(html: str) -> tuple[bool, str]:
    """(is it a closing tag, tag name) of one raw HTML tag."""
    match = HTML_TAG.match(html)
    return (bool(match.group(1)), match.group(2).lower()) if match else (False, "")


def html_paragraphs(html: str) -> list[str]:
    collector = HtmlText()
    collector.feed(html)
    collector.close()
    return collector.paragraphs()


class HtmlText(HTMLParser):
    """The visible text of a raw HTML block, split into paragraphs at block tags."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.done: list[str] = []
        self.current: list[str] = []
        self.skip = 0
        self.struck = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in HTML_SKIP:
            self.skip += 1
        elif tag in HTML_STRUCK:
            self.struck += 1
        elif tag in HTML_BLOCKS:
            self.end_paragraph()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in HTML_BLOCKS:
            self.end_paragraph()

    def handle_endtag(self, tag: str) -> None:
        if tag in HTML_SKIP:
            self.skip = max(self.skip - 1, 0)
        elif tag in HTML_STRUCK:
            self.struck = max(self.struck - 1, 0)
        elif tag in HTML_BLOCKS:
            self.end_paragraph()

    def handle_data(self, data: str) -> None:
        if not self.skip and not self.struck:
            self.current.append(data)

    def end_paragraph(self) -> None:
        self.done.append("".join(self.current))
        self.current = []

    def paragraphs(self) -> list[str]:
        self.end_paragraph()
        return [p for p in self.done if p.strip()]


def clean_paragraph(text: str) -> str:
    """One paragraph on one line: spaces collapsed, leftover marks and decoration gone."""
    text = SPACES.sub(" ", " ".join(text.split("\n")))
    text = LEFTOVER_MARKS.sub("", text)
    text = SPACES.sub(" ", text).strip()
    return text if HAS_WORD.search(text) else ""
