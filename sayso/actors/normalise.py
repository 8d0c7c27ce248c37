"""Name keys that make lookups insensitive to case, diacritics, punctuation and
transliteration ("Aleksandr Lukashenko" = "Alexander Lukashenko" = "Alyaksandr Lukashenka")."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Letters NFKD does not decompose into ASCII.
_FOLD = str.maketrans(
    {
        "ß": "ss",
        "ø": "o",
        "Ø": "o",
        "ł": "l",
        "Ł": "l",
        "đ": "d",
        "Đ": "d",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
        "ı": "i",
        "þ": "th",
        "ð": "d",
        "’": "'",
        "‘": "'",
        "ʼ": "'",
        "`": "'",
        "–": "-",
        "—": "-",
    }
)
# Cyrillic (Russian, Belarusian, Ukrainian) → Latin, so "Лукашэнка" meets "Lukashenka".
_CYRILLIC = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюяіўґєї",
        [
            "a",
            "b",
            "v",
            "g",
            "d",
            "e",
            "e",
            "zh",
            "z",
            "i",
            "y",
            "k",
            "l",
            "m",
            "n",
            "o",
            "p",
            "r",
            "s",
            "t",
            "u",
            "f",
            "kh",
            "ts",
            "ch",
            "sh",
            "shch",
            "",
            "y",
            "",
            "e",
            "yu",
            "ya",
            "i",
            "u",
            "g",
            "ye",
            "yi",
        ],
        strict=True,
    )
)
_FOLD.update(
    str.maketrans({**_CYRILLIC, **{k.upper(): v.capitalize() for k, v in _CYRILLIC.items()}})
)
_NON_WORD = re.compile(r"[^a-z0-9]+")
_DOTTED = re.compile(r"\b(?:[A-Za-z]\.){2,}")  # "U.S.", "E.U.": one word, like "US", "EU"
_POSSESSIVE = re.compile(r"'s\b")

# Transliteration folding applied in order to each word before vowels are dropped:
# Russian/Belarusian/Ukrainian romanisations and German umlaut spellings.
_TRANSLIT = (
    ("shch", "sh"),
    ("sch", "sh"),
    ("tch", "ch"),
    ("kh", "h"),
    ("x", "ks"),
    ("ck", "k"),
    ("ph", "f"),
    ("w", "v"),
    ("q", "k"),
    ("j", "y"),
    ("c", "k"),
    ("dzh", "j"),
    ("zh", "z"),
    ("ts", "z"),
    ("tz", "z"),
)
_VOWELS = re.compile(r"[aeiouy]")
_DOUBLES = re.compile(r"(.)\1+")


@lru_cache(maxsize=200_000)
def norm(text: str) -> str:
    """Lower-case ASCII words separated by single spaces: the exact-lookup key. Dotted
    acronyms are one word ("U.S." = "US")."""
    return id_words(_DOTTED.sub(lambda m: m.group(0).replace(".", ""), text))


@lru_cache(maxsize=200_000)
def id_words(text: str) -> str:
    """``norm`` without joining dotted acronyms: the words actor ids are made of, kept as
    they were so that ids never change ("phx:b-j-habibie-IDN")."""
    text = unicodedata.normalize("NFKD", text.translate(_FOLD))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = _POSSESSIVE.sub("", text)
    return _NON_WORD.sub(" ", text.replace("'", "")).strip()


def _word_skeleton(word: str) -> str:
    if word.startswith("ye") or word.startswith("ie"):
        word = "e" + word[2:]  # Yevgeny = Evgeny
    for old, new in _TRANSLIT:
        word = word.replace(old, new)
    head, tail = word[:1], _VOWELS.sub("", word[1:])
    if head in "aeiouy":
        head = "a"  # Alexander / Oleksandr differ only in their first vowel
    return _DOUBLES.sub(r"\1", head + tail)


@lru_cache(maxsize=200_000)
def skeleton(text: str) -> str:
    """A coarse consonant key per word, for spelling/transliteration variants.

    Only ever used together with a confirming similarity check, since it is lossy.
    """
    return " ".join(_word_skeleton(w) for w in norm(text).split())


def tokens(text: str) -> list[str]:
    return norm(text).split()
