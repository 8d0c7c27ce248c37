"""Relations (PLOVER events) in the store, on SQLite and PostgreSQL: stored with their
article, idempotent, replaced on re-ingest, found by actor, country, type, quad class and
date with cursor pages, and read as a dyad over time."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import func, select

from sayso.model import Article
from sayso.store import Store, schema
from sayso.store.records import BadFilter, RelationFilters

LUKASHENKO = "lukashenko-allies-2024-08-15.txt"


def count(store: Store, table) -> int:  # type: ignore[no-untyped-def]  # any Table
    with store.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar() or 0)


def test_relations_are_stored_with_their_article_once(
    store: Store, analysed_examples: dict[str, Article]
) -> None:
    article = analysed_examples[LUKASHENKO]
    assert article.relations
    assert store.save(article).status == "new"
    assert store.save(article).status == "unchanged"
    assert count(store, schema.relations) == len(article.relations)
    people = sum(len(r.source) + len(r.target) for r in article.relations)
    assert count(store, schema.relation_actors) == people

    stored = store.get_article(article.id)
    assert stored is not None
    statements = {q.qid: q.statement_id for q in stored.quotes}
    for event, hit in zip(article.relations, stored.relations, strict=True):
        assert (hit.rid, hit.event, hit.mode, hit.quad, hit.score, hit.time, hit.negated) == (
            event.id, event.event, event.mode, event.quad, event.score, event.time,
            event.negated)
        assert stored.text[hit.start:hit.end] == hit.text == event.text
        assert [p.text for p in hit.source] == [p.text for p in event.source]
        assert [p.key for p in hit.target] == [p.entity_id for p in event.target]
        assert hit.qid == event.statement
        assert hit.statement_id == (statements[event.statement] if event.statement else None)


def test_reingest_replaces_an_articles_relations(
    store: Store, analysed_examples: dict[str, Article]
) -> None:
    article = analysed_examples[LUKASHENKO]
    store.save(article)
    fewer = dataclasses.replace(article, relations=article.relations[:1])
    assert store.save(fewer).status == "updated"
    stored = store.get_article(article.id)
    assert stored is not None and [r.rid for r in stored.relations] == [article.relations[0].id]
    assert count(store, schema.relations) == 1
    assert count(store, schema.relation_actors) == len(article.relations[0].source) + len(
        article.relations[0].target)
    # a changed text at the same place replaces the article, and its relations go with it
    moved = dataclasses.replace(article, text=article.text + "\nUpdated.\n", relations=[])
    store.save(moved)
    assert count(store, schema.relations) == count(store, schema.relation_actors) == 0


@pytest.fixture
def filled(store: Store, analysed_examples: dict[str, Article]) -> Store:
    for article in analysed_examples.values():
        store.save(article)
    return store


def all_relations(store: Store, **filters: object) -> list:  # type: ignore[type-arg]
    return list(store.iter_relations(RelationFilters(**filters), batch=2))  # type: ignore[arg-type]


def test_filters_by_side_country_type_quad_and_date(filled: Store) -> None:
    everything = all_relations(filled)
    assert len(everything) == filled_count(filled)
    asks = all_relations(filled, source="Putin", event="request")
    assert asks and all(r.event == "REQUEST" for r in asks)
    assert all(any(p.key == "wd:Q7747" for p in r.source) for r in asks)
    assert all(any(p.key == "wd:Q9188" for p in r.target) for r in asks)
    either = all_relations(filled, actor="wd:Q9188")
    assert {r.id for r in asks} <= {r.id for r in either}
    assert all(any(p.key == "wd:Q9188" for p in r.source + r.target) for r in either)
    belarus = all_relations(filled, target_country="Belarus")
    assert belarus == all_relations(filled, target_country="blr")
    assert all(any(p.country == "BLR" for p in r.target) for r in belarus)
    material = all_relations(filled, quad=[2, 4])
    assert material and all(r.quad in (2, 4) for r in material)
    recent = all_relations(filled, since="2024-01-01")
    assert recent and all(r.published and r.published.year == 2024 for r in recent)
    old = all_relations(filled, until="2019-12-31")
    assert {r.id for r in recent}.isdisjoint({r.id for r in old})
    dates = [r.published for r in everything]
    assert dates == sorted(dates, reverse=True)  # newest first, cursor pages of 2


def filled_count(store: Store) -> int:
    return count(store, schema.relations)


def test_bad_filters_say_what_to_use(filled: Store) -> None:
    with pytest.raises(BadFilter, match="not a PLOVER event type; use one of AGREE"):
        filled.search_relations(event="HUG")
    with pytest.raises(BadFilter, match="quad: 7 is not a quad class"):
        filled.search_relations(quad=7)
    with pytest.raises(BadFilter, match="no country is called 'Atlantis'"):
        filled.search_relations(country="Atlantis")


def test_dyad_series_counts_both_directions_per_period(filled: Store) -> None:
    series = filled.dyad_series("Belarus", "Russia", level="country", interval="year")
    assert (series.a, series.b) == (["BLR"], ["RUS"])
    assert {p.direction for p in series.points} == {"a>b", "b>a"}
    for point in series.points:
        src, dst = ("BLR", "RUS") if point.direction == "a>b" else ("RUS", "BLR")
        year = point.period[:4]
        plain = [
            r for r in all_relations(filled, source_country=src, target_country=dst,
                                     since=f"{year}-01-01", until=f"{year}-12-31")
            if not r.negated and r.time != "hypothetical"
        ]
        assert point.count == len(plain) == sum(point.events.values())
        assert point.mean_score == pytest.approx(sum(r.score for r in plain) / len(plain),
                                                 abs=1e-3)
    people = filled.dyad_series("Putin", "Lukashenko", level="actor", interval="month")
    assert any(p.direction == "a>b" and p.events.get("REQUEST") for p in people.points)
