"""What the attribution passes share: the document they read and the statements they find.

``Document`` is read-only: the parsed text, its quotations and the settings. ``Findings``
is the one mutable record the passes hand on to each other: the statements found so far,
the cue words and quotations they took (a later pass must not take them again) and the
regions of transcript turns. Passes only add to it, in the order ``attribute`` runs them;
that order matters (the first pass to take a cue or a quote keeps it).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from spacy.tokens import Doc

from sayso.nlp.attribution.quotes import Quoted
from sayso.nlp.attribution.settings import AttributionSettings

Region = tuple[int, int]  # [start, end) in characters of the text


@dataclass(slots=True, eq=False)
class Found:
    """One statement before it becomes a ``sayso.model.Quote``. Compared by identity: two
    statements with the same spans are still two findings until ``resolve`` merges them."""

    content: Region
    kind: str
    cue: Region | None
    source: Region | None
    source_token: int | None  # token index of the speaker mention's head
    confidence: float
    parent: Found | None = None  # the statement this one is nested in (set by ``resolve``)
    extra: list[Region] = field(default_factory=list)  # later paragraphs of a turn
    owner: Found | None = None  # the mixed report whose quoted words this statement is


class Document:
    """One parsed text, its quotations and the settings, with character → token lookups."""

    def __init__(self, doc: Doc, text: str, quotes: list[Quoted],
                 settings: AttributionSettings):
        self.doc = doc
        self.text = text
        self.quotes = quotes  # ordered by start, outer before nested
        self.settings = settings
        self._starts = [t.idx for t in doc]

    def token_at(self, char: int) -> int:
        """Index of the token that holds (or last starts before) ``char``."""
        return max(0, bisect_right(self._starts, char) - 1)

    def inside_quote(self, char: int) -> Quoted | None:
        """The innermost quote whose content holds ``char``."""
        best = None
        for q in self.quotes:
            if q.start <= char < q.end:
                best = q
            elif q.start > char:
                break
        return best

    def same_paragraph(self, a: int, b: int) -> bool:
        lo, hi = min(a, b), max(a, b)
        return "\n" not in self.text[lo:hi]



def trim_tokens(doc: Doc, a: int, b: int) -> Region | None:
    """Token range [a, b] → character span without edge punctuation/space."""
    while a <= b and (doc[a].is_punct or doc[a].is_space) and doc[a].text not in "[(":
        a += 1
    while b >= a and (doc[b].is_punct or doc[b].is_space) and doc[b].text not in "])":
        b -= 1
    if a > b:
        return None
    return doc[a].idx, doc[b].idx + len(doc[b].text)


@dataclass(slots=True)
class Findings:
    """The statements found so far and what they have claimed."""

    statements: list[Found] = field(default_factory=list)
    taken_cues: set[int] = field(default_factory=set)  # token indices of cue words
    taken_quotes: set[int] = field(default_factory=set)  # offsets of their opening marks
    turns: list[Region] = field(default_factory=list)  # transcript turns (no report inside)

    def add(self, found: Found) -> Found:
        self.statements.append(found)
        return found

    def take_cue(self, token: int) -> None:
        self.taken_cues.add(token)

    def cue_taken(self, token: int) -> bool:
        return token in self.taken_cues

    def claim(self, quote: Quoted) -> None:
        self.taken_quotes.add(quote.open_at)

    def claimed(self, quote: Quoted) -> bool:
        return quote.open_at in self.taken_quotes

    def in_turn(self, char: int) -> bool:
        return any(s <= char < e for s, e in self.turns)
