"""Official pages (the bundled en.kremlin.ru examples and, when ../shared is there, pages of
the Kremlin sample): what is coded, and the trust invariants every event must keep."""

from __future__ import annotations

import json

import pytest

from sayso.events.lexicon import quads, scores
from sayso.model import Article, Event
from tests.events.conftest import EXAMPLES, coded, need_shared

# pages of the sample about Belarus and Russia (greetings, meetings, agreements), kept few
# so that the suite stays quick
SAMPLE_PAGES = ("54157", "51630", "51633", "33680", "38046")


def test_a_thank_you_in_narration() -> None:
    """"Vladimir Putin thanked Mr Lukashenko for this sincere gesture of support.\""""
    _, events = coded(EXAMPLES / "kremlin-57147-telephone-conversation-with-lukashenko.html")
    thanks = [e for e in events if e.trigger and e.trigger.text == "thanked"]
    assert [(e.event, [p.name for p in e.source], [p.name for p in e.target], e.statement)
            for e in thanks] == [("SUPPORT", ["Vladimir Putin"], ["Alexander Lukashenko"],
                                  None)]


def test_an_evaluation_in_a_statement() -> None:
    """"For us, Belarus is a critical strategic partner and an ally" (Putin): SUPPORT from
    the speaker to the actor the evaluation is said of."""
    article, events = coded(EXAMPLES / "kremlin-59821-meeting-with-lukashenko-2019-02-13.html")
    partner = [e for e in events if e.trigger and e.trigger.text == "partner"]
    assert len(partner) == 1
    (e,) = partner
    assert e.event == "SUPPORT" and e.kind == "statement" and e.quad == 1
    assert [p.name for p in e.source] == ["Vladimir Putin"]
    assert [p.entity_id for p in e.target] == ["country:BLR"]
    assert any(q.id == e.statement for q in article.quotes)


def check_invariants(article: Article, events: list[Event]) -> None:
    quote_ids = {q.id for q in article.quotes}
    entity_ids = {x.id for x in article.entities}
    for e in events:
        where = f"{article.source} {e.id} {e.text[:60]!r}"
        assert article.text[e.start:e.end] == e.text, where
        assert e.trigger is not None and e.start <= e.trigger.start < e.trigger.end <= e.end
        assert e.source, where
        # PLOVER's recipient is optional, but not for a threat or a consultation
        assert e.target or len(e.source) > 1 or e.event not in ("THREATEN", "CONSULT"), where
        for p in e.source + e.target:
            assert article.text[p.start:p.end] == p.text, where
            assert p.entity_id in entity_ids or p.entity_id is None, where
            assert p.entity_id or p.country or p.type, f"unnamed actor in {where}"
        ids = {p.entity_id for p in e.source if p.entity_id}
        assert not ids & {p.entity_id for p in e.target}, f"acts on itself: {where}"
        assert e.quad == quads()[e.event]
        assert e.score == scores().get((e.event, e.mode or ""), scores()[(e.event, "")])
        assert e.time in (None, "past", "future", "hypothetical")
        assert e.statement is None or e.statement in quote_ids
        assert not e.inferred or e.confidence < 0.8
        assert not article.text[e.start:e.end].rstrip().endswith("?"), where


@pytest.mark.parametrize("name", [
    "kremlin-57147-telephone-conversation-with-lukashenko.html",
    "kremlin-59821-meeting-with-lukashenko-2019-02-13.html",
    "lukashenko-allies-2024-08-15.txt",
])
def test_invariants_on_the_bundled_examples(name: str) -> None:
    check_invariants(*coded(EXAMPLES / name))


def test_invariants_on_the_kremlin_sample() -> None:
    folder = need_shared("corpora/kremlin-en/pages")
    pages = [folder / f"{name}.html" for name in SAMPLE_PAGES]
    total = 0
    for page in pages:
        article, events = coded(page)
        check_invariants(article, events)
        total += len(events)
    assert total > 0
    json.dumps([e.to_dict() for e in events])  # plain data, ready for JSON output
