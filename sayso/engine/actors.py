"""Which actor records a batch of stored articles needs in the actor tables.

The store keeps every speaker and mentioned actor by id; their details (aliases, dated
roles) come from the knowledge base, or, for people the knowledge base lacks, from the
evidence resolution gathered (``article.meta["new_actors"]``). Each actor is written once
per run.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sayso.model import Article


def actor_records(articles: Iterable[Article], seen: set[str]) -> list[Any]:
    """Records of the actors these articles reference that ``seen`` does not hold yet."""
    from sayso.actors import load_kb

    kb = load_kb()
    records: list[Any] = []
    for article in articles:
        for record in article.meta.get("new_actors", []):
            if record["id"] not in seen:
                seen.add(record["id"])
                records.append(record)
        for entity in article.entities:
            if entity.resolved and entity.id not in seen:
                seen.add(entity.id)
                actor = kb.get(entity.id)
                if actor is not None:
                    records.append(actor)
    return records
