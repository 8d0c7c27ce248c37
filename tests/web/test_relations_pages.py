"""The relation pages over the Belarus–Russia examples (both back-ends): the dyad page draws
both directions and every point opens the relations behind it; the article page marks each
relation's words; the network colours links by their relations' mean score."""

from __future__ import annotations

import html
import re

from tests.web.relations_store import rclient, relations_db  # noqa: F401 - fixtures

POINT = re.compile(r'<a href="([^"]+)" class="point-link"><circle class="point (dir-\d)[^"]*"')


def test_dyad_page_draws_both_directions_and_points_open_their_relations(rclient) -> None:  # noqa: ANN001, F811
    page = rclient.get("/dyad?a=Belarus&b=Russia&interval=year")
    assert page.status_code == 200
    assert "<svg" in page.text
    assert "Belarus → Russia" in page.text and "Russia → Belarus" in page.text
    points = POINT.findall(page.text)
    assert {d for _, d in points} == {"dir-0", "dir-1"}  # both directions have points
    series = rclient.get("/api/v1/dyad?a=Belarus&b=Russia&interval=year").json()["points"]
    assert len(points) == sum(1 for p in series if p["count"])
    for href, _ in points:
        opened = rclient.get(html.unescape(href).split("#")[0])
        assert opened.status_code == 200
        period = re.search(r"period=(\d{4})", html.unescape(href)).group(1)
        direction = "a>b" if "direction=a%3Eb" in href or "direction=a>b" in html.unescape(href) \
            else "b>a"
        shown = re.findall(r'<div class="result relation" id="rel-(\d+)"', opened.text)
        expected = next(p for p in series if p["period"].startswith(period)
                        and p["direction"] == direction)
        assert len(shown) == expected["count"], (href, shown)
        assert 'class="trigger"' in opened.text
    # a statement's sentence links to the statement it comes from
    listed = rclient.get("/dyad?a=BLR&b=RUS&interval=year&period=2024-01-01&direction=b%3Ea")
    ids = re.findall(r'href="/statements/([0-9a-f]{16})"', listed.text)
    assert ids and all(rclient.get(f"/statements/{i}").status_code == 200 for i in ids)
    asked = 'I am <strong class="trigger">asking</strong> you to cover us from the rear'
    assert asked in listed.text


def test_dyad_page_by_actor_and_without_sides(rclient) -> None:  # noqa: ANN001, F811
    people = rclient.get("/dyad?a=Putin&b=Lukashenko&level=actor&interval=year")
    assert people.status_code == 200 and POINT.search(people.text)
    empty = rclient.get("/dyad")
    assert empty.status_code == 200 and 'name="a"' in empty.text and "<svg" not in empty.text
    nothing = rclient.get("/dyad?a=JPN&b=Belarus")
    assert nothing.status_code == 200 and "No relations between JPN and Belarus" in nothing.text
    unknown = rclient.get("/dyad?a=Atlantis&b=Belarus")  # no country of that name is stored
    assert unknown.status_code == 400 and "no country is called" in unknown.text
    bad = rclient.get("/dyad?a=Belarus&b=Russia&interval=century")
    assert bad.status_code == 400 and "interval" in bad.text


def test_article_page_marks_each_relation(rclient) -> None:  # noqa: ANN001, F811
    hit = rclient.get("/api/v1/relations?source=Putin&event=REQUEST&since=2024").json()["items"][0]
    article = rclient.get(f"/api/v1/articles/{hit['article_id']}").json()
    page = rclient.get(f"/articles/{hit['article_id']}").text
    for relation in article["relations"]:
        assert f'data-r="{relation["rid"]}"' in page
    # REQUEST:assist scores +0.5: underlined as cooperation
    pieces = re.findall(rf'<span class="rel coop" data-r="{hit["rid"]}"[^>]*>(.*?)<', page)
    assert pieces and hit["text"].startswith(html.unescape(pieces[0]).strip()[:10])
    assert f'id="{hit["rid"]}"' in page  # listed in the aside
    assert "/dyad?a=RUS&amp;b=BLR" in page


def test_network_links_carry_their_relations_mean_score(rclient) -> None:  # noqa: ANN001, F811
    graph = rclient.get("/api/v1/network?speaker=Lukashenko").json()
    scored = [e for e in graph["edges"] if e["relations"]]
    assert scored, graph["edges"]
    for edge in scored:
        rel = rclient.get(f"/api/v1/relations?source={edge['source']}&target={edge['target']}"
                          "&plain=true&limit=500").json()["items"]
        assert len(rel) == edge["relations"]
        assert abs(sum(r["score"] for r in rel) / len(rel) - edge["mean_score"]) < 1e-3
    page = rclient.get("/network")
    assert "mean score of the relations" in page.text
