"""detect_format: content first when unambiguous, then extension, then what it looks like."""

from __future__ import annotations

import gzip

import pytest

from sayso.ingest.registry import FORMATS, RawInput
from sayso.ingest.sniff import detect_format, why_unknown


def raw(name: str, data: bytes, **kw) -> RawInput:
    return RawInput(source=name, data=data, path=None if name == "-" else name, **kw)


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("a.txt", b"Posted: 15.08.2024 17:42:00\n\nTitle\n", "text"),
        ("a.md", b"---\ntitle: x\n---\nBody", "markdown"),
        ("a.html", b"<p>Hello</p>", "html"),
        ("a.htm", b"Hello", "html"),
        ("a.rss", b"<rss></rss>", "feed"),
        ("a.jsonl", b'{"text": "x"}\n', "jsonl"),
        ("a.json", b'{"text": "x"}\n{"text": "y"}\n', "jsonl"),
        ("a.warc", b"WARC/1.0\r\nWARC-Type: warcinfo\r\n", "warc"),
        ("a.warc.gz", gzip.compress(b"WARC/1.1\r\nWARC-Type: response\r\n"), "warc"),
        # Unambiguous content wins over a misleading name.
        ("saved.txt", b"<!DOCTYPE html><html><body>x</body></html>", "html"),
        ("feed.xml", b'<?xml version="1.0"?>\n<rss version="2.0"><channel/></rss>', "feed"),
        ("atom.xml", b'<?xml version="1.0" encoding="utf-8"?><feed xmlns="x"/>', "feed"),
        # No name to go by (stdin): the content decides.
        ("-", b"<html><head><title>t</title></head></html>", "html"),
        ("-", b"<rss version='2.0'></rss>", "feed"),
        ("-", b'{"title": "a", "text": "b"}\n', "jsonl"),
        ("-", b"---\ntitle: A\ndate: 2024-01-01\n---\n\nBody text.\n", "markdown"),
        ("-", b"# Heading\n\nSee [the statement](https://example.org).\n", "markdown"),
        ("-", b"Just a plain paragraph of news.\n\nAnother one.", "text"),
        ("-", "Президент заявил".encode("cp1251"), "text"),
        ("-", b"[There were allegations that] someone wanted the hat.", "text"),
        ("-", b'[\n  {"title": "a JSON array"}\n]\n', None),
        ("-", b'{\n  "title": "pretty-printed JSON"\n}\n', None),
    ],
)
def test_detects(name, data, expected):
    assert expected is None or expected in FORMATS
    assert detect_format(raw(name, data)) == expected


def test_content_type_decides_for_urls_without_extension():
    page = RawInput(
        source="https://example.org/news/123",
        data=b"Plain words",
        url="https://example.org/news/123",
        content_type="text/html; charset=utf-8",
    )
    assert detect_format(page) == "html"


@pytest.mark.parametrize(
    ("name", "data", "says"),
    [
        ("photo.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01", "PNG image"),
        ("archive.zip", b"PK\x03\x04\x14\x00\x00\x00\x08\x00", "ZIP archive"),
        ("report.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF"),
        ("data.bin", bytes(range(256)) * 4, "binary"),
        ("notes.gz", gzip.compress(b"not a warc"), "gzip"),
        ("manifest.json", b'{\n  "files": []\n}\n', "JSON that is not one article per line"),
        ("sitemap.xml", b'<?xml version="1.0"?><urlset></urlset>', "XML that is not an RSS/Atom"),
        ("table.csv", b"name,party\nBiden,D\n", "CSV"),
        ("broken.warc", b"this is not a warc", "WARC"),
    ],
)
def test_unreadable_formats_say_why(name, data, says):
    item = raw(name, data)
    assert detect_format(item) is None
    assert says in why_unknown(item)


def test_utf16_text_without_bom_is_not_binary():
    assert detect_format(raw("-", "Plain text in UTF-16".encode("utf-16-le"))) == "text"


STATEMENT = "Lukashenko said: «We are allies, and no more words are needed.»\n"


@pytest.mark.parametrize(
    "data",
    [
        STATEMENT.encode().replace(b"allies", b"allies\x00"),  # one stray NUL
        STATEMENT.encode("utf-32"),  # with a BOM
        STATEMENT.encode("utf-32-le"),  # without
        STATEMENT.encode("utf-32-be"),
        "Лукашенко заявил, что мы союзники.\n".encode("utf-32-le"),
    ],
)
def test_text_with_a_nul_or_in_utf32_is_text_not_binary(data: bytes) -> None:
    from sayso.ingest import read_raw

    raw = RawInput(source="a.txt", data=data, path="a.txt")
    assert detect_format(raw) == "text"
    [article] = read_raw(raw)
    assert "союзники" in article.text or article.text.replace("\ufffd", "") == STATEMENT


def test_many_nul_bytes_are_still_binary() -> None:
    raw = RawInput(source="a.txt", data=b"\x00\x00\x00\x01abcdefgh" * 100, path="a.txt")
    assert detect_format(raw) is None
    assert why_unknown(raw).startswith("binary file, not text")


@pytest.mark.parametrize("name", ["network.gexf", "network.html", "network.xml", "network"])
def test_a_network_export_is_not_an_article_whatever_its_name(
    name: str, sqlite_url: str, articles, kb_actors, tmp_path
) -> None:
    """`sayso export network` writes GEXF (XML with a <gexf> root and a <meta> element):
    read back, under any name, it is refused as not an article, not taken for HTML."""
    from sayso.ingest import read_inputs
    from sayso.model import Failure
    from sayso.store import Store
    from sayso.store.export import export_network

    with Store(sqlite_url) as store:
        store.load_actors(kb_actors)
        for article in articles.values():
            store.save(article)
        nodes, _ = export_network(store, tmp_path / name)
    assert nodes > 0
    [result] = list(read_inputs([str(tmp_path / name)]))
    assert isinstance(result, Failure)
    assert "root element is <gexf>" in result.reason and "not an article" in result.reason


@pytest.mark.parametrize(
    "data",
    [
        b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html>\n<html><body>x</body></html>',
        b'<html xmlns="http://www.w3.org/1999/xhtml"><body><p>x</p></body></html>',
    ],
)
def test_xhtml_is_still_html(data: bytes) -> None:
    assert detect_format(raw("page.html", data)) == "html"
    assert detect_format(raw("-", data)) == "html"
