"""Storing articles: idempotent, replace-on-change, all-or-nothing — on SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses

import pytest
from sqlalchemy import func, select

from sayso.model import Article
from sayso.store import Store, schema
from sayso.store.keys import statement_key
from sayso.store.search import BadFilter
from tests.conftest import FIXTURES

WIRE = ("wire-capital-wire.txt", "wire-daily-ledger.txt", "wire-harbor-times.txt")


def count(store: Store, table) -> int:  # type: ignore[no-untyped-def]
    with store.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar() or 0)


def statements(store: Store) -> int:
    """Distinct statements stored: the distinct keys their reports (quotes) carry."""
    return store.stats().statements


def test_same_article_twice_is_stored_once(store: Store, articles: dict[str, Article]) -> None:
    article = articles["whitehouse-2022-05-06-biden-ukraine.txt"]
    first, second = store.save(article), store.save(article)
    assert (first.status, second.status) == ("new", "unchanged")
    assert count(store, schema.articles) == 1
    assert count(store, schema.quotes) == len(article.quotes) == 2
    assert statements(store) == 2


def test_changed_text_at_same_url_replaces_the_article(
    store: Store, articles: dict[str, Article]
) -> None:
    old = articles["whitehouse-2022-05-06-biden-ukraine.txt"]
    store.save(old)
    correction = "\nThis statement was updated to correct the date of the announcement.\n"
    new = dataclasses.replace(old, text=old.text + correction, quotes=old.quotes[:1])
    assert new.id != old.id and new.url == old.url

    result = store.save(new)

    assert result.status == "updated"
    assert store.get_article(old.id) is None
    stored = store.get_article(new.id)
    assert stored is not None and [q.text for q in stored.quotes] == [old.quotes[0].text]
    assert stored.locations == [old.url]
    assert count(store, schema.articles) == 1
    assert count(store, schema.quotes) == 1
    assert statements(store) == 1  # the dropped quote's statement went too
    assert count(store, schema.stories) == 0  # not a story with the copy it replaced
    assert stored.story_id is None


def test_same_text_reanalysed_replaces_its_analysis(
    store: Store, articles: dict[str, Article]
) -> None:
    article = articles["kremlin-29538.txt"]
    store.save(article)
    reanalysed = dataclasses.replace(article, quotes=article.quotes[1:])
    assert store.save(reanalysed).status == "updated"
    record = store.get_article(article.id)
    assert record is not None
    assert [q.qid for q in record.quotes] == ["q2"]
    assert store.save(reanalysed).status == "unchanged"


def test_same_text_found_at_another_url_is_one_article_with_two_locations(
    store: Store, articles: dict[str, Article]
) -> None:
    article = articles["kremlin-42141.txt"]
    store.save(article)
    mirror = dataclasses.replace(article, url="https://mirror.example/kremlin/42141")
    assert store.save(mirror).status == "unchanged"
    record = store.get_article(article.id)
    assert record is not None
    assert record.locations == sorted([article.url, mirror.url])
    assert count(store, schema.articles) == 1


def test_an_article_is_stored_with_its_analysis_or_not_at_all(
    store: Store, articles: dict[str, Article]
) -> None:
    article = articles["kremlin-29538.txt"]
    article.quotes[1].kind = None  # type: ignore[assignment]  # violates NOT NULL mid-write
    with pytest.raises(Exception):  # noqa: B017 - any database error will do
        store.save(article)
    assert count(store, schema.articles) == 0
    assert count(store, schema.quotes) == 0
    assert statements(store) == 0
    assert count(store, schema.article_locations) == 0


def test_wire_story_in_three_outlets_is_one_story_one_statement_three_reports(
    store: Store, articles: dict[str, Article]
) -> None:
    results = [store.save(articles[name]) for name in WIRE]
    assert len({r.article_id for r in results}) == 3  # three different texts

    story_ids = {store.get_article(r.article_id).story_id for r in results}  # type: ignore[union-attr]
    assert len(story_ids) == 1
    story = store.get_story(story_ids.pop())
    assert story is not None and sorted(a.outlet for a in story.articles) == [
        "Capital Wire",
        "Daily Ledger",
        "Harbor Times",
    ]

    assert store.count_quotes(speaker="Melania Trump", by="report") == 3
    assert store.count_quotes(speaker="Melania Trump", by="statement") == 1
    hits = store.search_quotes(speaker="Melania Trump").items
    assert {h.statement_id for h in hits} == {hits[0].statement_id}
    assert all(h.reports == 3 for h in hits)
    # The public id is the statement key itself: the same in every database.
    assert hits[0].statement_id == statement_key(hits[0].speaker_key, hits[0].text)
    statement = store.get_statement(hits[0].statement_id)
    assert statement is not None and statement.id == hits[0].statement_id
    assert sorted(r.outlet for r in statement.quotes) == [
        "Capital Wire",
        "Daily Ledger",
        "Harbor Times",
    ]
    assert statement.first_published == min(h.published for h in hits if h.published)
    assert store.count_quotes(statement_id=statement.id) == 3
    assert store.get_statement(statement.id.upper()) is not None
    assert store.get_statement("0" * 16) is None
    assert store.get_statement("not-a-key") is None
    with pytest.raises(BadFilter, match="16 hex digits"):
        store.count_quotes(statement_id="42")
    by_statement = store.facets(fields=["speaker"], by="statement")["speaker"]
    assert [(f.label, f.count) for f in by_statement] == [("Melania Trump", 1)]


def test_unrelated_articles_have_no_story(store: Store, articles: dict[str, Article]) -> None:
    results = [
        store.save(articles[name])
        for name in ("kremlin-29538.txt", "kremlin-42141.txt", "wire-capital-wire.txt")
    ]
    assert count(store, schema.stories) == 0  # a story needs two near-duplicates
    assert all(store.get_article(r.article_id).story_id is None for r in results)  # type: ignore[union-attr]


def test_knowledge_base_actors_with_aliases_and_roles(
    store: Store, kb_actors: list[dict], articles: dict[str, Article]
) -> None:
    assert store.load_actors(kb_actors) == len(kb_actors)
    store.save(articles["whitehouse-2022-05-06-biden-ukraine.txt"])
    putin = store.get_actor("Q7747")
    assert putin is not None and putin.in_kb and putin.country == "RUS"
    assert [r.title for r in putin.roles] == [
        "President of Russia",
        "Prime Minister of Russia",
        "President of Russia",
    ]
    assert putin.mentioned_in == 1
    biden = store.get_actor("Q6279")
    assert biden is not None and (biden.reports, biden.statements) == (2, 2)
    assert [a.id for a in store.find_actors("Lukashenka")] == ["Q9188"]

    # Loading again replaces details, aliases and roles instead of adding to them.
    changed = dict(kb_actors[0], aliases=["Putin"], roles=[])
    store.load_actors([changed])
    putin = store.get_actor("Q7747")
    assert putin is not None and putin.aliases == ["Putin"] and putin.roles == []


def test_speakers_known_only_by_name_are_findable(
    store: Store, articles: dict[str, Article]
) -> None:
    store.save(articles["kremlin-29538.txt"])  # entity e1 not linked to the knowledge base
    hits = store.search_quotes(speaker="Putin").items
    assert len(hits) == 2
    assert {h.speaker_key for h in hits} == {"name:vladimir putin"}
    actor = store.get_actor("name:vladimir putin")
    assert actor is not None and not actor.in_kb and actor.reports == 2


def test_a_batch_keeps_the_good_articles_and_returns_the_refused_one(
    store: Store, articles: dict[str, Article]
) -> None:
    good = [articles["kremlin-42141.txt"], articles["wire-capital-wire.txt"]]
    bad = articles["kremlin-29538.txt"]
    bad.quotes[1].kind = None  # type: ignore[assignment]  # violates NOT NULL mid-article
    results = store.save_batch([good[0], bad, good[1]])
    assert [getattr(r, "status", None) for r in results] == ["new", None, "new"]
    assert isinstance(results[1], Exception)
    assert count(store, schema.articles) == 2
    assert store.get_article(bad.id) is None
    assert count(store, schema.quotes) == len(good[1].quotes)  # none of the refused one's
    again = store.save_batch(good)
    assert [getattr(r, "status", None) for r in again] == ["unchanged", "unchanged"]


def read_kremlin(*names: str) -> list[Article]:
    """Articles of fixtures in tests/fixtures/ingest-web, as `sayso ingest` reads them
    (feed links not fetched: SAYSO_FETCH_LINKS is not set by the tests)."""
    from sayso.ingest import read_inputs

    web = FIXTURES / "ingest-web"
    read = list(read_inputs([str(web / n) for n in names]))
    assert all(isinstance(a, Article) for a in read), read
    return read  # type: ignore[return-value]  # (checked just above)


def test_a_page_and_its_feed_entry_keep_the_fuller_version_whatever_the_order(
    store: Store,
) -> None:
    # kremlin.ru's RSS gives 54157 and 57147 without their lead paragraph, and 17766 only
    # as a one-sentence summary (partial); the pages give the whole text. Before, each
    # reading replaced the other, so ingesting the feed and the pages on every run swapped
    # the stored version (and its analysis) back and forth.
    feed = read_kremlin("kremlin-news.rss")
    pages = read_kremlin("54157.html", "57147.html", "17766.html")
    assert {a.url for a in feed} == {a.url for a in pages}
    page_ids = {a.url: a.id for a in pages}
    assert all(len(p.text) > len(f.text) for p in pages for f in feed if f.url == p.url)

    runs = []
    for articles in (feed, pages, feed, pages, feed):
        runs.append([store.save(a).status for a in articles])
        if len(runs) > 1:  # from the pages' first reading on, the pages are stored
            for url, page_id in page_ids.items():
                record = store.get_article(page_id)
                assert record is not None and record.locations == [url]
    assert runs[0] == ["new"] * 3
    assert runs[1] == ["updated"] * 3  # the fuller pages replace the feed's copies
    assert runs[2:] == [["unchanged"] * 3] * 3  # and nothing moves after that
    assert count(store, schema.articles) == 3


def test_a_feed_entry_fuller_than_the_stored_copy_of_another_kind_replaces_it(
    store: Store,
) -> None:
    [summary_only] = [a for a in read_kremlin("kremlin-news.rss") if a.meta.get("partial")]
    [page] = read_kremlin("17766.html")
    store.save(page)
    # the feed's summary never replaces the page; a page (full) replaces a summary
    assert store.save(summary_only).status == "unchanged"
    assert store.get_article(page.id) is not None
    assert store.get_article(summary_only.id) is None
