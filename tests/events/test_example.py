"""The example article: the 4 relations its gold reading requires, with the right direction,
a fitting kind and nothing contradicting them (../shared/examples/*.gold.json)."""

from __future__ import annotations

import json
import re
from functools import cache

import pytest

from sayso.actors import resolve_mention
from sayso.model import Article, Event, Participant
from tests.events.conftest import EXAMPLES, coded, need_shared

EXAMPLE = EXAMPLES / "lukashenko-allies-2024-08-15.txt"
# The gold's kinds by the PLOVER score's sign: a request for help is a verbal-conflict type
# in PLOVER's quads, but REQUEST:assist scores +0.5, on the cooperative side.
KINDS = {"cooperation": 1, "conflict": -1}


def kind_fits(event: Event, kind: str) -> bool:
    return event.score * KINDS[kind] > 0


@pytest.fixture(scope="module")
def example() -> tuple[Article, list[Event]]:
    return coded(EXAMPLE)


@pytest.fixture(scope="module")
def relations() -> list[dict]:
    gold = need_shared("examples/lukashenko-allies-2024-08-15.gold.json")
    return json.loads(gold.read_text(encoding="utf-8"))["relations"]


@cache
def actor_of(name: str) -> tuple[str, str | None, str]:
    actor = resolve_mention(name, "2024-08-15")
    assert actor is not None, f"the knowledge base does not know {name!r}"
    return actor.id, actor.country, actor.type


def names(p: Participant, gold_name: str) -> bool:
    """The participant is the gold actor, or (for a country) belongs to it."""
    actor_id, country, kind = actor_of(gold_name)
    return p.entity_id == actor_id or (kind == "COUNTRY" and p.country == country)


def evidence_span(article: Article, evidence: str) -> tuple[int, int]:
    m = re.search(r"\s+".join(re.escape(w) for w in evidence.split()), article.text)
    assert m, evidence
    return m.start(), m.end()


def overlaps(event: Event, span: tuple[int, int]) -> bool:
    return event.start < span[1] and span[0] < event.end


def fits(event: Event, rel: dict, span: tuple[int, int]) -> bool:
    return (overlaps(event, span) and not event.negated and kind_fits(event, rel["kind"])
            and any(names(p, rel["source"]) for p in event.source)
            and any(names(p, rel["target"]) for p in event.target))


def test_all_required_relations_found(example, relations) -> None:
    article, events = example
    required = [r for r in relations if r.get("required")]
    assert len(required) == 4
    for rel in required:
        span = evidence_span(article, rel["evidence"])
        found = [e for e in events if fits(e, rel, span)]
        assert found, f"not found: {rel['source']} -> {rel['target']} ({rel['evidence']})"
        if rel.get("time") == "past":
            assert any(e.time == "past" for e in found), rel["evidence"]


def test_nothing_contradicts_them(example, relations) -> None:
    """No event on the same words between the same two actors with the other kind, nor
    one pointing the other way."""
    article, events = example
    for rel in (r for r in relations if r.get("required")):
        span = evidence_span(article, rel["evidence"])
        for e in (e for e in events if overlaps(e, span)):
            forward = any(names(p, rel["source"]) for p in e.source) and \
                any(names(p, rel["target"]) for p in e.target)
            backward = any(names(p, rel["target"]) for p in e.source) and \
                any(names(p, rel["source"]) for p in e.target)
            assert not backward, f"reversed: {e.to_dict()}"
            if forward:
                assert kind_fits(e, rel["kind"]), f"contradicts: {e.to_dict()}"


def test_the_request_is_putins_and_military(example) -> None:
    """"he told me, 'I am asking you to cover us from the rear'": the nested statement's
    speaker asks its addressee, for military help."""
    _, events = example
    (request,) = [e for e in events if e.event == "REQUEST"]
    assert [p.name for p in request.source] == ["Vladimir Putin"]
    assert [p.name for p in request.target] == ["Alexander Lukashenko"]
    assert request.mode == "assist" and "military" in request.context
    assert request.kind == "statement" and request.statement is not None


def test_words_left_out_are_filled_only_from_the_statement(example) -> None:
    """"there was a pressure on Belarus" names no one who pressed: the Kremlin, named earlier
    in the same statement, is the other country of the article; the event says it inferred."""
    article, events = example
    (pressure,) = [e for e in events if e.trigger and e.trigger.text == "pressure"]
    assert pressure.inferred == ["source"] and pressure.confidence < 0.8
    (source,) = pressure.source
    quote = next(q for q in article.quotes if q.id == pressure.statement)
    assert quote.start <= source.start < pressure.trigger.start
    assert source.country == "RUS" and pressure.time == "past"


def test_spans_point_into_the_text(example) -> None:
    article, events = example
    for e in events:
        assert article.text[e.start:e.end] == e.text
        assert e.trigger and e.start <= e.trigger.start < e.trigger.end <= e.end
        for p in e.source + e.target:
            assert article.text[p.start:p.end] == p.text
