"""Identity that cannot collide (issue 16, item 2): inputs that share a name but hold
different articles are kept side by side; a new version of one document still replaces it.
Each reproduction of the issue, read by the real readers and stored on both back-ends."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from sayso.ingest import read_inputs
from sayso.model import Article, Failure
from sayso.store import Store

REPO = Path(__file__).resolve().parents[2]
TEXTS = sorted((REPO / "tests" / "fixtures" / "store").glob("*.txt"))


def text_of(i: int) -> str:
    return TEXTS[i].read_text(encoding="utf-8")


def ingest(store: Store, *names: str) -> Counter[str]:
    """Read ``names`` like ``sayso ingest`` and store them; the statuses counted."""
    items = list(read_inputs(list(names)))
    failures = [i for i in items if isinstance(i, Failure)]
    assert not failures, failures
    results = store.save_batch([i for i in items if isinstance(i, Article)])
    assert not [r for r in results if isinstance(r, Exception)], results
    return Counter(r.status for r in results if not isinstance(r, Exception))


def stored_texts(store: Store) -> set[str]:
    page = store.search_articles(limit=100)
    texts = set()
    for summary in page.items:
        record = store.get_article(summary.id)
        assert record is not None
        texts.add(record.text)
    return texts


def test_stdin_twice_keeps_both_texts(db_url: str) -> None:
    """`echo A | sayso ingest -` then `echo B | sayso ingest -` kept only B."""
    env = dict(os.environ, PYTHONPATH=str(REPO))
    for i in (0, 1):
        done = subprocess.run(
            [sys.executable, "-c", "from sayso.cli import main; main()"]
            + ["ingest", "-", "--db", db_url],
            input=text_of(i),
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr
        assert "(1 new, 0 updated, 0 unchanged)" in done.stdout, done.stdout + done.stderr
    with Store(db_url) as store:
        assert stored_texts(store) == {text_of(0), text_of(1)}


def test_stdin_articles_are_located_by_their_text(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    for i, expected in ((0, "new"), (1, "new"), (0, "unchanged")):
        stdin = io.TextIOWrapper(io.BytesIO(text_of(i).encode("utf-8")))
        monkeypatch.setattr(sys, "stdin", stdin)
        assert ingest(store, "-") == Counter({expected: 1})
    assert stored_texts(store) == {text_of(0), text_of(1)}


def test_same_file_name_in_two_folders_is_two_documents(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`a.txt` ingested from two folders kept only the second."""
    for i, folder in enumerate(("one", "two")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "a.txt").write_text(text_of(i), encoding="utf-8")
    monkeypatch.chdir(tmp_path / "one")
    assert ingest(store, "a.txt") == Counter({"new": 1})
    monkeypatch.chdir(tmp_path / "two")
    assert ingest(store, "a.txt") == Counter({"new": 1})
    assert stored_texts(store) == {text_of(0), text_of(1)}

    # A real update of one of them (the file edited, ingested again) is still an update,
    # however the file is named: here by its absolute path.
    edited = text_of(0) + "\nThis release was updated with the full list of participants.\n"
    (tmp_path / "one" / "a.txt").write_text(edited, encoding="utf-8")
    assert ingest(store, str(tmp_path / "one" / "a.txt")) == Counter({"updated": 1})
    assert stored_texts(store) == {edited, text_of(1)}
    record = store.get_article(store.search_articles(limit=10).items[0].id)
    assert record is not None and not any(str(tmp_path) in loc for loc in record.locations)


def feed(entries: list[tuple[str | None, str]], link: str) -> str:
    items = "".join(
        f"<item><title>Entry {n}</title><link>{link}</link>"
        + (f"<guid isPermaLink='false'>{escape(guid)}</guid>" if guid else "")
        + f"<description>{escape(text)}</description></item>"
        for n, (guid, text) in enumerate(entries)
    )
    return (
        "<?xml version='1.0'?><rss version='2.0'><channel><title>Briefings</title>"
        f"<link>{link}</link>{items}</channel></rss>"
    )


@pytest.mark.parametrize("with_guids", [True, False], ids=["guids", "no-guids"])
def test_feed_entries_sharing_a_link_are_each_kept(
    store: Store, tmp_path: Path, with_guids: bool
) -> None:
    """A feed whose entries share one link became 1 article ("19,999 updated" per run)."""
    link = "https://www.kremlin.ru/events/president/news"
    entries = [(f"kremlin-{i}" if with_guids else None, text_of(i)) for i in range(len(TEXTS))]
    path = tmp_path / "news.rss"
    path.write_text(feed(entries, link), encoding="utf-8")
    assert ingest(store, str(path)) == Counter({"new": len(TEXTS)})
    assert ingest(store, str(path)) == Counter({"unchanged": len(TEXTS)})
    assert len(stored_texts(store)) == len(TEXTS)

    edited = text_of(2) + " The Kremlin press service later added the date of the talks."
    entries[2] = (entries[2][0], edited)
    path.write_text(feed(entries, link), encoding="utf-8")
    statuses = ingest(store, str(path))
    texts = stored_texts(store)
    if with_guids:  # the GUID says which entry it is: an update
        assert statuses == Counter({"updated": 1, "unchanged": len(TEXTS) - 1})
        assert text_of(2) not in texts and len(texts) == len(TEXTS)
    else:  # only the text tells entries apart: the edited entry is kept as another one
        assert statuses == Counter({"new": 1, "unchanged": len(TEXTS) - 1})
        assert len(texts) == len(TEXTS) + 1
    assert any("press service later added the date" in t for t in texts)


def test_json_lines_sharing_a_url_are_each_kept(store: Store, tmp_path: Path) -> None:
    import json

    path = tmp_path / "dump.jsonl"
    records = [{"url": "https://example.org/home", "text": text_of(i)} for i in range(3)]
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    assert ingest(store, str(path)) == Counter({"new": 3})
    assert ingest(store, str(path)) == Counter({"unchanged": 3})
    assert len(stored_texts(store)) == 3


def test_uploads_without_url_never_replace_each_other(db_url: str) -> None:
    """Every upload without URL was `upload:upload.txt` and deleted the previous one."""
    from fastapi.testclient import TestClient

    from sayso.web import create_app
    from tests.web.conftest import ADMIN_TOKEN

    auth = {"authorization": f"Bearer {ADMIN_TOKEN}"}
    app = create_app(db_url, admin_token=ADMIN_TOKEN)
    with TestClient(app, raise_server_exceptions=False) as client:
        for i in (0, 1):
            sent = client.post("/api/v1/articles", json={"text": text_of(i)}, headers=auth)
            assert sent.status_code == 201, sent.text
        url = "https://www.whitehouse.gov/briefing-room/statements-releases/2022/05/06/"
        first = client.post("/api/v1/articles", json={"text": text_of(2), "url": url}, headers=auth)
        edited = text_of(2) + "\nThis statement was updated.\n"
        second = client.post("/api/v1/articles", json={"text": edited, "url": url}, headers=auth)
        assert (first.json()["status"], second.json()["status"]) == ("new", "updated")
    with Store(db_url) as store:
        stored = {t.strip() for t in stored_texts(store)}
        assert stored == {text_of(0).strip(), text_of(1).strip(), edited.strip()}
