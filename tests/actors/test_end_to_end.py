"""The example article through ingest → analysis (sayso.nlp) → actor resolution."""

from __future__ import annotations

from pathlib import Path

import pytest

from sayso.actors import resolve_article
from sayso.ingest import read_inputs
from sayso.model import Article
from sayso.nlp import analyse

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "lukashenko-allies-2024-08-15.txt"
PUTIN_QUOTE = "I am asking you to cover us from the rear."


@pytest.fixture(scope="module")
def article(kb) -> Article:
    [item] = list(read_inputs([str(EXAMPLE)]))
    assert isinstance(item, Article)
    analysed = analyse(item)
    if not analysed.quotes:
        pytest.skip("sayso.nlp finds no quotes yet")
    return resolve_article(analysed, kb).article


def test_every_lukashenko_quote_is_q9188_and_the_nested_one_is_putin(article):
    speakers = {q.text: q.speaker for q in article.quotes if q.speaker}
    assert PUTIN_QUOTE in speakers  # q10, nested inside q9
    for text, speaker in speakers.items():
        expected = ("wd:Q7747", "Q7747") if text == PUTIN_QUOTE else ("wd:Q9188", "Q9188")
        assert (speaker.entity_id, speaker.wikidata) == expected, (text, speaker)
        assert speaker.type == "PERSON" and speaker.country in ("BLR", "RUS")


def test_countries_union_state_and_kremlin_are_recognised(article):
    entities = {e.id: e for e in article.entities}
    assert entities["country:BLR"].type == entities["country:RUS"].type == "COUNTRY"
    assert entities["org:union-state"].wikidata == "Q13417"
    assert (entities["gov:RUS"].type, entities["gov:RUS"].country) == ("ORG", "RUS")
    assert entities["wd:Q9188"].name == "Alexander Lukashenko"
    texts = {article.text[s:e] for s, e in entities["wd:Q9188"].mentions}
    assert {"the President of Belarus", "the Belarusian leader"} <= texts


def test_json_output_carries_actor_fields(article):
    data = article.to_dict()
    for quote in data["quotes"]:
        speaker = quote["speaker"]
        if speaker:
            assert {"entity_id", "name", "type", "country", "wikidata"} <= set(speaker)
            assert speaker["entity_id"] in {e["id"] for e in data["entities"]}
        assert all(a in {e["id"] for e in data["entities"]} for a in quote["about"])
