"""Relations (PLOVER events) are the pipeline's last analysis stage: ``sayso extract`` shows
them on every article, in JSON and in the text view, coded on the resolved actors."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

import sayso
from sayso.cli import app
from sayso.engine.pipeline import analyse_article
from sayso.model import Article

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "lukashenko-allies-2024-08-15.txt"
FIELDS = {"source", "target", "event", "mode", "context", "quad", "score", "time", "negated",
          "start", "end", "text", "statement"}


def test_extract_json_has_the_relations_of_each_article() -> None:
    result = CliRunner().invoke(app, ["extract", "--format", "json", str(EXAMPLE)])
    assert result.exit_code == 0, result.output
    (article,) = json.loads(result.stdout)["articles"]
    relations = article["relations"]
    assert relations, "the example reports cooperation and pressure between Belarus and Russia"
    quotes = {q["id"] for q in article["quotes"]}
    actors = {e["id"] for e in article["entities"]}
    for rel in relations:
        assert rel.keys() >= FIELDS
        assert article["text"][rel["start"]:rel["end"]] == rel["text"]
        assert rel["statement"] is None or rel["statement"] in quotes
        assert 1 <= rel["quad"] <= 4 and -10 <= rel["score"] <= 10
        for p in rel["source"] + rel["target"]:
            assert article["text"][p["start"]:p["end"]] == p["text"]
            assert p["entity_id"] is None or p["entity_id"] in actors
    # "I am asking you to cover us from the rear": Putin asks Lukashenko for military help
    ask = [r for r in relations if r["event"] == "REQUEST" and "cover us" in r["text"]]
    assert [(r["source"][0]["entity_id"], r["target"][0]["entity_id"]) for r in ask] == [
        ("wd:Q7747", "wd:Q9188")]


def test_the_text_view_lists_the_relations() -> None:
    result = CliRunner().invoke(app, ["extract", "--format", "text", str(EXAMPLE)])
    assert result.exit_code == 0, result.output
    block = result.stdout.split(" relations\n", 1)[1]
    assert "REQUEST:assist [military] Vladimir Putin → Alexander Lukashenko" in block
    assert "I am asking you to cover us from the rear." in block


def test_python_extract_fills_relations_on_resolved_actors() -> None:
    (article,) = sayso.extract(EXAMPLE)
    resolved = {e.id for e in article.entities}
    ids = [r.id for r in article.relations]
    assert ids == [f"r{i}" for i in range(1, len(ids) + 1)]
    assert all(p.entity_id in resolved for r in article.relations for p in r.source
               if p.entity_id)


def test_an_article_with_no_actor_or_not_in_english_has_no_relations() -> None:
    german = Article(source="de", text="Der Präsident sagte, dass die Gespräche gut waren.",
                     language="de")
    assert analyse_article(german).article.relations == []
    nobody = Article(source="weather", text="It rained all day. The river rose by a metre.")
    assert analyse_article(nobody).article.relations == []
