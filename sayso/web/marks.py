"""A statement as HTML for a list: the words a search matched marked, the first lines shown
and the rest behind "show more" (no script needed: a <details> element).

Matching follows the store's full-text search: English Porter stems (SQLite's FTS5
``porter`` tokenizer), case and accents folded, ``word*`` as a prefix; words after a minus
are excluded from the search, so they are never marked.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any  # Any: snowballstemmer's stemmer (the package is untyped)

from markupsafe import Markup, escape

from sayso.render import preview

WORD = re.compile(r"\w+", re.UNICODE)
TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')  # as store.fulltext reads a query
OPERATORS = {"OR", "AND", "NOT"}


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    # snowballstemmer ships no type hints and there are no stubs for it
    import snowballstemmer  # type: ignore[import-untyped]

    return snowballstemmer.stemmer("porter")


def fold(word: str) -> str:
    if word.isascii():  # most words: nothing to decompose (a tenth of the page's marking)
        return word.lower()
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    return str(_stemmer().stemWord(fold(word)))


def query_terms(query: str | None) -> tuple[frozenset[str], tuple[str, ...]]:
    """The stems a query looks for, and the prefixes (``word*``) it looks for."""
    stems: set[str] = set()
    prefixes: list[str] = []
    for minus, phrase, bare in TOKEN.findall(query or ""):
        if minus or bare.startswith("-") or bare in OPERATORS:
            continue
        text = phrase or bare
        if not phrase and bare.endswith("*"):
            prefixes.extend(fold(w) for w in WORD.findall(text))
            continue
        stems.update(stem(w) for w in WORD.findall(text))
    return frozenset(stems), tuple(prefixes)


def mark_words(text: str, query: str | None) -> Markup:
    """``text`` escaped, each word the query matches in <mark>."""
    stems, prefixes = query_terms(query)
    if not stems and not prefixes:
        return escape(text)
    # A Porter stem keeps a word's first letters: only words starting like a stem are
    # stemmed (stemming every word of twenty long statements costs tens of milliseconds).
    starts = {s[:2] for s in stems}
    out: list[str] = []
    last = 0
    for match in WORD.finditer(text):
        word = match.group(0)
        folded = fold(word)
        hit = folded[:2] in starts and stem(word) in stems
        if hit or any(folded.startswith(p) for p in prefixes):
            out.append(str(escape(text[last : match.start()])))
            out.append(f"<mark>{escape(word)}</mark>")
            last = match.end()
    out.append(str(escape(text[last:])))
    return Markup("".join(out))


def statement_html(text: str, query: str | None = None) -> Markup:
    """The statement's first lines with matches marked; a long one folds the rest into a
    <details> that opens in place ("show more" / "show less")."""
    head, left_out = preview(text)
    if not left_out:
        return Markup('<span class="words">') + mark_words(head, query) + Markup("</span>")
    whole = text.strip()
    return (
        Markup('<details class="more"><summary><span class="preview">')
        + mark_words(head, query)
        + Markup(' …</span> <span class="toggle" data-more="')
        + escape(f"show more (+{left_out:,} characters)")
        + Markup('"></span></summary><span class="words">')
        + mark_words(whole, query)
        + Markup("</span></details>")
    )
