"""General rules of the event coder on sentences written for these tests (not gold records):
each names the rule it pins."""

from __future__ import annotations

from datetime import datetime

import pytest

from sayso.model import Article, Event


def code(text: str) -> list[Event]:
    from sayso.actors import resolve_article
    from sayso.events import code_events
    from sayso.nlp import analyse_doc
    from sayso.nlp.pipeline import get_nlp

    article = Article(source="rule", text=text, published=datetime(2001, 5, 1), language="en")
    doc = get_nlp()(text)
    analyse_doc(article, doc)
    if article.entities:
        resolve_article(article)
    return code_events(article, doc)


def roles(text: str) -> list[tuple[str, list[str], list[str]]]:
    return [(e.event, [p.text for p in e.source], [p.text for p in e.target]) for e in code(text)]


def countries(text: str) -> list[tuple[str, list[str | None], list[str | None]]]:
    return [(e.event, [p.country for p in e.source], [p.country for p in e.target])
            for e in code(text)]


@pytest.mark.parametrize(("text", "expected"), [
    # the actor before an actor noun says whose it is; a place after it only where it is
    ("Serbia demanded a truce with Croatian forces in eastern Slavonia.",
     ("REQUEST", ["Serbia"], ["Croatian forces"])),
    # a bare group of victims gives way to the named place of the attack
    ("Two Chechen suicide bombers killed 40 people when they blew themselves up in Moscow.",
     ("ASSAULT", ["Two Chechen suicide bombers"], ["Moscow"])),
    # "allow X to run", parsed with X the subject of the complement: X is the recipient
    ("The Kenyan High Court decided to allow candidate Raila Odinga to run in the "
     "country's election.",
     ("CONCEDE", ["The Kenyan High Court"], ["Raila Odinga"])),
    # a name spaCy did not tag, titled by an actor noun, is a person
    ("Zambia extradited suspected Kenyan militant Haroon Rashid Aswad to Kenya on Sunday.",
     ("COOPERATE", ["Zambia"], ["militant Haroon Rashid Aswad"])),
    # a title set beside a name is part of the actor's words
    ("Ban Ki-moon, the United Nations Secretary-General, urged Iran to release the prisoners.",
     ("REQUEST", ["Ban Ki-moon, the United Nations Secretary-General"], ["Iran"])),
    # what someone does "without" is no recipient
    ("Former President Abdullahi Yusuf has agreed to resign without returning to Somalia.",
     ("AGREE", ["Abdullahi Yusuf"], [])),
    # the last of several coordinated event nouns carries the recipient of them all
    ("Russian forces launched artillery, mortar and rocket fire against Chechen rebel "
     "positions.",
     ("ASSAULT", ["Russian forces"], ["Chechen"])),
])
def test_participant_spans(text: str, expected) -> None:
    assert expected in roles(text)


@pytest.mark.parametrize(("text", "expected"), [
    # an attack noun as subject: the country owning its compound ("US drone attacks")
    ("Recent US drone attacks have killed eight Taliban commanders in Afghanistan.",
     ("ASSAULT", ["USA"], ["AFG"])),
    # "Vietnamese-led forces": whoever leads them
    ("Vietnamese-led forces attacked Cambodian villages on Monday.",
     ("ASSAULT", ["VNM"], ["KHM"])),
])
def test_modifiers_name_the_source(text: str, expected) -> None:
    assert expected in countries(text)


def test_a_verb_known_only_in_other_clauses_falls_back_to_petrarch_patterns() -> None:
    """sayso's "call" is an appeal ("called on X to", "called for"); "called off its strike"
    is another verb, and PETRARCH2's pattern for it a concession, even with "on Monday" in
    the clause."""
    found = roles("The Kenya National Union of Teachers called off its strike on Monday after "
                  "talks with the Kenyan government.")
    assert ("CONCEDE", ["The Kenya National Union of Teachers"], ["the Kenyan government"]) \
        in found
