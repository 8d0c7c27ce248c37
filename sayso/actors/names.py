"""Does a name written in a text fit a knowledge-base person?

The family name carries the match. It must be the same word up to case and diacritics
("Erdoğan" = "Erdogan"), German umlaut spelling ("Schröder" = "Schroeder") or, only for
people whose names reach English by transliteration from another script
(``data/transliterated.txt``: Cyrillic, Arabic, Chinese, …), a close transliteration
variant ("Lukashenka" = "Lukashenko"). A Polish "Meller" is never an English "Miller":
names written in the Latin alphabet are copied, not transliterated. Generational suffixes
("Jr.", "III") and initials never carry a match, and a given name or initial in the
mention must agree with one of the person's names.
"""

from __future__ import annotations

from functools import cache, lru_cache
from pathlib import Path
from typing import NamedTuple

from rapidfuzz import fuzz

from sayso.actors.normalise import norm, skeleton

DATA = Path(__file__).parent / "data"
# Where the family name comes first ("Xi Jinping", "Yoon Suk Yeol"): "President Xi".
FAMILY_NAME_FIRST = {"CHN", "TWN", "KOR", "PRK", "VNM", "KHM", "MNG"}
# Similarity two spellings of one transliterated word reach (Lukashenka/Lukashenko 90,
# Shoigu/Shoygu 83) and two different names do not (Saud/Said 75).
VARIANT_MIN = 80
_UMLAUTS = (("ae", "a"), ("oe", "o"), ("ue", "u"))


@cache
def word_list(name: str) -> frozenset[str]:
    """The words of a one-word-per-line file in ``data/`` ("#" starts a comment)."""
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return frozenset(w for w in (line.split("#", 1)[0].strip() for line in lines) if w)


def non_actor_heads() -> frozenset[str]:
    """Last words that make a name a thing, not an actor ("Treaty", "Day", "Port")."""
    return word_list("non_actor_heads.txt")


def suffixes() -> frozenset[str]:
    """ "jr", "sr", "ii", "iii": they tell a father from a son, never who is meant."""
    return word_list("name_suffixes.txt")


def transliterated() -> frozenset[str]:
    return word_list("transliterated.txt")


# Name particles: "Ursula von der Leyen", "Abdel Fattah el-Sisi", "Tamim bin Hamad Al Thani".
PARTICLES = {"de", "van", "von", "der", "da", "al", "bin", "el", "la", "le", "di", "du", "ibn"}


@lru_cache(maxsize=100_000)
def name_words(name: str) -> tuple[str, ...]:
    """The normalised words of a name without generational suffixes. A hyphenated name is
    one word ("Jean-Pierre", "Kosiniak-Kamysz"), without a leading particle ("el-Sisi" is
    "sisi", as "el Sisi" is)."""
    words = []
    for token in name.split():
        parts = norm(token).split()
        if len(parts) > 1 and parts[0] in PARTICLES:
            parts = parts[1:]
        word = "".join(parts)
        if word and word not in suffixes():
            words.append(word)
    return tuple(words)


def suffix_of(name: str) -> str | None:
    found = [w for w in norm(name).split() if w in suffixes()]
    return found[-1] if found else None


def family_names(words: tuple[str, ...] | list[str], country: str | None) -> list[str]:
    """The word(s) that may be the family name: the last word that is not an initial, and
    the first word too for the countries that put it first."""
    full = [w for w in words if len(w) > 1]
    if not full:
        return []
    if country in FAMILY_NAME_FIRST and len(full) > 1:
        return [full[-1], full[0]]
    return [full[-1]]


def _unumlaut(word: str) -> str:
    for spelled, plain in _UMLAUTS:
        word = word.replace(spelled, plain)
    return word


def same_word(a: str, b: str, country: str | None, *, exact: bool = False) -> bool:
    """Two normalised name words are one name (see the module docstring); ``exact``:
    no transliteration variants."""
    if a == b:
        return True
    if ("e" in a or "e" in b) and _unumlaut(a) == _unumlaut(b):
        return True
    return (
        not exact
        and country in transliterated()
        and skeleton(a) == skeleton(b)
        and fuzz.ratio(a, b) >= VARIANT_MIN
    )


def has_surname(actor, surname: str, *, exact: bool = False) -> bool:
    """One of the person's names has ``surname`` (normalised) as its family name."""
    families = _families(actor.id, actor.name, tuple(actor.aliases), actor.country)
    if surname in families:
        return True
    return any(same_word(surname, f, actor.country, exact=exact) for f in families)


@lru_cache(maxsize=50_000)
def _families(_id: str, name: str, aliases: tuple[str, ...], country: str | None) -> frozenset:
    """The family names of a person's names (cached: actors are asked again and again)."""
    found = set()
    for one in (name, *aliases):
        words = name_words(one)
        if len(words) >= 2:
            found.update(family_names(words, country))
    return frozenset(found)


def _given_agrees(first: str, other_first: str, country: str | None) -> bool:
    """The mention's given name (or initial) against the person's."""
    if len(first) == 1:
        return other_first.startswith(first)
    # a given name cut short ("Alex", "Vlad") agrees; nicknames ("Joe") are aliases
    return same_word(first, other_first, country) or (
        len(first) >= 3 and other_first.startswith(first)
    )


def _full_names_agree(words: tuple[str, ...], other: tuple[str, ...], country: str | None) -> bool:
    """Family name and given name agree, in either order where the family name comes
    first ("Xi Jinping", "Jinping Xi")."""
    mine = [w for w in words if len(w) > 1] or list(words)
    if same_word(mine[-1], other[-1], country) and _given_agrees(words[0], other[0], country):
        # middle names written in full must be the person's too: "Aung San Suu Kyi" is not
        # "Aung Kyi" (initials and names left out are fine: "George W. Bush")
        middle = [w for w in words[1:-1] if len(w) > 1 and w not in PARTICLES]
        return all(any(same_word(w, o, country) for o in other) for w in middle)
    if country in FAMILY_NAME_FIRST:
        return (
            same_word(words[0], other[0], country)
            and same_word(words[-1], other[-1], country)
            or (same_word(words[0], other[-1], country) and same_word(words[-1], other[0], country))
        )
    return False


def _either_end(words: tuple[str, ...], actor) -> bool:
    """ "Jinping Xi": the family name at the other end, where it comes first."""
    return actor.country in FAMILY_NAME_FIRST and has_surname(actor, words[0])


def person_name_fits(name: str, actor, *, recent: bool = False) -> bool:
    """``name`` ("Stephen Miller", "Putin", "Xi") can be ``actor``, a person.

    A bare family name fits any person with that family name (who is meant is decided by
    the evidence around it); a fuller name also needs the given name to agree and the same
    generational suffix, if the mention has one, unless the person was ``recent`` (active
    around the article's date: "Joseph R. Biden Jr." is the Joe Biden in office, "Robert
    F. Kennedy Jr." in 2025 not the senator who died in 1968); a name without the suffix
    that all the person's names carry fits only a ``recent`` person too ("Ferdinand
    Marcos" in 2024 is the President, in 1985 his father). Remembered: the same names
    and people are asked about again and again."""
    aliases = tuple(actor.aliases)
    return _fits(name, actor.id, actor.type, actor.name, aliases, actor.country, recent)


@lru_cache(maxsize=100_000)
def _fits(
    name: str,
    _id: str,
    kind: str,
    own: str,
    aliases: tuple[str, ...],
    country: str | None,
    recent: bool,
) -> bool:
    return _person_name_fits(name, _Person(_id, kind, own, aliases, country), recent)


class _Person(NamedTuple):
    id: str
    type: str
    name: str
    aliases: tuple[str, ...]
    country: str | None


def _person_name_fits(name: str, actor: _Person, recent: bool) -> bool:
    words = name_words(name)
    if not words or actor.type != "PERSON":
        return False
    full = [w for w in words if len(w) > 1]
    if len(full) == 1 and len(words) == 1:
        return has_surname(actor, full[0])
    if not full or not has_surname(actor, full[-1]) and not _either_end(words, actor):
        return False  # (the quick test: most candidates differ in the family name)
    suffix = suffix_of(name)
    names = (actor.name, *actor.aliases)
    if suffix and not any(suffix_of(n) == suffix for n in names) and not recent:
        return False  # "Robert F. Kennedy Jr." is not his father
    for own in names:
        if not suffix and suffix_of(own) and not recent:
            continue  # nor is "Ferdinand Marcos" in 1985 his son, Ferdinand Marcos Jr.
        other = name_words(own)
        if len(other) >= 2 and _full_names_agree(words, other, actor.country):
            return True
    return False
