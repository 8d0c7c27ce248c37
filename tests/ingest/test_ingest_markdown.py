"""Markdown with YAML front matter: metadata from the front matter, clean text body."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest

from sayso.ingest import read_inputs, read_raw
from sayso.ingest.markdown import markdown_to_text
from sayso.ingest.registry import RawInput
from sayso.model import Article, Failure

# Markdown syntax that must not survive into a body.
MARKDOWN_LEFTOVERS = re.compile(
    r"\*\*|__|\]\(|^#|\\|^[-*+] |</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^>]*)?/?>", re.M
)
EDT = timezone(timedelta(hours=-4))


def read_md(data: bytes, name: str = "doc.md") -> list[Article | Failure]:
    return list(read_raw(RawInput(source=name, data=data, path=name)))


def assert_clean(article: Article) -> None:
    leftovers = [m.group(0) for m in MARKDOWN_LEFTOVERS.finditer(article.text)]
    assert not leftovers, f"{article.source}: Markdown left in body: {leftovers[:5]}"
    for paragraph in article.text.split("\n\n"):
        assert paragraph and paragraph == paragraph.strip() and "\n" not in paragraph
        assert "  " not in paragraph and "\u00a0" not in paragraph


def test_statement_metadata_and_body(fixtures):
    path = fixtures / "whitehouse-2024-05-20-statement-icc-warrant-applications.md"
    [article] = read_inputs([str(path)])
    assert article.title == (
        "Statement from President Joe Biden on the Warrant Applications "
        "by the International Criminal Court"
    )
    assert article.published == datetime(2024, 5, 20, 12, 39, 53, tzinfo=EDT)
    assert article.url.startswith("https://bidenwhitehouse.archives.gov/briefing-room/")
    assert article.outlet == "bidenwhitehouse.archives.gov"
    assert article.format == "markdown" and article.language == "en"
    assert article.meta["tags"] == ["statements-releases"]
    # Hard-wrapped lines joined into one paragraph; the "\###" end mark is gone.
    assert article.text == (
        "The ICC prosecutor’s application for arrest warrants against Israeli leaders is "
        "outrageous. And let me be clear: whatever this prosecutor might imply, there is no "
        "equivalence — none — between Israel and Hamas. We will always stand with Israel "
        "against threats to its security."
    )
    assert_clean(article)


def test_remarks_turns_and_struck_corrections(fixtures):
    [article] = read_inputs([str(fixtures / "whitehouse-2022-11-12-remarks-biden-hun-sen.md")])
    paragraphs = article.text.split("\n\n")
    assert paragraphs[:3] == ["Sokha Hotel", "Phnom Penh, Cambodia", "4:49 P.M. ICT"]
    assert "PRIME MINISTER HUN SEN: (No translation provided.)" in paragraphs
    # "<s>viral</s> \[virtual\]": the struck word goes, the bracketed correction stays.
    assert "in our [virtual] summit" in article.text
    assert "viral" not in article.text
    assert_clean(article)


def test_links_keep_their_text_and_nbsp_lines_break_paragraphs(fixtures):
    path = fixtures / "whitehouse-2025-03-01-article-support-peace-ukraine.md"
    [article] = read_inputs([str(path)])
    paragraphs = article.text.split("\n\n")
    assert paragraphs[0].startswith("Support continues to roll in")
    assert paragraphs[0].endswith("relentless pursuit of peace.")
    assert paragraphs[1].startswith("Speaker Mike Johnson: “Thanks to President Trump")
    assert any(p.startswith("Secretary of State Marco Rubio: “The only person") for p in paragraphs)
    assert "x.com" not in article.text
    assert article.outlet == "whitehouse.gov"
    assert article.published.utcoffset() == timedelta(hours=-5)
    assert_clean(article)


def test_html_figure_and_emphasis_next_to_nbsp(fixtures):
    [article] = read_inputs([str(fixtures / "whitehouse-2026-08-07-release-icymi-statement.md")])
    assert article.title == "ICYMI: Statement from President Donald J. Trump"
    assert "Click here to read the post on Truth Social." in article.text
    assert "wp-content" not in article.text and "<" not in article.text
    assert_clean(article)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            "# A heading\n\nText *with* __emphasis__ and `code`.",
            "A heading\n\nText with emphasis and code.",
        ),
        ("Wrapped\nline\nhere.", "Wrapped line here."),
        ("- one\n- two\n  continued\n\n* three", "one\n\ntwo continued\n\nthree"),
        ("1. first\n2. second", "1. first\n\n2. second"),
        ("> quoted\n> words", "quoted words"),
        ('See [the text](https://x.org "t") and ![a chart](c.png).', "See the text and ."),
        (r"Escapes: \*not bold\*, \[1\], \_x\_", "Escapes: *not bold*, [1], _x_"),
        ("\\###\n\nBody\n\n* * *\n\n------\n\n\\_\\_\\_\\_", "Body"),
        ("Line one  \nLine two", "Line one\n\nLine two"),
        ("Para\n\u00a0\nNext", "Para\n\nNext"),
        (
            "Gone ~~struck~~ kept, 21<sup>st</sup> century, <s>old</s> new",
            "Gone kept, 21st century, new",
        ),
        (
            "<div>\n<p>In a <b>block</b></p><p>Two</p>\n<script>x()</script>\n</div>",
            "In a block\n\nTwo",
        ),
        ("| Name | Role |\n|---|---|\n| Rubio | Secretary |", "Name | Role\n\nRubio | Secretary"),
        ("Fish &amp; chips &mdash; &#8220;fine&#8221;", "Fish & chips — “fine”"),
        ("    indented four spaces\n    still", "indented four spaces still"),
    ],
)
def test_markdown_to_text(source, expected):
    assert markdown_to_text(source) == expected


def test_front_matter_fallbacks():
    data = (
        b"---\ntitle: T\ndate: 2024-03-05\nurl: https://www.example.org/n/1\n"
        b"author: [A. Writer, B. Writer]\nlang: ru-RU\n---\nBody.\n"
    )
    [article] = read_md(data)
    assert article.published == datetime(2024, 3, 5)  # a date alone: naive midnight
    assert article.url == "https://www.example.org/n/1"
    assert article.outlet == "example.org"
    assert article.author == "A. Writer, B. Writer"
    assert article.language == "ru"  # stated languages are kept, not re-detected


def test_no_front_matter_takes_title_from_first_heading():
    [article] = read_md(b"# The Title\n\nBody text of the piece.\n")
    assert article.title == "The Title" and article.published is None
    assert article.text == "The Title\n\nBody text of the piece."


def test_unclosed_front_matter_is_a_failure():
    [item] = read_md(b"---\ntitle: Cut off\ndate: 2024-01-01\n")
    assert isinstance(item, Failure)
    assert "never closed" in item.reason and item.source == "doc.md"


def test_invalid_yaml_names_the_line():
    [item] = read_md(b"---\ntitle: ok\ndate: [unclosed\n---\nBody\n")
    assert isinstance(item, Failure)
    assert "not valid YAML on line" in item.reason


def test_front_matter_only_is_a_failure():
    [item] = read_md("---\ntitle: Nothing else\n---\n\n\u00a0\n".encode())
    assert isinstance(item, Failure) and "no body text" in item.reason


def test_every_whitehouse_md_file(shared):
    folder = shared / "corpora" / "whitehouse-md"
    files = sorted(p for p in folder.rglob("*.md") if p.name != "SOURCE.md")
    assert len(files) == 136
    items = list(read_inputs([str(folder)]))  # the folder walk skips SOURCE.md itself
    failures = [i for i in items if isinstance(i, Failure)]
    assert not failures, failures[:5]
    # shown from the named folder on, without the server's folders above it
    assert sorted(a.source for a in items) == sorted(
        f"whitehouse-md/{p.relative_to(folder)}" for p in files
    )
    for article in items:
        assert article.title, article.source
        assert isinstance(article.published, datetime), article.source
        assert article.url and article.url.startswith("https://"), article.source
        assert len(article.text) > 20, article.source
        assert_clean(article)


BODY = b"\n\nPresident Lukashenko said the two countries were allies.\n"


@pytest.mark.parametrize(
    ("front", "alias"),
    [
        (b"tags: &x [*x]\n", "*x"),
        (b'a: &a ["lol","lol"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a]\ntags: *b\n', "*a"),
        (b"base: &b {x: 1}\nother:\n  <<: *b\n", "*b"),
    ],
)
def test_yaml_aliases_are_refused(front: bytes, alias: str) -> None:
    [failure] = read_md(b"---\ntitle: T\n" + front + b"---" + BODY)
    assert isinstance(failure, Failure)
    assert failure.reason.startswith(f"front matter uses a YAML alias ({alias}) on line ")
    assert "sayso does not expand aliases" in failure.reason


@pytest.mark.parametrize(
    ("date", "warning"),
    [
        ("2024-02-30", "published date '2024-02-30' is not a real date sayso reads: left empty"),
        ("2024-13-01", "published date '2024-13-01' is not a real date sayso reads: left empty"),
        (
            "0001-01-01T00:00:00+14:00",
            "published date 0001-01-01T00:00:00+14:00 dropped: it cannot be put in UTC",
        ),
    ],
)
def test_a_bad_date_is_a_dropped_field_with_a_warning(date: str, warning: str) -> None:
    [article] = read_md(f"---\ntitle: T\ndate: {date}\n---".encode() + BODY)
    assert isinstance(article, Article)
    assert article.title == "T" and article.published is None
    assert article.meta["warnings"] == [warning]


def test_front_matter_over_the_metadata_cap_is_not_read(monkeypatch) -> None:
    monkeypatch.setenv("SAYSO_MAX_META_BYTES", "1024")
    tags = "".join(f"  key{n}: value {n}\n" for n in range(100))
    [article] = read_md(f"---\ntitle: T\ntags:\n{tags}---".encode() + BODY)
    assert isinstance(article, Article) and article.title is None
    assert article.text.startswith("President Lukashenko")
    assert article.meta["warnings"] == [
        "front matter not read: over 1 KB, the metadata cap "
        "(raise it with SAYSO_MAX_META_BYTES=<bytes>)"
    ]


def test_front_matter_nested_too_deeply_or_with_huge_numbers() -> None:
    [deep] = read_md(b"---\ntags: " + b"[" * 5000 + b"]" * 5000 + b"\n---" + BODY)
    assert isinstance(deep, Failure)
    assert deep.reason.startswith("front matter is nested too deeply to read")
    [huge] = read_md(b"---\ntitle: T\nid: " + b"9" * 5000 + b"\n---" + BODY)
    assert isinstance(huge, Article) and huge.meta == {}  # the id is not a field kept


@pytest.mark.parametrize("odd", [b"<![ x", b"<!x y z", b"<![if !supportLists]>", b"<!DOCTYPE"])
def test_raw_html_that_trips_python_s_parser_keeps_the_text(odd: bytes) -> None:
    [article] = read_md(b"# Title\n\n" + odd + b"\n\nThe minister said the talks were useful.\n")
    assert isinstance(article, Article)
    assert article.text.endswith("The minister said the talks were useful.")


def test_dense_markup_is_refused_before_markdown_it_reads_it(monkeypatch) -> None:
    monkeypatch.setenv("SAYSO_MAX_MARKDOWN_MARKS", "1000")
    [failure] = read_md(b"# T\n\n" + b"[a](b) " * 600 + BODY)
    assert isinstance(failure, Failure)
    assert failure.reason.startswith("too much Markdown markup (1,200): over the limit of 1,000")
    [article] = read_md(b"# T\n\n" + b"[a](b) " * 400 + BODY)
    assert isinstance(article, Article)
