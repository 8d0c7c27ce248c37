"""The analyst's workbench in Chromium, on the Kremlin and White House samples: find a
person's words in seconds, read them in context, cite them. Screenshots of each feature go
to test-artifacts/workbench-*.png.

The store is the whole of ../shared/corpora's kremlin-en and White House samples, analysed
by the real pipeline (tests/web/samples.py keeps it between runs); skipped when ../shared
is absent.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.web.conftest import need
from tests.web.samples import SAMPLES, samples_present, samples_store
from tests.web.test_browser import browser, shoot, start_server, stop, watched_page

pytestmark = pytest.mark.browser
__all__ = ["browser"]  # the fixture, shared with test_browser.py

PUTIN, LUKASHENKO = "wd:Q7747", "wd:Q9188"


@pytest.fixture(scope="module")
def samples(request: pytest.FixtureRequest) -> str:
    given = os.environ.get("SAYSO_SAMPLES_DB")  # a store built ahead (tests.web.samples)
    if given:
        return given
    need(samples_present(), f"the samples are not there: {', '.join(map(str, SAMPLES))}")
    cache = Path(request.config.cache.mkdir("sayso-samples"))
    return f"sqlite:///{samples_store(cache)}"


@pytest.fixture(scope="module")
def server(samples: str) -> Iterator[str]:
    proc, base = start_server(samples)
    yield base
    stop(proc)


@pytest.fixture()
def page(browser, server) -> Iterator:  # noqa: ANN001
    """A page that fails the test on console errors and on any request to another host
    (everything the UI needs is served by sayso itself)."""
    context, tab, problems = watched_page(browser, server)
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    elsewhere: list[str] = []
    tab.on(
        "request",
        lambda r: None if r.url.startswith((server, "data:")) else elsewhere.append(r.url),
    )
    yield tab
    context.close()
    assert problems == [], problems
    assert elsewhere == [], elsewhere


def params(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def test_typing_a_name_offers_the_actor_then_chips_and_timeline(page) -> None:  # noqa: ANN001
    page.goto("/")
    page.locator("#q").press_sequentially("Lukash", delay=30)
    option = page.locator("#suggestions .suggestion").first
    option.wait_for()
    assert "Alexander Lukashenko" in option.inner_text() and "statements" in option.inner_text()
    shoot(page, "workbench-autocomplete")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url("**/?speaker=*")
    assert params(page.url)["speaker"] == [LUKASHENKO]
    chips = page.locator(".chips").inner_text()
    assert "said by: Alexander Lukashenko" in chips
    total = page.locator("#total").inner_text()
    assert total.split()[0].replace(",", "").isdigit() and int(total.split()[0]) >= 10
    bars = page.locator("#search-chart svg a.bar-link")
    assert bars.count() >= 2
    shoot(page, "workbench-search-timeline")
    bars.first.click()
    page.wait_for_url("**since=*")
    narrowed = params(page.url)
    assert narrowed["speaker"] == [LUKASHENKO] and narrowed["since"] and narrowed["until"]
    assert int(page.locator("#total").inner_text().split()[0]) <= int(total.split()[0])
    assert "from:" in page.locator(".chips").inner_text()


def test_a_name_typed_and_searched_offers_what_they_said(page) -> None:  # noqa: ANN001
    page.goto("/?q=Lukashenko")
    person = page.locator(".people .person").filter(has_text="Alexander Lukashenko").first
    person.locator("a.button", has_text="statements by").click()
    page.wait_for_url("**/?speaker=*")
    assert params(page.url) == {"speaker": [LUKASHENKO]}
    assert page.locator(".result").count() >= 10


def test_long_statements_fold_and_matches_are_marked(page) -> None:  # noqa: ANN001
    page.goto(f"/?speaker={PUTIN}&q=Belarus")
    folded = page.locator(".result details.more").first
    folded.wait_for()
    assert folded.locator(".preview").is_visible()
    assert page.locator(".result mark").first.inner_text().lower().startswith("belarus")
    collapsed = folded.bounding_box()["height"]
    folded.locator("summary").click()
    assert folded.get_attribute("open") is not None
    assert folded.bounding_box()["height"] > collapsed * 1.5
    assert not folded.locator(".preview").is_visible()
    shoot(page, "workbench-show-more")


def test_cite_copies_plain_text_csl_json_and_bibtex(page) -> None:  # noqa: ANN001
    page.goto(f"/?speaker={LUKASHENKO}")
    result = page.locator(".result").first
    result.locator("details.cite summary").click()
    copied = {}
    for label in ("Plain text", "CSL-JSON", "BibTeX"):
        result.locator(f"button.copy[data-format='{label}']").click()
        copied[label] = page.evaluate("navigator.clipboard.readText()")
    assert "Alexander Lukashenko" in copied["Plain text"] and "accessed" in copied["Plain text"]
    assert json.loads(copied["CSL-JSON"])[0]["author"] == [{"literal": "Alexander Lukashenko"}]
    assert copied["BibTeX"].startswith("@misc{lukashenko")
    shoot(page, "workbench-cite")


def test_saved_search_link_brings_the_search_back(page) -> None:  # noqa: ANN001
    page.goto(f"/?q=sanctions&language=en&about={LUKASHENKO}")
    page.locator("button.copy-link").click()
    link = page.evaluate("navigator.clipboard.readText()")
    assert params(link) == {"q": ["sanctions"], "about": [LUKASHENKO], "language": ["en"]}
    page.goto(link)
    assert page.locator("select#language").input_value() == "en"
    assert "language: en" in page.locator(".chips").inner_text()


def test_actor_page_shows_first_lines(page) -> None:  # noqa: ANN001
    # Lukashenko's latest statements include turns of 1,000-4,400 characters; Putin's
    # page was the 5,300 px one in the issue (his latest ten are short in these samples).
    for actor in (LUKASHENKO, PUTIN):
        page.goto(f"/actors/{actor}")
        page.wait_for_selector("#timeline-chart svg")
        height = page.evaluate("document.documentElement.scrollHeight")
        assert height < 4000, (actor, height)  # ten latest statements, each its first lines
    page.goto(f"/actors/{LUKASHENKO}")
    assert page.locator("details.more").count() >= 1
    shoot(page, "workbench-actor")


def test_article_lists_each_speaker_and_actor_once(page) -> None:  # noqa: ANN001
    page.goto("/articles?q=Karine+Jean-Pierre+Quad")
    page.locator("table a[href^='/articles/']").first.click()
    page.wait_for_selector(".legend")
    speakers = [
        s.rsplit("\n", 1)[0].strip().casefold()
        for s in page.locator(".article-aside .card:first-child .legend li").all_inner_texts()
    ]
    assert len(speakers) == len(set(speakers)), speakers
    mentioned = page.locator(".article-aside .card:nth-child(2) .legend li a").all_inner_texts()
    assert len(mentioned) == len(set(mentioned)), mentioned


def test_articles_list_has_a_count(page) -> None:  # noqa: ANN001
    page.goto("/articles")
    total = page.locator("#article-total").inner_text()
    stored = len(page.request.get("/api/v1/articles.csv").text().strip().splitlines()) - 1
    assert total == f"{stored} articles"
    shoot(page, "workbench-articles")


def test_network_time_range_types_hide_and_pin(page) -> None:  # noqa: ANN001
    page.goto("/network")
    page.wait_for_selector("#graph svg g.node")
    page.locator(".periods a.chip", has_text="2019").click()
    page.wait_for_url("**since=2019*")
    page.locator("fieldset.types input[value=PERSON]").check()
    page.click("form button[type=submit]")
    page.wait_for_url("**type=PERSON*")
    page.wait_for_selector("#graph svg g.node")
    classes = page.locator("#graph svg g.node").evaluate_all(
        "ns => ns.map(n => n.getAttribute('class'))"
    )
    assert classes and all("PERSON" in c for c in classes), classes
    page.goto("/network?type=PERSON&type=COUNTRY")
    page.wait_for_selector("#graph svg g.node")
    nodes = page.locator("#graph svg g.node")
    before = nodes.count()
    target = page.locator(f'#graph svg g.node[data-id="{PUTIN}"]')
    target.click()
    page.locator("#graph-info button.hide-node").click()
    assert page.locator("#graph svg g.node:visible").count() == before - 1
    assert params(page.url)["hide"] == [PUTIN]
    page.reload()  # the hidden node stays hidden from the address
    page.wait_for_selector("#graph svg g.node")
    assert page.locator("#graph svg g.node:visible").count() == before - 1
    # A node whose circle is not covered by another node or label, so the drag grabs it.
    node_id = page.evaluate(
        """() => [...document.querySelectorAll('#graph svg g.node')].map(g => {
               const r = g.querySelector('circle').getBoundingClientRect();
               const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
               return hit && g.contains(hit) && r.width > 0 ? g.dataset.id : null;
           }).find(id => id)"""
    )
    assert node_id, "every node's circle is covered"
    other = page.locator(f"#graph svg g.node[data-id='{node_id}']")
    box = other.locator("circle").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(box["x"] + 60, box["y"] + 40, steps=4)
    page.mouse.up()
    assert "pinned" in other.get_attribute("class")
    page.click("#relayout")
    shoot(page, "workbench-network")
    page.click("#show-all")
    assert page.locator("#graph svg g.node:visible").count() == before


def test_network_labels_do_not_overlap(page) -> None:  # noqa: ANN001
    page.goto("/network")
    page.wait_for_selector("#graph svg g.node")
    boxes = page.evaluate(
        """() => Array.from(document.querySelectorAll('#graph svg g.node text'))
             .filter(t => getComputedStyle(t).display !== 'none')
             .map(t => { const b = t.getBoundingClientRect();
                         return [b.left, b.top, b.right, b.bottom]; })"""
    )
    assert len(boxes) >= 10
    overlapping = [
        (a, b)
        for i, a in enumerate(boxes)
        for b in boxes[i + 1 :]
        if a[0] < b[2] - 1 and b[0] < a[2] - 1 and a[1] < b[3] - 1 and b[1] < a[3] - 1
    ]
    assert overlapping == []
