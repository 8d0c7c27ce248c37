"""Language detection: once per article, ISO 639-1, careful with short texts."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from sayso.ingest import read_raw
from sayso.ingest.language import detect_language
from sayso.ingest.registry import RawInput

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


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


# The first verse and refrain of the Russian national anthem (official text of 2000; state
# symbols are not protected by copyright, Civil Code of the Russian Federation 1259(6)).
ANTHEM = (
    "«Россия — священная наша держава, Россия — любимая наша страна. Могучая воля, "
    "великая слава — Твоё достоянье на все времена! Славься, Отечество наше свободное, "
    "Братских народов союз вековой, Предками данная мудрость народная! Славься, страна! "
    "Мы гордимся тобой!»"
)


def kremlin_paragraphs() -> list[str]:
    """Body paragraphs of en.kremlin.ru/events/president/news/29538 (see fixtures/SOURCES.md)."""
    text = (FIXTURES / "store" / "kremlin-29538.txt").read_text(encoding="utf-8")
    return [p for p in text.split("\n\n") if p.strip()]


def test_a_russian_quotation_does_not_make_an_english_article_russian():
    first, second = kremlin_paragraphs()[:2]
    # a quarter of the letters are Cyrillic: the classifier on the whole text says "ru"
    article = f"{first}\n\nThe President quoted the national anthem: {ANTHEM}\n\n{second}"
    cyrillic = sum(1 for ch in article if "CYRILLIC" in unicodedata.name(ch, ""))
    assert cyrillic > 0.2 * sum(1 for ch in article if ch.isalpha())
    assert detect_language(article) == "en"
    # the same quotation opening the article changes nothing
    assert detect_language(f"{ANTHEM}\n\n{first}\n\n{second}") == "en"


def test_an_english_quotation_does_not_make_a_russian_text_english():
    first = kremlin_paragraphs()[0]
    assert detect_language(f"{ANTHEM} {ANTHEM}\n\n{first[:120]}") == "ru"


def test_an_article_quoting_russian_is_read_and_analysed_as_english():
    from sayso.nlp import analyse

    first, second = kremlin_paragraphs()[:2]
    body = f"{first}\n\nThe President quoted the national anthem: {ANTHEM}\n\n{second}\n"
    [article] = read_raw(RawInput(source="k.txt", data=body.encode(), path="k.txt"))
    assert article.language == "en" and article.is_english
    analysed = analyse(article)
    said = {words(q.text, 3): words(q.speaker.text) if q.speaker else None
            for q in analysed.quotes}
    assert said["It is important"] == "the Russian President"
    assert said["Россия — священная"] == "The President"


def words(text: str, n: int | None = None) -> str:
    """The first ``n`` words of ``text`` (the page uses no-break spaces)."""
    return " ".join(text.split()[:n])


def test_the_scanning_classifier_scores_as_py3langid_does():
    # py3langid walks the bytes one Python step at a time; ours takes the same steps for
    # every position at once, which needs the model's automaton to be no deeper than DEPTH
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    from sayso.ingest.langid_scan import DEPTH
    from sayso.ingest.language import identifier

    ours = identifier()
    theirs = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    assert ours.automaton_depth() <= DEPTH
    texts = [*kremlin_paragraphs(), ANTHEM, "", "12:33", "Q", "Президент заявил"]
    texts += [p.read_text(encoding="utf-8") for p in sorted((FIXTURES / "ingest").glob("*.md"))]
    for text in texts:
        assert ours.classify(text) == theirs.classify(text), text[:60]
        assert ours.rank(text)[:5] == theirs.rank(text)[:5], text[:60]
    # the same counts in the order the walk finds them (the scores are summed in that order)
    found = theirs_visits(theirs, ANTHEM.encode())
    assert list(ours.visits(ANTHEM.encode()).items()) == list(found.items())


def theirs_visits(identifier, text: bytes) -> dict[int, int]:
    from py3langid.langid import visit_counts

    found = visit_counts(identifier.tk_nextmove, identifier._rowbase, identifier.tk_output, text)
    return dict(found or {})
