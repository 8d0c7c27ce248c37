"""Actors: one canonical identity per person, country and organisation, across documents
and over time.

- ``load_kb()`` → the knowledge base (cached per process); iterate it for ``Actor`` objects
  with ``id, name, type, country, wikidata, sector, aliases, roles`` (``Role(title, country,
  org, start, end)``).
- ``resolve_mention(text, date, context)`` → the ``Actor`` a name, role description or
  metonym stands for on that date, or ``None``.
- ``resolve_article(article, kb=None, pool=None)`` → a ``ResolvedArticle``: the article
  with every entity linked to an actor, and the new actors (people the knowledge base lacks)
  for the store; pass an ``ActorPool`` to let new people seen in earlier articles be joined
  when their evidence is compatible.

Run ``resolve_article`` after ``sayso.nlp.analyse`` (``sayso.engine.pipeline`` does both).
User changes go to the overlay file ``$SAYSO_ACTORS`` (default ``./sayso-actors.jsonl``),
see ``data/README.md``.
"""

from sayso.actors.kb import KnowledgeBase, forget_kb, load_kb
from sayso.actors.newactors import ActorPool
from sayso.actors.types import Actor, Role

__all__ = [
    "Actor",
    "ActorPool",
    "KnowledgeBase",
    "MentionContext",
    "ResolvedArticle",
    "Role",
    "forget_kb",
    "load_kb",
    "resolve_article",
    "resolve_mention",
]


def __getattr__(name: str):  # resolution imports lazily: the KB interface stays light
    if name in ("resolve_mention", "MentionContext"):
        from sayso.actors import resolve

        return getattr(resolve, name)
    if name in ("resolve_article", "ResolvedArticle"):
        from sayso.actors import article

        return getattr(article, name)
    raise AttributeError(name)
