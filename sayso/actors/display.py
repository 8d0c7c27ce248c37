"""How an actor's posts read to people: each post once, in words, with its years joined
("President of Russia, 2000–2008, 2012–"), never the dictionary codes some sources record
posts as ("elite (RUS)", "government"): a post known only by such a code reads as what the
code means ("government official in Venezuela, 1999–2013"), and only when the actor has
no post recorded by name."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from sayso.actors.kb import KnowledgeBase
from sayso.actors.names import DATA
from sayso.actors.types import Actor, Role

# Two terms of one post with less than this between them read as one ("1999–2013").
JOIN_GAP = timedelta(days=31)


def sector_words() -> dict[str, str]:
    """Sector → what a person in it is ("government" → "government official")."""
    rows = (DATA / "sector_roles.tsv").read_text(encoding="utf-8").splitlines()
    pairs = (r.split("\t") for r in rows if r.strip() and not r.startswith("#"))
    return {sector: words for sector, words in pairs}


def posts(actor: Actor, kb: KnowledgeBase | None = None, on: date | None = None) -> list[str]:
    """One line per post, oldest first; only posts held on ``on`` when given."""
    named = [r for r in actor.roles if r.source_title()]
    roles = named or [r for r in actor.roles if r.sector and (r.start or r.end)]
    if on is not None:
        roles = [r for r in roles if r.active_on(on)]
    terms: dict[str, list[tuple[date | None, date | None]]] = defaultdict(list)
    words = sector_words()
    for role in sorted(roles, key=lambda r: r.start or date.min):
        name = role.title if role in named else _sector_post(role, words, kb)
        if name and (role.start, role.end) not in terms[name]:
            terms[name].append((role.start, role.end))
    return [", ".join(filter(None, (name, years(periods)))) for name, periods in terms.items()]


def _sector_post(role: Role, words: dict[str, str], kb: KnowledgeBase | None) -> str | None:
    what = words.get(role.sector or "")
    if not what:
        return None
    country = kb.get(f"country:{role.country}") if kb and role.country else None
    return f"{what} in {country.name}" if country else what


def years(periods: list[tuple[date | None, date | None]]) -> str:
    """ "2000–2008, 2012–": terms joined when they follow each other within a month."""
    joined: list[list[date | None]] = []
    for start, end in sorted(periods, key=lambda p: p[0] or date.min):
        last = joined[-1] if joined else None
        if last and last[1] and start and start - last[1] <= JOIN_GAP:
            last[1] = end if end is None or end > last[1] else last[1]
            continue
        joined.append([start, end])
    out = []
    for start, end in joined:
        if start is None and end is None:
            continue
        first_year = str(start.year) if start else ""
        last_year = str(end.year) if end else ""
        out.append(first_year if first_year == last_year else f"{first_year}–{last_year}")
    return ", ".join(dict.fromkeys(out))
