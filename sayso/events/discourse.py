"""A participant the words leave out, taken from the discourse — only where that is safe.

"Because of that, there was a pressure on Belarus" names no one who pressed; "We then …
shielded that area" names no one shielded. When the article is about one pair of countries
(``ArticleView.dyad``) and the missing side's counterpart is named earlier in the same
statement (or paragraph), that mention fills the gap, and the event says so (``inferred``).
Never for a negated or hypothetical event, never for a passive whose agent the writer left
out on purpose, never when the source side itself is unknown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sayso.events.view import ArticleView

if TYPE_CHECKING:
    from sayso.events.coder import Frame

# PLOVER's event types that require a recipient (the manual's "Requires recipient: Yes").
NEEDS_RECIPIENT = ("COOPERATE", "AID", "SANCTION")


def fill_implicit(view: ArticleView, frame: Frame, uncertain: bool) -> None:
    if uncertain or view.dyad is None:
        return
    if not frame.sources and frame.targets and is_existential(frame):
        found = counterpart_before(view, frame, frame.targets[0].country)
        if found is not None:
            frame.sources = [found]
            frame.inferred.append("source")
    elif frame.sources and not frame.targets and frame.plover.event in NEEDS_RECIPIENT:
        found = counterpart_before(view, frame, frame.sources[0].country)
        if found is not None:
            frame.targets = [found]
            frame.inferred.append("target")


def is_existential(frame: Frame) -> bool:
    """"there was a pressure on X": an event noun asserted with no one doing it."""
    noun = frame.token
    return frame.verb is None and noun.dep_ == "attr" and \
        any(c.dep_ == "expl" for c in noun.head.children)


def counterpart_before(view: ArticleView, frame: Frame, country: str | None):
    other = view.counterpart(country)
    if other is None:
        return None
    start = scope_start(view, frame)
    named = view.last_mention_of(other, start, frame.token.idx)
    return view.entity_participant(named) if named is not None else None


def scope_start(view: ArticleView, frame: Frame) -> int:
    """Where the trigger's statement starts, else its paragraph."""
    if frame.quote is not None:
        return frame.quote.start
    para = view.text.rfind("\n", 0, frame.token.idx)
    return para + 1
