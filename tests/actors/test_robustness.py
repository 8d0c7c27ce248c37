"""Resolution never raises on odd input, and running it twice changes nothing."""

from __future__ import annotations

import copy

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sayso.actors import resolve_article, resolve_mention
from sayso.actors.normalise import norm, skeleton
from sayso.model import Article, Entity


@given(st.text(max_size=80))
@settings(max_examples=300, deadline=None)
def test_keys_of_any_text(text):
    key = norm(text)
    assert key == key.strip() and "  " not in key
    assert skeleton(text).count(" ") == max(0, len(key.split()) - 1)


@given(st.text(max_size=60), st.dates())
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_resolve_mention_takes_any_text_and_date(text, day):
    actor = resolve_mention(text, day)
    assert actor is None or actor.id


@given(
    st.lists(
        st.tuples(
            st.integers(0, 60),
            st.integers(0, 20),
            st.sampled_from(["PERSON", "ORG", "COUNTRY", "GROUP"]),
        ),
        max_size=6,
    )
)
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_resolve_article_takes_any_spans(spans):
    text = "President Putin met Alexander Lukashenko in Minsk; the Kremlin said so."
    entities = [
        Entity(f"e{n}", text[s : s + w] or "x", kind, mentions=[(s, min(s + w, len(text)))])
        for n, (s, w, kind) in enumerate(spans)
    ]
    article = resolve_article(Article(source="t", text=text, entities=entities)).article
    ids = [e.id for e in article.entities]
    assert len(ids) == len(set(ids))


def test_resolving_twice_changes_nothing(example_article, kb):
    once = resolve_article(example_article, kb).article
    twice = resolve_article(copy.deepcopy(once), kb).article
    assert [e.to_dict() for e in twice.entities] == [e.to_dict() for e in once.entities]
    assert [q.to_dict() for q in twice.quotes] == [q.to_dict() for q in once.quotes]
