"""In-document entities from spaCy NER: people, organisations, countries and groups.

Mentions of the same entity are grouped inside the document ("Aleksandr Lukashenko",
"Lukashenko"); linking to the knowledge base happens later (sayso.actors).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache

import pycountry
from spacy.tokens import Doc

from sayso.model import EntityType
from sayso.nlp.lexicons import table, word_set

NER_TYPES: dict[str, EntityType] = {
    "PERSON": "PERSON", "ORG": "ORG", "GPE": "COUNTRY", "NORP": "GROUP"
}
STRIP_PREFIX = ("the ", "The ")


@dataclass(slots=True)
class DocEntity:
    name: str
    type: EntityType
    country: str | None = None
    mentions: list[tuple[int, int]] = field(default_factory=list)
    tokens: list[int] = field(default_factory=list)  # head token of each mention


@lru_cache(maxsize=4096)
def country_code(name: str) -> str | None:
    key = name.lower()
    if key in table("countries.txt"):
        return table("countries.txt")[key]
    for prefix in STRIP_PREFIX:
        if name.startswith(prefix):
            name = name[len(prefix):]
    try:
        return pycountry.countries.lookup(name).alpha_3
    except LookupError:
        return None


NATION_STEM = 4  # letters a nation adjective and its country's name share at least
NATION_ENDING = 2  # letters of the name the adjective may change ("Ukraine" → "Ukrainian")


def same_nation(a: str, b: str) -> bool:
    """Do two nation words name one country? ("Belarusian"/"Belarus", "French"/"France",
    "Philippines"/"Philippine"); unknown words are compared by their shared stem."""
    a, b = a.lower(), b.lower()
    if a == b:
        return True
    codes = [table("nation_adjectives.txt").get(w) or country_code(w) for w in (a, b)]
    if all(codes):
        return codes[0] == codes[1]
    if not any(codes):
        return False  # two adjectives neither list knows: only the same word is sure
    country = a if codes[0] else b  # a country's name, and an adjective not listed
    stem = len(os.path.commonprefix([a, b]))
    return stem >= NATION_STEM and stem >= len(country.rstrip("s")) - NATION_ENDING


def clean_name(text: str) -> str:
    text = text.strip()
    for suffix in ("’s", "'s", "’", "'"):
        if text.endswith(suffix):
            text = text[: -len(suffix)]
    for prefix in STRIP_PREFIX:
        if text.startswith(prefix):
            text = text[len(prefix):]
    return " ".join(text.split())


def find_entities(doc: Doc) -> list[DocEntity]:
    """Group NER mentions: a person's later surname-only mention joins the full name."""
    entities: list[DocEntity] = []
    by_key: dict[tuple[str, str], DocEntity] = {}
    surname: dict[str, DocEntity] = {}
    for ent in doc.ents:
        etype = NER_TYPES.get(ent.label_)
        if etype is None:
            continue
        if "\n" in ent.text:  # NER ran across a line break: keep the first line
            cut = ent.text.index("\n")
            first_line = doc.char_span(ent.start_char, ent.start_char + cut, label=ent.label_,
                                       alignment_mode="contract")
            if first_line is None:
                continue
            ent = first_line
        name = clean_name(ent.text)
        if not name or not any(c.isalpha() for c in name):
            continue
        if etype == "PERSON" and name.lower() in word_set("titles.txt"):
            continue  # "President" alone is a role, resolved by speakers.py
        code = None
        if etype == "PERSON" and country_code(name):
            etype = "COUNTRY"  # the small model sometimes tags "Belarus" as a person
        if etype == "COUNTRY":
            code = country_code(name)
            if code is None:
                continue  # cities and regions are places, not actors
        target = by_key.get((etype, name.lower()))
        if target is None and etype == "PERSON":
            parts = name.split()
            target = surname.get(parts[-1].lower())
            if target is not None and len(parts) > len(target.name.split()) and \
                    target.name.split()[-1] == parts[-1]:
                target.name = name  # the fullest name used in the article
        if target is None:
            target = DocEntity(name, etype, code)
            entities.append(target)
        by_key[(etype, name.lower())] = target
        if etype == "PERSON":
            surname.setdefault(name.split()[-1].lower(), target)
        start, end = ent.start_char, ent.end_char
        if ent.text.endswith(("’s", "'s")):
            end -= 2
        target.mentions.append((start, end))
        target.tokens.append(ent.root.i)
    return entities
