"""Events: how actors relate — PLOVER-coded interactions from statements and reported actions.

``code_events(article, doc=None)`` → ``list[Event]`` for an analysed, actor-resolved
``Article`` (``sayso.nlp.analyse`` then ``sayso.actors.resolve_article``); ``doc`` is its spaCy
parse, made again when not given. A pure function of the article: rules over the dependency
parse with the PLOVER/CAMEO lexicons in ``data/`` (see ``data/NOTICE.md`` for their origin).
"""

from sayso.events.coder import code_events

__all__ = ["code_events"]
