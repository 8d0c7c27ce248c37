"""Read a mention as its parts: "the Russian President" → title "president" (office
head_of_state) + country RUS; "President of Belarus Alexander Lukashenko" → title, country
and the name "Alexander Lukashenko"; "Mr Lukashenko" → the name "Lukashenko"."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from sayso.actors.kb import DATA, KnowledgeBase
from sayso.actors.names import PARTICLES
from sayso.actors.normalise import norm

DETERMINERS = {
    "the",
    "a",
    "an",
    "his",
    "her",
    "its",
    "our",
    "their",
    "this",
    "that",
    "then",
    "current",
    "incumbent",
    "sitting",
    "new",
    "newly",
    "elected",
    "elect",  # "President-elect"
    "outgoing",
    "incoming",
    # modifiers of a title or an authority ("the highest Belarusian authorities")
    "high",
    "highest",
    "top",
    "senior",
    "supreme",
    "main",
    "leading",
    "respective",
}
PAST = {"former", "ex", "late", "previous", "erstwhile"}
PRONOUNS = {
    "i",
    "me",
    "my",
    "mine",
    "myself",
    "we",
    "us",
    "our",
    "ours",
    "ourselves",
    "you",
    "your",
    "yours",
    "he",
    "him",
    "his",
    "himself",
    "she",
    "her",
    "hers",
    "herself",
    "it",
    "its",
    "itself",
    "they",
    "them",
    "their",
    "theirs",
    "themselves",
    "who",
    "whom",
    "which",
    "that",
    "this",
    "these",
    "those",
    "one",
    "someone",
    "everyone",
}
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
    org: str | None = None  # the body a title belongs to ("LUKOIL", "California")
    honorific: bool = False  # "Mr", "Ms", "Dr": a person is meant
    # several actors, not one: "Mr Putin and Mr Chavez", "the two leaders", "E.U. leaders"
    group: bool = False
    # lower-case words that are not part of a title: a description ("the union", "a
    # conversation with parents at the White House"), not a name
    loose: bool = False

    @property
    def office(self) -> str | None:
        return self.title.office if self.title else None

    @property
    def person_cue(self) -> bool:
        """An honorific or a person's title says a person is meant ("Mr", "Senator");
        "the authorities" or "the Belarusian side" name a government, not a person."""
        return self.honorific or bool(
            self.title and self.title.kind == "title" and self.title.office != "government"
        )


@lru_cache(maxsize=1)
def titles(path: Path = DATA / "titles.tsv") -> dict[str, Title]:
    with path.open(encoding="utf-8") as handle:
        rows = csv.DictReader((r for r in handle if not r.startswith("#")), delimiter="\t")
        return {
            norm(r["phrase"]): Title(
                norm(r["phrase"]),
                r["office"] or None,
                (r["sector"] or "").strip() or None,
                r["kind"],
            )
            for r in rows
        }


def country_of_phrase(kb: KnowledgeBase, phrase: str) -> str | None:
    """ISO3 when ``phrase`` names a country or is its adjective ("Belarusian")."""
    for actor_id in kb.by_alias.get(phrase, ()):
        actor = kb.actors.get(actor_id)
        if actor is not None and actor.type == "COUNTRY" and actor.source in ("countries", "user"):
            return actor.country
    return None


CONNECTORS = {"of", "for", "at"}
# words that may stand lower-case inside a name or title without making it a description
FUNCTION_WORDS = DETERMINERS | CONNECTORS | PARTICLES | {"and", "&", "s"}
# after a country adjective they name the country's people: "the Ukrainian people"
FUNCTION_WORDS |= {"people", "peoples", "nation", "public"}
_COORDINATION = re.compile(r"\s*(?:,|&|\band\b)\s*")


def describe(text: str, kb: KnowledgeBase) -> Description:
    """Split a mention into title, country and name (see the module docstring)."""
    words = _WORD.findall(text)
    pairs = [(w, norm(w)) for w in words if norm(w)]
    if not pairs:
        return Description(text)
    word = pairs[0][0]
    if len(pairs) == 1 and pairs[0][1] in PRONOUNS and (len(word) == 1 or not word.isupper()):
        # An all-capitals "US" or "WE" is an acronym; "I" is always the pronoun.
        return Description(text, pronoun=True)
    state = _State()
    i = 0
    while i < len(pairs):
        i += state.step(pairs, i, titles(), kb)
    name = state.name()
    title = state.title
    if title and title.office and state.org_words and state.country is None:
        # "President of OAO United Shipbuilding Corporation": a company's president
        title = Title(title.phrase, None, None, title.kind)
    return Description(
        text,
        name=name,
        title=title,
        country=state.country,
        past=state.past,
        org=" ".join(state.org_words) or None,
        honorific=state.honorific,
        group=state.plural or _coordinated(text, kb),
        loose=state.loose,
    )


def _coordinated(text: str, kb: KnowledgeBase) -> bool:
    """Two or more actors joined by "and", "&" or commas ("Mr Putin and Mr Chavez",
    "Australia, the United Kingdom and the United States"). A part counts when it names
    someone (a name, or a country without a title); titles joined by "and" are one
    person's ("Acting President and Prime Minister Vladimir Putin"), and what follows an
    "of" without a title of its own continues that clause ("Patriarch Kirill of Moscow and
    All Russia", "the Union State of Russia and Belarus")."""
    if "," not in text and "&" not in text and " and " not in text:
        return False
    named, clause_open = 0, False
    table = titles()
    for part in _COORDINATION.split(text):
        if all(norm(w) in table for w in _WORD.findall(part)):
            continue  # portfolio words: "Industry and Trade Minister Denis Manturov"
        desc = describe(part, kb)
        if clause_open and not desc.title and not desc.honorific:
            continue
        # a name; a country; or a whole role with its country ("the King of Saudi Arabia",
        # not "First Deputy Prime Minister", a post of the person named after "and")
        named += bool(desc.name or desc.country or (desc.title and desc.org))
        clause_open = " of " in f" {part} "
    return named >= 2


@dataclass
class _State:
    """Left-to-right reading of a mention's words."""

    title: Title | None = None
    country: str | None = None
    past: bool = False
    name_words: list[str] = field(default_factory=list)
    org_words: list[str] = field(default_factory=list)  # "Governor of <California> …"
    org_first: bool = False  # the body came before the title: "<Kremlin> spokesman"
    in_org_clause: bool = False  # after "<title> of"
    name_closed: bool = False  # "Askar Akayev <of Kyrgyzstan>"
    honorific: bool = False
    plural: bool = False  # a title in the plural: "presidents", "leaders"
    loose: bool = False  # a lower-case word outside any title
    country_end: int = -1  # index of the word after the last country word

    def step(
        self, pairs: list[tuple[str, str]], i: int, table: dict[str, Title], kb: KnowledgeBase
    ) -> int:
        word, key = pairs[i]
        if key in PAST:
            self.past = True
            return 1
        if not self.name_words and not self.org_words and key in DETERMINERS:
            return 1
        size, found = _match_phrase(pairs, i, table, kb)
        if isinstance(found, str) and (
            self._first_name_not_country(pairs, i, size, table)
            or self._surname_not_country(pairs, i, size, kb)
        ):
            found = None  # "Trade Minister German Gref", "Mark Cuban": names, no countries
        if found is None:
            singular = table.get(key[:-1]) if key.endswith("s") else None
            if singular is not None and singular.kind == "title":
                self.plural = True  # "the two presidents", "E.U. leaders"
                return 1
            if word[:1].islower() and key not in FUNCTION_WORDS:
                self.loose = True
            self._plain_word(word)
            if word.endswith(("'s", "’s")) and i + 1 < len(pairs) and not self.in_org_clause:
                self.org_words.extend(self.name_words)  # "CNN's Scott Jennings": CNN's man
                self.name_words = []
                self.org_first = True
            return 1
        if isinstance(found, Title):
            self._title_word(found, key, pairs, i)
        else:
            self._country(found, pairs, i)
            self.country_end = i + size
        return size

    def _plain_word(self, word: str) -> None:
        if self.name_closed:
            return
        (self.org_words if self.in_org_clause else self.name_words).append(word)

    def _title_word(self, found: Title, key: str, pairs, i: int) -> None:
        if found.kind == "honorific":
            self.honorific = True
            self.in_org_clause = False  # "President of Turkey Mr Erdogan"
            return
        if found.kind == "portfolio":
            if key in CONNECTORS and self.name_words and not self.in_org_clause:
                self.name_closed = True  # the name is complete; a place or body follows
            elif key in CONNECTORS and self.title is not None and not self.name_words:
                self.in_org_clause = True
            return
        if self.name_closed:
            return
        if self.title is None or (found.office and not self.title.office):
            self.title = found
        if self.name_words and found.office and self.title is found:
            # "LUKOIL president": a title inside an organisation, not the country's office
            self.title = Title(found.phrase, None, None, found.kind)
        if self.name_words:
            self.org_words.extend(self.name_words)
            self.name_words = []
            self.org_first = True
        self.in_org_clause = False

    def _country(self, country: str, pairs, i: int) -> None:
        if self.country not in (None, country) and self.country_end == i and \
                pairs[i][1].endswith("s"):
            # "Bosnian Serbs", "Turkish Cypriots": a people of one country living in another
            # is neither country; several people, so no single actor either.
            self.plural = True
        if self.country is None:
            self.country = country
        if self.name_words and not self.name_closed and not (i > 0 and pairs[i - 1][1] == "of"):
            self.org_words.extend(self.name_words)  # "Novgorod Region …": not a name
            self.name_words = []

    def _first_name_not_country(self, pairs, i: int, size: int, table: dict[str, Title]) -> bool:
        after = i + size
        if self.title is None or after >= len(pairs) or (i and pairs[i - 1][1] in ("of", "the")):
            return False
        word, key = pairs[after]
        return word[:1].isupper() and key not in table

    def _surname_not_country(self, pairs, i: int, size: int, kb: KnowledgeBase) -> bool:
        """A country adjective closing a name ("Mark Cuban", "Dawn French") is a surname."""
        if i + size != len(pairs) or size != 1 or not self.name_words or self.name_closed:
            return False
        word, key = pairs[i]
        country = kb.get(f"country:{country_of_phrase(kb, key)}")
        return pairs[i - 1][1] != "of" and country is not None and norm(country.name) != key

    def name(self) -> str | None:
        words = self.name_words
        if not words and self.org_words and self.title is not None and not self.org_first:
            words = _trailing_person_name(self.org_words)  # "Governor of California A. S."
            self.org_words = self.org_words[: len(self.org_words) - len(words)]
        name = " ".join(
            w.strip(".,'’")
            for w in words
            if w[:1].isupper() or w[:1].isdigit() or w.lower() in PARTICLES
        )
        return name or None


def _trailing_person_name(words: list[str]) -> list[str]:
    """The person at the end of "<organisation> <First> <Last>": two words, three with a
    particle ("Charles de Gaulle") or a middle name/initial."""
    if len(words) <= 2:
        return words
    if words[-2].lower() in PARTICLES or len(words[-2].strip(".")) == 1:
        return words[-3:]
    return words[-2:]


def _match_phrase(
    pairs: list[tuple[str, str]], i: int, table: dict[str, Title], kb: KnowledgeBase
) -> tuple[int, Title | str | None]:
    """Longest title or country phrase starting at ``pairs[i]``."""
    for size in range(min(MAX_PHRASE, len(pairs) - i), 0, -1):
        phrase = " ".join(k for _, k in pairs[i : i + size])
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
    """A capitalised portfolio word ("Industry") counts inside a title: after a title word
    or "of"/"and", or before one ("Industry and Trade Minister")."""
    before = i > 0 and pairs[i - 1][1] in table
    after = i + 1 < len(pairs) and pairs[i + 1][1] in table
    return before or after
