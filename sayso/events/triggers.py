"""Which words name an event, and which CAMEO code they carry.

sayso's lexicon (``data/triggers.tsv``) is read first; for a verb, PETRARCH2's patterns then
refine the code from the words of its clause ("ASK * AID" → 023, "ASK" alone → 020) unless
the entry says ``own``; PETRARCH2's verb default comes last. Nouns are sayso's only.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from spacy.tokens import Token

from sayso.events.lexicon import (
    Pattern,
    Trigger,
    block_patterns,
    cue,
    synsets,
    triggers,
    verb_codes,
)

# Dependents that start another clause: their words are not the verb's pattern context.
CLAUSE_DEPS = {"ccomp", "advcl", "relcl", "parataxis", "csubj", "acl"}
POS_GROUP = {"VERB": "VERB", "NOUN": "NOUN", "ADJ": "ADJ"}
MODIFIER_DEPS = {"amod", "compound", "nmod", "prep"}  # "war-torn", "according to"


@dataclass(frozen=True, slots=True)
class Hit:
    token: Token
    code: str  # CAMEO digits, or EVENT[:mode]
    flags: frozenset[str]
    preps: tuple[str, ...]
    light: bool = False  # a light verb: its object noun names the event
    origin: str = "sayso"  # sayso | pattern | default (PETRARCH2's verb default)


def lemma(tok: Token, group: str) -> str:
    """The lemma under which the lexicon knows the word: spaCy's, else one read off the
    inflected form when spaCy's lemma is not a word the lexicon has and that one is
    ("staged" → spaCy's "stag", the lexicon's "stage")."""
    base = tok.lemma_.lower()
    if (base, group) in triggers() or group != "VERB":
        return base
    low = tok.lower_
    for suffix, add in (("ed", ""), ("ed", "e"), ("d", ""), ("ing", ""), ("ing", "e"),
                        ("s", ""), ("es", ""), ("ied", "y"), ("ies", "y")):
        if low.endswith(suffix) and len(low) > len(suffix) + 2:
            guess = low[: -len(suffix)] + add
            if (guess, group) in triggers():
                return guess
    return base


def own_reading(tok: Token, group: str) -> Trigger | None:
    readings = triggers().get((lemma(tok, group), group), [])
    if not readings:
        return None
    lemmas = clause_lemmas(tok) if any(r.needs for r in readings) else frozenset()
    return next((r for r in readings if not r.needs or r.needs & lemmas), None)


MEMO = "sayso.events.find"  # Doc.user_data key: the reading of each token, made once


def find(tok: Token) -> Hit | None:
    """The trigger ``tok`` is, or None. Light verbs come back with ``light`` and no code.
    Read once per token of a parse: the coder asks again for governors and subjects."""
    memo = tok.doc.user_data.setdefault(MEMO, {})
    if tok.i not in memo:
        memo[tok.i] = _find(tok)
    hit: Hit | None = memo[tok.i]
    return hit


def _find(tok: Token) -> Hit | None:
    group = POS_GROUP.get(tok.pos_)
    if group is None or (group == "VERB" and tok.dep_ in MODIFIER_DEPS):
        return None  # "war-torn Mozambique": a participle describing, not an event
    own = own_reading(tok, group)
    unmet = own is None and bool(triggers().get((lemma(tok, group), group)))
    particle = next((c.lower_ for c in tok.children if c.dep_ == "prt"), None)
    if own is not None and particle and particle not in own.needs and \
            f"{tok.lemma_.lower()} {particle}" in verb_codes() and \
            petrarch_code(tok)[1] == "pattern":
        # "called off a strike" is not "called for": PETRARCH2's patterns know the phrasal
        # verb (its bare default does not say more than sayso's reading: "shot down")
        own, unmet = None, True
    if own is not None and particle and particle not in own.needs and "speech" in own.flags:
        # a verbal act with a particle is another verb: "was sworn in" vows nothing
        own, unmet = None, True
    if unmet and group != "VERB":
        return None  # sayso knows the word, but not in this clause ("cover" without "rear")
    if group != "VERB":
        if own is None or own.code == "-":
            return None
        return Hit(tok, own.code, own.flags, own.preps)
    if own is not None and "light" in own.flags:
        return Hit(tok, "", own.flags, own.preps, light=True)
    if own is not None and ("own" in own.flags or own.code == "-"):
        return None if own.code == "-" else Hit(tok, own.code, own.flags, own.preps)
    code, origin = petrarch_code(tok)
    if code == "-" or (unmet and origin != "pattern"):
        return None  # a verb sayso knows only in other clauses: PETRARCH2's patterns decide
    if origin == "default":
        # PETRARCH2's bare verb defaults ("increase", "differ", "die" …) rely on its actor
        # dictionaries to keep them honest; over open text they code far too much
        code, origin = None, ""
    if code is None and own is not None:
        code, origin = own.code, "sayso"
    if not code:
        return None
    return Hit(tok, code, own.flags if own else frozenset(), own.preps if own else (),
               origin=origin)


PETRARCH_MEMO = "sayso.events.petrarch"  # Doc.user_data key: each verb's PETRARCH2 code


def petrarch_code(verb: Token) -> tuple[str | None, str]:
    """PETRARCH2's code for a verb in its clause (``_petrarch_code``), read once per parse."""
    memo = verb.doc.user_data.setdefault(PETRARCH_MEMO, {})
    if verb.i not in memo:
        memo[verb.i] = _petrarch_code(verb)
    found: tuple[str | None, str] = memo[verb.i]
    return found


def _petrarch_code(verb: Token) -> tuple[str | None, str]:
    """PETRARCH2's code for a verb in its clause and where it comes from: the most specific
    matching pattern of its block ("pattern"), else the verb's default ("default"); "-" when
    a pattern says "no event"."""
    entries = []
    particle = next((c.lower_ for c in verb.children if c.dep_ == "prt"), None)
    forms = ([f"{verb.lemma_.lower()} {particle}", f"{verb.lower_} {particle}"] if particle
             else []) + [verb.lemma_.lower(), verb.lower_]
    for form in forms:
        entries = verb_codes().get(form, [])
        if entries:
            break
    if not entries:
        return None, ""
    before, after = clause_words(verb)
    present = stems(before) | stems(after)
    for default, block in entries:
        for pattern in block_patterns().get(block, ()):
            if could_match(pattern, present) and matches(pattern, before, after):
                return pattern.code, "pattern"
        if default:
            return default, "default"
    return None, ""


def stems(words: list[str]) -> set[str]:
    """Every prefix of every word, and each whole word marked "_": one set lookup tells
    whether a pattern word (a stem, or "word_" for an exact match) occurs at all."""
    out: set[str] = set()
    for w in words:
        out.add(w + "_")
        out.update(w[:k] for k in range(1, len(w) + 1))
    return out


def could_match(pattern: Pattern, present: set[str]) -> bool:
    """A quick necessary condition: every element has an option whose words all occur."""
    return all(any(all(part in present for part in option) for option in options(element))
               for element in pattern.before + pattern.after)


@cache
def options(element: str) -> tuple[tuple[str, ...], ...]:
    """A pattern element's alternatives, each as its words: "&FOOD" → (("food",), …)."""
    alternatives = synsets().get(element, ()) if element.startswith("&") else (element,)
    return tuple(tuple(a.split("~")) for a in alternatives)


def clause_tokens(verb: Token) -> list[Token]:
    """The verb's own clause: its subtree without the clauses embedded in it, nor the
    adjuncts saying why or when ("closed its borders because of fighting" is no truce)."""
    out: list[Token] = []
    stack = [verb]
    while stack:
        tok = stack.pop()
        out.append(tok)
        stack.extend(c for c in tok.children if not embedded(c) and (tok is not verb or not (
            c.dep_ in CLAUSE_DEPS or (c.dep_ == "prep" and c.lower_ in cue("adjunct")))))
    return sorted(out, key=lambda t: t.i)


def embedded(tok: Token) -> bool:
    """A clause of its own below an argument ("a reminder to Iraq that it must cooperate with
    inspectors probing for weapons"): its words are not the verb's ("issue * weapons")."""
    return tok.dep_ in CLAUSE_DEPS and tok.pos_ in ("VERB", "AUX") and \
        any(c.dep_ in ("nsubj", "nsubjpass", "mark", "aux") for c in tok.children)


def clause_lemmas(tok: Token) -> frozenset[str]:
    """The lemmas of the clause of ``tok``: a verb's own, a noun's governing verb's ("a state
    of siege" under "declared")."""
    root = tok
    while root.pos_ not in ("VERB", "AUX") and root.head != root:
        root = root.head
    words = {t.lemma_.lower() for t in clause_tokens(root)}
    if root.dep_ in ("relcl", "acl"):  # "the conventions we have signed": the noun is its object
        words.add(root.head.lemma_.lower())
    return frozenset(words)


def clause_words(verb: Token) -> tuple[list[str], list[str]]:
    words = clause_tokens(verb)
    return ([t.lower_ for t in words if t.i < verb.i],
            [t.lower_ for t in words if t.i > verb.i])


def matches(pattern: Pattern, before: list[str], after: list[str]) -> bool:
    return in_order(pattern.before, before) and in_order(pattern.after, after)


def in_order(pattern: tuple[str, ...], words: list[str]) -> bool:
    """Each pattern element found after the previous one (gaps allowed)."""
    pos = 0
    for element in pattern:
        found = find_element(element, words, pos)
        if found < 0:
            return False
        pos = found
    return True


def find_element(element: str, words: list[str], pos: int) -> int:
    """Index just past the first match of ``element`` at or after ``pos``, or -1."""
    for i in range(pos, len(words)):
        for parts in options(element):
            if i + len(parts) <= len(words) and all(
                    word_matches(p, words[i + k]) for k, p in enumerate(parts)):
                return i + len(parts)
    return -1


def word_matches(pattern_word: str, word: str) -> bool:
    """PETRARCH2 convention: a word ending in "_" must match exactly, others as a stem."""
    if pattern_word.endswith("_"):
        return word == pattern_word[:-1]
    return word.startswith(pattern_word)
