"""A page's own metadata as trafilatura's extract_metadata gives it, without the searches
whose answer cannot matter (page_meta), and CSS selectors that skip the passes that cannot
find anything (selectors): same answers, on real pages."""

from __future__ import annotations

import re
from copy import deepcopy
from pathlib import Path

import htmldate
import pytest
import trafilatura.metadata
from lxml import html as lxml_html
from trafilatura.xpaths import AUTHOR_XPATHS

from sayso.ingest.html import (
    decode_html,
    html_rules,
    not_date_lines,
    parse_html,
    read_html,
)
from sayso.ingest.page_meta import AUTHOR_NEEDLES, author_candidates, page_meta
from sayso.ingest.registry import RawInput
from sayso.ingest.selectors import attribute_values, could_match, css, select
from sayso.model import Article

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ingest-web"
PAGES = sorted(FIXTURES.glob("*.html"))
KREMLIN = FIXTURES / "17152.html"
WHITEHOUSE = FIXTURES / "wh-2017-trump-mcmaster.html"  # article:published_time


def byline_page(author_meta: bool) -> bytes:
    """The paragraphs of a real page (kremlin.ru 54157) in a news site's shell whose byline
    is only in the body (``<p class="byline">``), or also in ``<meta name="author">``, and
    whose date is only in the text of a dateline."""
    tree = lxml_html.fromstring((FIXTURES / "54157.html").read_bytes())
    paragraphs = "".join(
        lxml_html.tostring(p, encoding=str) for p in tree.cssselect(".entry-content > p")
    )
    meta = '<meta name="author" content="Anna Petrova">' if author_meta else ""
    return f"""<!doctype html><html lang="en"><head>
    <title>Putin greets twin cities | Daily Wire Service</title>{meta}
    </head><body><main><article><h1>Putin greets twin cities</h1>
    <p class="byline">By Anna Petrova</p><p>Moscow, March 30, 2017</p>{paragraphs}
    </article></main></body></html>
    """.encode()


def pages() -> list[tuple[str, bytes]]:
    return [(p.name, p.read_bytes()) for p in PAGES] + [
        ("byline in the body", byline_page(author_meta=False)),
        ("byline in meta", byline_page(author_meta=True)),
    ]


def metadata_tree(data: bytes) -> lxml_html.HtmlElement:
    """The tree page_metadata reads: the page without its not-a-date lines."""
    tree = parse_html(decode_html(data, None))
    assert tree is not None
    for element in not_date_lines(tree):
        element.drop_tree()
    return tree


@pytest.mark.parametrize(("name", "data"), pages(), ids=[name for name, _ in pages()])
def test_page_meta_is_trafilaturas_extract_metadata(name: str, data: bytes) -> None:
    tree = metadata_tree(data)
    url = "https://example.org/news/1" if name.startswith("byline") else None
    theirs = trafilatura.extract_metadata(deepcopy(tree), default_url=url)
    ours = page_meta(tree, url)
    assert (ours.title, ours.author, ours.sitename, ours.url, ours.description) == (
        theirs.title,
        theirs.author,
        theirs.sitename,
        theirs.url,
        theirs.description,
    )
    assert ours.found_date() == theirs.date


def test_author_needles_cover_every_literal_of_trafilaturas_author_xpaths() -> None:
    # A trafilatura that looks for an author somewhere new must not be skipped silently:
    # every string its author XPaths compare an attribute with (each alternative of their
    # regular expressions) holds a needle; 'me' is the <rel> child test (AUTHOR_BY_REL).
    literals = [lit for xpath in AUTHOR_XPATHS for lit in re.findall(r"'([^']*)'", xpath.path)]
    assert "AuthorCard" in literals and "[Aa]uthor|screenname|writer|[Bb]yline" in literals
    for literal in literals:
        for alternative in literal.split("|"):
            assert alternative == "me" or AUTHOR_NEEDLES.search(alternative), alternative


def test_kremlin_page_is_read_without_trafilaturas_author_and_date_searches(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls = count_calls(monkeypatch)
    (article,) = read_html(RawInput(source=KREMLIN.name, data=KREMLIN.read_bytes()))
    assert isinstance(article, Article)
    # its only author candidate is <link rel="author" href=".../about">, without text
    assert 'rel="author"' in KREMLIN.read_text(encoding="utf-8")
    assert article.author is None
    # dated by the site rule's elements: the date search's answer would not be used
    assert article.published is not None and article.meta["site_rule"] == "kremlin.ru"
    assert calls == {"extract_author": 0, "find_date": 0}


def test_date_search_runs_when_nothing_else_dates_the_page(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls = count_calls(monkeypatch)
    (article,) = read_html(RawInput(source="wire.html", data=byline_page(author_meta=True)))
    assert isinstance(article, Article) and article.published is not None
    assert article.published.date().isoformat() == "2017-03-30"  # from the dateline
    assert calls == {"extract_author": 0, "find_date": 1}  # the author is in <meta>
    # a page whose markup states its date-time is not searched
    (article,) = read_html(RawInput(source=WHITEHOUSE.name, data=WHITEHOUSE.read_bytes()))
    assert isinstance(article, Article) and article.published is not None
    assert calls["find_date"] == 1


def test_author_search_runs_when_an_element_could_name_the_author(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls = count_calls(monkeypatch)
    (article,) = read_html(RawInput(source="wire.html", data=byline_page(author_meta=False)))
    assert isinstance(article, Article)
    assert article.author == "Anna Petrova"  # from <p class="byline">By Anna Petrova</p>
    assert calls["extract_author"] == 1
    # the byline's class is what makes the page a candidate
    tree = metadata_tree(byline_page(author_meta=False))
    assert author_candidates(tree)
    for byline in tree.find_class("byline"):
        byline.drop_tree()
    assert not author_candidates(tree)


def count_calls(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """Calls of trafilatura's author search and htmldate's date search, counted."""
    calls = {"extract_author": 0, "find_date": 0}
    for module, name in ((trafilatura.metadata, "extract_author"), (htmldate, "find_date")):
        real = getattr(module, name)

        def counted(*args: object, _real=real, _name=name, **kwargs: object) -> object:
            calls[_name] += 1
            return _real(*args, **kwargs)

        monkeypatch.setattr(module, name, counted)
    return calls


def site_selectors() -> list[str]:
    rules = html_rules()
    found = [*rules.drop_everywhere, *rules.not_published]
    found += [field["css"] for field in rules.published if "css" in field]
    for rule in rules.sites:
        found += [*rule.content, *rule.drop]
        found += [s for s in (rule.detect, rule.date, rule.time_of_day) if s]
    return found


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_selectors_skipped_by_the_attribute_values_would_have_found_nothing(page: Path) -> None:
    tree = parse_html(decode_html(page.read_bytes(), None))
    assert tree is not None
    values = attribute_values(tree)
    skipped = 0
    for selector in site_selectors():
        assert select(tree, selector, values) == css(selector)(tree), selector
        skipped += not could_match(selector, values)
    assert skipped >= 10  # most of the generic ones: the point of looking first


def test_what_a_selector_needs_from_the_attribute_values() -> None:
    values = attribute_values(lxml_html.fromstring(
        '<div role="navigation banner" class="read__meta x" itemtype="https://schema.org/WPHeader">'
        '<span id="top" aria-hidden="true"></span></div>'
    ))
    assert could_match("[role=banner]", values) is False  # = is the whole value
    assert could_match("[role~=banner]", values) and could_match("[role^=navigation]", values)
    assert could_match("[itemtype$=WPHeader]", values)
    assert not could_match("[itemtype$=WPFooter]", values)
    assert could_match(".read__meta", values) and could_match("#top", values)
    assert not could_match("#to", values)
    assert could_match("[hidden]", values)  # a name alone needs no value
    assert could_match(".nowhere, [aria-hidden=true]", values)  # either alternative
    assert could_match("div:not(.nowhere)", values)
