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

Front matter is read as safe YAML with no aliases at all: ``*name`` refuses the file with a
message (an alias bomb of 600 bytes expands to gigabytes; ``tags: &x [*x]`` refers to
itself). A date that does not exist (``2024-02-30``) or cannot be a publication date is
left empty with a warning (``meta["warnings"]``), not a refused file; so is front matter
longer than the metadata cap (``SAYSO_MAX_META_BYTES``), which is then not read at all.
Raw HTML in the body is measured like an HTML page's (``markup.check_markup``), and the
body's Markdown marks are counted first (``markup.check_markdown``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime
from html.parser import HTMLParser
from typing import TYPE_CHECKING, Any  # Any: YAML front-matter values
from urllib.parse import urlsplit

from sayso.dates import parse_datetime
from sayso.ingest.checks import MAX_META_DEPTH, unread_date_warning
from sayso.ingest.decode import decode_raw
from sayso.ingest.limits import MAX_META_BYTES, human_size
from sayso.ingest.markup import TooComplex, check_markdown, check_markup
from sayso.ingest.registry import RawInput, reader
from sayso.ingest.sources import raw_ref
from sayso.model import Article, Failure, NoArticle

if TYPE_CHECKING:  # markdown-it loads on first use
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

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
    warnings: list[str] = []
    try:
        front, body_source = split_front_matter(text, warnings)
        check_markdown(body_source)
        check_markup(body_source)
    except (FrontMatterError, TooComplex) as exc:
        yield Failure(raw.source, str(exc))
        return
    tokens = markdown_tokens(body_source)
    body = tokens_to_text(tokens)
    if not body:
        yield NoArticle(raw.source, "Markdown file with no body text (only front matter?)")
        return
    url = first_str(front, URL_KEYS) or raw.url
    published = first_datetime(front, PUBLISHED_KEYS, warnings)
    meta = extra_meta(front)
    if warnings:
        meta["warnings"] = warnings
    yield Article(
        source=raw.source,
        text=body,
        title=clean_line(first_str(front, TITLE_KEYS)) or first_heading(tokens),
        published=published,
        url=url,
        language=language_tag(first_str(front, LANGUAGE_KEYS)),
        outlet=first_str(front, OUTLET_KEYS) or host_of(url),
        author=authors(front),
        format="markdown",
        raw_ref=raw_ref(raw),
        meta=meta,
    )


# ---- front matter ----------------------------------------------------------------------


def split_front_matter(text: str, warnings: list[str] | None = None) -> tuple[dict[str, Any], str]:
    """(front matter as a dict, the Markdown after it). No front matter → ({}, text).
    Front matter over the metadata cap is left unread, with a warning in ``warnings``."""
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
    cap = MAX_META_BYTES.value()
    if len(block) > cap:  # characters: at least as many bytes
        if warnings is not None:
            warnings.append(
                f"front matter not read: over {human_size(cap)}, the metadata cap "
                f"({MAX_META_BYTES.raise_hint()})"
            )
        return {}, rest
    data = load_yaml(block)
    if data is None:
        return {}, rest
    if not isinstance(data, dict):
        raise FrontMatterError("front matter is not a list of key: value lines")
    return {str(k).lower(): v for k, v in data.items()}, rest


def load_yaml(block: str) -> Any:
    """Front matter as safe YAML without aliases; FrontMatterError says what is wrong."""
    import yaml

    if flow_depth(block) > MAX_META_DEPTH:
        # PyYAML's scanner is quadratic in the depth of [ and { (20,000 take 10 s)
        raise FrontMatterError(
            "front matter is nested too deeply to read (fix it or remove the front matter)"
        )
    try:
        return yaml.load(block, Loader=front_matter_loader())  # noqa: S506 - a SafeLoader
    except AliasRefused as exc:
        raise FrontMatterError(
            f"front matter uses a YAML alias ({exc.alias}) on line {exc.line + 2}: sayso does "
            "not expand aliases (a few bytes of them can expand to gigabytes); write the "
            "value out instead"
        ) from None
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        line = f" on line {where.line + 2}" if where is not None else ""
        problem = getattr(exc, "problem", None) or "not valid YAML"
        raise FrontMatterError(
            f"front matter is not valid YAML{line}: {problem} (fix it or remove the front matter)"
        ) from None
    except RecursionError:
        raise FrontMatterError(
            "front matter is nested too deeply to read (fix it or remove the front matter)"
        ) from None


def flow_depth(block: str) -> int:
    """How deeply ``[`` and ``{`` nest in ``block`` (quotes not considered: an upper bound)."""
    if block.count("[") + block.count("{") <= MAX_META_DEPTH:
        return 0
    depth = deepest = 0
    for char in block:
        if char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth = max(depth - 1, 0)
    return deepest


class AliasRefused(Exception):
    def __init__(self, alias: str, line: int) -> None:
        super().__init__(alias)
        self.alias, self.line = alias, line


_loader: Any = None


def front_matter_loader() -> Any:
    """yaml.SafeLoader that refuses aliases and keeps what it cannot construct as text: a
    date that does not exist (2024-02-30), an integer of more digits than Python reads."""
    global _loader
    if _loader is not None:
        return _loader
    import yaml

    class FrontMatterLoader(yaml.SafeLoader):
        def compose_node(self, parent: Any, index: Any) -> Any:
            if self.check_event(yaml.AliasEvent):
                event = self.peek_event()
                raise AliasRefused(f"*{event.anchor}", event.start_mark.line)
            return super().compose_node(parent, index)

    def or_text(construct: Any) -> Any:
        def constructor(loader: Any, node: Any) -> Any:
            try:
                return construct(loader, node)
            except (ValueError, OverflowError):
                return loader.construct_scalar(node)

        return constructor

    for tag, construct in (
        ("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_yaml_timestamp),
        ("tag:yaml.org,2002:int", yaml.SafeLoader.construct_yaml_int),
    ):
        FrontMatterLoader.add_constructor(tag, or_text(construct))
    _loader = FrontMatterLoader
    return _loader


def first_str(front: dict[str, Any], keys: tuple[str, ...]) -> str | None:
    for key in keys:
        value = front.get(key)
        if isinstance(value, str | int | float) and str(value).strip():
            return str(value).strip()
    return None


def first_datetime(
    front: dict[str, Any], keys: tuple[str, ...], warnings: list[str] | None = None
) -> datetime | None:
    """The first of ``keys`` that holds a date; a value that is not one is warned of."""
    for key in keys:
        value = as_datetime(front.get(key))
        if value is not None:
            return value
        if front.get(key) not in (None, "") and warnings is not None:
            warnings.append(unread_date_warning(front[key]))
    return None


def as_datetime(value: object) -> datetime | None:
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
    return tokens_to_text(markdown_tokens(source))


def markdown_tokens(source: str) -> list[Any]:
    """markdown-it's tokens of a body (parsed once: it is the costly part)."""
    return parser().parse(BLANKISH_LINE.sub("", source))


def tokens_to_text(tokens: list[Any]) -> str:
    paragraphs = [clean_paragraph(p) for p in block_paragraphs(tokens)]
    return "\n\n".join(p for p in paragraphs if p)


def first_heading(tokens: list[Any]) -> str | None:
    """The text of the first heading, for files whose front matter has no title."""
    for i, token in enumerate(tokens):
        if token.type == "heading_open" and i + 1 < len(tokens):
            return clean_paragraph(" ".join(inline_paragraphs(tokens[i + 1]))) or None
    return None


_parser: MarkdownIt | None = None


def parser() -> MarkdownIt:
    global _parser
    if _parser is None:
        from markdown_it import MarkdownIt

        _parser = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    return _parser


def block_paragraphs(tokens: list[Token]) -> Iterator[str]:
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


def inline_paragraphs(token: Token) -> Iterator[str]:
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


ANY_TAG = re.compile(r"<[^>]*>")


def html_paragraphs(html: str) -> list[str]:
    collector = HtmlText()
    try:
        collector.feed(html)
        collector.close()
    except AssertionError:  # html.parser's answer to some declarations ("<![ x", "<!x")
        return re.split(r"\n\s*\n", ANY_TAG.sub("", html))
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
