"""Direct quotes: every quoted stretch with its cue and speaker (pass 2), and the quotes left
without a cue after reported speech is found (floating quotes, pass 4).

A quote looks for a cue right before its opening mark, then right after its closing mark
(``cues``). A quote whose sentence leads into it and whose cue follows it ("They want to
“create …,” Sanders said") is the speaker's sentence quoted in part: one mixed report. A
quote with no cue is a *floating* quote when it reads like a statement (it takes the
speaker established just before it, or the subject of the clause leading into it, or a
credit line after it) and a scare quote or a title otherwise (not a statement).
"""

from __future__ import annotations

from spacy.tokens import Token

from sayso.nlp.attribution.cues import cue_after, cue_before, cue_span, is_cue
from sayso.nlp.attribution.indirect import add_clause
from sayso.nlp.attribution.quotes import Quoted
from sayso.nlp.attribution.sources import mention_span, speaker_of, subject_of
from sayso.nlp.attribution.state import Document, Findings, Found, Region
from sayso.nlp.lexicons import patterns, word_set


def quotes_with_cues(d: Document, found: Findings) -> None:
    """Pass 2: each quote with the cue that introduces or follows it."""
    conf = d.settings.confidence
    for q in d.quotes:
        cue = cue_before(d, found, q) or cue_after(d, found, q)  # an introducing cue binds first
        if cue is None:
            continue
        verb, p = cue
        src, src_tok = speaker_of(d, verb, q)
        lead = _lead_in(d, q, verb)
        if lead is not None:
            # “They want to “create an economy …,” Sanders said.': the sentence is
            # Sanders' words, quoted in part — one mixed report with his cue.
            _claim_cues(d, found, lead, q.end)
            add_clause(d, found, (lead, q.end), verb, p, src, src_tok)
            continue
        found.take_cue(verb.i)
        base = conf.direct_balanced if q.balanced else conf.direct_unbalanced
        found.add(Found(
            (q.start, q.end), "direct", cue_span(verb), src, src_tok,
            base * (conf.direct_cue_base + conf.direct_cue_weight * p)
            * (1.0 if src else conf.direct_no_source)))
        found.claim(q)


def _lead_in(d: Document, q: Quoted, verb: Token) -> int | None:
    """Start of the words leading into a quote from the start of its sentence, when its
    cue follows it ("They want to “…,” Sanders said"); None if the quote opens it."""
    text = d.text
    if verb.idx < q.end or not q.embedded(text) or q.parent is not None:
        return None
    sent = d.doc[d.token_at(q.open_at)].sent
    start = max(sent[0].idx, text.rfind("\n", 0, q.open_at) + 1)
    while start < q.open_at and text[start].isspace():
        start += 1
    if start >= q.open_at or any(o.start <= start < o.end for o in d.quotes):
        return None
    lo, hi = d.token_at(start), d.token_at(q.open_at)
    if any(is_cue(t, d.settings.cues) for t in d.doc[lo:hi]):
        return None  # "Trump called her “crooked,” he said": the inner report is the quote's
    return start


def _claim_cues(d: Document, found: Findings, start: int, end: int) -> None:
    """Cue words inside a report's content are part of it, not reports of their own."""
    for i in range(d.token_at(start), d.token_at(max(start, end - 1)) + 1):
        found.take_cue(i)


# -- quotes without a cue ------------------------------------------------------------------
def floating_quotes(d: Document, found: Findings) -> None:
    """Pass 4, quotes with no cue: statements take the previous speaker, scare quotes go."""
    cfg = d.settings
    conf = cfg.confidence
    # The statements of the earlier passes carry their speaker over; floating ones do not.
    order = sorted(found.statements, key=lambda f: f.content[0])
    for q in d.quotes:
        if found.claimed(q) or not _reads_like_statement(d, q):
            continue
        credit = _credit_line(d, q)
        if credit is not None:  # “…”⏎⏎- Hillary Clinton.
            src, dash = credit
            found.add(Found((q.start, q.end), "direct", dash, src,
                            d.token_at(src[1] - 1), conf.credit_line))
            found.claim(q)
            continue
        prev = [f for f in order if f.content[1] <= q.open_at and f.source is not None
                and q.open_at - f.content[1] < cfg.quotes.float_reach_chars
                and (q.parent is None or f.content[0] >= q.parent.start)]
        if not prev:
            continue
        last = max(prev, key=lambda f: f.content[1])
        last = _relative_speaker(d, last, prev)
        # No cue of its own: the speaker is carried over, the cue is not …
        src, src_tok = last.source, last.source_token
        same_para = d.same_paragraph(last.content[1], q.open_at)
        # … unless the clause leading into the quote has a subject of its own.
        lead = _leading_subject(d, q)
        if lead is not None and src is not None and lead.idx > src[1] and not any(
                f.content[0] <= lead.idx < f.content[1] for f in prev):
            # (the subject of reported words — "As noted by the President, that
            # position was criticised" — is not a speaker)
            src, src_tok = mention_span(lead, d.text), lead.i
        confidence = (conf.floating_balanced if q.balanced else conf.floating_unbalanced) * \
            (1.0 if same_para else conf.floating_other_paragraph)
        found.add(Found((q.start, q.end), "direct", None, src, src_tok, confidence))
        found.claim(q)


def _reads_like_statement(d: Document, q: Quoted) -> bool:
    """A sentence, or a short quote that opens a sentence and ends like one; not a scare
    quote or a title."""
    cfg = d.settings.quotes
    text = d.text
    body = text[q.start:q.end]
    words = body.split()
    if len(words) >= cfg.sentence_min_words:
        return True
    k = q.open_at - 1
    while k >= 0 and text[k] in " \t":
        k -= 1
    starts_sentence = k < 0 or text[k] in ".!?\n"
    return starts_sentence and len(words) >= cfg.statement_min_words and \
        body.rstrip()[-1:] in ".!?,"


def _leading_subject(d: Document, q: Quoted) -> Token | None:
    """The subject of the clause that leads into a quote without a cue: the sentence the
    quote opens in ("As The Post's Dana Milbank puts it, “…"), else the sentence just
    before it ("Sanders delivered a snappy retort: “…", "Howard continued his scathing
    remarks.⏎⏎“…”"), or the speaker of a cue in it ("Rather, he said, continued
    struggles …⏎⏎“…”"). On train, PolNeAR marks this subject for a cue-less quote more
    often than the last named speaker."""
    doc, cfg = d.doc, d.settings
    o = d.token_at(q.open_at)
    sent = doc[o].sent
    if sent.start < o and "\n" not in d.text[sent[0].idx:q.open_at]:
        head, region = sent.root, doc[sent.start:o]
    elif o > 0:
        before = doc[o - 1]
        while before.is_space and before.i > 0:
            before = doc[before.i - 1]
        head, region = before.sent.root, before.sent
    else:
        return None
    # A cue in that clause names the speaker ("Rather, he said, continued struggles …").
    cued = [subject_of(t, cfg.speakers) for t in region if is_cue(t, cfg.cues)]
    cued = [c for c in cued if c is not None and c.i < o]
    subj = cued[-1] if cued else next(
        (c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None or subj.pos_ not in ("PROPN", "PRON", "NOUN") or \
            subj.lower_ in word_set("not_speaker_pronouns.txt") or \
            subj.lower_ in word_set("expletives.txt") or \
            q.start <= subj.idx < q.end:
        return None
    return subj


def _credit_line(d: Document, q: Quoted) -> tuple[Region, Region] | None:
    """A quote credited on the next line: "“…”⏎⏎- Hillary Clinton." or "—President Obama,
    tweeting after the speech." Returns the name span and the dash (the cue)."""
    if q.close_at is None:
        return None
    text = d.text
    for pattern in patterns("credit_lines.txt"):
        m = pattern.match(text, q.close_at + 1)
        if m is None:
            continue
        end = m.end("name")
        while text[end - 1] == ".":  # "- Clinton." ends the credit, "Jr." does not matter
            end -= 1
        return (m.start("name"), end), (m.start("dash"), m.end("dash"))
    return None


def _relative_speaker(d: Document, last: Found, prev: list[Found]) -> Found:
    """“A,” said O'Donnell, who wrote about the visit. “B.” — B goes on with O'Donnell's
    quote, not with the report in the relative clause about him."""
    if last.source_token is None or last.kind == "direct":
        return last
    who = d.doc[last.source_token]
    if who.tag_ != "WP" or who.head.dep_ != "relcl":
        return last
    owner = who.head.head.i
    for f in prev:
        if f.kind == "direct" and f.source_token == owner:
            return f
    return last
