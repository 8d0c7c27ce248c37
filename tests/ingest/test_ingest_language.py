"""Language detection: once per article, ISO 639-1, careful with short texts."""

from __future__ import annotations

from sayso.ingest import read_raw
from sayso.ingest.language import detect_language
from sayso.ingest.registry import RawInput


def test_languages_of_real_sentences():
    assert detect_language("The President said the two countries remain close allies.") == "en"
    assert detect_language("Президент заявил, что Россия и Беларусь остаются союзниками.") == "ru"
    assert detect_language("Die Bundesregierung hat heute neue Sanktionen beschlossen.") == "de"
    assert detect_language("Le président a déclaré que les deux pays restent alliés.") == "fr"


def test_no_letters_no_language():
    assert detect_language("") is None
    assert detect_language("12:33 — 2024") is None


def test_short_cyrillic_is_never_taken_for_english():
    language = detect_language("Президент заявил")
    assert language is not None and language != "en"


def test_short_unsure_latin_text_is_left_undecided():
    # Too little to tell; None reads as English downstream rather than dropping it.
    assert detect_language("Putin met Lukashenko in Minsk.") in (None, "en")


def test_reader_language_is_not_overridden():
    raw = RawInput(source="x.md", data=b"---\nlang: de\n---\nThis body is English.\n", path="x.md")
    [article] = read_raw(raw)
    assert article.language == "de"
