"""How the words hold an event: asserted, negated, promised (future, "ready to"), demanded
("must"), hypothetical ("if", "unless"), or told of as past."""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Span, Token

from sayso.events.lexicon import cue

YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)s?\b")
CHAIN_DEPS = ("xcomp", "acomp", "auxpass", "conj")


@dataclass(slots=True)
class Modality:
    negated: bool = False
    future: bool = False  # will / plan to / ready to: an intention, not a deed
    obligation: bool = False  # must / should / need to: someone is told to
    hypothetical: bool = False  # if / unless / could / might
    conditional: bool = False  # would (future in reported speech, else hypothetical)
    past: bool = False
    failure: bool = False  # "failed to reach agreement"
    readiness: bool = False  # "prepared to resume shelling": a posture, not yet the deed


def chain(tok: Token) -> list[Token]:
    """The trigger and the words it hangs from as a complement: "ready to [meet]", "plans to
    [impose]", "did not want to [meet]"."""
    out = [tok]
    while (tok.dep_ in CHAIN_DEPS or infinitive_of_noun(tok)) and tok.head != tok:
        if tok.dep_ == "conj" and tok.head.pos_ != tok.pos_:
            break
        tok = tok.head
        out.append(tok)
    return out


def obliged(words: list[Token]) -> bool:
    """"must ensure …", "need to ensure …": the words are demanded of their subject."""
    return any(c.dep_ in ("aux", "auxpass") and c.lower_ in cue("obligation")
               for w in words for c in w.children) or \
        any(w.lemma_.lower() in cue("obligationverb") and w.pos_ in ("VERB", "AUX") and
            any(c.dep_ == "xcomp" for c in w.children) for w in words[1:])


def inverted(aux: Token) -> bool:
    """"should Russia proceed": the modal before its clause's subject."""
    return any(c.dep_ in ("nsubj", "nsubjpass") and c.i > aux.i for c in aux.head.children)


def purpose(tok: Token) -> bool:
    """"must ensure security to allow supplies in": a purpose clause under a demand is
    demanded too, not asserted on its own (a promise or a wish above it is left alone: "would
    like to take this opportunity to thank" thanks)."""
    return tok.dep_ == "advcl" and tok.head.pos_ in ("VERB", "AUX") and \
        not any(c.dep_ in ("nsubj", "nsubjpass", "mark") for c in tok.children) and \
        any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)


def infinitive_of_noun(tok: Token) -> bool:
    """"no plans to [attack]", "its readiness to [talk]": the noun holds the deed."""
    return tok.dep_ == "acl" and tok.head.pos_ == "NOUN" and \
        any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)


def read(tok: Token, verb: Token | None, in_statement: bool, article_year: int | None,
         sent: Span, dates: list[Span]) -> Modality:
    """The modality of the event named by ``tok`` (a verb, or a noun governed by ``verb``)."""
    m = Modality()
    words = chain(verb if verb is not None else tok)
    if tok.pos_ == "NOUN":
        m.negated |= any(c.dep_ == "det" and c.lower_ == "no" for c in tok.children)
    for w in words:
        for c in w.children:
            low = c.lower_
            if c.dep_ == "neg" or (w != tok and w.pos_ == "NOUN" and c.dep_ == "det"
                                   and low == "no"):
                m.negated = True
            if c.dep_ in ("aux", "auxpass"):
                m.future |= low in cue("future")
                if low in cue("obligation") and inverted(c):
                    m.hypothetical = True  # "should Russia cut the supplies": a condition
                    continue
                m.obligation |= low in cue("obligation")
                m.conditional |= low in cue("conditional")
                m.hypothetical |= low in cue("possibility")
        lemma = w.lemma_.lower()
        if w != tok:
            # "is going to strike", not "went on strike"
            m.future |= (lemma in cue("futureverb") and (
                lemma != "go" or any(c.dep_ == "xcomp" for c in w.children))) or \
                lemma in cue("intent")
            m.obligation |= lemma in cue("obligationverb") and w.pos_ in ("VERB", "AUX") and \
                any(c.dep_ == "xcomp" for c in w.children)
            m.failure |= lemma in cue("failure")
            m.readiness |= lemma in cue("readiness") and w.pos_ == "VERB"
    if purpose(words[-1]):
        m.obligation |= obliged(chain(words[-1].head))
    m.hypothetical |= inside_condition(tok) or possible(words[-1])
    top = words[-1]
    if top.pos_ == "NOUN" and top.head.pos_ in ("VERB", "AUX"):
        top = top.head  # "there was a pressure": the tense is the verb's
    m.past = (in_statement and tense_past(top)) or historical(tok, article_year, sent, dates)
    return m


def possible(top: Token) -> bool:
    """"every opportunity to provide", "able to meet": a possibility, not a deed."""
    return top.dep_ in ("acl", "xcomp") and top.head.lemma_.lower() in cue("possibility")


def tense_past(verb: Token) -> bool:
    if verb.pos_ not in ("VERB", "AUX"):
        return False
    if "Past" in verb.morph.get("Tense", []) and verb.tag_ == "VBD":
        return True
    return any(c.dep_ in ("aux", "auxpass") and c.tag_ == "VBD" and c.lower_ != "would"
               for c in verb.children)


def inside_condition(tok: Token) -> bool:
    """Inside an "if"/"unless" clause."""
    while tok.head != tok:
        if any(c.dep_ == "mark" and c.lower_ in cue("hypothetical") for c in tok.children):
            return True
        tok = tok.head
    return any(c.dep_ == "mark" and c.lower_ in cue("hypothetical") for c in tok.children)


def historical(tok: Token, article_year: int | None, sent: Span, dates: list[Span]) -> bool:
    """A date in the sentence (``dates``: its named entities) before the article's year, or
    "… ago" / "formerly"."""
    if any(t.lower_ in cue("past") and t.dep_ in ("advmod", "npadvmod") and t.head == tok
           for t in sent):
        return True
    if article_year is None:
        return False
    for ent in dates:
        if ent.label_ == "DATE":
            for m in YEAR.finditer(ent.text):
                if int(m.group(1)) < article_year - 1:
                    return True
    return False
