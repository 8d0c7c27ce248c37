"""Read TABARI/PETRARCH actor dictionaries (the Phoenix files): NAME_ lines, +ALIAS_ lines
and [CODE start-end] role lines; consecutive names without codes are synonyms of the next
coded entry."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

_CODE = re.compile(r"\[([A-Z~\-]+)\s*([<>]?\d{6,8})?(?:\s*-\s*(\d{6,8}))?\s*\]")


@dataclass
class Entry:
    names: list[str] = field(default_factory=list)  # first is the canonical one
    codes: list[tuple[str, date | None, date | None]] = field(default_factory=list)
    comment: str = ""


def phrase(token: str) -> str:
    """"ALYAKSANDR_LUKASHENKA_" → "Alyaksandr Lukashenka"."""
    words = token.replace("_", " ").split()
    return " ".join(w if any(c.islower() for c in w) else w.capitalize()
                    if len(w) > 3 or "." not in w else w for w in words)


def tabari_day(text: str) -> date | None:
    """YYMMDD (pivot: 00-30 → 20xx) or YYYYMMDD."""
    try:
        if len(text) == 8:
            return date(int(text[:4]), int(text[4:6]), int(text[6:]))
        year = int(text[:2])
        return date((2000 if year <= 30 else 1900) + year, int(text[2:4]), int(text[4:]))
    except ValueError:
        return None


def parse_codes(text: str) -> list[tuple[str, date | None, date | None]]:
    codes = []
    for code, first, second in _CODE.findall(text):
        start = end = None
        if first.startswith(">"):
            start = tabari_day(first[1:])
        elif first.startswith("<"):
            end = tabari_day(first[1:])
        elif first:
            start, end = tabari_day(first), tabari_day(second) if second else None
        codes.append((code, start, end))
    return codes


def read_entries(path: Path) -> Iterator[Entry]:
    pending = Entry()
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line, _, comment = raw.partition("#")
        if not line.strip():
            continue
        if line[0] in " \t":
            pending.codes.extend(parse_codes(line))
            continue
        if line.startswith("+"):
            if pending.names:
                pending.names.append(phrase(line[1:].strip()))
            continue
        if pending.codes:  # a new name after codes: the previous entry is complete
            yield pending
            pending = Entry()
        name, _, rest = line.partition("[")
        pending.names.append(phrase(name.strip()))
        pending.comment = pending.comment or comment.strip()
        if rest:
            pending.codes.extend(parse_codes("[" + rest))
    if pending.codes:
        yield pending
