"""The example article analysed by hand (its .gold.json reading) as a sayso Article.

API tests run on this, so their expectations are the reference reading of a real article
rather than whatever the current NLP happens to find. Offsets come from the gold file;
cue and speaker-mention offsets are found next to each quote.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path

from sayso.model import Article, Entity, Mention, Quote, Span

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "lukashenko-allies-2024-08-15.txt"
GOLD = REPO / "tests" / "fixtures" / "web" / "lukashenko-allies-2024-08-15.gold.json"
WINDOW = 160  # how far from a quote its cue and speaker mention may be


def gold() -> dict:
    return json.loads(GOLD.read_text(encoding="utf-8"))


def nearest(text: str, words: str | None, start: int, end: int) -> Span | None:
    """The occurrence of ``words`` (whole words) closest to [start, end), outside it."""
    if not words:
        return None
    best = None
    for match in re.finditer(r"(?<!\w)" + re.escape(words) + r"(?!\w)", text):
        if start <= match.start() < end:
            continue
        distance = start - match.end() if match.end() <= start else match.start() - end
        if distance <= WINDOW and (best is None or distance < best[0]):
            best = (distance, match)
    if best is None:
        return None
    return Span(best[1].start(), best[1].end(), best[1].group())


def entity_mentions(text: str, names: list[str]) -> list[tuple[int, int]]:
    spans = []
    for name in sorted(names, key=len, reverse=True):
        for match in re.finditer(r"(?<!\w)" + re.escape(name) + r"(?!\w)", text):
            if not any(s <= match.start() < e for s, e in spans):
                spans.append((match.start(), match.end()))
    return sorted(spans)


def gold_entities(text: str, data: dict) -> list[Entity]:
    entities = []
    for item in data["entities"]:
        # Pronouns and titles are the reader's job; here only names count as mentions.
        names = [
            a
            for a in item.get("aliases_in_text", [item["name"]])
            if a[0].isupper() and a not in ("I", "The President")
        ] or [item["name"]]
        entities.append(
            Entity(
                id=item.get("wikidata") or "name:" + item["name"].lower(),
                name=item["name"],
                type=item["type"],
                country=item.get("country"),
                wikidata=item.get("wikidata"),
                mentions=entity_mentions(text, names),
                resolved=bool(item.get("wikidata")),
            )
        )
    return entities


def gold_article() -> Article:
    text = EXAMPLE.read_text(encoding="utf-8")
    data = gold()
    entities = gold_entities(text, data)
    by_name = {e.name: e for e in entities}
    quotes = []
    for item in data["quotes"]:
        start, end = item["start"], item["end"]
        speaker = by_name[item["speaker"]]
        said_by = nearest(text, item.get("speaker_mention"), start, end) or next(
            (
                span
                for name in (speaker.name, speaker.name.split()[-1])
                if (span := nearest(text, name, start, end))
            ),
            None,
        )
        about = sorted(
            {
                e.id
                for e in entities
                if e is not speaker and any(start <= s and e_ <= end for s, e_ in e.mentions)
            }
        )
        quotes.append(
            Quote(
                id=item["id"],
                kind=item["kind"],
                start=start,
                end=end,
                text=text[start:end],
                speaker=Mention(
                    said_by.start if said_by else start,
                    said_by.end if said_by else start,
                    said_by.text if said_by else "",
                    entity_id=speaker.id,
                    name=speaker.name,
                    type=speaker.type,
                    country=speaker.country,
                    wikidata=speaker.wikidata,
                ),
                cue=nearest(text, item.get("cue"), start, end),
                parent=item.get("nested_in"),
                about=about,
                confidence=0.95 if item.get("required") else 0.6,
            )
        )
    return Article(
        source=str(EXAMPLE),
        text=text,
        title=data["article"]["title"],
        published=datetime.fromisoformat(data["article"]["published"]),
        outlet="president.gov.by",
        language="en",
        url="https://president.gov.by/en/events/",
        quotes=quotes,
        entities=entities,
    )


def gold_actors() -> list[dict]:
    """Knowledge-base records for the people in the example (roles from the gold file)."""
    records = []
    for item in gold()["entities"]:
        if not item.get("wikidata"):
            continue
        aliases = [
            a
            for a in item.get("aliases_in_text", [])
            if a[0].isupper() and a != item["name"] and a not in ("I", "The President")
        ]
        roles = (
            [{"title": item["role"], "country": item.get("country"), "start": None, "end": None}]
            if item.get("role")
            else []
        )
        records.append(
            {
                "id": item["wikidata"],
                "name": item["name"],
                "type": item["type"],
                "country": item.get("country"),
                "wikidata": item["wikidata"],
                "aliases": aliases,
                "roles": roles,
            }
        )
    return records
