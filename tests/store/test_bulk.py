"""save_batch stores plainly new articles in bulk (store/bulk.py) and the rest one by one;
either way the store ends up the same as with ``save`` one article at a time."""

from __future__ import annotations

import dataclasses
from typing import Any

from sqlalchemy import select

from sayso.model import Article
from sayso.store import Store, schema
from sayso.store.bulk import save_new_articles
from sayso.store.write import ActorCache, prepare, utcnow

WIRE = ("wire-capital-wire.txt", "wire-daily-ledger.txt", "wire-harbor-times.txt")
OTHERS = ("kremlin-29538.txt", "kremlin-42141.txt", "whitehouse-2022-05-06-biden-ukraine.txt")


def snapshot(store: Store) -> dict[str, Any]:
    """What a user can read back: articles with quotes and entities, stories, counts."""
    articles = {}
    for summary in store.search_articles(limit=100).items:
        record = store.get_article(summary.id)
        assert record is not None
        data = record.to_dict()
        for volatile in ("ingested_at", "updated_at"):
            data.pop(volatile)
        story = data.pop("story_id")
        data["story"] = (
            sorted(a.id for a in store.get_story(story).articles)  # type: ignore[union-attr]
            if story is not None
            else None
        )
        for quote in data["quotes"]:
            quote.pop("id")  # database row keys differ with insertion order
        articles[record.id] = data
    return {"articles": articles, "stats": store.stats().to_dict()}


def test_a_batch_stores_the_same_as_one_by_one(
    db_url: str, articles: dict[str, Article], tmp_path: Any
) -> None:
    order = [articles[n] for n in (*OTHERS, *WIRE)]
    with Store(db_url) as batched:
        results = batched.save_batch(order)
        assert [getattr(r, "status", None) for r in results] == ["new"] * 6
        bulk_view = snapshot(batched)
    with Store(f"sqlite:///{tmp_path / 'one-by-one.db'}") as single:
        for article in order:
            single.save(article)
        assert snapshot(single) == bulk_view
    # The three wire copies form one story even though they arrived in one batch.
    stories = {a["story"] and tuple(a["story"]) for a in bulk_view["articles"].values()}
    assert tuple(sorted(articles[n].id for n in WIRE)) in stories


def test_only_plainly_new_articles_go_in_bulk(store: Store, articles: dict[str, Article]) -> None:
    stored = articles["kremlin-42141.txt"]
    store.save(stored)
    store.save(articles["wire-capital-wire.txt"])
    moved = dataclasses.replace(
        articles["kremlin-29538.txt"], url=stored.url
    )  # a new text at a known URL
    batch = [
        stored,  # already stored
        moved,
        articles["wire-daily-ledger.txt"],  # a near-duplicate of a stored article
        articles["wire-harbor-times.txt"],  # ... and of the one before it
        articles["whitehouse-2022-05-06-biden-ukraine.txt"],  # plainly new
    ]
    with store.engine.connect() as conn, conn.begin():
        results = save_new_articles(conn, [prepare(a) for a in batch], utcnow(), ActorCache())
    assert [r.status if r else None for r in results] == [None, None, None, None, "new"]


def test_a_mixed_batch_reports_each_article(store: Store, articles: dict[str, Article]) -> None:
    stored = articles["kremlin-42141.txt"]
    store.save(stored)
    changed = dataclasses.replace(stored, text=stored.text + "\nCorrected.\n", quotes=[])
    results = store.save_batch(
        [changed, articles["kremlin-29538.txt"], articles["wire-capital-wire.txt"]]
    )
    assert [getattr(r, "status", None) for r in results] == ["updated", "new", "new"]
    assert store.get_article(stored.id) is None
    again = store.save_batch([changed, articles["kremlin-29538.txt"]])
    assert [getattr(r, "status", None) for r in again] == ["unchanged", "unchanged"]


def test_actors_become_known_only_once_their_transaction_commits(
    store: Store, articles: dict[str, Article]
) -> None:
    store.save_batch([articles[n] for n in OTHERS])
    with store.engine.connect() as conn:
        stored_ids = set(conn.execute(select(schema.actors.c.id)).scalars())
    assert store._actors.known == stored_ids != set()
    # An article the database refuses: the actors it inserted were rolled back with it,
    # so they must not become known.
    bad = dataclasses.replace(articles["wire-capital-wire.txt"], format=None)  # NOT NULL
    results = store.save_batch([bad])
    assert isinstance(results[0], Exception)
    assert store._actors.pending == set() and store._actors.known == stored_ids


def test_band_keys_from_the_analysing_process_file_copies_into_one_story(
    db_url: str, articles: dict[str, Article]
) -> None:
    """Band keys handed in (``pipeline.with_band_keys``, as workers compute them) are the
    store's own; keys computed on another text (a stale hand-over) are not used."""
    from sayso.store.dedup import text_band_keys
    from sayso.store.write import band_keys_of

    wire = [articles[n] for n in WIRE]
    given = [(a.id, text_band_keys(a.text)) for a in wire]
    for article, keys in zip(wire, given, strict=True):
        assert prepare(article, band_keys=keys).band_keys == band_keys_of(prepare(article))
    stale = (wire[0].id, [1, 2, 3])
    assert band_keys_of(prepare(wire[1], band_keys=stale)) == band_keys_of(prepare(wire[1]))
    with Store(db_url) as store:
        store.save_batch(wire, band_keys=[given[0], given[1], stale])
        stories = {store.get_article(a.id).story_id for a in wire}  # type: ignore[union-attr]
    assert len(stories) == 1 and None not in stories


def test_a_batch_not_durable_skips_the_flush_of_its_own_commit_only(
    pg_url: str, articles: dict[str, Article]
) -> None:
    """``durable=False`` (the ingest writer, whose ledger commit follows) turns off the wait
    for the disk in that batch's transaction alone: a pooled connection must not carry it
    into later commits (``SET LOCAL``, not ``SET``), and what it stored is there."""
    from sqlalchemy import event

    with Store(pg_url) as store:
        at_commit: list[str] = []

        @event.listens_for(store.engine, "commit")
        def _setting(conn: Any) -> None:
            at_commit.append(conn.exec_driver_sql("SHOW synchronous_commit").scalar())

        results = store.save_batch(
            [articles["kremlin-29538.txt"], articles["kremlin-42141.txt"]], durable=False
        )
        assert [getattr(r, "status", None) for r in results] == ["new", "new"]
        assert at_commit == ["off"]
        store.remember_inputs([("/in/a.txt", "e" * 32, articles["kremlin-29538.txt"].id)])
        store.save_batch([articles["wire-capital-wire.txt"]])
        assert at_commit == ["off", "on", "on"]
        assert store.get_article(articles["kremlin-42141.txt"].id) is not None


def test_the_input_ledger_takes_a_batch_in_one_statement_the_last_row_of_a_key_winning(
    db_url: str, articles: dict[str, Article]
) -> None:
    """``remember_inputs`` writes a batch's rows as one upsert: a key given twice keeps the
    last row (as one row at a time did), a key read before points to its new bytes and
    article, an input without an article is remembered as such; written again, nothing
    changes."""
    first, second = articles["kremlin-29538.txt"], articles["kremlin-42141.txt"]
    with Store(db_url) as store:
        store.save_batch([first, second])
        store.remember_inputs([("/in/a.txt", "a" * 32, first.id), ("/in/b.txt", "b" * 32, None)])
        rows = [
            ("/in/a.txt", "c" * 32, second.id),  # read again: other bytes, another article
            ("/in/c.txt", "d" * 32, first.id),
            ("/in/c.txt", "e" * 32, None),  # the same key twice: the last row counts
            ("/in/gone.txt", "f" * 32, "no-such-article"),  # not stored: not remembered
        ]
        for _ in range(2):  # idempotent
            store.remember_inputs(rows)
            with store.engine.connect() as conn:
                t = schema.ingested_inputs
                stored = conn.execute(
                    select(t.c.key, t.c.digest, t.c.article_pk).order_by(t.c.key)
                ).all()
                pk = dict(conn.execute(select(schema.articles.c.id, schema.articles.c.pk)).all())
            assert [tuple(r) for r in stored] == [
                ("/in/a.txt", "c" * 32, pk[second.id]),
                ("/in/b.txt", "b" * 32, None),
                ("/in/c.txt", "e" * 32, None),
            ]
        assert store.input_seen("/in/a.txt", "a" * 32) is None
        assert store.input_seen("/in/c.txt", "e" * 32) == "no article"
