"""The plain-text views: a statement's first lines (render.preview)."""

from __future__ import annotations

from pathlib import Path

from sayso.render import PREVIEW_CHARS, preview

FIXTURE = Path(__file__).parent / "fixtures" / "store" / "kremlin-29538.txt"


def test_a_long_paragraph_is_cut_at_a_word_and_counts_what_is_left() -> None:
    paragraph = max(FIXTURE.read_text(encoding="utf-8").split("\n\n"), key=len)
    assert len(paragraph) > PREVIEW_CHARS
    head, left = preview(paragraph)
    flat = paragraph.strip()
    assert flat.startswith(head) and len(head) <= PREVIEW_CHARS
    assert flat[len(head)] in " ,;:"  # cut between words
    assert len(head) + left == len(flat)


def test_a_short_statement_is_whole() -> None:
    assert preview("We are allies.") == ("We are allies.", 0)


def test_one_endless_word_is_cut_inside_it() -> None:
    head, left = preview("x" * 1000)
    assert head == "x" * PREVIEW_CHARS and left == 1000 - PREVIEW_CHARS
