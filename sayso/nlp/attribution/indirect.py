"""Reported speech: a cue verb and the clause it reports (pass 3).

Every reporting, belief or intention verb of the cue lexicon with a clausal complement gives
indirect speech; its content is the complement clause, "that" included, the way PolNeAR
marks it. A reliable cue also takes a direct object or a content phrase ("called for new
elections"). A quote inside the clause makes it a *mixed* report, whose quoted words are
kept as a direct quote nested in it. "According to X, …" and "As noted by X, …" take the
rest of the sentence as content.
"""

from __future__ import annotations

from spacy.tokens import Token

from sayso.model import QuoteKind
from sayso.nlp.attribution.cues import COMPLEMENT_DEPS, OBJECT_DEPS, cue_span, is_cue
from sayso.nlp.attribution.quotes import MARKS
from sayso.nlp.attribution.sources import mention_span, speaker_of, subject_of
from sayso.nlp.attribution.state import Document, Findings, Found, Region, trim_tokens
from sayso.nlp.lexicons import word_set


def reported_speech(d: Document, found: Findings) -> None:
    """Pass 3: every cue word not taken yet, with the clause or phrase it reports."""
    doc, cfg = d.doc, d.settings
    for t in doc:
        if found.cue_taken(t.i):
            continue
        lemma = t.lemma_.lower()
        if lemma == "accord" and t.lower_ == "according":
            _according_to(d, found, t)
            continue
        p = is_cue(t, cfg.cues)
        if not p or d.inside_quote(t.idx) is not None:
            continue  # PolNeAR does not annotate reports inside a speaker's quoted words
        in_turn = found.in_turn(t.idx)
        if in_turn and not _reports_other(t, d):
            continue  # a speaker's own words in a transcript are the turn itself
        if any(c.dep_ == "mark" and c.lower_ == "as" for c in t.children):
            _as_noted(d, found, t, p)
            continue
        comps = _reported(t, p, d)
        if in_turn:  # inside a turn only a reported clause: objects are mostly topics
            comps = [c for c in comps if c.dep_ == "ccomp"]
        if not comps:
            continue
        after = [c for c in comps if c.i > t.i]
        comps = after or comps
        a = min(c.left_edge.i for c in comps)
        b = max(c.right_edge.i for c in comps)
        b = _object_tail(t, comps, b)
        span = _clip(d, trim_tokens(doc, a, b), t)
        if span is None or span[1] - span[0] < cfg.clauses.min_content_chars:
            continue
        src, src_tok = speaker_of(d, t)
        add_clause(d, found, span, t, p, src, src_tok)


def _reports_other(t: Token, d: Document) -> bool:
    """Inside a transcript turn, a cue reports someone else's words when its speaker is a
    third party ("He said the costs were too high", "Mr Sokolov told me that …"), not the
    turn's own voice ("I told him that …", "as we said")."""
    if any(c.dep_ == "neg" for c in t.children):
        return False  # "the United States does not believe that …": no statement made
    subj = subject_of(t, d.settings.speakers)
    return subj is not None and subj.pos_ in ("PROPN", "PRON", "NOUN") and \
        subj.lower_ not in word_set("own_voice_pronouns.txt") and \
        subj.lower_ not in word_set("not_speaker_pronouns.txt")


def _reported(t: Token, p: float, d: Document) -> list[Token]:
    """The heads of what a cue reports: its complement clauses; for a reliable cue without
    one, its direct object (with an "as" phrase or predicate), else a content phrase. The
    object of a topic verb ("discussed bilateral issues") is a topic, and a person as
    object ("thanked Mr Lukashenko", "informed the ministers") is a listener: neither is
    content."""
    cfg = d.settings
    comps = [c for c in t.children if c.dep_ in COMPLEMENT_DEPS]
    if comps or p < cfg.cues.object_min_precision or \
            t.lemma_.lower() in word_set("topic_verbs.txt"):
        return comps
    comps = [c for c in t.children if c.dep_ in OBJECT_DEPS]
    predicate = [c for c in t.children if c.dep_ == "oprd"
                 or (c.dep_ == "prep" and c.lower_ == "as")]
    if comps and not predicate and all(_is_person(c) for c in comps):
        comps = []
    if comps:
        return comps + predicate
    return [g for c in t.children
            if c.dep_ == "prep" and c.lower_ in word_set("content_prepositions.txt")
            for g in c.children if g.dep_ in ("pobj", "pcomp")
            and g.right_edge.i - g.left_edge.i >= cfg.clauses.min_phrase_tokens]


def _object_tail(verb: Token, comps: list[Token], end: int) -> int:
    """Where an object's content ends. The parser often hangs what the object says on the
    verb instead ("underscored the importance of the Alliance | in addressing global
    challenges, from … and for standing for …", "proposed a series of measures | to ensure
    more aid surges into Gaza"): a purpose clause or a gerund phrase after the object
    carries the words on, with whatever follows it in the sentence."""
    if not comps or any(c.dep_ not in OBJECT_DEPS for c in comps):
        return end
    later = [c for c in verb.children if c.i > end and c.dep_ != "punct"]
    carries = any(
        (c.dep_ in ("advcl", "xcomp") and any(a.lower_ == "to" for a in c.children))
        or (c.dep_ == "prep" and any(g.dep_ == "pcomp" for g in c.children))
        for c in later
    )
    return max(c.right_edge.i for c in later) if carries else end


def _is_person(t: Token) -> bool:
    """"Mr Lukashenko", "him", "the ministers of the CES agreement": someone, not words."""
    return t.ent_type_ == "PERSON" or t.pos_ == "PRON" or \
        t.lemma_.lower() in word_set("titles.txt")


def _clip(d: Document, span: Region | None, verb: Token) -> Region | None:
    """Keep a clause inside the paragraph, and inside the quote, of its cue."""
    if span is None:
        return None
    text = d.text
    s, e = span
    para_start = text.rfind("\n", 0, verb.idx) + 1
    para_end = text.find("\n", verb.idx)
    s = max(s, para_start)
    e = min(e, len(text) if para_end < 0 else para_end)
    q = d.inside_quote(verb.idx)
    if q is not None:
        s, e = max(s, q.start), min(e, q.end)
    else:
        # A clause that opens a quote runs to its end: `said that “A. B.”` is one report.
        for q in d.quotes:
            if q.parent is None and s <= q.open_at < e < q.end and q.balanced and \
                    "\n" not in text[e:q.end]:
                e = q.end
                break
    while e > s and (text[e - 1].isspace() or text[e - 1] in MARKS):
        e -= 1
    return (s, e) if e > s else None


def add_clause(d: Document, found: Findings, span: Region, verb: Token, p: float,
               src: Region | None, src_tok: int | None, cue: Region | None = None) -> None:
    """An indirect report of ``span`` by ``verb``; mixed when quotes are inside it."""
    cfg = d.settings
    conf = cfg.confidence
    kind: QuoteKind = "indirect"
    nested: list[Found] = []
    inner = [q for q in d.quotes if span[0] <= q.start and q.end <= span[1] + 1]
    if inner:
        kind = "mixed"
        fresh = [q for q in inner if not found.claimed(q)]
        for q in inner:
            found.claim(q)
        # The quoted words themselves are a direct quote nested in the mixed one.
        for q in fresh:
            if q.parent is None and q.words(d.text) >= cfg.quotes.mixed_words_min_words:
                nested.append(found.add(Found(
                    (q.start, q.end), "direct", cue or cue_span(verb), src, src_tok,
                    conf.mixed_words_base + conf.mixed_words_weight * p)))
    confidence = (conf.clause_base + conf.clause_weight * p) * \
        (1.0 if src else conf.clause_no_source)
    clause = found.add(Found(span, kind, cue or cue_span(verb), src, src_tok, confidence))
    for f in nested:
        f.owner = clause
    found.take_cue(verb.i)


def _sentence_rest(d: Document, phrase: Token) -> Region | None:
    """The sentence around an adverbial attribution phrase, minus that phrase."""
    sent = phrase.sent
    a, b = phrase.left_edge.i, phrase.right_edge.i
    if a - sent.start <= sent.end - 1 - b:
        return trim_tokens(d.doc, b + 1, sent.end - 1)
    return trim_tokens(d.doc, sent.start, a - 1)


def _according_to(d: Document, found: Findings, t: Token) -> None:
    """"According to X, …": the rest of the sentence is X's."""
    to = [c for c in t.children if c.lower_ == "to"]
    objs = [g for c in to for g in c.children if g.dep_ == "pobj"]
    span = _sentence_rest(d, t)
    if span is None or not objs:
        return
    end = to[0].idx + len(to[0].text)
    found.take_cue(t.i)
    src = objs[0]
    who = mention_span(src, d.text)
    found.add(Found(span, "indirect", (t.idx, end), who, src.i,
                    d.settings.confidence.according_to))


def _as_noted(d: Document, found: Findings, t: Token, p: float) -> None:
    """"As noted by X, …": the rest of the sentence is X's."""
    span = _sentence_rest(d, t)
    if span is None:
        return
    src, src_tok = speaker_of(d, t)
    add_clause(d, found, span, t, p, src, src_tok)
