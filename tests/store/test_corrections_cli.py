"""`sayso actors merge|split|rename`, `sayso quotes correct` and `sayso corrections
list|export|import|withdraw` on a store holding a real Kremlin page."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sayso.cli import app
from sayso.store import Store

REPO = Path(__file__).resolve().parents[2]
CALL = REPO / "examples" / "kremlin-57147-telephone-conversation-with-lukashenko.html"
runner = CliRunner()


@pytest.fixture()
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("SAYSO_USER", "analyst")
    monkeypatch.setenv("SAYSO_ACTORS", str(tmp_path / "actors.jsonl"))
    url = f"sqlite:///{tmp_path / 'sayso.db'}"
    result = runner.invoke(app, ["ingest", str(CALL), "--db", url])
    assert result.exit_code == 0, result.output
    return url


def sayso(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


def test_correct_rename_split_merge_then_share(db: str, tmp_path: Path) -> None:
    with Store(db) as store:
        [article] = store.search_articles().items
        vocative = next(
            q
            for q in store.get_article(article.id).quotes
            if q.text.startswith("his deepest condolences")
        )  # type: ignore[union-attr]
    code, out = sayso(
        "quotes",
        "correct",
        f"{article.id}:{vocative.qid}",
        "--speaker",
        "unknown",
        "--db",
        db,
        "--note",
        "the readout's words, not a quotation",
    )
    assert code == 0, out
    assert "set to unknown" in out and "1 stored article(s) corrected" in out

    code, out = sayso("quotes", "--db", db, "--format", "json", "--limit", "50")
    hits = json.loads(out)["quotes"]
    fixed = next(h for h in hits if h["text"].startswith("his deepest condolences"))
    assert fixed["speaker_key"] is None and fixed["corrected"]

    code, out = sayso("actors", "rename", "wd:Q9188", "Aliaksandr Lukashenka", "--db", db)
    assert code == 0, out
    code, out = sayso(
        "actors",
        "split",
        "Aliaksandr Lukashenka",
        "--form",
        "Lukashenko",
        "--new",
        "Lukashenko (surname only)",
        "--db",
        db,
    )
    assert code == 0, out
    assert "user:lukashenko-surname-only-xx" in out
    code, out = sayso("actors", "merge", "user:lukashenko-surname-only-xx", "wd:Q9188", "--db", db)
    assert code == 0, out

    code, out = sayso("corrections", "list", "--db", db)
    lines = out.strip().splitlines()
    assert len(lines) == 4 and all("  analyst  " in line for line in lines)
    assert "(the readout's words, not a quotation)" in lines[0]
    shared = tmp_path / "shared.jsonl"
    assert sayso("corrections", "export", str(shared), "--db", db)[0] == 0
    assert len(shared.read_text(encoding="utf-8").splitlines()) == 4

    fresh = f"sqlite:///{tmp_path / 'colleague.db'}"
    assert sayso("ingest", str(CALL), "--db", fresh)[0] == 0
    code, out = sayso("corrections", "import", str(shared), "--db", fresh)
    assert code == 0 and "imported 4 corrections (0 already recorded)" in out, out
    with Store(db) as mine, Store(fresh) as theirs:
        assert [h.to_dict() | {"id": 0} for h in mine.iter_quotes()] == [
            h.to_dict() | {"id": 0} for h in theirs.iter_quotes()
        ]
        assert theirs.get_actor("wd:Q9188").name == "Aliaksandr Lukashenka"  # type: ignore[union-attr]

    first = lines[0].split()[0]
    code, out = sayso("corrections", "withdraw", first, "--db", fresh)
    assert code == 0 and "`sayso ingest --reanalyse` the same files" in out
    assert sayso("ingest", "--reanalyse", str(CALL), "--db", fresh)[0] == 0  # without it
    with Store(fresh) as theirs:
        back = next(h for h in theirs.iter_quotes() if h.text.startswith("his deepest"))
        assert back.speaker_key == "wd:Q9188" and back.corrected is None


def test_mistakes_are_explained(db: str) -> None:
    code, out = sayso("quotes", "correct", "999999", "--speaker", "unknown", "--db", db)
    assert code == 2 and "no quote 999999" in out
    code, out = sayso("quotes", "correct", "nonsense", "--speaker", "unknown", "--db", db)
    assert code == 2 and "ARTICLE:qid" in out
    code, out = sayso("actors", "merge", "wd:Q7747", "nobody:here", "--db", db)
    assert code == 2 and "sayso actors search" in out
    code, out = sayso("actors", "split", "wd:Q7747", "--new", "Someone", "--db", db)
    assert code == 2 and "--form" in out
    code, out = sayso("actors", "merge", "wd:Q7747", "Vladimir Putin", "--db", db)
    assert code == 2 and "same actor" in out
    code, out = sayso("corrections", "withdraw", "0000000000000000", "--db", db)
    assert code == 2 and "sayso corrections list" in out
