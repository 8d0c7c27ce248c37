"""A text longer than SAYSO_MAX_ANALYSED_CHARS (issue 16: peak RSS <= 1 GB for any input
under the size cap) is analysed from its start to a break, and kept whole: its statements
point into the whole text, its id is the whole text's, and a warning says how much was
analysed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sayso.engine.pipeline import analyse_article
from sayso.model import Article

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "lukashenko-allies-2024-08-15.txt"


def test_a_text_over_the_limit_is_analysed_in_part_and_kept_whole(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    one = EXAMPLE.read_text(encoding="utf-8").strip()
    text = "\n\n".join([one] * 4)
    whole = analyse_article(Article(source="whole.txt", text=one, language="en")).article
    assert whole.quotes  # the example has statements to find
    limit = len(one) + 50  # the first copy and the start of the second
    monkeypatch.setenv("SAYSO_MAX_ANALYSED_CHARS", str(limit))
    article = Article(source="long.txt", text=text, language="en")
    analysed = analyse_article(article).article
    assert analysed.text == text and analysed.id == article.id
    assert analysed.quotes
    [warning] = [w for w in analysed.meta["warnings"] if "analysed" in w]
    cut = int(re.search(r"first ([\d,]+) of", warning).group(1).replace(",", ""))
    assert f"of {len(text):,} characters" in warning
    assert len(one) < cut <= limit and text[:cut].endswith("\n\n")  # at a paragraph break
    assert all(q.end <= cut for q in analysed.quotes)  # only the start was read
    assert all(text[q.start : q.end] == q.text for q in analysed.quotes)
    first_copy = [(q.start, q.end, q.kind) for q in analysed.quotes if q.start < len(one)]
    assert first_copy == [(q.start, q.end, q.kind) for q in whole.quotes]
    assert "SAYSO_MAX_ANALYSED_CHARS" in warning


def test_a_text_within_the_limit_is_analysed_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    monkeypatch.setenv("SAYSO_MAX_ANALYSED_CHARS", str(len(text)))
    analysed = analyse_article(Article(source="a.txt", text=text, language="en")).article
    assert analysed.quotes and not analysed.meta.get("warnings")


def test_extract_and_ingest_say_an_article_was_analysed_in_part(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from typer.testing import CliRunner

    from sayso.cli import app
    from sayso.engine.batch import IngestSummary
    from sayso.store.write import SaveResult

    one = EXAMPLE.read_text(encoding="utf-8").strip()
    long_text = tmp_path / "long.txt"
    long_text.write_text("\n\n".join([one] * 3), encoding="utf-8")
    monkeypatch.setenv("SAYSO_MAX_ANALYSED_CHARS", str(len(one) + 10))
    done = CliRunner().invoke(app, ["extract", "-f", "jsonl", str(long_text)])
    assert done.exit_code == 0, done.output
    assert "long.txt: only the first" in done.stderr and "SAYSO_MAX_ANALYSED_CHARS" in done.stderr
    summary = IngestSummary()
    article = Article(source="long.txt", text="x", meta={"analysed_chars": 1})
    summary.add(SaveResult(article.id, "new", 0), article)
    summary.add(SaveResult("other", "new", 0), Article(source="short.txt", text="y"))
    assert "1 analysed only in part (longer than" in summary.line()
