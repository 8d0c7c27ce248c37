"""The analyst's workbench without a browser: names offered while typing, people named by
the words of a search, statements trimmed with matches marked, citations, bounded totals,
the timeline's links, the articles list's counts and the network's type filter."""

from __future__ import annotations

import json
import re
from datetime import date

from sayso.web.cite import bibtex, citations, csl_json, plain
from sayso.web.marks import mark_words, statement_html
from sayso.web.pages import count_label
from tests.web.goldarticle import gold_article

LUKASHENKO = "Q9188"


def test_typing_part_of_a_name_offers_the_actor(client) -> None:  # noqa: ANN001
    found = client.get("/api/v1/suggest?q=luka").json()["actors"]
    assert found and found[0]["name"] == "Aleksandr Lukashenko"
    assert found[0]["reports"] >= 5
    assert found[0]["said_by"] == f"/?speaker={LUKASHENKO}"
    assert client.get("/api/v1/suggest?q=l").json()["actors"] == []  # one letter: too few


def test_a_name_in_the_search_box_offers_what_they_said(client) -> None:  # noqa: ANN001
    page = client.get("/?q=Lukashenko").text
    people = page.split('aria-label="People and places named"')[1].split("</div>\n</div>")[0]
    assert "Aleksandr Lukashenko" in people
    assert f'href="/?speaker={LUKASHENKO}"' in people  # statements by him
    assert 'class="chip chip-q"' in page  # the words are a chip too


def test_chips_name_the_actor_not_the_id(client) -> None:  # noqa: ANN001
    page = client.get(f"/?speaker={LUKASHENKO}").text
    chip = re.search(r'<span class="chip chip-speaker">(.*?)</span>', page, re.S)
    assert chip and "Aleksandr Lukashenko" in chip.group(1)


def test_results_mark_matched_words_and_offer_citations(client) -> None:  # noqa: ANN001
    page = client.get("/?speaker=Lukashenko&q=ally").text  # the stem matches "allies"
    assert "<mark>allies</mark>" in page
    assert page.count('<details class="cite">') >= 1
    assert "@misc{" in page and "article-newspaper" in page


def test_the_timeline_links_each_bar_to_its_period(client) -> None:  # noqa: ANN001
    page = client.get("/?speaker=Lukashenko").text
    series = json.loads(re.search(r'data-chart="search-chart">(.*?)</script>', page, re.S)[1])
    assert sum(bar["count"] for bar in series) >= 5
    busy = next(bar for bar in series if bar["count"])
    narrowed = client.get(busy["url"].replace("&amp;", "&")).text
    assert f"{busy['count']} statement" in narrowed


def test_articles_list_counts_them(client) -> None:  # noqa: ANN001
    page = client.get("/articles").text
    assert re.search(r'id="article-total">\d+ articles?<', page)


def test_network_keeps_only_the_chosen_types(client) -> None:  # noqa: ANN001
    page = client.get("/network?type=PERSON").text
    graph = json.loads(re.search(r'id="network-data">(.*?)</script>', page, re.S)[1])
    assert graph["nodes"] and {n["type"] for n in graph["nodes"]} == {"PERSON"}
    assert client.get("/network?type=PLANET").status_code == 400


def test_count_label_says_more_than_past_the_bound() -> None:
    assert count_label(1, 10_000, "statement") == "1 statement"
    assert count_label(2345, 10_000, "statement") == "2,345 statements"
    assert count_label(10_001, 10_000, "statement") == "more than 10,000 statements"


def test_marks_follow_the_search_stems_and_skip_excluded_words() -> None:
    text = "Our allies, an ally, the alliance <b>"
    marked = str(mark_words(text, "allies -alliance"))
    assert marked == "Our <mark>allies</mark>, an <mark>ally</mark>, the alliance &lt;b&gt;"
    assert str(mark_words("Belarusian and Belarus", "Belarus*")).count("<mark>") == 2


def test_a_long_statement_folds_behind_show_more() -> None:
    article = gold_article()
    longest = max(article.text.split("\n"), key=len)
    html = str(statement_html(longest * 3, "allies"))
    assert html.startswith('<details class="more">') and "show more (+" in html
    assert (
        str(statement_html("We are allies.", None)) == '<span class="words">We are allies.</span>'
    )


QUOTE = {
    "id": 7,
    "statement_id": "0123456789abcdef",
    "text": "We are allies, and no more words are needed",
    "speaker_name": "Aleksandr Lukashenko",
    "published": "2024-08-15T00:00:00",
    "outlet": "BelTA & Partners",
    "article_title": "Lukashenko on 100% allies_",
    "article_url": "https://example.org/a?x=1",
}


def test_citations_in_three_forms() -> None:
    on = date(2026, 12, 2)
    text = plain(QUOTE, on)
    assert text.startswith("Aleksandr Lukashenko: “We are allies, and no more words are needed”")
    assert "BelTA & Partners. 2024-08-15. https://example.org/a?x=1 (accessed 2026-12-02)" in text
    [item] = json.loads(csl_json(QUOTE, on))
    assert item["author"] == [{"literal": "Aleksandr Lukashenko"}]
    assert item["issued"] == {"date-parts": [[2024, 8, 15]]} and item["URL"] == QUOTE["article_url"]
    entry = bibtex(QUOTE, on)
    assert entry.startswith("@misc{lukashenko2024_012345,")
    assert r"BelTA \& Partners" in entry and r"100\% allies\_" in entry
    assert entry.count("{") == entry.count("}")
    assert list(citations(QUOTE, on)) == ["Plain text", "CSL-JSON", "BibTeX"]
