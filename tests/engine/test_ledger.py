"""A second run over inputs already stored skips them before reading or analysis, and
re-reads exactly what changed: the input's bytes, or the analyser (code, data, model,
actor overlay)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sayso.engine import batch, fingerprint
from sayso.engine.analysers import Done
from sayso.model import Failure, NoArticle
from sayso.store import Store
from tests.conftest import FIXTURES

NAMES = ("kremlin-42141.txt", "kremlin-29538.txt", "wire-capital-wire.txt")


def corpus(folder: Path) -> Path:
    folder.mkdir()
    for name in NAMES:
        shutil.copy(FIXTURES / "store" / name, folder / name)
    return folder


def test_unchanged_inputs_are_skipped_unread_and_changes_are_read(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = str(corpus(tmp_path / "in"))
    store = Store(db_url)
    first = batch.ingest([folder], store)
    assert (first.new, first.unchanged, first.failures) == (3, 0, [])

    skipped: list[object] = []
    second = batch.ingest([folder], store, progress=lambda item, s: skipped.append(item))
    assert (second.new, second.updated, second.unchanged, second.failures) == (0, 0, 3, [])
    assert skipped == [None, None, None]  # skipped inputs: nothing read, nothing analysed
    assert second.seconds["analyse"] == 0.0

    changed = Path(folder) / NAMES[0]
    changed.write_text(changed.read_text() + "\nThe Kremlin added a note.\n")
    third = batch.ingest([folder], store)
    assert (third.updated, third.unchanged) == (1, 2)

    again = batch.ingest([folder], store, reanalyse=True)
    assert (again.new, again.updated, again.unchanged) == (0, 0, 3)
    assert again.seconds["analyse"] > 0

    # a new actor overlay changes what analysis may give: everything is read again
    overlay = tmp_path / "actors.jsonl"
    overlay.write_text("")
    monkeypatch.setenv("SAYSO_ACTORS", str(overlay))
    fingerprint.analyser_fingerprint.cache_clear()
    try:
        after = batch.ingest([folder], store)
    finally:
        fingerprint.analyser_fingerprint.cache_clear()
    assert after.unchanged == 3 and after.seconds["analyse"] > 0
    store.close()


# A page with no article on it (a site's menu): reading it gives model.NoArticle.
MENU_PAGE = (
    "<html><head><title>Menu</title></head><body><nav><ul><li><a href='/'>Home</a></li>"
    "<li><a href='/news'>News</a></li></ul></nav></body></html>"
)
RUSSIAN = (
    "Лукашенко заявил журналистам, что Россия и Беларусь остаются союзниками. "
    "Президенты обсудили торговлю, энергетику и безопасность на встрече в Минске.\n"
)


def nothing_to_analyse(folder: Path) -> Path:
    """A page without an article and an article not in English (stored, not analysed)."""
    folder.mkdir()
    (folder / "menu.html").write_text(MENU_PAGE)
    (folder / "minsk-ru.txt").write_text(RUSSIAN)
    return folder


def test_an_input_without_an_article_is_remembered_and_skipped_on_the_next_run(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = corpus(tmp_path / "in")
    (folder / "menu.html").write_text(MENU_PAGE)
    monkeypatch.setattr(batch, "reads_here", lambda workers, cluster: False)  # the worker reads
    store = Store(db_url)
    first = batch.ingest([str(folder)], store)
    assert (first.new, first.no_article) == (3, 0)
    assert [f.source for f in first.failures] == ["in/menu.html"]
    assert "no article text found" in first.failures[0].reason
    assert first.model_loads == 1

    second = batch.ingest([str(folder)], store)
    assert (second.unchanged, second.no_article, second.failures) == (3, 1, [])
    assert "1 skipped that held no article when read before; 0 failed" in second.line()
    # nothing read, nothing analysed: no analysing process loaded its models
    assert second.model_loads == 0 and second.seconds["analyse"] == 0.0
    assert "models not loaded" in second.stages_line()

    (folder / "menu.html").write_text(MENU_PAGE.replace("News", "Events"))  # other bytes
    third = batch.ingest([str(folder)], store)
    assert (third.unchanged, third.no_article, len(third.failures)) == (3, 0, 1)
    again = batch.ingest([str(folder)], store, reanalyse=True)  # read everything again
    assert (again.unchanged, again.no_article, len(again.failures)) == (3, 0, 1)
    store.close()


@pytest.mark.parametrize("client_reads", [False, True])
def test_models_are_not_loaded_when_nothing_needs_analysis(
    sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, client_reads: bool
) -> None:
    """Pages read (by the worker or here) that hold nothing to analyse: the worker never
    loads spaCy or the knowledge base."""
    folder = nothing_to_analyse(tmp_path / "in")
    monkeypatch.setattr(batch, "reads_here", lambda workers, cluster: client_reads)
    store = Store(sqlite_url)
    summary = batch.ingest([str(folder)], store)
    store.close()
    assert summary.new == 1 and summary.not_analysed == {"not English (ru)": 1}
    assert [f.source for f in summary.failures] == ["in/menu.html"]
    assert summary.model_loads == 0 and summary.load_seconds == 0.0


def test_a_failed_input_is_not_remembered(store: Store) -> None:
    """Only inputs whose article was stored, or that hold none, are remembered: one that
    failed (over its time limit, crashing its process, refused by the store) is read again
    on the next run."""
    def run() -> batch.Run:
        return batch.Run(store, batch.LocalAnalysers(1), None)

    first = run()
    for name in ("slow", "menu"):
        assert first.ledger(f"in.warc#{name}", f"/data/in.warc#{name}", name.encode()) is False
    first.consume([Done([
        Failure("in.warc#slow", "analysis took longer than 30 s (SAYSO_ARTICLE_SECONDS)"),
        NoArticle("in.warc#menu", "no article text found in HTML"),
    ], 0.1)])
    assert len(first.summary.failures) == 2

    second = run()
    assert second.ledger("in.warc#slow", "/data/in.warc#slow", b"slow") is False  # read again
    assert second.ledger("in.warc#menu", "/data/in.warc#menu", b"menu") is True
    assert (second.summary.no_article, second.summary.unchanged) == (1, 0)



def test_the_ledger_says_when_it_writes_after_a_batch(tmp_path: Path) -> None:
    """The ingest loop lets a batch commit without waiting for the disk only when the
    ledger's own (durable) commit follows it: when it holds the input of one of the
    batch's articles, or inputs without an article waiting to be written."""
    from sayso.engine.ledger import Ledger
    from sayso.model import Article

    store = Store(f"sqlite:///{tmp_path / 'sayso.db'}")
    ledger = Ledger(store)
    article = Article(source="/in/a.txt", text="The minister said nothing.")
    assert not ledger.writes_after([article])
    assert not ledger(article.source, "/in/a.txt", b"bytes")  # not seen before: pending
    assert ledger.writes_after([article])
    store.save(article)
    ledger.stored([article])  # written: nothing waits any more
    assert not ledger.writes_after([article])
    ledger("/in/empty.html", "/in/empty.html", b"<html></html>")
    ledger.no_article("/in/empty.html")  # an input without an article, waiting
    assert ledger.writes_after([])
    store.close()
