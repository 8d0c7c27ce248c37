"""Cues: the words that say a statement is reported ("said", "told", "according to", ":").

What counts as a cue comes from the lexicon mined from PolNeAR train (``lexicons/cues.tsv``
+ ``cues_extra.txt``): a verb whose lemma is often a cue head is one; a weaker one only
with a clausal complement ("think that …"). The functions below also find the cue of one
quotation: right after its closing mark ("…,” he said", "…,” said Smith") or right before
its opening mark ("He told me, “…", "Cruz continued:⏎“…", "Pollster Carl Bialik: “…").
"""

from __future__ import annotations

from spacy.tokens import Token

from sayso.nlp.attribution.quotes import MARKS, Quoted
from sayso.nlp.attribution.settings import CueSettings
from sayso.nlp.attribution.sources import subject_of
from sayso.nlp.attribution.state import Document, Findings, Region
from sayso.nlp.lexicons import cue_lexicon

COMPLEMENT_DEPS = ("ccomp", "xcomp")
OBJECT_DEPS = ("dobj",)
CUE_POS = ("VERB", "NOUN", "ADV")
SENTENCE_END = ".!?"
# What may end a quoted statement before its closing mark ("…,” he said; …?” he asked).
STATEMENT_END = ",.!?…—-"
# What may stand right before an opening mark that a cue introduces ("said: “", "told me, “").
INTRODUCING = ",:—–-"

Cue = tuple[Token, float]  # the cue's head token and its strength (lexicon precision)


def cue_strength(tok: Token) -> float:
    """Lexicon precision of this token as a cue head (0 when not a cue)."""
    if tok.pos_ not in CUE_POS or tok.is_punct:
        return 0.0
    return cue_lexicon().get((tok.lemma_.lower(), tok.pos_), 0.0)


def has_clause(tok: Token) -> bool:
    return any(c.dep_ in COMPLEMENT_DEPS for c in tok.children)


def has_clause_after(tok: Token) -> bool:
    """A complement to the right: "…?” he asked whether …" starts a new report, while the
    parser often hangs the quote before the verb on it as its complement ("…,” Trump barked)."""
    return any(c.dep_ in COMPLEMENT_DEPS and c.i > tok.i for c in tok.children)


def is_cue(tok: Token, cfg: CueSettings) -> float:
    """The strength of ``tok`` as a reporting verb, 0 when it is none."""
    p = cue_strength(tok)
    if p >= cfg.min_precision and tok.pos_ == "VERB":
        return p
    if p >= cfg.min_precision_with_clause and tok.pos_ == "VERB" and has_clause(tok):
        return max(p, cfg.clause_strength_floor)
    return 0.0


def cue_span(tok: Token) -> Region:
    return tok.idx, tok.idx + len(tok.text)


def inline_space(tok: Token) -> bool:
    """A whitespace token inside a line (no-break or double space), not a line break."""
    return tok.is_space and "\n" not in tok.text


# -- the cue after a quote -----------------------------------------------------------------
def cue_after(d: Document, found: Findings, q: Quoted) -> Cue | None:
    """The cue in the words right after a quote's closing mark."""
    if q.close_at is None:
        return None
    text, cfg = d.text, d.settings
    before_close = text[q.start:q.close_at].rstrip()[-1:] or " "  # 'this, " Trump said'
    if before_close in MARKS and q.close_at - q.start > 2:
        before_close = text[q.start:q.close_at].rstrip()[-2:-1] or " "  # ‘quality,’ ”
    after_close = text[q.close_at + 1:q.close_at + 2]
    sentence = q.words(text) >= cfg.quotes.sentence_min_words
    if before_close not in STATEMENT_END and after_close not in (",", "") and not sentence:
        return None  # a fragment ("called it “a disgrace” on Monday") is no direct quote
    if q.embedded(text) and not sentence:
        return None  # "appeared on “Morning Joe,” he said": a title inside a clause
    doc = d.doc
    j = d.token_at(q.close_at) + 1
    n = len(doc)
    # Skip the punctuation that ends the quoted stretch.
    while j < n and (doc[j].is_punct and doc[j].text not in MARKS and doc[j].text != "."
                     or inline_space(doc[j])):
        j += 1
    limit = min(n, j + cfg.quotes.after_window)
    if before_close in SENTENCE_END and j < n and not doc[j].text[:1].islower():
        # “…” Smith said. — but not “…” I then said that …
        limit = min(n, j + cfg.quotes.after_sentence_window)
    for i in range(j, limit):
        t = doc[i]
        if inline_space(t):
            continue  # a no-break space after the closing mark ("”\xa0Weiner said")
        if t.is_space or t.text in SENTENCE_END or "\n" in t.text:
            break
        if t.text in MARKS and i > j:
            break
        if q.parent is not None and t.idx >= q.parent.end:
            break
        p = is_cue(t, cfg.cues)
        if p and not found.cue_taken(i):
            if t.dep_ == "relcl" and any(is_cue(u, cfg.cues) for u in doc[i + 1:limit]):
                continue  # “…,” Warren, who has not endorsed anyone, told reporters
            if before_close in SENTENCE_END and has_clause_after(t) and not any(
                    c.dep_ == "nsubj" and c.i > t.i for c in t.children):
                return None  # the word after the quote starts a new report
            return t, p
    if before_close in ",!?" and j < n:
        return _distant_cue(d, found, j) or _speech_verb_after(
            d, found, j, min(n, j + cfg.quotes.speech_verb_window))
    return None


def _distant_cue(d: Document, found: Findings, j: int) -> Cue | None:
    """“…,” Trump, the 2016 GOP frontrunner … by a wide margin, said: the name right after
    the quote is the subject of a cue beyond the window."""
    t = d.doc[j]
    while t.dep_ in ("compound", "flat") and t.head.i > t.i:
        t = t.head
    verb = t.head
    if t.pos_ not in ("PROPN", "PRON") or t.dep_ != "nsubj" or verb.i < t.i or \
            found.cue_taken(verb.i) or "\n" in d.text[t.idx:verb.idx]:
        return None
    p = is_cue(verb, d.settings.cues)
    return (verb, p) if p else None


def _speech_verb_after(d: Document, found: Findings, j: int, limit: int) -> Cue | None:
    """“…,” Trump barked. / “…!” beamed Donald Hartley: a quote ending in a comma, "!" or
    "?" followed by a short "name verb" clause; the verb is the cue, lexicon or not."""
    cfg = d.settings
    for i in range(j, limit):
        t = d.doc[i]
        if inline_space(t):
            continue
        if t.text in ".;\n" or t.is_space or t.text in MARKS:
            break
        if t.pos_ == "VERB" and not found.cue_taken(i) and not has_clause_after(t):
            subj = subject_of(t, cfg.speakers) or next(
                (c for c in t.lefts if c.pos_ in ("PROPN", "PRON")), None)
            if subj is not None and j <= subj.i < limit and subj.pos_ in ("PROPN", "PRON"):
                return t, cfg.cues.speech_verb_strength
    return None


# -- the cue before a quote ----------------------------------------------------------------
def cue_before(d: Document, found: Findings, q: Quoted) -> Cue | None:
    """The cue in the words that introduce a quote, before its opening mark."""
    doc, text, cfg = d.doc, d.text, d.settings
    k = q.open_at - 1
    while k >= 0 and text[k] in " \t\u00a0":
        k -= 1
    colon_para = False
    if k >= 0 and text[k] == "\n":  # "Cruz continued:\n\n“…”"
        while k >= 0 and text[k].isspace():
            k -= 1
        if k < 0 or text[k] != ":":
            return None
        colon_para = True
    if k < 0 or text[k] not in INTRODUCING and not text[k].isalpha():
        return None
    o = d.token_at(q.open_at)
    if colon_para:
        o = d.token_at(k) + 1
    if text[k].isalpha() and (o == 0 or not is_cue(doc[o - 1], cfg.cues)):
        return None  # "said that “…”" is indirect speech with a mixed quote
    lower = q.open_at - cfg.quotes.before_reach_chars
    if q.parent is not None:
        lower = q.parent.start
    best = None
    for i in range(o - 1, max(-1, o - 1 - cfg.quotes.before_window), -1):
        t = doc[i]
        if t.idx < lower or "\n" in t.text or t.text in SENTENCE_END or t.text in MARKS:
            break
        p = is_cue(t, cfg.cues)
        if p and not found.cue_taken(i):
            best = (t, p)
            break
    if best is not None and text[k] == ":" and any(
            c.dep_ == "ccomp" and best[0].i < c.i < o for c in best[0].children):
        return None  # "said that Muslims have two choices: “…”" is one mixed report
    if best is not None and text[k] == ":":
        colon = doc[d.token_at(k)]
        prev = doc[colon.i - 1] if colon.i > 0 else None
        if prev is not None and prev.pos_ == "PROPN" and prev.i > best[0].i and \
                best[0] not in prev.ancestors:
            # "Media shares blame in poll overhype - HuffPollster: “…”": the label wins
            best = (colon, cfg.cues.colon_label_strength)
    if best is None and text[k] == ":":
        best = _verb_before_colon(d, found, doc[d.token_at(k)])
    if best is None and text[k] == ":":
        colon = doc[d.token_at(k)]
        prev = doc[colon.i - 1] if colon.i > 0 else None
        if prev is not None and not found.cue_taken(colon.i) and (
                prev.pos_ == "PROPN" or colon_para):
            # "Pollster Carl Bialik: “…”"; "Clinton released this statement:⏎“…”"
            best = (colon, cfg.cues.colon_label_strength)
    return best


def _verb_before_colon(d: Document, found: Findings, colon: Token) -> Cue | None:
    """“the Christie supporter retorted: “…”", "She went on: “…”": any verb with a subject
    right before the colon that opens a quote introduces it, lexicon or not."""
    if colon.i == 0:
        return None
    prev = d.doc[colon.i - 1]
    verb = prev if prev.pos_ == "VERB" else (
        prev.head if prev.dep_ in ("prt", "advmod") and prev.head.pos_ == "VERB" else None)
    if verb is None or found.cue_taken(verb.i) or has_clause_after(verb) or \
            any(c.dep_ in OBJECT_DEPS for c in verb.children):
        return None
    subj = subject_of(verb, d.settings.speakers)
    if subj is None or subj.pos_ not in ("PROPN", "PRON", "NOUN"):
        return None
    return verb, d.settings.cues.colon_verb_strength
