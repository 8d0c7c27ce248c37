"""The example article, as the NLP hands it over, linked to knowledge-base actors."""

from __future__ import annotations

import copy
from datetime import datetime

from sayso.actors import resolve_article
from sayso.actors.newactors import ActorPool
from sayso.model import Article, Entity, Mention, Quote


def by_id(article: Article) -> dict[str, object]:
    return {e.id: e for e in article.entities}


def test_every_lukashenko_quote_is_one_actor_and_q10_is_putin(example_article, kb):
    article = resolve_article(example_article, kb).article
    speakers = {q.id: q.speaker for q in article.quotes}
    for qid in ("q1", "q2", "q3", "q4", "q5"):
        assert speakers[qid].entity_id == "wd:Q9188", qid
        assert speakers[qid].wikidata == "Q9188"
        assert speakers[qid].country == "BLR" and speakers[qid].type == "PERSON"
    assert speakers["q10"].entity_id == "wd:Q7747"
    assert speakers["q10"].name == "Vladimir Putin"


def test_countries_union_state_and_kremlin_have_their_types(example_article, kb):
    entities = by_id(resolve_article(example_article, kb).article)
    assert entities["country:BLR"].type == "COUNTRY" and entities["country:BLR"].wikidata == "Q184"
    assert entities["country:RUS"].type == "COUNTRY" and entities["country:RUS"].wikidata == "Q159"
    assert entities["org:union-state"].type == "ORG"
    assert entities["org:union-state"].wikidata == "Q13417"
    kremlin = entities["gov:RUS"]  # the Kremlin stands for the Russian government
    assert (kremlin.type, kremlin.country, kremlin.sector) == ("ORG", "RUS", "government")
    assert all(e.resolved for e in entities.values())


def test_demonyms_merge_into_their_country(example_article, kb):
    article = resolve_article(example_article, kb).article
    belarus = by_id(article)["country:BLR"]
    texts = {article.text[s:e] for s, e in belarus.mentions}
    assert {"Belarus", "Belarusians"} <= texts
    assert len(article.entities) == len({e.id for e in article.entities})


def test_role_descriptions_left_as_separate_entities_merge_into_lukashenko(example_article, kb):
    """Without in-document coreference the role mentions still land on Lukashenko."""
    article = copy.deepcopy(example_article)
    luka = article.entities[0]
    text = article.text
    roles = []
    for n, phrase in enumerate(
        ["the President of Belarus", "the Belarusian leader", "The President"], start=20
    ):
        spans = [s for s in luka.mentions if text[s[0] : s[1]] == phrase]
        luka.mentions = [s for s in luka.mentions if s not in spans]
        roles.append(Entity(id=f"e{n}", name=phrase, type="PERSON", mentions=spans))
        for q in article.quotes:
            if q.speaker and q.speaker.text == phrase:
                q.speaker.entity_id = f"e{n}"
    article.entities.extend(roles)
    resolved = resolve_article(article, kb).article
    assert [q.speaker.entity_id for q in resolved.quotes[:5]] == ["wd:Q9188"] * 5
    lukashenko = by_id(resolved)["wd:Q9188"]
    assert {"the President of Belarus", "the Belarusian leader", "The President"} <= {
        text[s:e] for s, e in lukashenko.mentions
    }


def test_quotes_list_the_actors_they_mention(example_article, kb):
    article = resolve_article(example_article, kb).article
    about = {q.id: q.about for q in article.quotes}
    assert "wd:Q7747" in about["q2"]  # "President Putin has no such relations..."
    assert "country:BLR" in about["q2"]
    assert "gov:RUS" in about["q4"]  # "...Monomakh's hat in the Kremlin"
    assert "wd:Q9188" not in about["q4"]  # the speaker is not what he talks about


def test_unknown_people_become_new_actors_with_evidence(kb):
    """A coach speaking at the Kremlin (en.kremlin.ru, 2016-09-19) is in no dictionary."""
    text = (
        "Yevgeny Shvetsov: Mr President, on behalf of all the coaches of the Russian team "
        "who are here today, I would like to say: even though we are in a difficult "
        "situation, we are not getting weaker, only stronger.\n"
        "Vladimir Putin: Thank you, Mr Shvetsov."
    )
    shvetsov = text.index("Mr Shvetsov")
    article = Article(
        source="kremlin-52915",
        text=text,
        outlet="en.kremlin.ru",
        published=datetime(2016, 9, 19),
        entities=[
            Entity(
                "e1", "Yevgeny Shvetsov", "PERSON", mentions=[(0, 16), (shvetsov, shvetsov + 11)]
            ),
            Entity(
                "e2",
                "Vladimir Putin",
                "PERSON",
                mentions=[(text.index("Vladimir Putin"), text.index("Vladimir Putin") + 14)],
            ),
        ],
    )
    content = text.index("on behalf")
    article.quotes = [
        Quote(
            "q1",
            "turn",
            content,
            content + 40,
            text[content : content + 40],
            speaker=Mention(0, 16, text[:16], entity_id="e1"),
        )
    ]
    result = resolve_article(article, kb)
    resolved = result.article
    actor = resolved.entities[0]
    assert actor.id == "new:yevgeny-shvetsov-xx"  # no title or country was given
    [record] = result.new_actors
    assert record.id == actor.id and record.evidence[0]["outlet"] == "en.kremlin.ru"
    assert "new_actors" not in resolved.meta  # the store gets them from the typed result
    assert actor.resolved and actor.name == "Yevgeny Shvetsov"
    assert resolved.entities[1].id == "wd:Q7747"
    assert resolved.quotes[0].speaker.entity_id == actor.id
    assert resolved.quotes[0].speaker.name == "Yevgeny Shvetsov"
    again = resolve_article(copy.deepcopy(article), kb).article
    assert again.entities[0].id == actor.id  # deterministic across runs and documents


def test_a_title_from_the_publishers_country_is_evidence_of_nationality(kb):
    """ "Finance Minister X" on en.kremlin.ru is Russian even when the KB lacks X."""
    text = "Finance Minister Ivan Quillfeather reported on the budget."
    article = Article(
        source="t",
        text=text,
        outlet="en.kremlin.ru",
        published=datetime(2017, 9, 27),
        entities=[Entity("e1", "Ivan Quillfeather", "PERSON", mentions=[(0, 34)])],
    )
    pool = ActorPool()
    entity = resolve_article(article, kb, pool).article.entities[0]
    assert (entity.id, entity.country, entity.sector) == (
        "new:ivan-quillfeather-rus",
        "RUS",
        "government",
    )
    [evidence] = pool.actors[entity.id].evidence
    assert evidence["title"] == "minister" and evidence["outlet"] == "en.kremlin.ru"
    assert evidence["date"] == "2017-09-27" and evidence["text"] == text[:34]


def test_namesakes_do_not_merge(kb):
    """Alexander Medvedev (Gazprom) is not Dmitry Medvedev; two unknown Smiths stay two."""
    text = "Gazprom deputy chairman Alexander Medvedev met Dmitry Medvedev."
    a = Article(
        source="t",
        text=text,
        entities=[
            Entity("e1", "Alexander Medvedev", "PERSON", mentions=[(24, 42)]),
            Entity("e2", "Dmitry Medvedev", "PERSON", mentions=[(47, 62)]),
        ],
    )
    ids = [e.id for e in resolve_article(a, kb).article.entities]
    assert ids[1] == "wd:Q23530" and ids[0] != ids[1]
    pool = ActorPool()
    first = resolve_article(
        Article(
            source="a",
            text="US Senator Jonathan Quillfeather spoke.",
            entities=[Entity("e1", "Jonathan Quillfeather", "PERSON", mentions=[(0, 32)])],
        ),
        kb,
        pool,
    ).article
    second = resolve_article(
        Article(
            source="b",
            text="British journalist Mary Quillfeather.",
            entities=[Entity("e1", "Mary Quillfeather", "PERSON", mentions=[(0, 36)])],
        ),
        kb,
        pool,
    ).article
    assert first.entities[0].id == "new:jonathan-quillfeather-usa"
    assert second.entities[0].id == "new:mary-quillfeather-gbr"
    # a bare surname with two compatible candidates joins neither
    third = resolve_article(
        Article(
            source="c",
            text="Mr Quillfeather spoke.",
            entities=[Entity("e1", "Quillfeather", "PERSON", mentions=[(0, 15)])],
        ),
        kb,
        pool,
    ).article
    assert third.entities[0].id not in (first.entities[0].id, second.entities[0].id)
    # the same senator in another article joins the first actor, evidence accumulates
    again = resolve_article(
        Article(
            source="d",
            text="Senator Jonathan Quillfeather (US).",
            entities=[Entity("e1", "Jonathan Quillfeather", "PERSON", mentions=[(0, 29)])],
        ),
        kb,
        pool,
    ).article
    assert again.entities[0].id == first.entities[0].id
    assert len(pool.actors[first.entities[0].id].evidence) == 2


def test_a_bare_surname_means_the_namesake_the_article_named(kb):
    """en.kremlin.ru, 2014-11-25: "Mr Medvedev" is the hockey league's Alexander Medvedev."""
    text = (
        "Vladimir Putin met with the outgoing Kontinental Hockey League President "
        "Alexander Medvedev (right) and President-elect Dmitry Chernyshenko.\n"
        "Mr Medvedev, how do you see the prospects for our national team?"
    )

    def span(phrase):
        return (text.index(phrase), text.index(phrase) + len(phrase))

    article = Article(
        source="kremlin-47109",
        text=text,
        outlet="en.kremlin.ru",
        published=datetime(2014, 11, 25),
        entities=[
            Entity("e1", "Vladimir Putin", "PERSON", [span("Vladimir Putin")]),
            Entity("e2", "Alexander Medvedev", "PERSON", [span("Alexander Medvedev")]),
            Entity("e3", "Dmitry Chernyshenko", "PERSON", [span("Dmitry Chernyshenko")]),
            Entity("e4", "Medvedev", "PERSON", [span("Mr Medvedev")]),
        ],
    )
    ids = {e.name: e.id for e in resolve_article(article, kb).article.entities}
    assert "wd:Q23530" not in ids.values()
    assert len(ids) == 3  # Mr Medvedev merged into Alexander Medvedev
