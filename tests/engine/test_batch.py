"""The batch writer on hand-analysed articles (no readers or NLP needed): counts, failures,
batches, and the summary lines."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from sayso.actors.article import ResolvedArticle
from sayso.engine import batch
from sayso.engine.analysers import Done
from sayso.model import Article, Failure
from sayso.store import Store


def as_done(items: list[Article | Failure]) -> list[Done]:
    return [Done([i if isinstance(i, Failure) else ResolvedArticle(i, []) for i in items], 0.5)]


def test_summary_counts_new_updated_unchanged_and_failures(
    store: Store, articles: dict[str, Article], monkeypatch: pytest.MonkeyPatch
) -> None:
    wire = articles["wire-capital-wire.txt"]
    changed = dataclasses.replace(wire, text=wire.text + "\nCorrection appended.\n")
    refused = dataclasses.replace(articles["kremlin-42141.txt"], format=None)  # NOT NULL
    monkeypatch.setattr(batch, "BATCH", 2)
    seen: list[str] = []

    def run() -> batch.Run:
        return batch.Run(store, batch.LocalAnalysers(1), lambda i, s: seen.append(i.source))

    first = run().consume(
        as_done([wire, Failure("feed.xml#3", "not an article"), articles["kremlin-29538.txt"]])
    )
    assert (first.new, first.updated, first.unchanged, len(first.failures)) == (2, 0, 0, 1)
    assert first.line() == (
        f"ingested 2 articles (2 new, 0 updated, 0 unchanged), {first.quotes} quotes; 1 failed"
    )
    assert len(seen) == 3
    assert first.seconds["analyse"] == 0.5 and first.seconds["store"] > 0
    assert first.stages_line().startswith("time ") and "analyse 0.5 s (1 worker;" in (
        first.stages_line()
    )

    second = run().consume(as_done([wire, changed, refused]))
    # the wire text again: unchanged; the changed text at the same URL: updated;
    # the refused article: a failure naming it, the others kept
    assert (second.new, second.updated, second.unchanged) == (0, 1, 1)
    assert [f.source for f in second.failures] == [refused.source]
    assert "could not be stored" in second.failures[0].reason
    assert store.get_article(changed.id) is not None and store.get_article(wire.id) is None


def test_an_article_that_breaks_the_writer_is_its_own_failure(
    store: Store, articles: dict[str, Article]
) -> None:
    good = articles["kremlin-29538.txt"]
    # not a database refusal: storing raises in Python (a published date that is no date);
    # arg-type: that wrong type is the point
    broken = dataclasses.replace(articles["kremlin-42141.txt"], published="yesterday")  # type: ignore[arg-type]
    summary = batch.Run(store, batch.LocalAnalysers(1), None).consume(as_done([broken, good]))
    assert summary.new == 1 and [f.source for f in summary.failures] == [broken.source]
    assert "could not be stored" in summary.failures[0].reason
    assert store.get_article(good.id) is not None


def test_a_store_that_stops_answering_stops_the_run(
    tmp_path: Path, articles: dict[str, Article]
) -> None:
    db = tmp_path / "gone.db"
    store = Store(f"sqlite:///{db}")
    first = batch.Run(store, batch.LocalAnalysers(1), None)
    assert first.consume(as_done([articles["kremlin-29538.txt"]])).new == 1
    store.engine.dispose()
    for path in tmp_path.glob("gone.db*"):
        path.unlink()
    db.mkdir()  # the database file is now a folder: no connection can be made
    with pytest.raises(batch.RunAborted, match="stopped answering.*run the same command"):
        batch.Run(store, batch.LocalAnalysers(1), None).consume(
            as_done([articles["kremlin-42141.txt"]])
        )


def test_summary_says_how_many_were_stored_but_not_analysed_and_why(
    store: Store, articles: dict[str, Article], monkeypatch: pytest.MonkeyPatch
) -> None:
    """An article in another language is stored (findable) but has no statements: the
    summary counts it, with the reason, apart from the failures."""
    russian = dataclasses.replace(
        articles["kremlin-42141.txt"],
        text="Президент заявил, что Россия и Беларусь остаются союзниками.",
        language="ru",
        quotes=[],
        entities=[],
    )
    empty = dataclasses.replace(articles["kremlin-29538.txt"], text=" ", quotes=[], entities=[])

    summary = batch.Run(store, batch.LocalAnalysers(1), None).consume(
        as_done([russian, empty, articles["wire-capital-wire.txt"]])
    )
    assert summary.not_analysed == {"not English (ru)": 1, "no text": 1}
    assert summary.articles == 3 and not summary.failures
    assert "; 2 stored but not analysed (1 not English (ru), 1 no text); 0 failed" in summary.line()
