"""Attribution: tie each statement to its cue (said, according to, :) and its source.

Three passes over one parsed document:

1. quotation-mark driven: every quoted stretch (``quotes.find_quotes``) looks for a cue in
   the words right after its closing mark ("…,” he said") or right before its opening mark
   ("He told me, “…"); a quote with neither is a *floating* quote when it reads like a
   statement (it takes the speaker established just before it) and a scare quote or a title
   otherwise (not a statement);
2. cue-verb driven: every reporting, belief or intention verb of the mined lexicon
   (``lexicons/cues.tsv``) with a clausal complement gives indirect speech (its content is
   the complement clause, "that" included, the way PolNeAR marks it); a quote inside that
   clause makes it a *mixed* quote; "According to X, …" and "As noted by X, …" take the
   rest of the sentence as content;
3. layout driven: transcript turns ("Vladimir Putin: Good afternoon") and headline
   attributions ("Lukashenko on relations: we are allies").

Only token attributes and the quote list are read; the passes are linear in the length of
the document so that this layer stays cheap next to the parser.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from sayso.nlp.lexicons import cue_lexicon, word_set
from sayso.nlp.quotes import MARKS, Quoted, find_quotes, trim_end

QUOTE_MARKS = set(MARKS)

# Below this lexicon precision a verb is a cue only with a clausal complement.
CUE_MIN = 0.2
CUE_MIN_WITH_CLAUSE = 0.1
SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
COMPLEMENT_DEPS = ("ccomp", "xcomp")
OBJECT_DEPS = ("dobj",)
CONTENT_PREPS = ("for", "about", "of", "against", "to")  # "called for X", "spoke of X"
OBJECT_CUE_MIN = 0.3  # a cue this reliable takes its direct object as content
# Words that may sit between a closing quote mark and its cue ("…,” he said; …,” said Smith).
AFTER_WINDOW = 20
BEFORE_WINDOW = 30
FLOAT_REACH = 600  # characters back to look for the speaker of a floating quote
TURN_LABEL = re.compile(
    r"(?P<label>(?:(?:[A-Z][\w.'’-]*|of|the|for|and|moderator|de|von|van|al|bin),?\s){0,14}[A-Z][\w.'’-]*)"
    r"\s?:\s+(?=\S)", re.UNICODE)
TURN_LABEL_MAX = 140
DASH_CREDIT = re.compile(
    r"[ \t]*\n\s*(?P<dash>[-—–])[ \t]*(?P<name>[A-Z][\w.'’-]*(?:[ \t]+[A-Z][\w.'’-]*){0,5})"
    r"[ \t]*(?:[,.]|$)", re.MULTILINE)


@dataclass(slots=True)
class Found:
    """One statement before it becomes a ``sayso.model.Quote``."""

    content: tuple[int, int]
    kind: str
    cue: tuple[int, int] | None = None
    source: tuple[int, int] | None = None
    source_token: int | None = None  # token index of the speaker mention's head
    confidence: float = 0.5
    quote: int | None = None  # index into the quote list for direct quotes
    parent: int | None = None  # index of the enclosing Found (nested quotes)
    inherited: bool = False  # speaker carried over from an earlier statement
    extra: list[tuple[int, int]] = field(default_factory=list)  # continued content
    in_mixed: bool = False  # quoted words of a mixed quote (PolNeAR counts the clause only)
    owner: Found | None = None  # the mixed quote these quoted words belong to


class Index:
    """Character → token lookups over one Doc."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.starts = [t.idx for t in doc]

    def token_at(self, char: int) -> int:
        return max(0, bisect_right(self.starts, char) - 1)


def cue_strength(tok: Token) -> float:
    """Lexicon precision of this token as a cue head (0 when not a cue)."""
    if tok.pos_ not in ("VERB", "NOUN", "ADV") or tok.is_punct:
        return 0.0
    return cue_lexicon().get((tok.lemma_.lower(), tok.pos_), 0.0)


def has_clause(tok: Token) -> bool:
    return any(c.dep_ in COMPLEMENT_DEPS for c in tok.children)


def has_clause_after(tok: Token) -> bool:
    """A complement to the right: "…?” he asked whether …" starts a new report, while the
    parser often hangs the quote before the verb on it as its complement ("…,” Trump barked)."""
    return any(c.dep_ in COMPLEMENT_DEPS and c.i > tok.i for c in tok.children)


def is_cue(tok: Token) -> float:
    p = cue_strength(tok)
    if p >= CUE_MIN and tok.pos_ == "VERB":
        return p
    if p >= CUE_MIN_WITH_CLAUSE and tok.pos_ == "VERB" and has_clause(tok):
        return max(p, 0.35)
    return 0.0


def subject_of(verb: Token, depth: int = 0) -> Token | None:
    """The speaker of a cue verb: its subject, the agent of a passive, or its governor's."""
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "csubj")]
    if subjects:
        # Two subjects are a parse of a dateline or time stamp ("LONDON (Reuters) - Donald
        # Trump said", "1:50 p.m.⏎Famed fight doctor Ferdie Pacheco said"): the nearest wins.
        return min(subjects, key=lambda c: abs(verb.i - c.i))
    for c in verb.children:
        if c.dep_ == "agent":
            for g in c.children:
                if g.dep_ == "pobj":
                    return g
    for c in verb.children:
        if c.dep_ == "nsubjpass" and verb.lemma_.lower() not in ("ask", "expect", "quote"):
            return None
    left = [c for c in verb.lefts if c.dep_ == "ccomp"]
    if left and any(c.dep_ == "ccomp" for c in verb.rights):
        # "One attendee, who like others spoke on condition of anonymity, said the message
        # was …": the parser made the subject's clause a complement; its subject speaks.
        subj = next((g for g in left[-1].children if g.dep_ == "nsubj"), None)
        if subj is not None and subj.pos_ in ("NOUN", "PROPN"):
            return subj
    if verb.tag_ == "VBG" and verb.dep_ in ("acl", "advcl", "npadvmod", "dep", "appos"):
        # "Trump went after Bush, calling him …", "put out a statement saying …": the parser
        # hangs the participle on a nearby noun; the speaker is the clause's subject.
        governor = _participle_governor(verb)
        if governor is not None:
            return subject_of(governor, depth + 1) if depth < 3 else None
    if depth < 3 and verb.dep_ == "pcomp" and verb.head.dep_ == "prep":
        return subject_of(verb.head.head, depth + 1)  # "landed in trouble by saying that"
    if depth < 3 and verb.dep_ in ("xcomp", "conj", "advcl", "ccomp", "relcl", "acl") \
            and verb.head.i != verb.i:
        if verb.dep_ in ("relcl", "acl"):
            return verb.head if verb.head.pos_ in ("NOUN", "PROPN", "PRON") else None
        return subject_of(verb.head, depth + 1)
    return None


SPEAKER_ENTS = ("PERSON", "ORG", "NORP")


def _participle_governor(verb: Token) -> Token | None:
    """The verb whose clause a participle phrase belongs to, unless the participle describes
    a speaker noun ("protesters chanting …") — then None and the noun is taken as usual."""
    head = verb.head
    if verb.dep_ == "acl" and (head.ent_type_ in SPEAKER_ENTS or head.pos_ == "PRON"):
        return None
    for anc in verb.ancestors:
        if anc.pos_ in ("VERB", "AUX"):
            return anc
    return None


MENTION_LEFT = ("compound", "det", "amod", "poss", "nmod", "nummod", "case", "prt", "quantmod")


def mention_span(tok: Token, text: str) -> tuple[int, int]:
    """Characters of the name/description headed by ``tok`` ("the Belarusian leader",
    "the President of Belarus", "Vin Weber", "her adviser, Jake Sullivan"), without other
    appositions or relative clauses."""
    left = tok
    for c in tok.lefts:
        if c.dep_ in MENTION_LEFT:
            left = c.left_edge if not any(t.is_punct for t in c.subtree) else c
            break
    right = tok
    for c in tok.rights:
        if c.dep_ in ("compound", "flat"):
            right = c
        elif c.dep_ == "prep" and c.lower_ == "of":
            objs = [g for g in c.children if g.dep_ == "pobj" and g.pos_ == "PROPN"]
            if objs:
                right = objs[0]
            break
        else:
            break
    if tok.pos_ == "NOUN":
        # "her senior policy adviser, Jake Sullivan": the role and the name it gives.
        for c in tok.rights:
            if c.dep_ == "appos" and c.ent_type_ == "PERSON":
                right = c
                break
    doc = tok.doc
    start = doc[min(left.i, tok.i)].idx
    last = doc[right.i]
    end = last.idx + len(last.text)
    # Never across a line break ("6:50 p.m.⏎⏎Hillary Clinton said" is parsed as one phrase).
    cut = text.rfind("\n", start, tok.idx)
    if cut >= 0:
        start = cut + 1
        while start < tok.idx and text[start].isspace():
            start += 1
    cut = text.find("\n", tok.idx, end)
    if cut >= 0:
        end = cut
    return start, end


def phrase_span(tok: Token, text: str, short: tuple[int, int],
                avoid: list[tuple[int, int]]) -> tuple[int, int]:
    """The whole noun phrase headed by ``tok`` ("Christie, New Jersey’s sitting governor,",
    "Joe Madison, a D.C.-based talk radio host …"), the way PolNeAR marks a source: its
    subtree, cut at the first line break, quotation mark or token of ``avoid`` (the statement
    and its cue) on either side of ``short``, the mention it always contains."""
    doc = tok.doc
    lo, hi = tok.left_edge.i, tok.right_edge.i

    def blocked(t: Token) -> bool:
        return "\n" in t.text or t.text in QUOTE_MARKS or \
            any(a <= t.idx < b for a, b in avoid)

    a = tok.i
    while a > lo and not blocked(doc[a - 1]):
        a -= 1
    b = tok.i
    while b < hi and not blocked(doc[b + 1]):
        b += 1
    span = _trim(doc, a, b)
    if span is None:
        return short
    return min(span[0], short[0]), max(span[1], short[1])


def _trim(doc: Doc, a: int, b: int) -> tuple[int, int] | None:
    """Token range [a, b] → character span without edge punctuation/space."""
    while a <= b and (doc[a].is_punct or doc[a].is_space) and doc[a].text not in "[(":
        a += 1
    while b >= a and (doc[b].is_punct or doc[b].is_space) and doc[b].text not in "])":
        b -= 1
    if a > b:
        return None
    return doc[a].idx, doc[b].idx + len(doc[b].text)


class Attributor:
    def __init__(self, doc: Doc, text: str, quotes: list[Quoted] | None = None):
        self.doc = doc
        self.text = text
        self.ix = Index(doc)
        self.quotes = find_quotes(text) if quotes is None else quotes
        self.found: list[Found] = []
        self.used_cues: set[int] = set()
        self.claimed_quotes: set[int] = set()
        self.turn_spans: list[tuple[int, int]] = []

    # -- helpers -------------------------------------------------------------------------
    def inside_quote(self, char: int) -> int | None:
        """Index of the innermost quote whose content holds ``char``."""
        best = None
        for k, q in enumerate(self.quotes):
            if q.start <= char < q.end:
                best = k
            elif q.start > char:
                break
        return best

    def _speaker(self, verb: Token, q: Quoted | None = None
                 ) -> tuple[tuple[int, int] | None, int | None]:
        subj = subject_of(verb)
        if verb.lower_ == "according":
            subj = next((g for c in verb.children if c.lower_ == "to" for g in c.children
                         if g.dep_ == "pobj"), None)
        if subj is not None and q is not None and q.start <= subj.idx < q.end:
            subj = None  # the parser took a word of the quote itself for the subject
        if subj is not None and self._dubious_subject(subj, verb):
            subj = self._name_in_subject(subj, verb) or subj
        if subj is not None and subj.lower_ in ("that", "which") and subj.head.dep_ == "relcl":
            subj = self._thing_speaker(subj.head.head)
        if subj is None:
            subj = self._nearby_name(verb, q)
        if subj is None:
            return None, None
        return mention_span(subj, self.text), subj.i

    @staticmethod
    def _thing_speaker(thing: Token) -> Token:
        """"Trump released a video that said …", "hoisted a sign that read …": a text that
        speaks is its author's statement when the clause names the author; else the text."""
        gov = thing.head
        if thing.dep_ == "pobj" and gov.dep_ == "prep":
            gov = gov.head
        if thing.dep_ in ("dobj", "pobj") and gov.pos_ == "VERB":
            author = subject_of(gov)
            if author is not None and author.pos_ in ("PROPN", "PRON", "NOUN"):
                return author
        return thing

    def _same_para(self, a: int, b: int) -> bool:
        lo, hi = min(a, b), max(a, b)
        return "\n" not in self.text[lo:hi]

    # -- pass 1: quotation marks ---------------------------------------------------------
    def quote_pass(self) -> None:
        for k, q in enumerate(self.quotes):
            cue = self._cue_before(q) or self._cue_after(q)  # an introducing cue binds first
            conf = 0.9 if q.balanced else 0.55
            if cue is not None:
                verb, p = cue
                src, src_tok = self._speaker(verb, q)
                lead = self._lead_in(q, verb)
                if lead is not None:
                    # “They want to “create an economy …,” Sanders said.': the sentence is
                    # Sanders' words, quoted in part — one mixed report with his cue.
                    self._claim_cues(lead, q.end)
                    self._add_clause((lead, q.end), verb, p, src, src_tok)
                    continue
                self.used_cues.add(verb.i)
                self.found.append(Found(
                    (q.start, q.end), "direct", self._cue_span(verb), src, src_tok,
                    conf * (0.75 + 0.25 * p) * (1.0 if src else 0.7), quote=k))
                self.claimed_quotes.add(k)

    def _lead_in(self, q: Quoted, verb: Token) -> int | None:
        """Start of the words leading into a quote from the start of its sentence, when its
        cue follows it ("They want to “…,” Sanders said"); None if the quote opens it."""
        if verb.idx < q.end or not self._embedded(q) or q.parent is not None:
            return None
        sent = self.doc[self.ix.token_at(q.open_at)].sent
        start = max(sent[0].idx, self.text.rfind("\n", 0, q.open_at) + 1)
        while start < q.open_at and self.text[start].isspace():
            start += 1
        if start >= q.open_at or any(o.start <= start < o.end for o in self.quotes):
            return None
        lo, hi = self.ix.token_at(start), self.ix.token_at(q.open_at)
        if any(is_cue(t) for t in self.doc[lo:hi]):
            return None  # "Trump called her “crooked,” he said": the inner report is the quote's
        return start

    def _claim_cues(self, start: int, end: int) -> None:
        """Cue words inside a report's content are part of it, not reports of their own."""
        for i in range(self.ix.token_at(start), self.ix.token_at(max(start, end - 1)) + 1):
            self.used_cues.add(i)

    def _dubious_subject(self, subj: Token, verb: Token) -> bool:
        """A time stamp, a dateline or a phrase on another line parsed as the subject
        ("2:40 p.m.⏎⏎Donald Trump’s campaign manager says", "LONDON (Reuters) - Trump said")."""
        lo, hi = sorted((subj.idx, verb.idx))
        return subj.ent_type_ in ("DATE", "TIME") or "\n" in self.text[lo:hi] or (
            subj.is_upper and len(subj.text) > 2)

    def _name_in_subject(self, subj: Token, verb: Token) -> Token | None:
        para_start = self.text.rfind("\n", 0, verb.idx) + 1
        names = [t for t in subj.subtree if t.idx >= para_start and t.i < verb.i and
                 (t.ent_type_ in ("PERSON", "ORG", "NORP") or t.pos_ == "PRON") and
                 not t.is_upper]
        if not names:
            return None
        t = names[0]
        while t.dep_ in ("compound", "flat") and t.head.i > t.i and t.head in names:
            t = t.head
        return t

    def _nearby_name(self, verb: Token, q: Quoted | None) -> Token | None:
        """When the parse gives no subject ("…,” Ramos, 58, told AFP): the closest name or
        pronoun between the quote and the cue, else before the cue in its sentence."""
        doc = self.doc
        if q is not None and q.close_at is not None and q.close_at < verb.idx:
            lo, hi = self.ix.token_at(q.close_at) + 1, verb.i
            rng = range(lo, hi)
        else:
            rng = range(verb.i - 1, max(verb.sent.start, verb.i - 12) - 1, -1)
        between = q is not None and q.close_at is not None and q.close_at < verb.idx
        # Right between the quote and its cue ("…,” a voice over says) a common noun is the
        # speaker too; before a cue elsewhere it is too often something else.
        kinds = ("PROPN", "PRON", "NOUN") if between else ("PROPN", "PRON")
        for i in rng:
            t = doc[i]
            if t.pos_ in kinds and t.ent_type_ not in ("DATE", "TIME", "GPE") and \
                    t.lower_ not in ("it", "that", "this", "which", "what"):
                while t.dep_ in ("compound", "flat") and t.head.i > t.i:
                    t = t.head
                return t
        if between:
            return self._inverted_subject(verb)
        return None

    def _inverted_subject(self, verb: Token) -> Token | None:
        """“…,” added a South Carolina Democrat: the parser often makes the speaker after an
        inverted cue its object; the first noun phrase right of the verb is the speaker."""
        for c in verb.rights:
            if c.dep_ in ("dobj", "attr", "npadvmod", "oprd", "dep", "appos") and \
                    c.pos_ in ("PROPN", "NOUN") and c.ent_type_ not in ("DATE", "TIME") and \
                    "\n" not in self.text[verb.idx:c.idx]:
                return c
            if c.dep_ != "advmod":
                break
        # The parser hung the name elsewhere ("…,” said David Brock, a Clinton confidant who
        # heads …): the name right after the verb.
        doc = self.doc
        for i in range(verb.i + 1, min(len(doc), verb.i + 4)):
            t = doc[i]
            if t.is_punct or "\n" in t.text:
                break
            if t.lower_ in ("one", "another", "others"):
                return t  # "…,” read one. “…,” tweeted another.
            if t.pos_ == "NOUN" and i > verb.i + 1 and doc[verb.i + 1].pos_ == "DET" and \
                    not t.ent_type_:
                return t  # "…,” said the woman, who like many in town …"
            if (t.pos_ == "PROPN" or t.text[:1].isupper() and t.pos_ in ("ADV", "NOUN", "X")) \
                    and t.ent_type_ not in ("DATE", "TIME", "GPE"):  # "said Skelly" (ADV!)
                while t.dep_ in ("compound", "flat") and t.head.i == t.i + 1:
                    t = t.head
                return t
        return None

    def _cue_span(self, verb: Token) -> tuple[int, int]:
        return verb.idx, verb.idx + len(verb.text)

    def _cue_after(self, q: Quoted) -> tuple[Token, float] | None:
        if q.close_at is None:
            return None
        before_close = self.text[q.start:q.close_at].rstrip()[-1:] or " "  # 'this, " Trump said'
        if before_close in QUOTE_MARKS and q.close_at - q.start > 2:
            before_close = self.text[q.start:q.close_at].rstrip()[-2:-1] or " "  # ‘quality,’ ”
        after_close = self.text[q.close_at + 1:q.close_at + 2]
        if before_close not in ",.!?…—-" and after_close not in (",", "") \
                and not self._is_sentence(q):
            return None  # a fragment ("called it “a disgrace” on Monday") is no direct quote
        if self._embedded(q) and not self._is_sentence(q):
            return None  # "appeared on “Morning Joe,” he said": a title inside a clause
        doc = self.doc
        j = self.ix.token_at(q.close_at) + 1
        n = len(doc)
        # Skip the punctuation that ends the quoted stretch.
        while j < n and (doc[j].is_punct and doc[j].text not in MARKS and doc[j].text != "."
                         or _inline_space(doc[j])):
            j += 1
        limit = min(n, j + AFTER_WINDOW)
        if before_close in ".!?" and j < n and not doc[j].text[:1].islower():
            limit = min(n, j + 6)  # “…” Smith said. — but not “…” I then said that …
        parent = q.parent
        for i in range(j, limit):
            t = doc[i]
            if _inline_space(t):
                continue  # a no-break space after the closing mark ("”\xa0Weiner said")
            if t.is_space or t.text in ".!?" or "\n" in t.text:
                break
            if t.text in MARKS and i > j:
                break
            if parent is not None and t.idx >= self.quotes[parent].end:
                break
            p = is_cue(t)
            if p and i not in self.used_cues:
                if t.dep_ == "relcl" and any(is_cue(u) for u in self.doc[i + 1:limit]):
                    continue  # “…,” Warren, who has not endorsed anyone, told reporters
                if before_close in ".!?" and has_clause_after(t) and not any(
                        c.dep_ == "nsubj" and c.i > t.i for c in t.children):
                    return None  # the word after the quote starts a new report
                return t, p
        if before_close in ",!?" and j < n:
            return self._distant_cue(j) or self._speech_verb_after(j, min(n, j + 6))
        return None

    def _distant_cue(self, j: int) -> tuple[Token, float] | None:
        """“…,” Trump, the 2016 GOP frontrunner … by a wide margin, said: the name right after
        the quote is the subject of a cue beyond the window."""
        t = self.doc[j]
        while t.dep_ in ("compound", "flat") and t.head.i > t.i:
            t = t.head
        verb = t.head
        if t.pos_ not in ("PROPN", "PRON") or t.dep_ != "nsubj" or verb.i < t.i or \
                verb.i in self.used_cues or "\n" in self.text[t.idx:verb.idx]:
            return None
        p = is_cue(verb)
        return (verb, p) if p else None

    def _speech_verb_after(self, j: int, limit: int) -> tuple[Token, float] | None:
        """“…,” Trump barked. / “…!” beamed Donald Hartley: a quote ending in a comma, "!" or
        "?" followed by a short "name verb" clause; the verb is the cue, lexicon or not."""
        for i in range(j, limit):
            t = self.doc[i]
            if _inline_space(t):
                continue
            if t.text in ".;\n" or t.is_space or t.text in MARKS:
                break
            if t.pos_ == "VERB" and i not in self.used_cues and not has_clause_after(t):
                subj = subject_of(t) or next(
                    (c for c in t.lefts if c.pos_ in ("PROPN", "PRON")), None)
                if subj is not None and j <= subj.i < limit and subj.pos_ in ("PROPN", "PRON"):
                    return t, 0.3
        return None

    def _cue_before(self, q: Quoted) -> tuple[Token, float] | None:
        doc = self.doc
        k = q.open_at - 1
        while k >= 0 and self.text[k] in " \t\u00a0":
            k -= 1
        colon_para = False
        if k >= 0 and self.text[k] == "\n":  # "Cruz continued:\n\n“…”"
            while k >= 0 and self.text[k].isspace():
                k -= 1
            if k < 0 or self.text[k] != ":":
                return None
            colon_para = True
        if k < 0 or self.text[k] not in ",:—–-" and not self.text[k].isalpha():
            return None
        o = self.ix.token_at(q.open_at)
        if colon_para:
            o = self.ix.token_at(k) + 1
        if self.text[k].isalpha() and (o == 0 or not is_cue(self.doc[o - 1])):
            return None  # "said that “…”" is indirect speech with a mixed quote
        lower = q.open_at - 600
        if q.parent is not None:
            lower = self.quotes[q.parent].start
        best = None
        for i in range(o - 1, max(-1, o - 1 - BEFORE_WINDOW), -1):
            t = doc[i]
            if t.idx < lower or "\n" in t.text or t.text in ".!?" or t.text in MARKS:
                break
            p = is_cue(t)
            if p and i not in self.used_cues:
                best = (t, p)
                break
        if best is not None and self.text[k] == ":" and any(
                c.dep_ == "ccomp" and best[0].i < c.i < o for c in best[0].children):
            return None  # "said that Muslims have two choices: “…”" is one mixed report
        if best is not None and self.text[k] == ":":
            colon = doc[self.ix.token_at(k)]
            prev = doc[colon.i - 1] if colon.i > 0 else None
            if prev is not None and prev.pos_ == "PROPN" and prev.i > best[0].i and \
                    best[0] not in prev.ancestors:
                # "Media shares blame in poll overhype - HuffPollster: “…”": the label wins
                best = (colon, 0.5)
        if best is None and self.text[k] == ":":
            best = self._verb_before_colon(doc[self.ix.token_at(k)])
        if best is None and self.text[k] == ":":
            colon = doc[self.ix.token_at(k)]
            prev = doc[colon.i - 1] if colon.i > 0 else None
            if prev is not None and colon.i not in self.used_cues and (
                    prev.pos_ == "PROPN" or colon_para):
                # "Pollster Carl Bialik: “…”"; "Clinton released this statement:⏎“…”"
                best = (colon, 0.5)
        return best

    def _verb_before_colon(self, colon: Token) -> tuple[Token, float] | None:
        """“the Christie supporter retorted: “…”", "She went on: “…”": any verb with a subject
        right before the colon that opens a quote introduces it, lexicon or not."""
        if colon.i == 0:
            return None
        prev = self.doc[colon.i - 1]
        verb = prev if prev.pos_ == "VERB" else (
            prev.head if prev.dep_ in ("prt", "advmod") and prev.head.pos_ == "VERB" else None)
        if verb is None or verb.i in self.used_cues or has_clause_after(verb) or \
                any(c.dep_ in OBJECT_DEPS for c in verb.children):
            return None
        subj = subject_of(verb)
        if subj is None or subj.pos_ not in ("PROPN", "PRON", "NOUN"):
            return None
        return verb, 0.3

    # -- pass 2: cue verbs ---------------------------------------------------------------
    def verb_pass(self) -> None:
        doc = self.doc
        for t in doc:
            if t.i in self.used_cues:
                continue
            lemma = t.lemma_.lower()
            if lemma == "accord" and t.lower_ == "according":
                self._according(t)
                continue
            p = is_cue(t)
            if not p or self.inside_quote(t.idx) is not None:
                continue  # PolNeAR does not annotate reports inside a speaker's quoted words
            if self.in_turn(t.idx):
                continue  # a speaker's own words in a transcript are the turn itself
            if any(c.dep_ == "mark" and c.lower_ == "as" for c in t.children):
                self._as_noted(t, p)
                continue
            comps = [c for c in t.children if c.dep_ in COMPLEMENT_DEPS]
            if not comps and p >= OBJECT_CUE_MIN:
                comps = [c for c in t.children if c.dep_ in OBJECT_DEPS]
                if comps:
                    comps += [c for c in t.children if c.dep_ == "oprd"
                              or (c.dep_ == "prep" and c.lower_ == "as")]
            if not comps and p >= OBJECT_CUE_MIN:
                comps = [g for c in t.children if c.dep_ == "prep" and c.lower_ in CONTENT_PREPS
                         for g in c.children if g.dep_ in ("pobj", "pcomp")
                         and g.right_edge.i - g.left_edge.i >= 2]
            if not comps:
                continue
            after = [c for c in comps if c.i > t.i]
            comps = after or comps
            a = min(c.left_edge.i for c in comps)
            b = max(c.right_edge.i for c in comps)
            span = self._clip(_trim(doc, a, b), t)
            if span is None or span[1] - span[0] < 8:
                continue
            src, src_tok = self._speaker(t)
            self._add_clause(span, t, p, src, src_tok)

    def _clip(self, span: tuple[int, int] | None, verb: Token) -> tuple[int, int] | None:
        """Keep a clause inside the paragraph, and inside the quote, of its cue."""
        if span is None:
            return None
        s, e = span
        para_start = self.text.rfind("\n", 0, verb.idx) + 1
        para_end = self.text.find("\n", verb.idx)
        s = max(s, para_start)
        e = min(e, len(self.text) if para_end < 0 else para_end)
        k = self.inside_quote(verb.idx)
        if k is not None:
            q = self.quotes[k]
            s, e = max(s, q.start), min(e, q.end)
        else:
            # A clause that opens a quote runs to its end: `said that “A. B.”` is one report.
            for q in self.quotes:
                if q.parent is None and s <= q.open_at < e < q.end and q.balanced and \
                        "\n" not in self.text[e:q.end]:
                    e = q.end
                    break
        while e > s and (self.text[e - 1].isspace() or self.text[e - 1] in QUOTE_MARKS):
            e -= 1
        return (s, e) if e > s else None

    def _add_clause(self, span: tuple[int, int], verb: Token, p: float,
                    src: tuple[int, int] | None, src_tok: int | None,
                    cue: tuple[int, int] | None = None) -> None:
        kind = "indirect"
        nested: list[Found] = []
        inner = [k for k, q in enumerate(self.quotes)
                 if span[0] <= q.start and q.end <= span[1] + 1]
        if inner:
            kind = "mixed"
            fresh = [k for k in inner if k not in self.claimed_quotes]
            self.claimed_quotes.update(inner)
            # The quoted words themselves are a direct quote nested in the mixed one.
            for k in fresh:
                q = self.quotes[k]
                if q.parent is None and len(self.text[q.start:q.end].split()) >= 3:
                    nested.append(Found((q.start, q.end), "direct", cue or
                                        self._cue_span(verb), src, src_tok,
                                        0.5 + 0.4 * p, quote=k, in_mixed=True))
                    self.found.append(nested[-1])
        conf = (0.45 + 0.4 * p) * (1.0 if src else 0.6)
        clause = Found(span, kind, cue or self._cue_span(verb), src, src_tok, conf)
        self.found.append(clause)
        for f in nested:
            f.owner = clause
        self.used_cues.add(verb.i)

    def _sentence_rest(self, phrase: Token) -> tuple[int, int] | None:
        """The sentence around an adverbial attribution phrase, minus that phrase."""
        sent = phrase.sent
        a, b = phrase.left_edge.i, phrase.right_edge.i
        if a - sent.start <= sent.end - 1 - b:
            return _trim(self.doc, b + 1, sent.end - 1)
        return _trim(self.doc, sent.start, a - 1)

    def _according(self, t: Token) -> None:
        to = [c for c in t.children if c.lower_ == "to"]
        objs = [g for c in to for g in c.children if g.dep_ == "pobj"]
        span = self._sentence_rest(t)
        if span is None or not objs:
            return
        end = to[0].idx + len(to[0].text)
        self.used_cues.add(t.i)
        src = objs[0]
        who = mention_span(src, self.text)
        self.found.append(Found(span, "indirect", (t.idx, end), who, src.i, 0.8))

    def _as_noted(self, t: Token, p: float) -> None:
        span = self._sentence_rest(t)
        if span is None:
            return
        src, src_tok = self._speaker(t)
        self._add_clause(span, t, p, src, src_tok)

    # -- unclaimed quotes ----------------------------------------------------------------
    def floating_pass(self) -> None:
        """Quotes with no cue: statements take the previous speaker, scare quotes go."""
        order = sorted(self.found, key=lambda f: f.content[0])
        for k, q in enumerate(self.quotes):
            if k in self.claimed_quotes or not self._reads_like_statement(q):
                continue
            credit = self._dash_credit(q)
            if credit is not None:  # “…”⏎⏎- Hillary Clinton.
                src, dash = credit
                self.found.append(Found((q.start, q.end), "direct", dash, src,
                                        self.ix.token_at(src[1] - 1), 0.7, quote=k))
                self.claimed_quotes.add(k)
                continue
            prev = [f for f in order if f.content[1] <= q.open_at and f.source is not None
                    and q.open_at - f.content[1] < FLOAT_REACH
                    and (q.parent is None or f.content[0] >= self.quotes[q.parent].start)]
            if not prev:
                continue
            last = max(prev, key=lambda f: f.content[1])
            last = self._relative_speaker(last, prev)
            # No cue of its own: the speaker is carried over, the cue is not …
            src, src_tok = last.source, last.source_token
            same_para = self._same_para(last.content[1], q.open_at)
            # … unless the clause leading into the quote has a subject of its own.
            lead = self._leading_subject(q)
            if lead is not None and src is not None and lead.idx > src[1] and not any(
                    f.content[0] <= lead.idx < f.content[1] for f in prev):
                # (the subject of reported words — "As noted by the President, that
                # position was criticised" — is not a speaker)
                src, src_tok = mention_span(lead, self.text), lead.i
            conf = (0.7 if q.balanced else 0.45) * (1.0 if same_para else 0.85)
            self.found.append(Found((q.start, q.end), "direct", None, src,
                                    src_tok, conf, quote=k, inherited=True))
            self.claimed_quotes.add(k)

    def _leading_subject(self, q: Quoted) -> Token | None:
        """The subject of the clause that leads into a quote without a cue: the sentence the
        quote opens in ("As The Post's Dana Milbank puts it, “…"), else the sentence just
        before it ("Sanders delivered a snappy retort: “…", "Howard continued his scathing
        remarks.⏎⏎“…”"), or the speaker of a cue in it ("Rather, he said, continued
        struggles …⏎⏎“…”"). On train, PolNeAR marks this subject for a cue-less quote more
        often than the last named speaker."""
        o = self.ix.token_at(q.open_at)
        sent = self.doc[o].sent
        if sent.start < o and "\n" not in self.text[sent[0].idx:q.open_at]:
            head, region = sent.root, self.doc[sent.start:o]
        elif o > 0:
            before = self.doc[o - 1]
            while before.is_space and before.i > 0:
                before = self.doc[before.i - 1]
            head, region = before.sent.root, before.sent
        else:
            return None
        # A cue in that clause names the speaker ("Rather, he said, continued struggles …").
        cued = [subject_of(t) for t in region if is_cue(t)]
        cued = [c for c in cued if c is not None and c.i < o]
        subj = cued[-1] if cued else next(
            (c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is None or subj.pos_ not in ("PROPN", "PRON", "NOUN") or \
                subj.lower_ in ("it", "that", "this", "which", "what", "there") or \
                q.start <= subj.idx < q.end:
            return None
        return subj

    def _dash_credit(self, q: Quoted) -> tuple[tuple[int, int], tuple[int, int]] | None:
        """A quote credited on the next line: "“…”⏎⏎- Hillary Clinton." or "—President Obama,
        tweeting after the speech." Returns the name span and the dash (the cue)."""
        if q.close_at is None:
            return None
        m = DASH_CREDIT.match(self.text, q.close_at + 1)
        if m is None:
            return None
        end = m.end("name")
        while self.text[end - 1] == ".":  # "- Clinton." ends the credit, "Jr." does not matter
            end -= 1
        return (m.start("name"), end), (m.start("dash"), m.end("dash"))

    def _relative_speaker(self, last: Found, prev: list[Found]) -> Found:
        """“A,” said O'Donnell, who wrote about the visit. “B.” — B goes on with O'Donnell's
        quote, not with the report in the relative clause about him."""
        if last.source_token is None or last.kind == "direct":
            return last
        who = self.doc[last.source_token]
        if who.tag_ != "WP" or who.head.dep_ != "relcl":
            return last
        owner = who.head.head.i
        for f in prev:
            if f.kind == "direct" and f.source_token == owner:
                return f
        return last

    def _embedded(self, q: Quoted) -> bool:
        """The quote continues a clause begun before it (no sentence start, colon or comma)."""
        k = q.open_at - 1
        while k >= 0 and self.text[k] in " \t\u00a0":
            k -= 1
        return k >= 0 and (self.text[k].isalnum() or self.text[k] in "’'")

    def _is_sentence(self, q: Quoted) -> bool:
        return len(self.text[q.start:q.end].split()) >= 8

    def _reads_like_statement(self, q: Quoted) -> bool:
        body = self.text[q.start:q.end]
        words = body.split()
        if len(words) >= 8:
            return True
        k = q.open_at - 1
        while k >= 0 and self.text[k] in " \t":
            k -= 1
        starts_sentence = k < 0 or self.text[k] in ".!?\n"
        return starts_sentence and len(words) >= 3 and body.rstrip()[-1:] in ".!?,"

    # -- pass 3: layout ------------------------------------------------------------------
    def turn_pass(self) -> None:
        """Transcript turns: a paragraph starting "Name Surname:" holds that person's words
        up to the next labelled paragraph."""
        text = self.text
        paras = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
        current: Found | None = None
        for s, e in paras:
            m = TURN_LABEL.match(text, s, e)
            label = m.group("label") if m else None
            if label and len(label) <= TURN_LABEL_MAX and self._is_turn_label(label, s):
                lab_end = s + len(label)
                speech = (m.end(), trim_end(text, e))
                kind = "headline" if _title_case(text[speech[0]:speech[1]]) else "turn"
                found = Found(speech, kind, (lab_end, lab_end + 1), (s, lab_end),
                              self.ix.token_at(s), 0.8 if kind == "turn" else 0.6)
                self.found.append(found)
                current = found if kind == "turn" else None
            elif current is not None and not TURN_LABEL.match(text, s, e):
                if self._claims_para(s, e):
                    current = None
                else:
                    current.extra.append((s, trim_end(text, e)))

    def _claims_para(self, s: int, e: int) -> bool:
        """A paragraph that reports someone else ("Putin said that …") ends a turn."""
        first = self.doc[self.ix.token_at(s)].sent
        return any(is_cue(t) and subject_of(t) is not None and subject_of(t).pos_ == "PROPN"
                   for t in first if t.idx < e)

    def in_turn(self, char: int) -> bool:
        return any(s <= char < e for s, e in self.turn_spans)

    def _is_turn_label(self, label: str, start: int) -> bool:
        words = label.split()
        if label.lower() in word_set("not_speakers.txt"):
            return False
        if label.isupper():
            return len(words) <= 4  # "THE PRESIDENT:", "MS. PSAKI:", "Q:"
        toks = self.doc[self.ix.token_at(start):self.ix.token_at(start + len(label) - 1) + 1]
        if len(toks) and toks[-1].ent_type_ == "PERSON":
            return True  # "Research Director of the … Club Fyodor Lukyanov:"
        return len(words) <= 7 and any(
            t.ent_type_ == "PERSON" or t.lower_ in word_set("titles.txt") for t in toks)

    def headline_pass(self, title: str | None) -> None:
        """The first line, if it reads "Speaker on topic: words", is a headline statement."""
        text = self.text
        for m in re.finditer(r"[^\n]+", text[:2000]):
            label = TURN_LABEL.match(m.group())
            if label and label.group("label").lower() in word_set("not_speakers.txt"):
                continue  # "Posted: 15.08.2024" is metadata, not the headline
            if title and title.strip() in text:
                s = text.find(title.strip())
                self._headline(s, s + len(title.strip()))
            else:
                self._headline(m.start(), m.end())
            return

    def _headline(self, s: int, e: int) -> None:
        text = self.text
        line = text[s:e]
        colon = line.find(": ")
        if colon <= 0 or len(line.split()) > 25 or line.rstrip().endswith("."):
            return
        head = self.ix.token_at(s)
        tok = self.doc[head]
        if tok.pos_ != "PROPN" or tok.ent_type_ not in ("PERSON", "ORG", ""):
            return
        end_tok = tok
        while end_tok.i + 1 < len(self.doc) and self.doc[end_tok.i + 1].pos_ == "PROPN" \
                and self.doc[end_tok.i + 1].idx < s + colon:
            end_tok = self.doc[end_tok.i + 1]
        if any(f.content[0] < e and f.content[1] > s for f in self.found):
            return
        src = (tok.idx, end_tok.idx + len(end_tok.text))
        self.found.append(Found((s + colon + 2, trim_end(text, e)), "headline",
                                (s + colon, s + colon + 1), src, end_tok.i, 0.6))

    # -- all -----------------------------------------------------------------------------
    def run(self, title: str | None = None) -> list[Found]:
        self.turn_pass()
        self.turn_spans = [(f.content[0], f.extra[-1][1] if f.extra else f.content[1])
                           for f in self.found if f.kind == "turn"]
        self.quote_pass()
        self.verb_pass()
        self.floating_pass()
        self.headline_pass(title)
        self._dedupe()
        for f in self.found:
            if f.extra:
                f.content = (f.content[0], max(f.content[1], f.extra[-1][1]))
        self.found.sort(key=lambda f: (f.content[0], -f.content[1]))
        self._link_parents()
        return self.found

    def _dedupe(self) -> None:
        """Drop a statement whose content is another's with the same cue."""
        keep: list[Found] = []
        seen: set[tuple[tuple[int, int], tuple[int, int] | None]] = set()
        for f in sorted(self.found, key=lambda f: -f.confidence):
            key = (f.content, f.cue)
            if key in seen:
                continue
            seen.add(key)
            keep.append(f)
        self.found = keep

    def _link_parents(self) -> None:
        ordered = sorted(range(len(self.found)), key=lambda i: (self.found[i].content[0],
                                                                 -self.found[i].content[1]))
        where = {id(f): i for i, f in enumerate(self.found)}
        for pos, i in enumerate(ordered):
            f = self.found[i]
            if f.owner is not None and id(f.owner) in where:
                f.parent = where[id(f.owner)]
                continue
            for j in reversed(ordered[:pos]):
                g = self.found[j]
                if g.content[0] <= f.content[0] and f.content[1] <= g.content[1] and \
                        g.content != f.content and g.kind in ("direct", "turn", "mixed"):
                    f.parent = j
                    break


def _inline_space(tok: Token) -> bool:
    """A whitespace token inside a line (no-break or double space), not a line break."""
    return tok.is_space and "\n" not in tok.text


def _title_case(line: str) -> bool:
    """“Trump’s ‘Incredibly Hateful Rhetoric’ Destroying GOP”: a headline, not speech."""
    words = [w for w in line.split() if w[:1].isalpha()]
    if len(words) < 5:
        return False
    caps = sum(1 for w in words if w[0].isupper())
    return caps / len(words) >= 0.7


def attribute(doc: Doc, text: str, title: str | None = None) -> list[Found]:
    return Attributor(doc, text).run(title)
