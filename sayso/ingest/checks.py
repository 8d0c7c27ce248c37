"""What every Article and Failure leaving ingest satisfies, whatever its reader did.

``checked(item)`` is applied by ``read_raw`` to everything a reader yields:

- strings are valid Unicode without NUL: lone surrogates (JSON's ``"\\ud800"``, file names
  with undecodable bytes) and NUL characters become U+FFFD, one character for one, so that
  spans and offsets into the text still hold; any store and any JSON encoder accept them;
- no credentials: ``user:pass@`` is removed from ``url``, ``source``, ``raw_ref`` and
  ``locator``;
  ``url`` is kept only when it is an absolute http(s) URL;
- ``title``, ``author``, ``outlet`` longer than ``limits.MAX_FIELD_CHARS`` are dropped, and
  so is a ``published`` date that cannot be one (``sayso.dates.implausible_date_reason``);
- ``meta`` is plain JSON (dates as ISO strings, no NaN, string keys, bounded depth) of at
  most ``SAYSO_MAX_META_BYTES``: the largest fields are dropped first.

Everything dropped is said in ``meta["warnings"]`` (a list of sentences): a bad field costs
the field, never the article.
"""

from __future__ import annotations

import dataclasses
import json
import math
import re
from datetime import date, datetime, time
from typing import Any, overload  # Any: metadata values (JSON)
from urllib.parse import urlsplit, urlunsplit

from sayso.dates import implausible_date_reason
from sayso.ingest.limits import (
    MAX_FIELD_CHARS,
    MAX_META_BYTES,
    MAX_WARNINGS,
    PUBLISHED_YEARS,
    human_size,
)
from sayso.model import Article, Failure

# Characters no store or encoder takes: lone surrogates (not encodable as UTF-8) and NUL
# (PostgreSQL text refuses it).
UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
REPLACEMENT = "\ufffd"
# Deeper than this, metadata is not something a person wrote for an article.
MAX_META_DEPTH = 32
WARNINGS = "warnings"


def clean_str(value: str) -> str:
    """``value`` with lone surrogates and NUL replaced by U+FFFD (same length)."""
    return UNSTORABLE.sub(REPLACEMENT, value) if UNSTORABLE.search(value) else value


def without_credentials(url: str) -> str:
    """``https://user:pass@host/x`` → ``https://host/x``; anything else unchanged."""
    if "@" not in url:
        return url
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if not parts.scheme or "@" not in parts.netloc:
        return url
    host = parts.netloc.rsplit("@", 1)[1]
    return urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))


def http_url(url: str) -> str | None:
    """``url`` if it is an absolute http(s) URL with a host, else None."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    return url if parts.scheme.lower() in ("http", "https") and parts.hostname else None


@overload
def checked(item: Failure) -> Failure: ...
@overload
def checked(item: Article) -> Article: ...
@overload
def checked(item: Article | Failure) -> Article | Failure: ...
def checked(item: Article | Failure) -> Article | Failure:
    """``item`` made safe to store and publish (see the module docstring)."""
    if isinstance(item, Failure):
        # replace(): a NoArticle stays one (sayso ingest remembers those)
        return dataclasses.replace(
            item, source=public_source(item.source), reason=clean_str(item.reason)
        )
    return checked_article(item)


def public_source(source: str) -> str:
    return clean_str(without_credentials(source))


def checked_article(article: Article) -> Article:
    warnings: list[str] = []
    article.text = clean_str(article.text)
    article.source = public_source(article.source)
    if article.raw_ref is not None:
        article.raw_ref = public_source(article.raw_ref)
    if article.locator is not None:
        article.locator = public_source(article.locator)
    article.url = checked_url(article.url, warnings)
    for name, limit in MAX_FIELD_CHARS.items():
        value = getattr(article, name)
        if value is None:
            continue
        value = clean_str(value)
        if len(value) > limit:
            warnings.append(f"{name} dropped: {len(value):,} characters, over {limit:,}")
            value = None
        setattr(article, name, value)
    for name in ("language", "format"):
        value = getattr(article, name)
        if value is not None:
            setattr(article, name, clean_str(value))
    if article.published is not None:
        why = implausible_date_reason(article.published, PUBLISHED_YEARS)
        if why:
            warnings.append(f"published date {article.published.isoformat()} dropped: it {why}")
            article.published = None
    article.meta = bounded_meta(article.meta, warnings)
    add_warnings(article, warnings)
    return article


def checked_url(url: str | None, warnings: list[str]) -> str | None:
    if url is None:
        return None
    url = clean_str(url.strip())
    public = http_url(without_credentials(url))
    if public is None and url:
        warnings.append(f"url dropped: {shorten(url)!r} is not an http(s) URL")
    return public


def add_warnings(article: Article, warnings: list[str]) -> None:
    """Append ``warnings`` to ``article.meta["warnings"]``, keeping at most MAX_WARNINGS."""
    if not warnings:
        return
    kept = list(article.meta.get(WARNINGS) or []) + warnings
    if len(kept) > MAX_WARNINGS:
        kept = kept[: MAX_WARNINGS - 1] + [f"and {len(kept) - MAX_WARNINGS + 1} more warnings"]
    article.meta[WARNINGS] = kept


def unread_date_warning(value: object) -> str:
    """The warning for a date field that is not a date sayso reads (2024-02-30, "soon")."""
    return f"published date {shorten(str(value))!r} is not a real date sayso reads: left empty"


def shorten(text: str, chars: int = 80) -> str:
    return text if len(text) <= chars else text[: chars - 1] + "…"


# ---- metadata --------------------------------------------------------------------------


class TooDeep(ValueError):
    """Metadata nested deeper than MAX_META_DEPTH."""


def bounded_meta(meta: dict[str, Any], warnings: list[str]) -> dict[str, Any]:
    """``meta`` as plain JSON within SAYSO_MAX_META_BYTES; what is dropped is warned of."""
    plain: dict[str, Any] = {}
    sizes: dict[str, int] = {}
    for key, value in meta.items():
        name = clean_str(str(key))
        try:
            plain[name] = plain_json(value, 0)
        except TooDeep:
            warnings.append(f"metadata field {shorten(name)!r} dropped: nested too deeply")
            continue
        sizes[name] = json_size(plain[name])
    cap = MAX_META_BYTES.value()
    total = sum(sizes.values())
    for name in sorted(sizes, key=sizes.__getitem__, reverse=True):
        if total <= cap:
            break
        if name == WARNINGS:
            continue
        total -= sizes[name]
        del plain[name]
        warnings.append(
            f"metadata field {shorten(name)!r} dropped: {human_size(sizes[name])}, over the "
            f"{MAX_META_BYTES.shown()} metadata cap ({MAX_META_BYTES.raise_hint()})"
        )
    return plain


def plain_json(value: object, depth: int) -> Any:
    """``value`` as JSON-ready plain data: NaN and infinities become None, dates ISO
    strings, keys strings, bytes and unknown objects their ``str``."""
    if depth > MAX_META_DEPTH:
        raise TooDeep
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):  # beyond 64 bits, JSON readers disagree: keep the digits
        return value if abs(value) < 1 << 63 else str(value)
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, str):
        return clean_str(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, dict):
        return {clean_str(str(k)): plain_json(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [plain_json(v, depth + 1) for v in value]
    return clean_str(str(value))


def json_size(value: object) -> int:
    return len(json.dumps(value, ensure_ascii=False).encode("utf-8"))
