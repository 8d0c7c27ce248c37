"""Read a mention as its parts: "the Russian President" → title "president" (office
head_of_state) + country RUS; "President of Belarus Alexander Lukashenko" → title, country
and the name "Alexander Lukashenko"; "Mr Lukashenko" → the name "Lukashenko"."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from sayso.actors.kb import DATA, KnowledgeBase
from sayso.actors.normalise import norm

DETERMINERS = {"the", "a", "an", "his", "her", "its", "our", "their", "this", "that", "then",
               "current", "incumbent", "sitting", "new", "newly", "elected", "outgoing",
               "incoming"}
PAST = {"former", "ex", "late", "previous", "erstwhile"}
PRONOUNS = {"i", "me", "my", "mine", "myself", "we", "us", "our", "ours", "ourselves", "you",
            "your", "yours", "he", "him", "his", "himself", "she", "her", "hers", "herself",
            "it", "its", "itself", "they", "them", "their", "theirs", "themselves", "who",
            "whom", "which", "that", "this", "these", "those", "one", "someone", "everyone"}
_WORD = re.compile(r"[\w.'’-]+", re.UNICODE)
MAX_PHRASE = 6


@dataclass(frozen=True, slots=True)
class Title:
    phrase: str
    office: str | None
    sector: str | None
    kind: str  # title | honorific | portfolio


@dataclass(frozen=True, slots=True)
class Description:
    """What a mention says: a name, a title (and its office), a country, a time."""

    text: str
    name: str | None = None  # the proper-name part, original spelling
    title: Title | None = None
    country: str | None = None  # ISO3 named by an adjective or "of <country>"
    past: bool = False  # "former president": not the office-holder on the article's date
    pronoun: bool = False

    @property
    def office(self) -> str | None:
        return self.title.office if self.title else None


@lru_cache(maxsize=1)
def titles(path: Path = DATA / "titles.tsv") -> dict[str, Title]:
    with path.open(encoding="utf-8") as handle:
        rows = csv.DictReader((r for r in handle if not r.startswith("#")), delimiter="\t")
        return {norm(r["phrase"]): Title(norm(r["phrase"]), r["office"] or None,
                                         (r["sector"] or "").strip() or None, r["kind"])
                for r in rows}


def country_of_phrase(kb: KnowledgeBase, phrase: str) -> str | None:
    """ISO3 when ``phrase`` names a country or is its adjective ("Belarusian")."""
    for actor_id in kb.by_alias.get(phrase, ()):
        actor = kb.actors.get(actor_id)
        if actor is not None and actor.type == "COUNTRY" and actor.source in ("countries",
                                                                              "user"):
            return actor.country
    return None


def describe(text: str, kb: KnowledgeBase) -> Description:
    words = _WORD.findall(text)
    keys = [norm(w) for w in words]
    pairs = [(w, k) for w, k in zip(words, keys, strict=True) if k]
    if not pairs:
        return Description(text)
    if len(pairs) == 1 and pairs[0][1] in PRONOUNS and not pairs[0][0].isupper():
        return Description(text, pronoun=True)
    table = titles()
    title: Title | None = None
    country: str | None = None
    past = False
    name_words: list[str] = []
    i = 0
    while i < len(pairs):
        key = pairs[i][1]
        if key in PAST:
            past, i = True, i + 1
            continue
        if not name_words and key in DETERMINERS:
            i += 1
            continue
        step, found = _match_phrase(pairs, i, table, kb)
        if found is None:
            name_words.append(pairs[i][0])
            i += 1
            continue
        if isinstance(found, Title):
            if found.kind == "title" and (title is None or title.office is None
                                          or found.office is not None and
                                          len(found.phrase) > len(title.phrase)):
                title = found if (title is None or found.office or not title.office) else title
            if name_words and found.kind == "title" and found.office and title is found:
                # "LUKOIL president": a title inside an organisation, not the country's office
                title = Title(found.phrase, None, None, found.kind)
            if name_words and found.kind != "honorific":
                name_words = []  # words before a title were not a name ("Trade Minister")
        elif country is None:
            country = found
            if name_words:
                name_words = []
        i += step
    name = " ".join(w.strip(".,'’") for w in name_words if w[:1].isupper() or w[:1].isdigit())
    return Description(text, name=name or None, title=title, country=country, past=past)


def _match_phrase(pairs: list[tuple[str, str]], i: int, table: dict[str, Title],
                  kb: KnowledgeBase) -> tuple[int, Title | str | None]:
    """Longest title or country phrase starting at ``pairs[i]``."""
    for size in range(min(MAX_PHRASE, len(pairs) - i), 0, -1):
        phrase = " ".join(k for _, k in pairs[i:i + size])
        if phrase in table:
            entry = table[phrase]
            # portfolio words only count inside a title, never as a name's start
            if entry.kind != "portfolio" or not pairs[i][0][:1].isupper() or size > 1:
                return size, entry
            if _is_portfolio_context(pairs, i, table):
                return size, entry
        country = country_of_phrase(kb, phrase)
        if country and (size > 1 or pairs[i][0][:1].isupper()):
            return size, country
    return 1, None


def _is_portfolio_context(pairs: list[tuple[str, str]], i: int, table: dict[str, Title]) -> bool:
    """A capitalised portfolio word ("Industry") counts when a title or "of"/"and" precedes."""
    return i > 0 and (pairs[i - 1][1] in table)
