"""A second run over inputs already stored skips them before reading or analysis, and
re-reads exactly what changed: the input's bytes, or the analyser (code, data, model,
actor overlay)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sayso.engine import batch, fingerprint
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
