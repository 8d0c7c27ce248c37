"""A statement as a citation: plain text, CSL-JSON (Zotero, Pandoc) and BibTeX.

A citation names the speaker, the words, the outlet and date of the article reporting
them, and its address: what a reader needs to find the statement again. Built from the
store's flat quote row (``QuoteHit.to_dict()``).
"""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any  # Any: quotes are JSON rows (QuoteHit.to_dict)

from sayso.render import preview

CITED_CHARS = 600  # a citation quotes the words up to about this length, then "…"
BIBTEX_SPECIAL = re.compile(r"([\\{}%&$#_^~])")


def cited_words(quote: dict[str, Any]) -> str:
    words, left_out = preview(str(quote.get("text") or ""), CITED_CHARS)
    return words + (" …" if left_out else "")


def speaker_of(quote: dict[str, Any]) -> str:
    return str(quote.get("speaker_name") or quote.get("speaker_text") or "Unknown speaker")


def day_of(quote: dict[str, Any]) -> date | None:
    published = quote.get("published")
    if not published:
        return None
    try:
        return date.fromisoformat(str(published)[:10])
    except ValueError:
        return None


def plain(quote: dict[str, Any], accessed: date) -> str:
    """Speaker, “words”, article title, outlet, date, URL (accessed date)."""
    when = day_of(quote)
    parts = [f"{speaker_of(quote)}: “{cited_words(quote)}”"]
    title = quote.get("article_title")
    if title:
        parts.append(f"In: {title}")
    if quote.get("outlet"):
        parts.append(str(quote["outlet"]))
    parts.append(when.isoformat() if when else "no date")
    url = quote.get("article_url")
    if url:
        parts.append(f"{url} (accessed {accessed.isoformat()})")
    return ". ".join(parts) + "."


def csl_json(quote: dict[str, Any], accessed: date) -> str:
    """One CSL-JSON item (type "article-newspaper"): the speaker as author, the words as
    the note a reference manager keeps with it."""
    when = day_of(quote)
    item: dict[str, Any] = {
        "id": f"sayso-{quote.get('statement_id') or quote.get('id')}",
        "type": "article-newspaper",
        "title": quote.get("article_title") or cited_words(quote)[:120],
        "author": [{"literal": speaker_of(quote)}],
        "container-title": quote.get("outlet") or None,
        "URL": quote.get("article_url") or None,
        "note": f"{speaker_of(quote)}: “{cited_words(quote)}”",
        "accessed": {"date-parts": [[accessed.year, accessed.month, accessed.day]]},
    }
    if when:
        item["issued"] = {"date-parts": [[when.year, when.month, when.day]]}
    return json.dumps(
        [{k: v for k, v in item.items() if v is not None}], ensure_ascii=False, indent=1
    )


def bibtex(quote: dict[str, Any], accessed: date) -> str:
    """A @misc entry (BibTeX has no type for a reported statement); special characters
    escaped so the entry compiles whatever the words hold."""
    when = day_of(quote)
    key = re.sub(r"\W+", "", speaker_of(quote).split()[-1].lower()) or "statement"
    key += str(when.year) if when else ""
    key += "_" + str(quote.get("statement_id") or quote.get("id"))[:6]
    fields = {
        "author": "{" + speaker_of(quote) + "}",  # braces: a name BibTeX must not reorder
        "title": quote.get("article_title") or "",
        "howpublished": quote.get("outlet") or "",
        "year": str(when.year) if when else "",
        "month": str(when.month) if when else "",
        "day": str(when.day) if when else "",
        "url": quote.get("article_url") or "",
        "note": f"“{cited_words(quote)}” Accessed {accessed.isoformat()}",
    }
    lines = [f"@misc{{{key},"]
    for name, value in fields.items():
        if value:
            text = value if name in ("author", "url") else BIBTEX_SPECIAL.sub(r"\\\1", value)
            lines.append(f"  {name} = {{{text}}},")
    lines.append("}")
    return "\n".join(lines)


def citations(quote: dict[str, Any], accessed: date | None = None) -> dict[str, str]:
    """The three forms, by the label the page shows."""
    on = accessed or date.today()
    return {
        "Plain text": plain(quote, on),
        "CSL-JSON": csl_json(quote, on),
        "BibTeX": bibtex(quote, on),
    }
