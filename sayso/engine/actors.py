"""Which actor records a batch of stored articles needs in the actor tables.

The store keeps every speaker and mentioned actor by id; their details (aliases, dated
roles) come from the knowledge base, or, for people the knowledge base lacks, from the
evidence resolution gathered (``ResolvedArticle.new_actors``). Each actor is written once
per run.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the knowledge base loads on use: ``import sayso`` stays light
    from sayso.actors.article import ResolvedArticle
    from sayso.actors.types import Actor


def actor_records(resolved: Iterable[ResolvedArticle], seen: set[str]) -> list[Actor]:
    """Records of the actors these articles reference that ``seen`` does not hold yet."""
    from sayso.actors import load_kb

    kb = load_kb()
    records: list[Actor] = []
    for item in resolved:
        for actor in item.new_actors:
            if actor.id not in seen:
                seen.add(actor.id)
                records.append(actor)
        for entity in item.article.entities:
            if entity.resolved and entity.id not in seen:
                seen.add(entity.id)
                known = kb.get(entity.id)
                if known is not None:
                    records.append(known)
    return records
