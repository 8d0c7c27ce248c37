"""Which reader fits an input: from its content first when the content is unambiguous
(a WARC record header, ``<!DOCTYPE html>``, ``<rss``), else from its extension, else from
what the text looks like.

``detect_format`` answers one of ``registry.FORMATS`` or None; ``why_unknown`` says, in
words a user can act on, why it answered None (a PNG image, a ZIP archive, JSON that is
not one object per line, XML that is not a feed, ...).
"""

from __future__ import annotations

import gzip
import json
import re
import zlib
from pathlib import PurePosixPath

from sayso.ingest.decode import bomless_utf16, bomless_utf32, declared_charset, decode_bytes
from sayso.ingest.registry import RawInput

# Enough to see a doctype, a front matter block or the first JSON line; sniffing more
# costs time on big files and tells nothing new.
HEAD_BYTES = 64 * 1024

EXTENSIONS = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".mdown": "markdown",
    ".mkd": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".shtml": "html",
    ".rss": "feed",
    ".atom": "feed",
    ".warc": "warc",
    ".arc": "warc",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}

# Content types from HTTP headers (only the media type, parameters dropped).
CONTENT_TYPES = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "application/rss+xml": "feed",
    "application/atom+xml": "feed",
    "application/rdf+xml": "feed",
    "application/warc": "warc",
    "application/x-ndjson": "jsonl",
    "application/jsonl": "jsonl",
    "application/x-jsonlines": "jsonl",
    "text/markdown": "markdown",
    "text/x-markdown": "markdown",
    "text/plain": "text",
}

# Magic numbers of binary files people commonly drop in a folder of articles, with what to
# call them in the message.
BINARY_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"RIFF", "a RIFF media file (WebP/WAV/AVI)"),
    (b"%PDF-", "a PDF document (extract its text first, e.g. with pdftotext)"),
    (b"PK\x03\x04", "a ZIP archive or Office document (unpack it or save it as text first)"),
    (b"PK\x05\x06", "an empty ZIP archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document (save it as text)"),
    (b"{\\rtf", "an RTF document (save it as plain text first)"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive (unpack it first)"),
    (b"BZh", "a bzip2 file (decompress it first)"),
    (b"\xfd7zXZ\x00", "an xz file (decompress it first)"),
    (b"\x28\xb5\x2f\xfd", "a zstd file (decompress it first)"),
    (b"Rar!", "a RAR archive (unpack it first)"),
    (b"\x7fELF", "an executable"),
    (b"MZ", "a Windows executable"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"OggS", "an Ogg media file"),
    (b"ID3", "an MP3 file"),
    (b"wOFF", "a web font"),
    (b"wOF2", "a web font"),
)
GZIP_MAGIC = b"\x1f\x8b"
WARC_MAGIC = b"WARC/"

# Extensions of text files that are data, not articles.
DATA_EXTENSIONS = {
    ".csv": "a CSV table",
    ".tsv": "a TSV table",
    ".json": "JSON",
    ".yaml": "YAML",
    ".yml": "YAML",
    ".css": "a stylesheet",
    ".js": "JavaScript",
    ".svg": "an SVG image",
    ".py": "Python source",
    ".sql": "SQL",
}

HTML_START = re.compile(r"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]", re.I)
HTML_TAGS = re.compile(
    r"</?(?:p|div|span|a|br|h[1-6]|article|section|meta|title|script)[\s>/]", re.I
)
FEED_ROOT = re.compile(r"<(?:rss[\s>]|feed[\s>]|rdf:RDF[\s>])", re.I)
XML_DECL = re.compile(r"<\?xml[^>]*\?>", re.I)
# What may come before an XML document's root element: declaration, comments, processing
# instructions, a DOCTYPE; then the root's name and (first) attributes.
XML_PROLOG = re.compile(r"(?:<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>|\s+)*", re.S | re.I)
XML_ROOT = re.compile(r"<([A-Za-z_][\w.:-]*)([^>]{0,2048})")
ARTICLE_ROOTS = {"html": "html", "rss": "feed", "feed": "feed", "rdf:rdf": "feed"}
FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(?:.*?\r?\n)?(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)
YAML_KEY = re.compile(r"^[A-Za-z_][\w-]*\s*:", re.M)
# Text may open with "[Editor's note]" or "{Update}"; JSON opens with a key, item or value.
JSON_START = re.compile(r'(?:\{\s*"|\[\s*[{\["\d\-\]]|\[\s*(?:true|false|null)\b)')
MD_HEADING = re.compile(r"^#{1,6}\s+\S", re.M)
MD_INLINE = re.compile(r"\[[^\]\n]+\]\([^)\s]+\)|\*\*[^*\n]+\*\*|__[^_\n]+__|^[-*+]\s+\S", re.M)


def detect_format(raw: RawInput) -> str | None:
    """The format of ``raw`` (one of registry.FORMATS), or None when sayso cannot read it."""
    head = raw.data[:HEAD_BYTES]
    if not head.strip():
        return None
    if head.startswith(WARC_MAGIC) or is_gzipped_warc(head):
        return "warc"
    if binary_kind(head):
        return None
    text = head_text(raw)
    by_content = strong_content_format(text)
    ext = extension(raw)
    if ext in (".warc", ".arc"):
        return None  # named a WARC but holds no WARC record: say so instead of guessing
    if by_content:
        return by_content
    if other_xml_root(text):
        return None  # a GEXF network, an SVG, a sitemap ... whatever the file is called
    if ext in EXTENSIONS:
        return EXTENSIONS[ext]
    if ext == ".xml":
        return None  # XML that is not a feed (sitemaps, configs, ...)
    if ext == ".json":
        return "jsonl" if looks_like_jsonl(text) else None
    if ext in DATA_EXTENSIONS:
        return None
    by_type = CONTENT_TYPES.get(media_type(raw.content_type))
    if by_type:
        return by_type
    return weak_content_format(text)


def why_unknown(raw: RawInput) -> str:
    """Why detect_format gave None, and what the user can do about it."""
    head = raw.data[:HEAD_BYTES]
    if not head.strip():
        return "empty file (nothing but whitespace): nothing to read"
    kind = binary_kind(head)
    if kind:
        advice = "" if "(" in kind else " (leave it out, or convert it to text first)"
        return f"binary file, not text: looks like {kind}{advice}"
    if head.startswith(GZIP_MAGIC):
        return "gzip-compressed file that is not a WARC archive (decompress it first)"
    ext = extension(raw)
    text = head_text(raw)
    if ext in (".warc", ".arc"):
        return "named like a WARC archive but has no WARC record header (is it truncated?)"
    if ext == ".json" or (ext not in EXTENSIONS and text.lstrip().startswith(("{", "["))):
        return (
            "JSON that is not one article per line: sayso reads JSONL "
            "(one JSON object per line with title, published, text, url)"
        )
    root = other_xml_root(text)
    if root:
        return (
            f"XML that is not an RSS/Atom feed or HTML page (its root element is <{root}>): "
            "not an article (a network export, image or data file?); sayso reads HTML, "
            "feeds, text, Markdown, WARC and JSONL: leave it out"
        )
    if ext == ".xml" or XML_DECL.match(text.lstrip()):
        return (
            "XML that is not an RSS/Atom feed (sayso reads feeds, HTML, text, Markdown, "
            "WARC and JSONL: leave it out or convert it)"
        )
    if ext in DATA_EXTENSIONS:
        return (
            f"{DATA_EXTENSIONS[ext]} file, not an article "
            "(convert it to text, Markdown, HTML or JSONL)"
        )
    return (
        "unknown format: not text, Markdown, HTML, RSS/Atom, WARC or JSONL "
        "(give it a known extension such as .txt, .md, .html or convert it to text)"
    )


def extension(raw: RawInput) -> str:
    """Lower-case extension of the input's file or URL path ('' if none)."""
    name = raw.path or raw.url or raw.source
    if raw.url or "://" in name:
        name = re.sub(r"^[a-z]+://[^/]*", "", name.split("?", 1)[0].split("#", 1)[0])
    suffixes = PurePosixPath(name.replace("\\", "/")).suffixes
    if not suffixes:
        return ""
    if suffixes[-1].lower() == ".gz" and len(suffixes) > 1:
        return suffixes[-2].lower()
    return suffixes[-1].lower()


def media_type(content_type: str | None) -> str:
    return (content_type or "").split(";", 1)[0].strip().lower()


def head_text(raw: RawInput) -> str:
    return decode_bytes(raw.data[:HEAD_BYTES], declared_charset(raw.content_type))


def binary_kind(head: bytes) -> str | None:
    """What binary file ``head`` starts like, or None if it looks like text."""
    for magic, kind in BINARY_MAGIC:
        # "MZ"/"ID3"/"BZh" are short: only call those binary if the bytes are not text too.
        if head.startswith(magic) and (len(magic) >= 4 or has_binary_bytes(head)):
            return kind
    if head.startswith(GZIP_MAGIC):
        return None if is_gzipped_warc(head) else "a gzip-compressed file (decompress it first)"
    if has_binary_bytes(head):
        return "binary data (control bytes that text does not contain)"
    return None


# Share of NUL bytes above which bytes are binary data (text that is not UTF-16/32 may
# hold a stray NUL or a few, never one byte in a hundred: a short text with one NUL is
# still text), and of other control bytes.
MAX_NUL_SHARE = 0.01
STRAY_NULS = 4
MAX_CONTROL_SHARE = 0.05


def has_binary_bytes(head: bytes) -> bool:
    """Many NUL bytes (outside UTF-16/32 text) or many control bytes mean binary data; one
    stray NUL in a text does not."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf", b"\x00\x00\xfe\xff")):
        return False
    sample = head[:8192]
    if not sample:
        return False
    if b"\x00" in sample and (bomless_utf32(head) or bomless_utf16(sample)):
        return False
    nuls = sample.count(0)
    controls = sum(1 for b in sample if 0 < b < 32 and b not in (9, 10, 12, 13, 27))
    if nuls > STRAY_NULS and nuls / len(sample) > MAX_NUL_SHARE:
        return True
    return controls / len(sample) > MAX_CONTROL_SHARE


def is_gzipped_warc(head: bytes) -> bool:
    if not head.startswith(GZIP_MAGIC):
        return False
    try:
        inflated = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 16)
    except (zlib.error, gzip.BadGzipFile):
        return False
    return inflated.startswith(WARC_MAGIC)


def strong_content_format(text: str) -> str | None:
    """A format the content states beyond doubt, whatever the file is called."""
    start = text.lstrip("\ufeff \t\r\n")
    declaration = XML_DECL.match(start)
    if declaration:
        after = start[declaration.end() :]
        if FEED_ROOT.search(after[:4096]):
            return "feed"
        if HTML_START.search(after[:4096]):
            return "html"
        return None
    lowered = start[:1024].lower()
    if lowered.startswith(("<rss", "<feed", "<rdf:rdf")):
        return "feed"
    if lowered.startswith(("<!doctype html", "<html")):
        return "html"
    return None


def other_xml_root(text: str) -> str | None:
    """The root element's name when ``text`` is an XML document that is neither HTML nor a
    feed: it opens with an XML declaration, or its root declares a namespace (xmlns) that
    is not XHTML's. None otherwise."""
    start = text.lstrip("\ufeff \t\r\n")
    if not start.startswith("<"):
        return None
    prolog = XML_PROLOG.match(start[:8192])
    rest = start[prolog.end() if prolog else 0 :]
    root = XML_ROOT.match(rest)
    if not root:
        return None
    name, attributes = root.group(1), root.group(2)
    if name.lower() in ARTICLE_ROOTS:
        return None
    declared = XML_DECL.match(start) is not None
    namespaced = "xmlns" in attributes and "www.w3.org/1999/xhtml" not in attributes
    return name if declared or namespaced else None


def weak_content_format(text: str) -> str | None:
    """The format of content with no telling name: feeds, HTML, JSONL, Markdown, else text."""
    start = text.lstrip("\ufeff \t\r\n")
    if not start:
        return None
    if FEED_ROOT.search(start[:2048]):
        return "feed"
    if start.startswith("<") and (HTML_START.search(start[:4096]) or HTML_TAGS.search(start)):
        return "html"
    if looks_like_jsonl(start):
        return "jsonl"
    if JSON_START.match(start):
        return None  # a JSON document, not one article per line
    if has_front_matter(text) or looks_like_markdown(text):
        return "markdown"
    return "text"


def has_front_matter(text: str) -> bool:
    match = FRONT_MATTER.match(text.lstrip("\ufeff"))
    return bool(match and YAML_KEY.search(match.group(0)))


def looks_like_markdown(text: str) -> bool:
    """Headings plus links or emphasis: plain text rarely has both."""
    return bool(MD_HEADING.search(text)) and bool(MD_INLINE.search(text))


def looks_like_jsonl(text: str) -> bool:
    """The first non-blank line is a whole JSON object."""
    for line in text.splitlines():
        if line.strip():
            try:
                return isinstance(json.loads(line), dict)
            except ValueError:
                return False
    return False
