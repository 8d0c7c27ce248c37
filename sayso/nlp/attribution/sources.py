"""Sources: who speaks, and the characters of their mention.

The speaker of a cue is its grammatical subject, the agent of a passive, or the subject of
the clause a participle or complement belongs to; when the parse gives none, the name or
pronoun nearest the cue. ``mention_span`` is the short mention the entity keeps ("Vin
Weber", "the Belarusian leader"); ``phrase_span`` the whole noun phrase PolNeAR marks as a
source ("Christie, New Jersey’s sitting governor,").
"""

from __future__ import annotations

from spacy.tokens import Token

from sayso.nlp.attribution.quotes import MARKS, Quoted
from sayso.nlp.attribution.settings import SpeakerSettings
from sayso.nlp.attribution.state import Document, Region, trim_tokens
from sayso.nlp.lexicons import word_set

SPEAKER_ENTS = ("PERSON", "ORG", "NORP")
NOT_NAMES = ("DATE", "TIME", "GPE")  # entity types a "nearby name" never is
MENTION_LEFT = ("compound", "det", "amod", "poss", "nmod", "nummod", "case", "prt", "quantmod")


def subject_of(verb: Token, cfg: SpeakerSettings, depth: int = 0) -> Token | None:
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
        if c.dep_ == "nsubjpass" and \
                verb.lemma_.lower() not in word_set("passive_speaker_cues.txt"):
            return None
    left = [c for c in verb.lefts if c.dep_ == "ccomp"]
    if left and any(c.dep_ == "ccomp" for c in verb.rights):
        # "One attendee, who like others spoke on condition of anonymity, said the message
        # was …": the parser made the subject's clause a complement; its subject speaks.
        subj = next((g for g in left[-1].children if g.dep_ == "nsubj"), None)
        if subj is not None and subj.pos_ in ("NOUN", "PROPN"):
            return subj
    climb = depth < cfg.governor_hops
    if verb.tag_ == "VBG" and verb.dep_ in ("acl", "advcl", "npadvmod", "dep", "appos"):
        # "Trump went after Bush, calling him …", "put out a statement saying …": the parser
        # hangs the participle on a nearby noun; the speaker is the clause's subject.
        governor = _participle_governor(verb)
        if governor is not None:
            return subject_of(governor, cfg, depth + 1) if climb else None
    if climb and verb.dep_ == "pcomp" and verb.head.dep_ == "prep":
        return subject_of(verb.head.head, cfg, depth + 1)  # "landed in trouble by saying that"
    if climb and verb.dep_ in ("xcomp", "conj", "advcl", "ccomp", "relcl", "acl") \
            and verb.head.i != verb.i:
        if verb.dep_ in ("relcl", "acl"):
            return verb.head if verb.head.pos_ in ("NOUN", "PROPN", "PRON") else None
        return subject_of(verb.head, cfg, depth + 1)
    return None


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


def speaker_of(d: Document, verb: Token, q: Quoted | None = None
               ) -> tuple[Region | None, int | None]:
    """The speaker mention of a cue (of the quote ``q`` when given) and its head token."""
    cfg = d.settings.speakers
    subj = subject_of(verb, cfg)
    if verb.lower_ == "according":
        subj = next((g for c in verb.children if c.lower_ == "to" for g in c.children
                     if g.dep_ == "pobj"), None)
    if subj is not None and q is not None and q.start <= subj.idx < q.end:
        subj = None  # the parser took a word of the quote itself for the subject
    if subj is not None and _dubious_subject(d, subj, verb):
        subj = _name_in_subject(d, subj, verb) or subj
    if subj is not None and subj.lower_ in word_set("relative_pronouns.txt") and \
            subj.head.dep_ == "relcl":
        subj = _thing_speaker(subj.head.head, cfg)
    if subj is not None and subj.lemma_.lower() in word_set("message_nouns.txt"):
        # "The President’s telegram reads": the sender speaks
        subj = next((c for c in subj.children if c.dep_ == "poss"), subj)
    if subj is None:
        subj = _nearby_name(d, verb, q)
    if subj is None:
        return None, None
    return mention_span(subj, d.text), subj.i


def _thing_speaker(thing: Token, cfg: SpeakerSettings) -> Token:
    """"Trump released a video that said …", "hoisted a sign that read …": a text that
    speaks is its author's statement when the clause names the author; else the text."""
    gov = thing.head
    if thing.dep_ == "pobj" and gov.dep_ == "prep":
        gov = gov.head
    if thing.dep_ in ("dobj", "pobj") and gov.pos_ == "VERB":
        author = subject_of(gov, cfg)
        if author is not None and author.pos_ in ("PROPN", "PRON", "NOUN"):
            return author
    return thing


def _dubious_subject(d: Document, subj: Token, verb: Token) -> bool:
    """A time stamp, a dateline or a phrase on another line parsed as the subject
    ("2:40 p.m.⏎⏎Donald Trump’s campaign manager says", "LONDON (Reuters) - Trump said")."""
    lo, hi = sorted((subj.idx, verb.idx))
    return subj.ent_type_ in ("DATE", "TIME") or "\n" in d.text[lo:hi] or (
        subj.is_upper and len(subj.text) >= d.settings.speakers.dateline_min_chars)


def _name_in_subject(d: Document, subj: Token, verb: Token) -> Token | None:
    para_start = d.text.rfind("\n", 0, verb.idx) + 1
    names = [t for t in subj.subtree if t.idx >= para_start and t.i < verb.i and
             (t.ent_type_ in SPEAKER_ENTS or t.pos_ == "PRON") and not t.is_upper]
    if not names:
        return None
    t = names[0]
    while t.dep_ in ("compound", "flat") and t.head.i > t.i and t.head in names:
        t = t.head
    return t


def _nearby_name(d: Document, verb: Token, q: Quoted | None) -> Token | None:
    """When the parse gives no subject ("…,” Ramos, 58, told AFP): the closest name or
    pronoun between the quote and the cue, else before the cue in its sentence."""
    doc = d.doc
    close = q.close_at if q is not None else None
    between = close is not None and close < verb.idx
    if close is not None and between:
        rng = range(d.token_at(close) + 1, verb.i)
    else:
        window = d.settings.speakers.nearby_name_window
        rng = range(verb.i - 1, max(verb.sent.start, verb.i - window) - 1, -1)
    # Right between the quote and its cue ("…,” a voice over says) a common noun is the
    # speaker too; before a cue elsewhere it is too often something else.
    kinds = ("PROPN", "PRON", "NOUN") if between else ("PROPN", "PRON")
    for i in rng:
        t = doc[i]
        if t.pos_ in kinds and t.ent_type_ not in NOT_NAMES and \
                t.lower_ not in word_set("not_speaker_pronouns.txt"):
            while t.dep_ in ("compound", "flat") and t.head.i > t.i:
                t = t.head
            return t
    if between:
        return _inverted_subject(d, verb)
    return None


def _inverted_subject(d: Document, verb: Token) -> Token | None:
    """“…,” added a South Carolina Democrat: the parser often makes the speaker after an
    inverted cue its object; the first noun phrase right of the verb is the speaker."""
    for c in verb.rights:
        if c.dep_ in ("dobj", "attr", "npadvmod", "oprd", "dep", "appos") and \
                c.pos_ in ("PROPN", "NOUN") and c.ent_type_ not in ("DATE", "TIME") and \
                "\n" not in d.text[verb.idx:c.idx]:
            return c
        if c.dep_ != "advmod":
            break
    # The parser hung the name elsewhere ("…,” said David Brock, a Clinton confidant who
    # heads …): the name right after the verb.
    doc = d.doc
    last = min(len(doc), verb.i + 1 + d.settings.speakers.inverted_name_window)
    for i in range(verb.i + 1, last):
        t = doc[i]
        if t.is_punct or "\n" in t.text:
            break
        if t.lower_ in word_set("indefinite_speakers.txt"):
            return t  # "…,” read one. “…,” tweeted another.
        if t.pos_ == "NOUN" and i > verb.i + 1 and doc[verb.i + 1].pos_ == "DET" and \
                not t.ent_type_:
            return t  # "…,” said the woman, who like many in town …"
        if (t.pos_ == "PROPN" or t.text[:1].isupper() and t.pos_ in ("ADV", "NOUN", "X")) \
                and t.ent_type_ not in NOT_NAMES:  # "said Skelly" (ADV!)
            while t.dep_ in ("compound", "flat") and t.head.i == t.i + 1:
                t = t.head
            return t
    return None


def mention_span(tok: Token, text: str) -> Region:
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


def phrase_span(tok: Token, text: str, short: Region, avoid: list[Region]) -> Region:
    """The whole noun phrase headed by ``tok`` ("Christie, New Jersey’s sitting governor,",
    "Joe Madison, a D.C.-based talk radio host …"), the way PolNeAR marks a source: its
    subtree, cut at the first line break, quotation mark or token of ``avoid`` (the statement
    and its cue) on either side of ``short``, the mention it always contains."""
    doc = tok.doc
    lo, hi = tok.left_edge.i, tok.right_edge.i

    def blocked(t: Token) -> bool:
        return "\n" in t.text or t.text in MARKS or any(a <= t.idx < b for a, b in avoid)

    a = tok.i
    while a > lo and not blocked(doc[a - 1]):
        a -= 1
    b = tok.i
    while b < hi and not blocked(doc[b + 1]):
        b += 1
    span = trim_tokens(doc, a, b)
    if span is None:
        return short
    return min(span[0], short[0]), max(span[1], short[1])
