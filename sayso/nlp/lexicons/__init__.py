"""Data files of the analysis: the cue lexicon (mined from PolNeAR train), word lists
(titles, pronouns, prepositions …), layout patterns (turn labels, credit lines) and the
attribution settings (``attribution.cfg``, read by ``sayso.nlp.attribution.settings``)."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

HERE = Path(__file__).resolve().parent


@cache
def cue_lexicon() -> dict[tuple[str, str], float]:
    """(lemma, POS) → how often it is a cue head in PolNeAR train (precision, 0..1)."""
    lex: dict[tuple[str, str], float] = {}
    for line in (HERE / "cues.tsv").read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        lemma, pos, as_cue, total = line.split("\t")
        lex[(lemma, pos)] = int(as_cue) / max(int(total), 1)
    for line in _lines("cues_extra.txt"):
        lemma, pos, prec = line.split()
        lex[(lemma, pos)] = max(lex.get((lemma, pos), 0.0), float(prec))
    return lex


@cache
def word_set(name: str) -> frozenset[str]:
    return frozenset(w.lower() for w in _lines(name))


@cache
def patterns(name: str) -> tuple[re.Pattern[str], ...]:
    """The regular expressions of a pattern file, one per line, in file order."""
    return tuple(re.compile(line) for line in _lines(name))


@cache
def table(name: str) -> dict[str, str]:
    """A two-column word list (``word<TAB>value``), keys lower-cased."""
    pairs = (line.split("\t") for line in _lines(name))
    return {word.lower(): value for word, value in pairs}


def _lines(name: str) -> list[str]:
    path = HERE / name
    if not path.exists():
        return []
    return [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines()
            if ln.strip() and not ln.startswith("#")]
