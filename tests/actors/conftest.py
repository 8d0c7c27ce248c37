"""Articles built by hand the way the NLP stage hands them over: entities "e1".. with their
mention spans, quotes whose speaker Mention points at an entity."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import pytest

from sayso.actors import load_kb
from sayso.model import Article, Entity, Mention, Quote

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures" / "actors"


def spans(text: str, phrase: str, *, case: bool = True) -> list[tuple[int, int]]:
    """Every occurrence of ``phrase`` as a whole word or phrase."""
    flags = 0 if case else re.IGNORECASE
    return [(m.start(), m.end()) for m in re.finditer(rf"\b{re.escape(phrase)}\b", text, flags)]


def entity(
    text: str, eid: str, name: str, etype: str, *phrases: str, exclude: tuple[str, ...] = ()
) -> Entity:
    found: set[tuple[int, int]] = set()
    for phrase in phrases:
        found.update(spans(text, phrase))
    # a shorter phrase inside a longer one already taken ("Putin" in "Vladimir Putin")
    kept = sorted(
        s for s in found if not any(o != s and o[0] <= s[0] and s[1] <= o[1] for o in found)
    )
    kept = [s for s in kept if text[s[0] : s[1]] not in exclude]
    return Entity(id=eid, name=name, type=etype, mentions=kept)


def quote(
    text: str,
    qid: str,
    content: str,
    speaker: str | None,
    eid: str | None,
    *,
    kind: str = "direct",
    near: int = 0,
) -> Quote:
    start = text.index(content)
    mention = None
    if speaker:
        pos = nearest(text, speaker, start if near == 0 else near)
        mention = Mention(pos, pos + len(speaker), speaker, entity_id=eid)
    return Quote(
        id=qid, kind=kind, start=start, end=start + len(content), text=content, speaker=mention
    )


def nearest(text: str, phrase: str, anchor: int) -> int:
    options = [s for s, _ in spans(text, phrase)]
    return min(options, key=lambda s: abs(s - anchor))


@pytest.fixture(scope="session")
def kb():
    return load_kb()


@pytest.fixture()
def example_text() -> str:
    return (REPO / "examples" / "lukashenko-allies-2024-08-15.txt").read_text(encoding="utf-8")


@pytest.fixture()
def example_article(example_text: str) -> Article:
    """The example as the NLP would deliver it (coreference done, actors not linked)."""
    t = example_text
    luka = entity(
        t,
        "e1",
        "Aleksandr Lukashenko",
        "PERSON",
        "Aleksandr Lukashenko",
        "President Aleksandr Lukashenko",
        "the President of Belarus",
        "the Belarusian leader",
        "The President",
        "the President",
    )
    putin = entity(
        t, "e2", "Vladimir Putin", "PERSON", "President Putin", "Vladimir Putin", "Putin"
    )
    ents = [
        luka,
        putin,
        entity(t, "e3", "Belarus", "COUNTRY", "Belarus", exclude=()),
        entity(t, "e4", "Russia", "COUNTRY", "Russia"),
        entity(t, "e5", "the Union State", "ORG", "the Union State"),
        entity(t, "e6", "Rossiya TV", "ORG", "Rossiya TV"),
        entity(t, "e7", "the Kremlin", "ORG", "the Kremlin"),
        entity(t, "e8", "Belarusians", "GROUP", "Belarusians"),
        entity(t, "e9", "Russians", "GROUP", "Russians"),
    ]
    # "the President of Belarus" contains "Belarus": the country mention is its own entity
    quotes = [
        quote(
            t,
            "q1",
            "need to follow in the footsteps of the two presidents",
            "Aleksandr Lukashenko",
            "e1",
        ),
        quote(
            t,
            "q2",
            "You see our relationship, they are absolutely close. President Putin "
            "has no such relations with anyone as with Belarus.",
            "he",
            "e1",
            near=t.index("he explained"),
        ),
        quote(
            t,
            "q3",
            "there is no difference between Belarusians and Russians",
            "the President of Belarus",
            "e1",
            kind="indirect",
        ),
        quote(
            t,
            "q4",
            "someone wanted to grab Monomakh's hat in the Kremlin",
            "the Belarusian leader",
            "e1",
        ),
        quote(
            t,
            "q5",
            "there were frequent disagreements between him and Vladimir Putin",
            "The President",
            "e1",
            kind="indirect",
        ),
        quote(
            t,
            "q10",
            "I am asking you to cover us from the rear.",
            "he",
            "e2",
            near=t.index("he told me"),
        ),
    ]
    return Article(
        source="examples/lukashenko-allies-2024-08-15.txt",
        text=t,
        title="Lukashenko on Belarus-Russia relations: we are allies, no more words",
        published=datetime(2024, 8, 15, 17, 42),
        outlet="president.gov.by",
        entities=ents,
        quotes=quotes,
    )
