"""'About whom' after resolution: the actors a statement mentions, never its own speaker."""

from __future__ import annotations

from pathlib import Path

import sayso
from sayso.actors import resolve_article
from sayso.model import Article, Entity, Mention, Quote
from sayso.nlp import analyse

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "lukashenko-allies-2024-08-15.txt"


def test_a_statement_is_about_the_others_it_names_not_its_speaker():
    [article] = sayso.extract(EXAMPLE)
    for quote in article.quotes:
        if quote.speaker and quote.speaker.entity_id:
            assert quote.speaker.entity_id not in quote.about, quote.text
    allies = next(q for q in article.quotes if q.text.startswith("You see our relationship"))
    assert allies.speaker.entity_id == "wd:Q9188"
    # "President Putin has no such relations with anyone as with Belarus."
    assert {"wd:Q7747", "country:BLR"} <= set(allies.about)


def test_nlp_coreference_counts_a_pronoun_meaning_someone_else(example_text, kb):
    """Inside Lukashenko's words "he told me" means Putin: when the NLP put that "he" in
    Putin's entity, the statement is about Putin even if his name were not in it."""
    t = example_text
    start = t.index("It has turned out that we are now standing back to back.")
    he = t.index("he told me", start)
    end = he + len("he told me")  # the quote shortened: no other mention of Putin's entity
    name = t.index("Vladimir Putin")  # outside the quote
    lukashenko = Entity("e1", "Aleksandr Lukashenko", "PERSON",
                        mentions=[(t.index("Aleksandr Lukashenko"), t.index("Aleksandr Lukashenko")
                                   + len("Aleksandr Lukashenko"))])
    putin = Entity("e2", "Vladimir Putin", "PERSON",
                   mentions=[(name, name + len("Vladimir Putin")), (he, he + len("he"))])
    said_by = t.index("As noted by the President") + len("As noted by ")
    quote = Quote("q1", "direct", start, end, t[start:end],
                  speaker=Mention(said_by, said_by + len("the President"), "the President",
                                  entity_id="e1"))
    article = Article(source="examples/lukashenko-allies-2024-08-15.txt", text=t,
                      entities=[lukashenko, putin], quotes=[quote])
    [resolved] = resolve_article(article, kb).article.quotes
    assert resolved.speaker.entity_id == "wd:Q9188"
    assert resolved.about == ["wd:Q7747"]


def test_the_nlp_alone_leaves_about_to_actor_resolution():
    """``sayso.nlp.analyse`` gives in-document entities; whom a statement is about names
    actors, so only resolution fills it (one owner)."""
    article = analyse(Article(source=str(EXAMPLE), text=EXAMPLE.read_text(encoding="utf-8")))
    assert article.quotes and article.entities
    assert all(q.about == [] for q in article.quotes)
