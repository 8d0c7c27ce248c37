"""A generator of hostile inputs for ``sayso.ingest``: what a crawl, a feed, an attacker or
an unlucky colleague may hand sayso, each with what reading it must give.

``cases(count, seed)`` draws ``count`` cases, each a file name, its bytes and an expectation:

- ``article``: at least one Article and no Failure (good inputs, including odd but
  readable ones: UTF-32 without a BOM, a NUL byte, a lone surrogate, an impossible date);
- ``failure``: exactly one Failure (bad inputs: bombs, garbage, over a limit);
- ``some``: at least one Article and exactly one Failure (a JSONL file with bad lines);
- ``either``: never more than one Failure (random bytes may happen to be text).

Every kind named in issue 16 is here at its full size (500,000 attributes on one ``<p>``,
800,000 cells in a row, a million ``&amp;``, archives inflating to a gigabyte, YAML alias
bombs), plus random bytes, truncated gzip, deep nesting, huge lines, bad encodings and
special files (a FIFO, a symbolic link out of the folder), which ``write_batch`` makes.
The first case of each kind comes first, so any batch of at least ``len(KINDS)`` cases
holds every kind; the rest are drawn by weight.

``tests/hostile/run.py`` writes a batch, reads it through ``sayso.ingest.read_inputs`` in
a separate process and checks and prints the figures (``make fuzz``; the bounded run is
``tests/hostile/test_hostile.py``).
"""

from __future__ import annotations

import gzip
import json
import os
import random
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "lukashenko-allies-2024-08-15.txt"
MB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Case:
    """One hostile input: written as ``name`` (bytes, or a special file) in the batch."""

    kind: str
    name: str
    data: bytes
    expect: str  # "article" | "failure" | "some" | "either"
    special: str | None = None  # "fifo" or "symlink": made by write_batch, not written


def paragraphs() -> list[str]:
    """Real sentences to build good inputs from: the paragraphs of the example article."""
    text = EXAMPLE.read_text(encoding="utf-8")
    return [p.strip() for p in text.split("\n\n") if len(p.strip()) > 80]


PARAGRAPHS = paragraphs()
RUSSIAN = (
    "Президент Беларуси Александр Лукашенко заявил, что Россия и Беларусь — союзники. "
    "«Мы союзники, и больше слов не надо», — сказал он журналистам в Минске."
)


def body(rng: random.Random, n: int | None = None) -> str:
    return "\n\n".join(rng.sample(PARAGRAPHS, n or rng.randint(1, 4)))


def html_page(text: str, head: str = "") -> str:
    paras = "".join(f"<p>{p}</p>" for p in text.split("\n\n"))
    return (
        f"<!DOCTYPE html><html><head>{head}<title>Statement</title></head>"
        f"<body><article><h1>Statement</h1>{paras}</article></body></html>"
    )


# ---- good inputs: each must give articles and no failure --------------------------------


def text_plain(rng: random.Random) -> tuple[str, bytes, str]:
    return ".txt", body(rng).encode(), "article"


def text_posted(rng: random.Random) -> tuple[str, bytes, str]:
    text = f"Posted: 15.08.2024 17:42:00\n\nA title\n\n{body(rng)}\n\nPhoto: www.president.gov.by\n"
    return ".txt", text.encode(), "article"


def text_cp1251(rng: random.Random) -> tuple[str, bytes, str]:
    return ".txt", RUSSIAN.encode("cp1251"), "article"


def text_utf16(rng: random.Random) -> tuple[str, bytes, str]:
    return ".txt", body(rng).encode(rng.choice(["utf-16", "utf-16-le", "utf-16-be"])), "article"


def text_utf32(rng: random.Random) -> tuple[str, bytes, str]:
    codec = rng.choice(["utf-32", "utf-32-le", "utf-32-be"])  # with and without a BOM
    return rng.choice([".txt", ""]), body(rng).encode(codec), "article"


def text_nul(rng: random.Random) -> tuple[str, bytes, str]:
    data = bytearray(body(rng).encode())
    for _ in range(rng.randint(1, 3)):
        data.insert(rng.randrange(len(data)), 0)
    return ".txt", bytes(data), "article"


def text_huge_line(rng: random.Random) -> tuple[str, bytes, str]:
    line = " ".join(PARAGRAPHS) + " "
    return ".txt", (line * (rng.randint(1, 5) * MB // len(line))).encode(), "article"


def text_bad_utf8(rng: random.Random) -> tuple[str, bytes, str]:
    data = bytearray(body(rng).encode())
    for _ in range(rng.randint(1, 20)):
        data.insert(rng.randrange(len(data)), rng.choice([0x80, 0xC3, 0xFF, 0xE2, 0xED]))
    return ".txt", bytes(data), "article"


def md_front(rng: random.Random) -> tuple[str, bytes, str]:
    front = 'title: "A statement"\ndate: 2024-08-15T17:42:00+03:00\ntags: [belarus, russia]\n'
    return ".md", f"---\n{front}---\n\n{body(rng)}\n".encode(), "article"


def md_bad_date(rng: random.Random) -> tuple[str, bytes, str]:
    date = rng.choice(
        ["2024-02-30", "2024-13-01", "0001-01-01T00:00:00+14:00", "9999-12-31T23:00:00-14:00"]
    )
    return ".md", f"---\ntitle: T\ndate: {date}\n---\n\n{body(rng)}\n".encode(), "article"


def md_big_meta(rng: random.Random) -> tuple[str, bytes, str]:
    """A YAML dict in front matter far bigger than the metadata cap."""
    items = "".join(f"  key{n}: value number {n}\n" for n in range(rng.randint(20_000, 40_000)))
    return ".md", f"---\ntitle: T\ntags:\n{items}---\n\n{body(rng)}\n".encode(), "article"


def md_odd_html(rng: random.Random) -> tuple[str, bytes, str]:
    """Raw HTML blocks that trip Python's HTMLParser ("expected name token")."""
    odd = rng.choice(["<![ x", "<!x y z", "<![if !supportLists]>", "<!DOCTYPE", "<div <p>"])
    return ".md", f"# Title\n\n{odd}\n\n{body(rng)}\n".encode(), "article"


def md_dense_markup(rng: random.Random) -> tuple[str, bytes, str]:
    """Up to 900,000 brackets, links or emphasis marks: markdown-it-py would take minutes
    and gigabytes."""
    unit = rng.choice(["[", "[a](b) ", "*a **b ", "_x_ "])
    marks = unit * rng.randint(100_000, 300_000)  # 100,000 marks and more: all over the limit
    return ".md", f"# Title\n\n{marks}\n\n{body(rng)}\n".encode(), "failure"


def html_good(rng: random.Random) -> tuple[str, bytes, str]:
    return ".html", html_page(body(rng, 3)).encode(), "article"


def html_odd_charset(rng: random.Random) -> tuple[str, bytes, str]:
    charset = rng.choice(["rot-13", "base64", "zlib", "idna", "unicode-escape", "no-such", "utf-7"])
    head = f'<meta charset="{charset}">'
    return ".html", html_page(body(rng, 3), head).encode(), "article"


def html_some_entities(rng: random.Random) -> tuple[str, bytes, str]:
    text = body(rng, 3).replace(" ", " &amp; ", 200)
    return ".html", html_page(text).encode(), "article"


def jsonl_good(rng: random.Random) -> tuple[str, bytes, str]:
    lines = [
        json.dumps({"title": f"T{n}", "published": "2024-08-15", "text": body(rng)})
        for n in range(rng.randint(1, 5))
    ]
    return ".jsonl", "\n".join(lines).encode(), "article"


def jsonl_odd_values(rng: random.Random) -> tuple[str, bytes, str]:
    """A lone surrogate, NaN, infinities, huge numbers, a 300-character outlet, a date in
    year 1 with +14:00, a javascript: URL, credentials in the URL."""
    record = {
        "text": "\ud800 " + body(rng),
        "title": "\udcff title",
        "outlet": "x" * 300,
        "id": rng.choice([float("nan"), float("inf"), 10**30, {"deep": [1, 2, {"x": None}]}]),
        "published": rng.choice(
            [float("nan"), "0001-01-01T00:00:00+14:00", 1e300, "2024-02-30", -1e20]
        ),
        "url": rng.choice(
            ["javascript:alert(1)", "https://user:secret@example.org/a", "file:///etc/passwd"]
        ),
    }
    return ".jsonl", json.dumps(record).encode(), "article"


def feed_rss(rng: random.Random, same_link: bool = False) -> tuple[str, bytes, str]:
    items = "".join(
        f"<item><title>Entry {n}</title>"
        f"<link>https://example.org/{'same' if same_link else n}</link>"
        f"<pubDate>Thu, 15 Aug 2024 17:42:00 +0300</pubDate>"
        f"<description><![CDATA[<p>{body(rng, 2)}</p>]]></description></item>"
        for n in range(rng.randint(1, 5))
    )
    channel = f"<channel><title>News</title>{items}</channel>"
    feed = f'<?xml version="1.0"?><rss version="2.0">{channel}</rss>'
    return ".rss", feed.encode(), "article"


def feed_same_links(rng: random.Random) -> tuple[str, bytes, str]:
    return feed_rss(rng, same_link=True)


def warc_good(rng: random.Random) -> tuple[str, bytes, str]:
    page = html_page(body(rng, 3)).encode()
    encoding = rng.choice([None, "gzip"])
    return ".warc.gz", warc([response_record(page, encoding)]), "article"


def name_xff(rng: random.Random) -> tuple[str, bytes, str]:
    return "-\udcff\udcfe.txt", body(rng).encode(), "article"  # bytes \xff\xfe in the name


# ---- bad inputs: each must give one Failure (or, for "either", at most one) -------------


def random_bytes(rng: random.Random) -> tuple[str, bytes, str]:
    ext = rng.choice([".txt", ".html", ".md", ".jsonl", ".rss", ".warc", ".bin", ""])
    return ext, rng.randbytes(rng.randint(1, 64 * 1024)), "either"


def truncated_gzip(rng: random.Random) -> tuple[str, bytes, str]:
    data = gzip.compress(body(rng).encode() * 50)
    return rng.choice([".txt.gz", ".gz", ".txt"]), data[: rng.randint(2, len(data) - 1)], "failure"


def truncated_warc(rng: random.Random) -> tuple[str, bytes, str]:
    data = warc([response_record(html_page(body(rng, 3)).encode())])
    return ".warc.gz", data[: rng.randint(10, len(data) // 2)], "failure"


def yaml_alias(rng: random.Random) -> tuple[str, bytes, str]:
    front = rng.choice(
        [
            "tags: &x [*x]\n",
            'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
            + "".join(
                f"{chr(98 + n)}: &{chr(98 + n)} [{', '.join(['*' + chr(97 + n)] * 9)}]\n"
                for n in range(8)
            )
            + "tags: *i\n",
            "base: &b {x: 1}\nother:\n  <<: *b\n",
        ]
    )
    return ".md", f"---\ntitle: T\n{front}---\n\n{body(rng)}\n".encode(), "failure"


def yaml_deep(rng: random.Random) -> tuple[str, bytes, str]:
    depth = rng.randint(2_000, 20_000)
    return ".md", f"---\ntags: {'[' * depth}{']' * depth}\n---\n\n{body(rng)}\n".encode(), "failure"


def html_many_attributes(rng: random.Random) -> tuple[str, bytes, str]:
    attrs = " ".join(f"a{n}=1" for n in range(500_000))
    return ".html", f"<html><body><p {attrs}>{body(rng, 1)}</p></body></html>".encode(), "failure"


def html_many_cells(rng: random.Random) -> tuple[str, bytes, str]:
    row = "<td>x</td>" * 800_000
    page = f"<html><body><table><tr>{row}</tr></table><p>{body(rng, 1)}</p></body></html>"
    return ".html", page.encode(), "failure"


def html_wide_row(rng: random.Random) -> tuple[str, bytes, str]:
    row = "<td>x</td>" * rng.randint(20_000, 60_000)  # under the element cap, over the width
    page = f"<html><body><table><tr>{row}</tr></table><p>{body(rng, 1)}</p></body></html>"
    return ".html", page.encode(), "failure"


def html_million_entities(rng: random.Random) -> tuple[str, bytes, str]:
    page = f"<html><body><p>{'&amp;' * 1_000_000}</p><p>{body(rng, 1)}</p></body></html>"
    return ".html", page.encode(), "failure"


def html_deep(rng: random.Random) -> tuple[str, bytes, str]:
    depth = rng.randint(1_000, 60_000)
    page = f"<html><body>{'<div>' * depth}{body(rng, 1)}{'</div>' * depth}</body></html>"
    return ".html", page.encode(), "either"


def html_empty(rng: random.Random) -> tuple[str, bytes, str]:
    return (
        ".html",
        b"<html><head><title>x</title></head><body><nav>menu</nav></body></html>",
        "failure",
    )


def warc_inflating(rng: random.Random) -> tuple[str, bytes, str]:
    """A record whose page inflates to 1.1 GB: over the archive's inflation cap."""
    return ".warc.gz", warc_bomb(1100 * MB), "failure"


def warc_encoded_bomb(rng: random.Random) -> tuple[str, bytes, str]:
    """A page sent with Content-Encoding: gzip that inflates to 1 GB."""
    return ".warc.gz", encoded_bomb(1024 * MB), "failure"


@cache
def encoded_bomb(size: int) -> bytes:
    return warc([response_record(gzip_member(b"", b" ", size), "gzip")])


def warc_header_bomb(rng: random.Random) -> tuple[str, bytes, str]:
    """A record header line of 200 MB without a newline."""
    return ".warc.gz", header_bomb(200 * MB), "failure"


@cache
def header_bomb(size: int) -> bytes:
    return gzip_member(b"WARC/1.0\r\nWARC-Type: response\r\nX-Junk: ", b"a", size)


def jsonl_garbage(rng: random.Random) -> tuple[str, bytes, str]:
    lines = [
        rng.choice(["{", "not json", "[1,2]", '{"title": "no text"}', "{'a': 1}"])
        for _ in range(rng.randint(50, 5000))
    ]
    return ".jsonl", "\n".join(lines).encode(), "failure"


def jsonl_some_bad(rng: random.Random) -> tuple[str, bytes, str]:
    lines = [json.dumps({"text": body(rng, 1)}), "{broken", '{"text": ""}', "[]"]
    rng.shuffle(lines)
    return ".jsonl", "\n".join(lines).encode(), "some"


def empty(rng: random.Random) -> tuple[str, bytes, str]:
    return rng.choice([".txt", ".md", ".html"]), rng.choice([b"", b"  \n\t\r\n"]), "failure"


def binary_magic(rng: random.Random) -> tuple[str, bytes, str]:
    magic = rng.choice(
        [b"\x89PNG\r\n\x1a\n", b"%PDF-1.4\n", b"PK\x03\x04", b"\x7fELF", b"7z\xbc\xaf\x27\x1c"]
    )
    return rng.choice([".txt", ".pdf", ""]), magic + rng.randbytes(512), "failure"


def feed_entity_bomb(rng: random.Random) -> tuple[str, bytes, str]:
    """Billion laughs and an external entity in a feed: never expanded."""
    entities = '<!ENTITY a "lol">' + "".join(
        f'<!ENTITY {chr(98 + n)} "{("&" + chr(97 + n) + ";") * 10}">' for n in range(9)
    )
    xxe = '<!ENTITY xxe SYSTEM "file:///etc/passwd">'
    feed = (
        f'<?xml version="1.0"?><!DOCTYPE rss [{entities}{xxe}]><rss version="2.0"><channel>'
        "<title>&j;</title><item><title>&xxe;</title><description>&j;</description></item>"
        "</channel></rss>"
    )
    return ".rss", feed.encode(), "either"


def feed_truncated(rng: random.Random) -> tuple[str, bytes, str]:
    _, data, _ = feed_rss(rng)
    return ".rss", data[: rng.randint(20, len(data) - 10)], "either"


def markdown_unclosed(rng: random.Random) -> tuple[str, bytes, str]:
    return ".md", f"---\ntitle: T\ndate: 2024-08-15\n{body(rng)}".encode(), "failure"


def xml_not_feed(rng: random.Random) -> tuple[str, bytes, str]:
    return ".xml", b'<?xml version="1.0"?><urlset><url><loc>x</loc></url></urlset>', "failure"


def fifo(rng: random.Random) -> tuple[str, bytes, str]:
    return ".txt", b"", "failure"  # made a named pipe by write_batch


def symlink_out(rng: random.Random) -> tuple[str, bytes, str]:
    return ".txt", b"", "failure"  # made a link to a file outside the folder by write_batch


# kind → (maker, weight). Heavy kinds are rare: they test one limit each.
KINDS: dict[str, tuple[Callable[[random.Random], tuple[str, bytes, str]], int]] = {
    "text_plain": (text_plain, 40),
    "text_posted": (text_posted, 10),
    "text_cp1251": (text_cp1251, 10),
    "text_utf16": (text_utf16, 10),
    "text_utf32": (text_utf32, 10),
    "text_nul": (text_nul, 10),
    "text_huge_line": (text_huge_line, 1),
    "text_bad_utf8": (text_bad_utf8, 20),
    "md_front": (md_front, 20),
    "md_bad_date": (md_bad_date, 10),
    "md_big_meta": (md_big_meta, 2),
    "md_odd_html": (md_odd_html, 10),
    "md_dense_markup": (md_dense_markup, 1),
    "html_good": (html_good, 30),
    "html_odd_charset": (html_odd_charset, 10),
    "html_some_entities": (html_some_entities, 5),
    "jsonl_good": (jsonl_good, 20),
    "jsonl_odd_values": (jsonl_odd_values, 10),
    "feed_rss": (feed_rss, 15),
    "feed_same_links": (feed_same_links, 5),
    "warc_good": (warc_good, 10),
    "name_xff": (name_xff, 5),
    "random_bytes": (random_bytes, 60),
    "truncated_gzip": (truncated_gzip, 10),
    "truncated_warc": (truncated_warc, 10),
    "yaml_alias": (yaml_alias, 10),
    "yaml_deep": (yaml_deep, 3),
    "html_many_attributes": (html_many_attributes, 1),
    "html_many_cells": (html_many_cells, 1),
    "html_wide_row": (html_wide_row, 1),
    "html_million_entities": (html_million_entities, 1),
    "html_deep": (html_deep, 2),
    "html_empty": (html_empty, 5),
    "warc_inflating": (warc_inflating, 1),
    "warc_encoded_bomb": (warc_encoded_bomb, 1),
    "warc_header_bomb": (warc_header_bomb, 1),
    "jsonl_garbage": (jsonl_garbage, 5),
    "jsonl_some_bad": (jsonl_some_bad, 10),
    "empty": (empty, 10),
    "binary_magic": (binary_magic, 10),
    "feed_entity_bomb": (feed_entity_bomb, 3),
    "feed_truncated": (feed_truncated, 5),
    "markdown_unclosed": (markdown_unclosed, 5),
    "xml_not_feed": (xml_not_feed, 5),
    "fifo": (fifo, 2),
    "symlink_out": (symlink_out, 2),
}
SPECIAL = {"fifo": "fifo", "symlink_out": "symlink"}


def cases(count: int, seed: int = 16) -> Iterator[Case]:
    """``count`` cases, made one at a time: one of each kind first, then kinds drawn by
    weight."""
    rng = random.Random(seed)
    names = list(KINDS)
    kinds = names[:count] + rng.choices(
        names, weights=[KINDS[k][1] for k in names], k=max(0, count - len(names))
    )
    for number, kind in enumerate(kinds):
        ext, data, expect = KINDS[kind][0](rng)
        yield Case(kind, f"{number:05d}-{kind}{ext}", data, expect, SPECIAL.get(kind))


def write_batch(batch: Iterator[Case], folder: Path) -> list[Case]:
    """Write the cases into ``folder`` (a FIFO and links made as such); returns them
    without their bytes (a batch of 10,000 holds gigabytes)."""
    folder.mkdir(parents=True, exist_ok=True)
    secret = folder.parent / f"{folder.name}-outside-secret.txt"
    secret.write_text("SECRET outside the folder: a link must not publish this.\n")
    written = []
    for case in batch:
        path = os.path.join(os.fsencode(folder), os.fsencode(case.name))
        if case.special == "fifo":
            os.mkfifo(path)
        elif case.special == "symlink":
            os.symlink(secret, path)
        else:
            with open(path, "wb") as handle:
                handle.write(case.data)
        written.append(Case(case.kind, case.name, b"", case.expect, case.special))
    return written


# ---- WARC and gzip building blocks ------------------------------------------------------


def response_record(page: bytes, encoding: str | None = None) -> bytes:
    """One WARC response record (uncompressed) holding ``page`` as an HTML 200 response;
    with ``encoding`` the page is sent compressed (Content-Encoding)."""
    if encoding == "gzip" and not page.startswith(b"\x1f\x8b"):
        page = gzip.compress(page)
    extra = f"Content-Encoding: {encoding}\r\n" if encoding else ""
    http = (
        "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
        f"{extra}Content-Length: {len(page)}\r\n\r\n"
    ).encode() + page
    head = (
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://example.org/a\r\n"
        "WARC-Date: 2024-08-15T14:42:00Z\r\n"
        "WARC-Record-ID: <urn:uuid:12345678-1234-1234-1234-123456789012>\r\n"
        "Content-Type: application/http; msgtype=response\r\n"
        f"Content-Length: {len(http)}\r\n\r\n"
    ).encode()
    return head + http + b"\r\n\r\n"


def warc(records: list[bytes]) -> bytes:
    """A .warc.gz: one gzip member per record, as crawlers write them."""
    return b"".join(gzip.compress(record) for record in records)


@cache
def warc_bomb(size: int) -> bytes:
    """A .warc.gz whose one record holds ``size`` bytes of spaces as an HTML page."""
    http = (
        f"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {size}\r\n\r\n"
    ).encode()
    head = (
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://example.org/bomb\r\n"
        "WARC-Date: 2024-08-15T14:42:00Z\r\n"
        "Content-Type: application/http; msgtype=response\r\n"
        f"Content-Length: {len(http) + size}\r\n\r\n"
    ).encode()
    return gzip_member(head + http, b" ", size, b"\r\n\r\n")


def gzip_member(head: bytes, byte: bytes, size: int, tail: bytes = b"") -> bytes:
    """One gzip member of ``head`` + ``size`` × ``byte`` + ``tail``, compressed as it is
    made (never held whole)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    out = [compressor.compress(head)]
    chunk = byte * MB
    for _ in range(size // MB):
        out.append(compressor.compress(chunk))
    out.append(compressor.compress(byte * (size % MB) + tail))
    out.append(compressor.flush())
    return b"".join(out)
