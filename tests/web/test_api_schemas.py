"""Every JSON answer of /api/v1 has a response schema in OpenAPI, and real answers (the
Belarus–Russia examples read by the whole pipeline: quotes, actors, relations; an upload
and a correction) fit it on both back-ends. The generated-request run
(``test_hostile_requests.py``, ``make fuzz``) checks the same schemas on what it provokes."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any  # Any: schemathesis objects (untyped), JSON

import pytest

from tests.web.conftest import ADMIN_TOKEN
from tests.web.relations_store import relations_db  # noqa: F401 - fixture

AUTH = {"Authorization": f"Bearer {ADMIN_TOKEN}"}


@pytest.fixture(scope="module")
def app(relations_db: str) -> Any:  # noqa: F811
    from sayso.web import create_app

    return create_app(relations_db, admin_token=ADMIN_TOKEN)


@pytest.fixture(scope="module")
def api(app: Any) -> Iterator[tuple[Any, Any]]:
    """A client of ``app`` and its OpenAPI document read by schemathesis."""
    import schemathesis
    from fastapi.testclient import TestClient

    with TestClient(app, raise_server_exceptions=False) as client:
        yield client, schemathesis.openapi.from_asgi("/openapi.json", app)


def checked(api: tuple[Any, Any], method: str, template: str, path: str, **kw: Any) -> Any:
    """The JSON answer to ``method path``, after checking it against the schema documented
    for operation ``template``."""
    client, schema = api
    response = client.request(method, path, **kw)
    assert response.status_code in (200, 201), (path, response.text[:300])
    assert response.headers["content-type"].startswith("application/json")
    schema[template][method].validate_response(response)
    return response.json()


def test_every_json_answer_has_a_schema(app: Any) -> None:
    document = app.openapi()
    components = document["components"]["schemas"]
    answered = 0
    for path, operations in document["paths"].items():
        if not path.startswith("/api/"):
            continue
        for method, operation in operations.items():
            for status, response in operation["responses"].items():
                json_schema = response.get("content", {}).get("application/json", {}).get("schema")
                if not status.startswith("2") or json_schema is None:
                    continue
                name = json_schema.get("$ref", "").rsplit("/", 1)[-1]
                assert name in components, (method, path, status, json_schema)
                assert components[name]["properties"], (method, path, name)
                answered += 1
    assert answered >= 18  # every JSON route of /api/v1 (the two export routes are not JSON)
    quote = components["QuoteHit"]
    assert quote["required"] == list(quote["properties"])  # the one flat row, in its order
    assert quote["additionalProperties"] is False


def test_real_answers_fit_their_schemas(api: tuple[Any, Any]) -> None:
    get = lambda template, path=None, **kw: checked(api, "GET", template, path or template, **kw)  # noqa: E731
    assert get("/api/v1")["endpoints"]
    quotes = get("/api/v1/quotes", params={"limit": 500})["items"]
    assert quotes and any(q["about_keys"] for q in quotes)
    first = next(q for q in quotes if q["speaker_key"] and q["published"])
    statements = get("/api/v1/statements", params={"limit": 5})["items"]
    statement = get(
        "/api/v1/statements/{statement_id}", f"/api/v1/statements/{statements[0]['id']}"
    )
    assert statement["quotes"]
    assert get("/api/v1/articles")["items"]
    article = get("/api/v1/articles/{article_id}", f"/api/v1/articles/{first['article_id']}")
    assert article["quotes"] and article["entities"]
    assert get("/api/v1/actors", params={"limit": 3})["next_cursor"]
    assert get("/api/v1/actors", params={"q": "Putin"})["items"]
    actor = get("/api/v1/actors/{actor_id}", f"/api/v1/actors/{first['speaker_key']}")
    assert actor["talks_about"] or actor["talked_about_by"]
    found = get("/api/v1/search", params={"q": "Putin"})
    assert found["total"] and found["facets"]["speaker"] and found["actors"]
    assert get("/api/v1/suggest", params={"q": "Luka"})["actors"]
    assert get("/api/v1/timelines", params={"speaker": first["speaker_key"]})["series"]
    assert get("/api/v1/network")["edges"]
    relations = get("/api/v1/relations", params={"limit": 500})["items"]
    assert relations and any(r["source"] and r["target"] for r in relations)
    dyad = get("/api/v1/dyad", params={"a": "Belarus", "b": "Russia", "interval": "year"})
    assert any(p["count"] == 0 for p in dyad["points"]) and any(p["count"] for p in dyad["points"])


def test_written_answers_fit_their_schemas(api: tuple[Any, Any]) -> None:
    added = checked(
        api,
        "POST",
        "/api/v1/articles",
        "/api/v1/articles",
        json={"text": 'Lukashenko said: "We will meet in Minsk."', "title": "Schema check"},
        headers=AUTH,
    )
    assert added["id"] and added["quotes"] >= 1
    made = checked(
        api,
        "POST",
        "/api/v1/corrections",
        "/api/v1/corrections",
        json={"action": "rename", "actor": "Lukashenko", "name": "A. Lukashenko", "by": "t"},
        headers=AUTH,
    )
    [record] = made["corrections"]
    listed = checked(api, "GET", "/api/v1/corrections", "/api/v1/corrections")
    assert [c["id"] for c in listed["corrections"]] == [record["id"]]
    one = checked(
        api, "GET", "/api/v1/corrections/{correction_id}", f"/api/v1/corrections/{record['id']}"
    )
    assert one["what"]
