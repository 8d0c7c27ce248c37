"""Keys that say who is meant and which words were said, the same way on every machine."""

from __future__ import annotations

import hashlib
import re
import unicodedata

NAME_PREFIX = "name:"
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)


def fold(text: str) -> str:
    """Lower-case, no accents or punctuation, single spaces: "Lukashenko's" → "lukashenko s"."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NON_WORD.sub(" ", bare.casefold()).strip()


def name_key(name: str) -> str:
    """Key of an actor known only by name (not linked to the knowledge base)."""
    return (NAME_PREFIX + fold(name))[:200]


def actor_key(actor_id: str | None, name: str | None, resolved: bool) -> str | None:
    """The knowledge-base id when resolved, else a key made from the name, else None."""
    if resolved and actor_id:
        return actor_id[:200]
    if name and fold(name):
        return name_key(name)
    return None


def statement_key(speaker_key: str | None, text: str) -> str:
    """Same speaker + same words (ignoring case, punctuation, spacing) = same statement."""
    material = f"{speaker_key or ''}\x1f{fold(text)}"
    return hashlib.sha256(material.encode("utf-8")).hexdigest()[:32]


def short_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
