"""The language of an article, once, from its body (py3langid; the model ships in the wheel).

An article is in the language of most of its text. The classifier alone does not say
that: it weighs character n-grams, and a non-Latin script carries so much evidence per
letter that a Russian quotation taking a quarter of an English article makes the whole
text "ru". So the script most of the letters are written in decides which part of the text
is classified (``majority_script_text``): the Latin-script part of an English article
quoting Russian, the Cyrillic part of a Russian article quoting English.

Short texts carry little evidence, so a guess counts only when the classifier is confident.
When it is not, the script decides: text mostly in a non-Latin script is certainly not
English, so the best guess is kept (``is_english`` must be False for it); a short,
unsure Latin-script text gives None, which ``Article.is_english`` reads as English — the
analysis then treats it as the English it most likely is rather than dropping it.
"""

from __future__ import annotations

import threading
import unicodedata
from typing import Any  # Any: py3langid is untyped (no stubs)

# Enough text to be sure; classifying a whole book is slower and no surer.
SAMPLE_CHARS = 10_000
# Normalised probability above which the classifier's answer is taken as it is.
MIN_CONFIDENCE = 0.5
# Fewer letters than this is no evidence at all ("12:33 P.M.", "Q").
MIN_LETTERS = 3

# py3langid's label for "no linguistic content" (numbers, code, symbols).
NO_LANGUAGE = "zxx"

_identifier: Any = None
_lock = threading.Lock()


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of ``text`` (``"en"``, ``"ru"``, ...), or None when it cannot tell."""
    sample = majority_script_text(text[:SAMPLE_CHARS])
    if not has_letters(sample, MIN_LETTERS):
        return None
    lang, confidence = identifier().classify(sample)
    if lang == NO_LANGUAGE:
        return None
    if confidence >= MIN_CONFIDENCE:
        return lang
    if not mostly_latin([ch for ch in sample if ch.isalpha()]):
        return lang
    return None


def has_letters(text: str, n: int) -> bool:
    """Whether ``text`` has at least ``n`` letters (looked for only until found)."""
    found = 0
    for ch in text:
        if ch.isalpha():
            found += 1
            if found >= n:
                return True
    return False


def mostly_latin(letters: list[str]) -> bool:
    latin = sum(1 for ch in letters if is_latin(ch))
    return latin * 2 >= len(letters)


def is_latin(letter: str) -> bool:
    return letter.isascii() or "LATIN" in unicodedata.name(letter, "")


def majority_script_text(text: str) -> str:
    """The stretches of ``text`` written in the script (Latin or not) most of its letters
    are in, joined by spaces; ``text`` itself when it is in one script only.

    A stretch runs from a letter of one script to the next letter of the other, so the
    spaces, digits and punctuation between words stay with the words around them."""
    # Most texts are in one script: told by their distinct characters, not letter by letter.
    if text.isascii():
        return text
    scripts = {is_latin(ch) for ch in set(text) if ch.isalpha()}
    if len(scripts) < 2:
        return text
    runs: list[tuple[bool, list[str]]] = []
    counts = {True: 0, False: 0}
    for ch in text:
        if ch.isalpha():
            latin = is_latin(ch)
            counts[latin] += 1
            if not runs or runs[-1][0] != latin:
                runs.append((latin, []))
        if runs:
            runs[-1][1].append(ch)
    if counts[True] == 0 or counts[False] == 0:
        return text
    majority = counts[True] >= counts[False]
    return " ".join("".join(chars) for latin, chars in runs if latin == majority)


def identifier() -> Any:
    """The py3langid classifier, loaded once per process (it takes most of a second)."""
    global _identifier
    if _identifier is None:
        with _lock:
            if _identifier is None:
                from py3langid.langid import MODEL_FILE

                from sayso.ingest.langid_scan import ScanningIdentifier

                _identifier = ScanningIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    return _identifier
