"""Which actor records a batch of stored articles needs in the actor tables.

The store keeps every speaker and mentioned actor by id; their details (aliases, dated
roles) come with the analysis: the knowledge-base records of the actors an article links
to (``ResolvedArticle.known_actors``) and, for people the knowledge base lacks, the
evidence resolution gathered (``ResolvedArticle.new_actors``). So the process that stores
(the client of a cluster) never loads the knowledge base. Each actor is written once per
run.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the knowledge base loads on use: ``import sayso`` stays light
    from sayso.actors.article import ResolvedArticle
    from sayso.actors.types import Actor


def actor_records(resolved: Iterable[ResolvedArticle], seen: set[str]) -> list[Actor]:
    """Records of the actors these articles reference that ``seen`` does not hold yet."""
    records: list[Actor] = []
    for item in resolved:
        for actor in (*item.new_actors, *item.known_actors):
            if actor.id not in seen:
                seen.add(actor.id)
                records.append(actor)
    return records
