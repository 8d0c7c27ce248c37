"""Keys that say who is meant and which words were said, the same way on every machine."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # keys stay a leaf: the model is needed for types only
    from sayso.model import Article, Entity, Mention

NAME_PREFIX = "name:"
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)
_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def fold(text: str) -> str:
    """Lower-case, no accents or punctuation, single spaces: "Lukashenko's" → "lukashenko s"."""
    if not text.isascii():
        text = _COMBINING.sub("", unicodedata.normalize("NFKD", text))
    return _NON_WORD.sub(" ", text.casefold()).strip()


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


def mention_key(
    mention: Mention | None, by_id: dict[str, Entity]
) -> tuple[str | None, str | None]:
    """(key, display name) of who a mention names; (None, None) when nobody is known.

    The mention's entity decides; a mention whose entity the article does not list names
    an actor by its id when that id is an actor key (``wd:…``, ``new:…``, ``name:…``: an
    analyst's correction points a speaker there), else by its name."""
    if mention is None:
        return None, None
    entity = by_id.get(mention.entity_id or "")
    if entity is not None:
        name = entity.name or mention.name
        return actor_key(entity.id, name, entity.resolved), name
    if mention.entity_id and (mention.wikidata or ":" in mention.entity_id):
        return actor_key(mention.entity_id, mention.name, True), mention.name
    return actor_key(None, mention.name, False), mention.name


def statement_key(speaker_key: str | None, text: str) -> str:
    """Same speaker + same words (ignoring case, punctuation, spacing) = same statement."""
    material = f"{speaker_key or ''}\x1f{fold(text)}"
    return hashlib.sha256(material.encode("utf-8")).hexdigest()[:16]  # 64 bits: no clash
    # in practice (a collision among 10^7 statements has odds of about 3 in 10^6)


_STATEMENT_ID = re.compile(r"[0-9a-f]{16}")
_UINT64 = 1 << 64


def statement_int(key: str) -> int:
    """A statement key (16 hex digits) as the signed 64-bit integer stored in
    ``quotes.statement_key`` (two's complement: SQL's ``printf('%016x', …)`` on SQLite and
    ``lpad(to_hex(…), 16, '0')`` on PostgreSQL print the key again)."""
    value = int(key, 16)
    return value - _UINT64 if value >= 1 << 63 else value


def statement_hex(value: int) -> str:
    """The stored integer back as the public statement id (16 lower-case hex digits)."""
    return f"{value % _UINT64:016x}"


def parse_statement_id(value: object) -> int | None:
    """The stored integer for a public statement id; None if ``value`` is not one."""
    if not isinstance(value, str) or not _STATEMENT_ID.fullmatch(value.lower()):
        return None
    return statement_int(value)


def short_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


# Where a document is found, as the key of ``article_locations``: a later text under the same
# key is a new version of that document (an update, replacing the old one); a text under
# another key is another document, kept next to it. Keys are public (the API lists an
# article's locations), so a local file is named by a hash of its resolved path, never the
# path. Ingest sets ``Article.locator`` (``sayso.ingest.identity``); without it an article's
# URL, else its source, is its location.
FILE_PREFIX = "file:"
STDIN_PREFIX = "stdin:"
UPLOAD_PREFIX = "upload:"


def location_key(article: Article) -> str:
    """The key of where ``article`` was found (``article_locations.locator``)."""
    return article.locator or article.url or article.source


def file_location(resolved_path: str, entry: str = "") -> str:
    """A local file (``entry``: ``#3`` for its third record) by its resolved path: ``a.txt``
    named from two folders is two documents, the same file named two ways is one."""
    return f"{FILE_PREFIX}{short_hash(resolved_path)}{entry}"


def content_location(prefix: str, article_id: str) -> str:
    """An input that names no document (stdin, an upload without URL): only the same text
    is the same document, so two different texts never replace each other."""
    return f"{prefix}{article_id}"


def entry_location(shared_key: str, distinct: str) -> str:
    """One of several entries of an input that share a location key (a feed whose entries
    all link to one page): the shared key made distinct by the entry's GUID, else its text."""
    return f"{shared_key}#{distinct}"
