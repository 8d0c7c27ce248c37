"""Layout: statements the page's shape attributes, without a reporting verb.

- Transcript turns: a paragraph opening with a speaker label ("Vladimir Putin: Good
  afternoon", "THE PRESIDENT: Thank you") holds that person's words, and so do the
  paragraphs after it up to the next label or a paragraph reporting someone else. The label
  forms are data (``lexicons/turn_labels.txt``, one pattern per form); whether a match
  really names a speaker is decided here (a person or a title in it, not a metadata word
  such as "Posted:").
- Headlines: a first line "Speaker on topic: words" ("Lukashenko on Belarus-Russia
  relations: we are allies") is the speaker's statement.
"""

from __future__ import annotations

import re

from sayso.nlp.attribution.cues import is_cue
from sayso.nlp.attribution.quotes import trim_end
from sayso.nlp.attribution.sources import subject_of
from sayso.nlp.attribution.state import Document, Findings, Found
from sayso.nlp.lexicons import patterns, word_set

LINE = re.compile(r"[^\n]+")


def turn_label(text: str, start: int = 0, end: int | None = None) -> re.Match[str] | None:
    """The first turn-label pattern that matches ``text`` at ``start`` (before ``end``)."""
    end = len(text) if end is None else end
    for pattern in patterns("turn_labels.txt"):
        m = pattern.match(text, start, end)
        if m is not None:
            return m
    return None


def find_turns(d: Document, found: Findings) -> None:
    """Pass 1, transcript turns: a paragraph starting "Name Surname:" holds that person's words
    up to the next labelled paragraph. Records the turns' regions in ``found.turns``.

    A label taken once is taken again later in the document (the parser may not see
    "Andrei Vandenko" as a name every time); a paragraph that looks like a label but is not
    taken, a stage direction, a time stamp or a cut mark ends the current turn rather than
    extending it; so does a paragraph reporting someone else."""
    text, cfg = d.text, d.settings
    current: Found | None = None
    taken: set[str] = set()
    # In a transcript (two turns or more) every paragraph up to the next label is speech;
    # after a lone label ("Warren to Wells Fargo CEO: ‘…’") a report is narration.
    transcript = _labelled_paragraphs(d) >= 2
    for para in LINE.finditer(text):
        s, e = para.start(), para.end()
        if _breaks_turn(para.group()):
            current = None
            continue
        m = turn_label(text, s, e)
        if m is not None:
            label = m.group("label")
            if _label_key(label) not in taken and \
                    not _is_turn_label(d, label, m.start("label")):
                current = None  # "CNN’s Scott Jennings:" not taken: no one's turn goes on
                continue
            taken.add(_label_key(label))
            lab_start, lab_end = m.start("label"), m.end("label")
            speech = (m.end(), trim_end(text, e))
            headline = _title_case(d, text[speech[0]:speech[1]])
            reporter = label.lower() in word_set("reporter_labels.txt")
            colon = text.find(":", lab_end, m.end())  # after "(retranslated)", if any
            cue = (colon, colon + 1) if colon >= 0 else (lab_end, lab_end + 1)
            turn = found.add(Found(
                speech, "headline" if headline else "turn", cue,
                (lab_start, lab_end),
                None if reporter else _label_head(d, lab_start, lab_end),
                cfg.confidence.headline if headline else cfg.confidence.turn))
            current = None if headline else turn
        elif current is not None:
            if not transcript and _reports_someone(d, s, e):
                current = None
            else:
                current.extra.append((s, trim_end(text, e)))
    found.turns = [(f.content[0], f.extra[-1][1] if f.extra else f.content[1])
                   for f in found.statements if f.kind == "turn"]


def _labelled_paragraphs(d: Document) -> int:
    """How many paragraphs open with a label that is taken as a turn."""
    n = 0
    for para in LINE.finditer(d.text):
        m = turn_label(d.text, para.start(), para.end())
        if m is not None and _is_turn_label(d, m.group("label"), m.start("label")):
            n += 1
            if n >= 2:
                break
    return n


def _label_key(label: str) -> str:
    return " ".join(label.lower().split())


def _breaks_turn(para: str) -> bool:
    """A paragraph that is not speech: "(Cross-talk.)", "<…>", "END", "4:41 P.M. EDT"; a
    stage direction of turn_asides.txt ("(Laughter.)", "(As interpreted.)") is not."""
    line = para.strip()
    if not any(p.fullmatch(line) for p in patterns("turn_breaks.txt")):
        return False
    words = line.strip("().").split()
    return not (line.startswith("(") and words and
                words[0].lower() in word_set("turn_asides.txt"))


def _label_head(d: Document, start: int, end: int) -> int:
    """The token that names the speaker of a label: the last word of the name in it
    ("President of Russia Vladimir *Putin*", "PRESIDENT *BIDEN*"), else its last word
    ("THE VICE *PRESIDENT*")."""
    first, last = d.token_at(start), d.token_at(end - 1)
    toks = [t for t in d.doc[first:last + 1] if not t.is_punct and not t.is_space]
    for kinds in (("PERSON",), ("PROPN",)):
        named = [t for t in toks if t.ent_type_ in kinds or t.pos_ in kinds
                 and t.lower_ not in word_set("titles.txt")]
        if named:
            return named[-1].i
    return toks[-1].i if toks else first


def _is_turn_label(d: Document, label: str, start: int) -> bool:
    cfg = d.settings.layout
    if len(label) > cfg.turn_label_max_chars:
        return False
    words = label.split()
    if label.lower() in word_set("not_speakers.txt"):
        return False
    if label.lower() in word_set("reporter_labels.txt"):
        return True  # "Q", "Question:"
    if label.isupper():
        return len(words) <= cfg.turn_label_max_caps_words  # "THE PRESIDENT:", "MS. PSAKI:"
    toks = d.doc[d.token_at(start):d.token_at(start + len(label) - 1) + 1]
    if len(toks) and toks[-1].ent_type_ == "PERSON":
        return True  # "Research Director of the … Club Fyodor Lukyanov:"
    return len(words) <= cfg.turn_label_max_words and any(
        t.ent_type_ == "PERSON" or t.lower_ in word_set("titles.txt") for t in toks)


def _reports_someone(d: Document, s: int, e: int) -> bool:
    """A paragraph whose first sentence reports someone named ("Putin said that …",
    "The senator forced Stumpf to admit that …") is narration and ends a turn."""
    cfg = d.settings
    first = d.doc[d.token_at(s)].sent
    for t in first:
        if t.idx < e and is_cue(t, cfg.cues):
            subj = subject_of(t, cfg.speakers)
            if subj is not None and subj.pos_ == "PROPN":
                return True
    return False


def _title_case(d: Document, line: str) -> bool:
    """“Trump’s ‘Incredibly Hateful Rhetoric’ Destroying GOP”: a headline, not speech."""
    cfg = d.settings.layout
    words = [w for w in line.split() if w[:1].isalpha()]
    if len(words) < cfg.title_case_min_words:
        return False
    caps = sum(1 for w in words if w[0].isupper())
    return caps / len(words) >= cfg.title_case_min_share


def find_headline(d: Document, found: Findings, title: str | None) -> None:
    """Pass 5: the first line, if it reads "Speaker on topic: words", is a headline
    statement."""
    text = d.text
    for m in LINE.finditer(text[:d.settings.layout.headline_reach_chars]):
        label = turn_label(m.group())
        if label and label.group("label").lower() in word_set("not_speakers.txt"):
            continue  # "Posted: 15.08.2024" is metadata, not the headline
        if title and title.strip() in text:
            s = text.find(title.strip())
            _headline(d, found, s, s + len(title.strip()))
        else:
            _headline(d, found, m.start(), m.end())
        return


def _headline(d: Document, found: Findings, s: int, e: int) -> None:
    text, doc = d.text, d.doc
    line = text[s:e]
    colon = line.find(": ")
    if colon <= 0 or len(line.split()) > d.settings.layout.headline_max_words or \
            line.rstrip().endswith("."):
        return
    tok = doc[d.token_at(s)]
    if tok.pos_ != "PROPN" or tok.ent_type_ not in ("PERSON", "ORG", ""):
        return
    end_tok = tok
    while end_tok.i + 1 < len(doc) and doc[end_tok.i + 1].pos_ == "PROPN" \
            and doc[end_tok.i + 1].idx < s + colon:
        end_tok = doc[end_tok.i + 1]
    if any(f.content[0] < e and f.content[1] > s for f in found.statements):
        return
    src = (tok.idx, end_tok.idx + len(end_tok.text))
    found.add(Found((s + colon + 2, trim_end(text, e)), "headline",
                    (s + colon, s + colon + 1), src, end_tok.i,
                    d.settings.confidence.headline))
