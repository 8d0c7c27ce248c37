"""The event coder's data, loaded once per process from ``sayso/events/data``.

- PLOVER (CC BY-SA, ``plover.tsv``, ``cameo_plover.tsv``): quad class and score of every
  event[:mode]; CAMEO code → PLOVER event, mode, context.
- PETRARCH2 (MIT, ``petrarch_*.tsv``): verb forms → CAMEO code, and the patterns of each verb
  block ("ASK * AID" → 023) with the synonym sets they use.
- sayso's own lexicons (hand-written, ``triggers.tsv``, ``cues.tsv``, ``actor_nouns.tsv``,
  ``contexts.tsv``, ``stance.tsv``): triggers that win over PETRARCH's, the words that make
  an event future, hypothetical or a demand, the nouns that name actors, contexts and
  evaluations.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from sayso.actors.kb import DATA as ACTOR_DATA

DATA = Path(__file__).resolve().parent / "data"


def rows(name: str, path: Path | None = None) -> list[list[str]]:
    """Tab-separated rows of a data file, without comments and the header line."""
    lines = (path or DATA / name).read_text(encoding="utf-8").splitlines()
    body = [ln for ln in lines if ln.strip() and not ln.startswith("#")]
    return [ln.split("\t") for ln in body[1:]]


# --- PLOVER ------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Plover:
    event: str
    mode: str | None
    context: tuple[str, ...]


@cache
def scores() -> dict[tuple[str, str], float]:
    """(EVENT, mode or "") → PLOVER score."""
    return {(r[0], r[1]): float(r[3]) for r in rows("plover.tsv")}


@cache
def quads() -> dict[str, int]:
    return {r[0]: int(r[2]) for r in rows("plover.tsv")}


@cache
def needs_recipient() -> frozenset[str]:
    """The event types the manual says require a recipient (COOPERATE, AID, SANCTION)."""
    return frozenset(r[0] for r in rows("plover.tsv") if len(r) > 4 and r[4] == "yes")


def score(event: str, mode: str | None) -> float:
    table = scores()
    return table.get((event, mode or ""), table[(event, "")])


@cache
def crosswalk() -> dict[str, Plover]:
    table = {}
    for code, event, mode, context in (r + [""] * (4 - len(r)) for r in rows("cameo_plover.tsv")):
        table[code] = Plover(event, mode or None, tuple(c for c in context.split(";") if c))
    for code, event, mode, context in rows("cameo_extra.tsv"):
        table[code] = Plover(event, mode.strip() or None,
                             tuple(c for c in context.strip().split(";") if c))
    return table


def plover_of(code: str) -> Plover | None:
    """The PLOVER reading of a CAMEO code, trying ever shorter prefixes ("0234" → "023")."""
    table = crosswalk()
    while len(code) >= 2:
        if code in table:
            return table[code]
        code = code[:-1]
    return None


# --- PETRARCH2 ----------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Pattern:
    before: tuple[str, ...]
    after: tuple[str, ...]
    code: str  # "-": the pattern matches and codes no event

    @property
    def weight(self) -> int:
        return sum(len(w.split("~")) for w in self.before + self.after)


@cache
def verb_codes() -> dict[str, list[tuple[str, int]]]:
    """Verb form (one word or a phrasal "ask for") → [(default code, block)]."""
    table: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for form, code, block in rows("petrarch_verbs.tsv"):
        table[form].append((code, int(block)))
    return dict(table)


@cache
def block_patterns() -> dict[int, list[Pattern]]:
    table: dict[int, list[Pattern]] = defaultdict(list)
    for block, before, after, code in (r + [""] * (4 - len(r)) for r in
                                       rows("petrarch_patterns.tsv")):
        pattern = Pattern(tuple(before.split()), tuple(after.split()), code)
        if pattern.weight:  # a pattern of no words would be a default in disguise
            table[int(block)].append(pattern)
    for plist in table.values():
        plist.sort(key=lambda p: -p.weight)  # the most specific pattern first
    return dict(table)


@cache
def synsets() -> dict[str, tuple[str, ...]]:
    table: dict[str, list[str]] = defaultdict(list)
    for name, word in rows("petrarch_synsets.tsv"):
        table[name].append(word)
    return {k: tuple(v) for k, v in table.items()}


# --- sayso's own lexicons -------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Trigger:
    lemma: str
    pos: str  # VERB | NOUN | ADJ
    code: str  # CAMEO code, "-" for "never an event"
    preps: tuple[str, ...]  # prepositions introducing the recipient, best first
    flags: frozenset[str]
    needs: frozenset[str]  # the clause must contain one of these lemmas


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


@cache
def triggers() -> dict[tuple[str, str], list[Trigger]]:
    """(lemma, VERB|NOUN|ADJ) → sayso's readings (in file order; one with ``needs`` applies
    only when its clause has one of those words), which win over PETRARCH's."""
    table: dict[tuple[str, str], list[Trigger]] = defaultdict(list)
    for lemma, pos, code, preps, flags, needs, *_ in (r + [""] * 6 for r in
                                                      rows("triggers.tsv")):
        table[(lemma, pos)].append(Trigger(lemma, pos, code, tuple(_split(preps)),  # "-" too
                                           frozenset(_split(flags)), frozenset(_split(needs))))
    return dict(table)


@cache
def content_modes() -> dict[tuple[str, str, str], str]:
    """(verbal act, content event, content mode or "") → the act's mode."""
    return {(r[0], r[1], r[2]): r[3] for r in (r + [""] * 4 for r in rows("content_modes.tsv"))}


@cache
def cue_words() -> dict[str, frozenset[str]]:
    """Word classes that shape an event: future, hypothetical, obligation, intent, …"""
    table: dict[str, set[str]] = defaultdict(set)
    for kind, words, *_ in rows("cues.tsv"):
        table[kind].update(w.strip() for w in words.split(",") if w.strip())
    return {k: frozenset(v) for k, v in table.items()}


def cue(kind: str) -> frozenset[str]:
    return cue_words().get(kind, frozenset())


@cache
def actor_nouns() -> dict[str, str]:
    """Common nouns that name actors ("rebels", "police") → sector: the actor KB's Phoenix
    agent words, then sayso's own list (which wins)."""
    table = {r[0]: r[1] for r in rows("agents.tsv", ACTOR_DATA / "agents.tsv")
             if len(r) > 1 and " " not in r[0]}
    table.update({r[0]: r[1] for r in rows("actor_nouns.tsv")})
    return {k: v for k, v in table.items() if v != "-"}


@cache
def contexts() -> dict[str, str]:
    """Lemma → PLOVER context it signals ("army" → military)."""
    table = {}
    for context, words in rows("contexts.tsv"):
        for w in words.split(","):
            if w.strip():
                table[w.strip()] = context
    return table


@cache
def stance() -> dict[str, str]:
    """Lemma → the verbal event an evaluation of an actor makes (SUPPORT | ACCUSE)."""
    table = {}
    for event, mode, words in rows("stance.tsv"):
        for w in words.split(","):
            if w.strip():
                table[w.strip()] = f"{event}:{mode}" if mode else event
    return table
