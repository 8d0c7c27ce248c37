"""The batch writer on hand-analysed articles (no readers or NLP needed): counts, failures,
batches, and the summary line."""

from __future__ import annotations

import dataclasses

import pytest

from sayso.actors.article import ResolvedArticle
from sayso.engine import batch
from sayso.model import Article, Failure
from sayso.store import Store


def test_summary_counts_new_updated_unchanged_and_failures(
    store: Store, articles: dict[str, Article], monkeypatch: pytest.MonkeyPatch
) -> None:
    wire = articles["wire-capital-wire.txt"]
    changed = dataclasses.replace(wire, text=wire.text + "\nCorrection appended.\n")
    refused = dataclasses.replace(articles["kremlin-42141.txt"], format=None)  # NOT NULL
    runs = [
        [wire, Failure("feed.xml#3", "not an article"), articles["kremlin-29538.txt"]],
        [wire, changed, refused],
    ]
    monkeypatch.setattr(batch, "BATCH", 2)
    seen: list[str] = []

    def fake(inputs, workers):  # type: ignore[no-untyped-def]
        for item in runs.pop(0):
            yield item if isinstance(item, Failure) else ResolvedArticle(item, [])

    monkeypatch.setattr(batch, "analysed", fake)
    first = batch.ingest(["x"], store, progress=lambda item, s: seen.append(item.source))
    assert (first.new, first.updated, first.unchanged, len(first.failures)) == (2, 0, 0, 1)
    assert first.line() == (
        f"ingested 2 articles (2 new, 0 updated, 0 unchanged), {first.quotes} quotes; 1 failed"
    )
    assert len(seen) == 3

    second = batch.ingest(["x"], store)
    # the wire text again: unchanged; the changed text at the same URL: updated;
    # the refused article: a failure naming it, the others kept
    assert (second.new, second.updated, second.unchanged) == (0, 1, 1)
    assert [f.source for f in second.failures] == [refused.source]
    assert "could not be stored" in second.failures[0].reason
    assert store.get_article(changed.id) is not None and store.get_article(wire.id) is None


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

    def fake(inputs, workers):  # type: ignore[no-untyped-def]
        for item in (russian, empty, articles["wire-capital-wire.txt"]):
            yield ResolvedArticle(item, [])

    monkeypatch.setattr(batch, "analysed", fake)
    summary = batch.ingest(["x"], store)
    assert summary.not_analysed == {"not English (ru)": 1, "no text": 1}
    assert summary.articles == 3 and not summary.failures
    assert "; 2 stored but not analysed (1 not English (ru), 1 no text); 0 failed" in summary.line()
