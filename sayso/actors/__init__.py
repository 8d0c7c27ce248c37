"""Actors: one canonical identity per person, country and organisation, across documents
and over time.

- ``load_kb()`` → the knowledge base (cached per process); iterate it for ``Actor`` objects
  with ``id, name, type, country, wikidata, sector, aliases, roles`` (``Role(title, country,
  org, start, end)``).
- ``resolve_mention(text, date, context)`` → the ``Actor`` a name, role description or
  metonym stands for on that date, or ``None``.
- ``resolve_article(article)`` → the article with every entity linked to an actor.
"""

from sayso.actors.kb import KnowledgeBase, forget_kb, load_kb
from sayso.actors.types import Actor, Role

__all__ = ["Actor", "KnowledgeBase", "Role", "forget_kb", "load_kb", "resolve_article",
           "resolve_mention", "MentionContext"]


def __getattr__(name: str):  # resolution imports lazily: the KB interface stays light
    if name in ("resolve_mention", "MentionContext"):
        from sayso.actors import resolve

        return getattr(resolve, name)
    if name == "resolve_article":
        from sayso.actors.article import resolve_article

        return resolve_article
    raise AttributeError(name)
