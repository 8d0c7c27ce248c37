"""Verbal events of statements: a speaker's evaluation of an actor.

"X is our ally", "we are allies" (said by A about the one other party of the statement),
"they are aggressors" about a named actor: SUPPORT or ACCUSE:disapprove from the speaker to
that actor (``data/stance.tsv``). The evaluation must be said *of* the actor (the subject of
"be"); a statement about no one, or about several sides at once, is no event.
"""

from __future__ import annotations

from spacy.tokens import Token

from sayso.events import participants as parts
from sayso.events.lexicon import cue, quads, score, stance
from sayso.events.view import ArticleView, Named
from sayso.model import Event, Participant, Quote, Span

RELATIONAL = {"ally", "friend", "partner", "brother", "adversary", "enemy", "foe"}


def stance_events(view: ArticleView, found: list[Event]) -> list[Event]:
    table = stance()
    events: list[Event] = []
    for tok in view.tokens:
        if tok.dep_ not in ("attr", "acomp"):
            continue
        reading = table.get(tok.lemma_.lower())
        if reading is None:
            continue
        quote = view.quote(tok)
        speaker = view.speaker_participant(quote)
        if quote is None or speaker is None:
            continue
        target = evaluated(view, tok, quote)
        if not target:
            continue
        source = [speaker]
        if any(parts.same(s, t) for s in source for t in target):
            continue
        events.append(make(view, tok, quote, reading, source, target))
    return [e for e in events if not covered(e, found)]


def evaluated(view: ArticleView, word: Token, quote: Quote) -> list[Participant]:
    """The actor an evaluation is said of."""
    copula = word.head
    subject = next((c for c in copula.children if c.dep_ == "nsubj"), None)
    if subject is None:
        return []
    speaker = view.speaker(quote)
    side = speaker.country if speaker else None
    addressed = [p for prep in word.children if prep.dep_ == "prep" and prep.lower_ in
                 ("to", "with", "toward", "towards")
                 for obj in prep.children if obj.dep_ == "pobj"
                 for p in parts.actors(view, obj)]
    if addressed and subject.lower_ in cue("pronoun_we") | {"i"}:
        return addressed if parts.resolved(addressed) else []  # "we are grateful to X"
    if subject.lower_ in cue("pronoun_we"):
        if word.lemma_.lower() not in RELATIONAL or not word.tag_.endswith("S"):
            return []  # "we are friendly" says nothing of another
        other = other_party(view, quote, word, side)
        return [view.entity_participant(other)] if other else []
    if subject.pos_ == "PRON":
        return []
    target = parts.actors(view, subject)
    if any(t.country == side for t in target if t.country):
        return []
    return target if parts.resolved(target) else []


def other_party(view: ArticleView, quote: Quote, word: Token, side: str | None
                ) -> Named | None:
    """The one party other than the speaker's side the statement names before the word."""
    countries = {
        country for a in quote.about
        if a in view.by_id and (country := view.by_id[a].country) is not None
    } - {side}
    if len(countries) != 1:
        return None
    return view.last_mention_of(countries.pop(), quote.start, word.idx)


def make(view: ArticleView, word: Token, quote: Quote, reading: str,
         source: list[Participant], target: list[Participant]) -> Event:
    from sayso.events.coder import evidence

    event, _, mode = reading.partition(":")
    start, end = evidence(view, word, quote)
    negated = any(c.dep_ == "neg" for c in word.head.children) or \
        any(c.dep_ == "neg" for c in word.children)
    return Event(id="", event=event, source=source, target=target, start=start, end=end,
                 text=view.text[start:end], mode=mode or None, context=["diplomatic"],
                 quad=quads()[event], score=score(event, mode or None), negated=negated,
                 date=view.article.published.date().isoformat()
                 if view.article.published else None,
                 statement=quote.id, kind="statement",
                 trigger=Span(word.idx, word.idx + len(word.text), word.text),
                 confidence=0.7)


def covered(event: Event, found: list[Event]) -> bool:
    """Already coded from the same sentence between the same actors."""
    ids = {p.entity_id for p in event.target}
    return any(f.start == event.start and {p.entity_id for p in f.target} == ids
               for f in found)
