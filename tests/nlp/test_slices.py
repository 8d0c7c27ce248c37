"""Long texts are parsed in slices (issue 16): the slices join back into the text, and the
analysis of real articles parsed in small slices keeps every offset and finds the same
statements as one parse (entities but for a name at a cut)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sayso.model import Article
from sayso.nlp import analyse_doc, parse
from sayso.nlp.pipeline import parse_in_slices, slices

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "store"


@pytest.fixture(scope="module")
def text() -> str:
    return "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(FIXTURES.glob("*.txt")))


@pytest.mark.parametrize("size", [50, 300, 1000])
def test_slices_join_back_and_cut_at_breaks(text: str, size: int) -> None:
    pieces = slices(text, size)
    assert "".join(pieces) == text
    assert all(len(p) <= size for p in pieces)
    assert all(p.endswith(("\n", ". ", " ")) for p in pieces[:-1])
    one_line = "Putin said the talks went well. " * 40
    assert "".join(slices(one_line, size)) == one_line


def test_analysis_in_slices_keeps_offsets_and_findings(text: str) -> None:
    whole = analyse_doc(Article(source="x", text=text), parse(text))
    for size in (400, 1500):
        doc = parse_in_slices(text, size)
        assert doc.text == text
        sliced = analyse_doc(Article(source="x", text=text), doc)
        assert [(q.text, q.start, q.end) for q in sliced.quotes] == [
            (q.text, q.start, q.end) for q in whole.quotes
        ]
        for quote in sliced.quotes:
            assert text[quote.start : quote.end] == quote.text
        # NER sees less context at a cut: a name may come out once differently, no more.
        names, whole_names = {e.name for e in sliced.entities}, {e.name for e in whole.entities}
        assert len(names ^ whole_names) <= 2, names ^ whole_names
        for entity in sliced.entities:
            for start, end in entity.mentions:
                assert 0 <= start < end <= len(text) and text[start:end].strip()
