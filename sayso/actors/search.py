"""Find actors by (part of) a name: exact aliases, spelling variants, then fuzzy matches."""

from __future__ import annotations

from rapidfuzz import fuzz, process

from sayso.actors.kb import PRECEDENCE, KnowledgeBase
from sayso.actors.normalise import norm, skeleton
from sayso.actors.resolve import close_variant
from sayso.actors.types import Actor

_KEYS: dict[int, list[str]] = {}


def _alias_keys(kb: KnowledgeBase) -> list[str]:
    """All alias keys, listed once per knowledge base for rapidfuzz."""
    if id(kb) not in _KEYS:
        _KEYS.clear()
        _KEYS[id(kb)] = list(kb.by_alias)
    return _KEYS[id(kb)]


def search(
    kb: KnowledgeBase,
    query: str,
    *,
    limit: int = 20,
    actor_type: str | None = None,
    country: str | None = None,
    fuzzy: bool = True,
) -> list[tuple[Actor, float]]:
    """Best matches first, each with a score 0..100."""
    key = norm(query)
    scored: dict[str, float] = {}
    direct = kb.get(query.strip())
    if direct:
        scored[direct.id] = 101.0
    for actor_id in kb.by_alias.get(key, []):
        scored.setdefault(actor_id, 100.0)
    for actor_id in kb.by_skeleton.get(skeleton(query), []):
        if close_variant(key, kb.actors[actor_id]):
            scored.setdefault(actor_id, 95.0)
    if " " not in key:
        for actor_id in kb.by_surname.get(skeleton(query), []):
            if close_variant(key, kb.actors[actor_id], surname=True):
                scored.setdefault(actor_id, 90.0)
    if fuzzy and not scored and key:
        keys = _alias_keys(kb)
        for alias, score, _ in process.extract(
            key, keys, scorer=fuzz.ratio, limit=limit * 3, score_cutoff=75
        ):
            for actor_id in kb.by_alias[alias]:
                scored.setdefault(actor_id, float(score) * 0.94)
    results = []
    for actor_id, score in scored.items():
        actor = kb.get(actor_id)
        if actor is None or (actor_type and actor.type != actor_type):
            continue
        if country and actor.country != country:
            continue
        results.append((actor, score))
    results.sort(key=lambda pair: (-pair[1], PRECEDENCE.get(pair[0].source, 9), pair[0].name))
    return list({a.id: (a, s) for a, s in results}.values())[:limit]
