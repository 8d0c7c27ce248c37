"""The relations API: /api/v1/relations with filters and cursor pages, /api/v1/dyad (JSON and
CSV), documented in OpenAPI, over the Belarus–Russia examples on both back-ends."""

from __future__ import annotations

import csv
import io

import pytest

from sayso.model import PLOVER_EVENTS
from tests.web.relations_store import rclient, relations_db  # noqa: F401 - fixtures


def rows(response) -> list[dict[str, str]]:  # noqa: ANN001
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.text)))


def every(client, url: str) -> list[dict]:  # noqa: ANN001
    items, page = [], client.get(url).json()
    while True:
        items += page["items"]
        if not page["next"]:
            return items
        page = client.get(page["next"]).json()


def test_relations_filter_by_side_and_type(rclient) -> None:  # noqa: ANN001, F811
    everything = every(rclient, "/api/v1/relations?limit=2")
    assert len({r["id"] for r in everything}) == len(everything) > 3
    asks = rclient.get("/api/v1/relations?source=Putin&event=request").json()["items"]
    assert asks and {r["event"] for r in asks} == {"REQUEST"}
    assert all(r["target"][0]["key"] == "wd:Q9188" for r in asks)
    assert all(r["statement_id"] and len(r["statement_id"]) == 16 for r in asks)
    conflict = rclient.get("/api/v1/relations?quad=3,4&country=BLR&limit=500").json()["items"]
    assert all(r["quad"] in (3, 4) for r in conflict)
    assert all(any(p["country"] == "BLR" for p in r["source"] + r["target"]) for r in conflict)
    later = rclient.get("/api/v1/relations?since=2024&limit=500").json()["items"]
    assert later and all(r["published"] >= "2024" for r in later)


def test_relations_as_csv_have_every_row_and_flat_actor_columns(rclient) -> None:  # noqa: ANN001, F811
    table = rows(rclient.get("/api/v1/relations.csv?event=REQUEST"))
    listed = rclient.get("/api/v1/relations?event=REQUEST&limit=500").json()["items"]
    assert [int(r["id"]) for r in table] == [r["id"] for r in listed]
    putin = [r for r in table if r["source_keys"] == "wd:Q7747"]
    assert putin and putin[0]["target_names"] == "Alexander Lukashenko"


def test_dyad_series_both_directions_json_and_csv(rclient) -> None:  # noqa: ANN001, F811
    series = rclient.get("/api/v1/dyad?a=Belarus&b=Russia&interval=year").json()
    assert (series["a"], series["b"], series["level"]) == (["BLR"], ["RUS"], "country")
    years = sorted({p["period"] for p in series["points"]})
    assert years[0] <= "2018-01-01" and years[-1] == "2024-01-01"
    assert len(series["points"]) == 2 * len(years)  # every year, both directions, gaps as 0
    counted = [p for p in series["points"] if p["count"]]
    assert {p["direction"] for p in counted} == {"a>b", "b>a"}
    for p in counted:
        assert sum(p["events"].values()) == sum(p["quads"].values()) == p["count"]
        assert -10 <= p["mean_score"] <= 10
    table = rows(rclient.get("/api/v1/dyad.csv?a=BLR&b=RUS&interval=year"))
    assert list(table[0])[:4] == ["period", "direction", "count", "mean_score"]
    assert set(PLOVER_EVENTS) <= set(table[0])
    assert [(r["period"], r["direction"], int(r["count"])) for r in table] == [
        (p["period"], p["direction"], p["count"]) for p in series["points"]]


@pytest.mark.parametrize(("url", "parameter"), [
    ("/api/v1/relations?event=HUG", "event"),
    ("/api/v1/relations?quad=5", "quad"),
    ("/api/v1/relations?country=Atlantis", "country"),
    ("/api/v1/relations?cursor=bad", "cursor"),
    ("/api/v1/relations?since=2024&until=2019", "until"),
    ("/api/v1/dyad?a=Belarus", "b"),
    ("/api/v1/dyad?a=Belarus&b=Russia&interval=day", "interval"),
    ("/api/v1/dyad?a=Belarus&b=Russia&level=planet", "level"),
])
def test_bad_relation_parameters_get_a_clear_400(rclient, url, parameter) -> None:  # noqa: ANN001, F811
    response = rclient.get(url)
    assert response.status_code == 400, response.text
    assert parameter in response.json()["error"]["message"]


def test_openapi_documents_the_relation_endpoints(rclient) -> None:  # noqa: ANN001, F811
    paths = rclient.get("/openapi.json").json()["paths"]
    documented = {p["name"]: p.get("description", "") for p in
                  paths["/api/v1/relations"]["get"]["parameters"]}
    assert {"source", "target", "actor", "event", "quad", "since", "until", "country",
            "cursor", "limit", "format"} <= set(documented)
    assert "ASSAULT" in documented["event"]
    dyad = {p["name"] for p in paths["/api/v1/dyad"]["get"]["parameters"]}
    assert {"a", "b", "level", "interval", "event", "since", "until"} <= dyad


def test_an_article_carries_its_relations(rclient) -> None:  # noqa: ANN001, F811
    (hit,) = rclient.get("/api/v1/relations?source=Putin&event=REQUEST&since=2024").json()["items"]
    article = rclient.get(f"/api/v1/articles/{hit['article_id']}").json()
    assert hit["id"] in {r["id"] for r in article["relations"]}
    assert article["text"][hit["start"]:hit["end"]] == hit["text"]
