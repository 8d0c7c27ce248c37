"""Events: how actors relate — PLOVER-coded interactions from statements and reported actions.

``code_events(article, doc=None)`` → ``list[Event]`` for an analysed, actor-resolved
``Article`` (``sayso.nlp.analyse`` then ``sayso.actors.resolve_article``); ``doc`` is its spaCy
parse, made again when not given. A pure function of the article: rules over the dependency
parse with the PLOVER/CAMEO lexicons in ``data/`` (see ``data/NOTICE.md`` for their origin).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sayso.events.coder import code_events

__all__ = ["code_events"]


def __getattr__(name: str):  # the coder imports spaCy: the lexicons (exports) stay light
    if name == "code_events":
        from sayso.events.coder import code_events

        return code_events
    raise AttributeError(name)
