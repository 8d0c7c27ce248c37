"""Relations for tools built for event data: PLOVER JSONL (the manual's field names) and a
CAMEO-style CSV (GDELT/ICEWS-like columns).

Only plain relations go out: a negated or hypothetical event is not the event it names, and
these formats have no field to say so (the REST API and ``/api/v1/relations.csv`` keep them,
flagged). A relation of an undated article has no ``date``, which PLOVER requires: it is
left out and counted (``Exported.undated``).

- PLOVER (manual v2.0, chapter "Data Fields"): ``id``, ``date``, ``actor``, ``recipient``,
  ``event``, ``mode``, ``context``, ``quad_code``, ``event_scale`` (the PLOVER score),
  ``event_text`` (the trigger), ``text`` with ``text_info`` (offsets), ``cite_info``,
  ``coder``; entities carry ``code`` (country), ``sector`` (PLOVER's three letters),
  ``entity_text``, ``identifier_id`` (Wikidata) and ``identifier_text``. sayso's own fields
  are prefixed ``sayso_`` (statement, article, relation id, time, confidence).
- CAMEO-style CSV: one row per source–target pair (CAMEO is dyadic; PLOVER's lists are
  expanded), ``EventCode`` from the coder or, for events sayso coded in PLOVER terms, the
  most general CAMEO code the CAMEO→PLOVER crosswalk maps to that event, mode and context;
  ``GoldsteinScale`` holds the PLOVER score, which the manual built to splice with Goldstein
  scores (Goldstein's own per-code weights are not shipped).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import IO, Any  # Any: JSON records and CSV rows

from sayso.actors.kb import DATA as ACTOR_DATA
from sayso.events.lexicon import crosswalk, rows
from sayso.store.export import write_csv
from sayso.store.records import RelationActor, RelationFilters, RelationHit
from sayso.store.store import Store
from sayso.version import __version__

HERE_DATA = Path(__file__).resolve().parent / "data"
CAMEO_COLUMNS = (
    "GlobalEventID", "SQLDATE", "Actor1Code", "Actor1Name", "Actor1CountryCode",
    "Actor1Type1Code", "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2Type1Code",
    "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "SOURCEURL", "PloverEvent", "PloverMode", "PloverContext", "Text", "StatementID",
    "ArticleID",
)


@dataclass(slots=True)
class Exported:
    records: int = 0
    undated: int = 0  # plain relations left out: their article has no date


@cache
def sector_codes() -> dict[str, tuple[str, str]]:
    """sayso sector → (CAMEO code, PLOVER code)."""
    cameo: dict[str, str] = {}
    for code, sector in rows("sectors.tsv", ACTOR_DATA / "sectors.tsv"):
        cameo.setdefault(sector, code)
    plover = dict(rows("plover_sectors.tsv", HERE_DATA / "plover_sectors.tsv"))
    return {sector: (code, plover.get(sector, code)) for sector, code in cameo.items()}


@cache
def cameo_codes() -> dict[tuple[str, str], list[tuple[str, frozenset[str]]]]:
    """(PLOVER event, mode or "") → the CAMEO codes mapping to it with their contexts,
    most general (shortest) first."""
    table: dict[tuple[str, str], list[tuple[str, frozenset[str]]]] = {}
    for code, p in crosswalk().items():
        table.setdefault((p.event, p.mode or ""), []).append((code, frozenset(p.context)))
    for codes in table.values():
        codes.sort(key=lambda c: (len(c[0]), c[0]))
    return table


def cameo_code(hit: RelationHit) -> str | None:
    """The relation's CAMEO code: the coder's, else the crosswalk's code for its event and
    mode (the one whose contexts are closest to the relation's, then the most general),
    else for its event."""
    if hit.cameo:
        return hit.cameo
    table = cameo_codes()
    for key in ((hit.event, hit.mode or ""), (hit.event, "")):
        codes = table.get(key)
        if codes:
            mine = set(hit.context)
            # closest contexts first (a code for exactly these contexts), then most general
            shared = sorted((c for c in codes if c[1] & mine),
                            key=lambda c: (len(c[1] ^ mine), len(c[0]), c[0]))
            return (shared or codes)[0][0]
    return None


def exportable(hit: RelationHit) -> bool:
    return not hit.negated and hit.time != "hypothetical"


def plover_entity(p: RelationActor) -> dict[str, Any]:
    entity: dict[str, Any] = {"entity_text": p.text}
    if p.country:
        entity["code"] = p.country
    if p.sector and p.sector in sector_codes():
        entity["sector"] = sector_codes()[p.sector][1]
    if p.key and p.key.startswith("wd:"):
        entity["identifier_id"] = p.key[3:]
    if p.name:
        entity["identifier_text"] = p.name
    return entity


def plover_record(hit: RelationHit) -> dict[str, Any]:
    """One relation as a PLOVER record (``hit.published`` must be set)."""
    assert hit.published is not None
    record: dict[str, Any] = {
        "id": f"sayso-{hit.article_id}-{hit.rid}",
        "date": hit.published.date().isoformat(),
        "actor": [plover_entity(p) for p in hit.source],
        "recipient": [plover_entity(p) for p in hit.target],
        "event": [hit.event],
        "mode": [hit.mode] if hit.mode else [],
        "context": list(hit.context),
        "quad_code": hit.quad,
        "event_scale": hit.score,
        "event_text": [hit.trigger] if hit.trigger else [],
        "text": hit.text,
        "text_info": {"start": hit.start, "end": hit.end},
        "cite_info": {
            "citation": hit.article_id,
            "url": hit.article_url,
            "title": hit.article_title,
            "corpus": hit.outlet,
        },
        "coder": f"sayso {__version__}",
        "sayso_relation": hit.rid,
        "sayso_article_id": hit.article_id,
        "sayso_statement_id": hit.statement_id,
        "sayso_kind": hit.kind,
        "sayso_time": hit.time,
        "sayso_confidence": hit.confidence,
    }
    if hit.published.hour or hit.published.minute:
        record["time"] = hit.published.time().isoformat()
    return record


def actor_code(p: RelationActor | None) -> str:
    """CAMEO actor code: country, then the sector's three letters ("BLRGOV")."""
    if p is None:
        return ""
    sector = sector_codes().get(p.sector or "", ("", ""))[0]
    return (p.country or "") + sector


def cameo_rows(hit: RelationHit) -> Iterator[dict[str, Any]]:
    """One CSV row per source–target pair of a relation (a missing target: one row)."""
    assert hit.published is not None
    code = cameo_code(hit) or ""
    targets: list[RelationActor | None] = [*hit.target] or [None]
    pairs = [(s, t) for s in hit.source for t in targets]
    for n, (source, target) in enumerate(pairs):
        yield {
            "GlobalEventID": f"sayso-{hit.article_id}-{hit.rid}" + (f"-{n + 1}" if n else ""),
            "SQLDATE": hit.published.strftime("%Y%m%d"),
            "Actor1Code": actor_code(source),
            "Actor1Name": source.name or source.text,
            "Actor1CountryCode": source.country or "",
            "Actor1Type1Code": sector_codes().get(source.sector or "", ("", ""))[0],
            "Actor2Code": actor_code(target),
            "Actor2Name": (target.name or target.text) if target else "",
            "Actor2CountryCode": (target.country or "") if target else "",
            "Actor2Type1Code": sector_codes().get(target.sector or "", ("", ""))[0]
            if target else "",
            "EventCode": code,
            "EventBaseCode": code[:3],
            "EventRootCode": code[:2],
            "QuadClass": hit.quad,
            "GoldsteinScale": hit.score,
            "SOURCEURL": hit.article_url or "",
            "PloverEvent": hit.event,
            "PloverMode": hit.mode or "",
            "PloverContext": ";".join(hit.context),
            "Text": hit.text,
            "StatementID": hit.statement_id or "",
            "ArticleID": hit.article_id,
        }


def plain_dated(store: Store, filters: RelationFilters, counts: Exported) -> Iterator[RelationHit]:
    for hit in store.iter_relations(filters):
        if not exportable(hit):
            continue
        if hit.published is None:
            counts.undated += 1
            continue
        yield hit


def plover_lines(store: Store, filters: RelationFilters, counts: Exported) -> Iterator[str]:
    """PLOVER JSONL lines (``counts`` counts them, and the undated relations left out)."""
    for hit in plain_dated(store, filters, counts):
        counts.records += 1
        yield json.dumps(plover_record(hit), ensure_ascii=False) + "\n"


def cameo_dyads(
    store: Store, filters: RelationFilters, counts: Exported
) -> Iterator[dict[str, Any]]:
    """CAMEO-style rows, one per dyad of each relation."""
    for hit in plain_dated(store, filters, counts):
        for row in cameo_rows(hit):
            counts.records += 1
            yield row


def export_plover(store: Store, out: IO[str], filters: RelationFilters) -> Exported:
    """PLOVER JSONL, one record per line."""
    counts = Exported()
    out.writelines(plover_lines(store, filters, counts))
    return counts


def export_cameo(store: Store, out: IO[str], filters: RelationFilters) -> Exported:
    """CAMEO-style CSV, one row per dyad of each relation."""
    counts = Exported()
    write_csv(cameo_dyads(store, filters, counts), out, CAMEO_COLUMNS)
    return counts
