"""Read user-supplied actor lists: CSV, JSONL (``Actor.to_dict`` records) and extracts of
Wikidata JSON dumps. Each reader returns Actors; ``sayso actors import`` writes them to the
user overlay.

CSV columns (header required; only ``name`` is mandatory): ``id, name, type, country,
wikidata (or qid), sector, aliases ("|"-separated), title, office, role_country, start,
end``. Rows with the same id (or name and country) are one actor with several roles.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any  # Any: Wikidata's JSON

from sayso.actors.kb import load_kb, slug, split_list
from sayso.actors.types import Actor, Role
from sayso.dates import parse_day
from sayso.model import ENTITY_TYPES, EntityType, is_entity_type

HUMAN, COUNTRY_CLASSES = "Q5", {"Q6256", "Q3624078", "Q7275"}


class ImportError_(ValueError):
    """A file that cannot be imported; the message names the file, the line and the fix."""


def user_id(name: str, country: str | None, qid: str | None) -> str:
    return f"wd:{qid}" if qid else f"user:{slug(name)}-{(country or 'xx').lower()}"


def read_any(path: Path, fmt: str = "auto") -> list[Actor]:
    fmt = detect_format(path) if fmt == "auto" else fmt
    readers = {"csv": read_csv, "jsonl": read_jsonl_actors, "wikidata": read_wikidata}
    if fmt not in readers:
        raise ImportError_(f"{path}: unknown format {fmt!r}; use csv, jsonl or wikidata")
    return readers[fmt](path)


def detect_format(path: Path) -> str:
    if path.suffix.lower() in (".csv", ".tsv"):
        return "csv"
    head = path.read_text(encoding="utf-8", errors="replace")[:4000]
    if '"claims"' in head or '"labels"' in head:
        return "wikidata"
    return "jsonl"


def read_csv(path: Path) -> list[Actor]:
    delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
    actors: dict[str, Actor] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter=delimiter)
        if not reader.fieldnames or "name" not in reader.fieldnames:
            raise ImportError_(
                f"{path}: no 'name' column in the header; the first line must "
                "name the columns (name,type,country,wikidata,...)"
            )
        for number, row in enumerate(reader, 2):
            actor = row_actor(row, path, number)
            key = actor.id
            if key in actors:
                actors[key].roles.extend(actor.roles)
            else:
                actors[key] = actor
    return list(actors.values())


def row_actor(row: dict[str, str], path: Path, number: int) -> Actor:
    name = (row.get("name") or "").strip()
    if not name:
        raise ImportError_(f"{path}:{number}: empty name; every row needs a name")
    actor_type = (row.get("type") or "PERSON").strip().upper()
    if not is_entity_type(actor_type):
        raise ImportError_(
            f"{path}:{number}: type {actor_type!r} is not one of {', '.join(sorted(ENTITY_TYPES))}"
        )
    country = (row.get("country") or "").strip().upper() or None
    qid = (row.get("wikidata") or row.get("qid") or "").strip() or None
    roles = []
    if (row.get("title") or "").strip():
        try:
            roles.append(
                Role(
                    title=row["title"].strip(),
                    country=(row.get("role_country") or "").strip() or country,
                    start=parse_day(row.get("start")),
                    end=parse_day(row.get("end")),
                    office=(row.get("office") or "").strip() or None,
                    sector=(row.get("sector") or "").strip() or None,
                )
            )
        except ValueError as exc:
            raise ImportError_(f"{path}:{number}: bad date ({exc}); write YYYY-MM-DD") from exc
    return Actor(
        id=(row.get("id") or "").strip() or user_id(name, country, qid),
        name=name,
        type=actor_type,
        country=country,
        wikidata=qid,
        sector=(row.get("sector") or "").strip() or None,
        aliases=split_list(row.get("aliases")),
        roles=roles,
        source="user",
    )


def read_jsonl_actors(path: Path) -> list[Actor]:
    actors = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
                data.setdefault(
                    "id", user_id(data["name"], data.get("country"), data.get("wikidata"))
                )
                actor = Actor.from_dict(data)
            except (ValueError, KeyError, TypeError) as exc:
                raise ImportError_(
                    f"{path}:{number}: not an actor record ({exc}); each line "
                    'needs at least {"name": ...}'
                ) from exc
            actor.source = "user"
            actors.append(actor)
    return actors


# --- Wikidata ------------------------------------------------------------------------------


def wikidata_entities(path: Path) -> Iterator[dict[str, Any]]:
    """Entities from a dump extract: the dump's one-entity-per-line array, JSONL, or an
    ``{"entities": {...}}`` document (Special:EntityData)."""
    text = path.read_text(encoding="utf-8")
    stripped = text.strip()
    if stripped.startswith("{") and '"entities"' in stripped[:200]:
        yield from json.loads(stripped)["entities"].values()
        return
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip().rstrip(",")
        if line in ("", "[", "]"):
            continue
        try:
            yield json.loads(line)
        except ValueError as exc:
            raise ImportError_(
                f"{path}:{number}: not a Wikidata entity ({exc}); expected a "
                "dump extract (one JSON entity per line)"
            ) from exc


def claim_ids(entity: dict[str, Any], prop: str) -> list[tuple[str, dict[str, Any]]]:
    """(value QID, qualifiers) of each ``prop`` statement that is not deprecated."""
    out = []
    for claim in entity.get("claims", {}).get(prop, []):
        if claim.get("rank") == "deprecated":
            continue
        value = claim.get("mainsnak", {}).get("datavalue", {}).get("value")
        if isinstance(value, dict) and "id" in value:
            out.append((value["id"], claim.get("qualifiers", {})))
    return out


def qualifier_day(qualifiers: dict[str, Any], prop: str):
    for snak in qualifiers.get(prop, []):
        value = snak.get("datavalue", {}).get("value", {})
        time = value.get("time") if isinstance(value, dict) else None
        if time:
            text = time.lstrip("+")[:10].replace("-00", "-01")
            return parse_day(text)
    return None


def label(entity: dict[str, Any]) -> str | None:
    labels: dict[str, dict[str, str]] = entity.get("labels", {})
    return (labels.get("en") or next(iter(labels.values()), {})).get("value")


def read_wikidata(path: Path) -> list[Actor]:
    entities = {e["id"]: e for e in wikidata_entities(path) if "id" in e}
    kb = load_kb()
    country_by_qid = {a.wikidata: a.country for a in kb if a.type == "COUNTRY" and a.wikidata}
    for qid, entity in entities.items():  # countries defined in the extract itself
        iso = [
            c.get("mainsnak", {}).get("datavalue", {}).get("value")
            for c in entity.get("claims", {}).get("P298", [])
        ]
        if iso and isinstance(iso[0], str):
            country_by_qid[qid] = iso[0]
    actors = []
    for qid, entity in entities.items():
        name = label(entity)
        classes = {c for c, _ in claim_ids(entity, "P31")}
        if not name or qid in country_by_qid or "Q4164871" in classes:
            continue  # countries are already in the KB; positions only lend their labels
        actors.append(wikidata_actor(qid, name, entity, classes, entities, country_by_qid))
    return actors


def wikidata_actor(
    qid: str,
    name: str,
    entity: dict[str, Any],
    classes: set[str],
    entities: dict[str, dict[str, Any]],
    country_by_qid: dict[str, str | None],
) -> Actor:
    from sayso.actors.describe import describe

    kb = load_kb()
    actor_type: EntityType = (
        "PERSON" if HUMAN in classes else "COUNTRY" if classes & COUNTRY_CLASSES else "ORG"
    )
    countries = [
        country_by_qid[c]
        for prop in ("P27", "P17")
        for c, _ in claim_ids(entity, prop)
        if c in country_by_qid
    ]
    roles = []
    for position, qualifiers in claim_ids(entity, "P39"):
        title = label(entities.get(position, {})) or position
        desc = describe(title, kb)
        roles.append(
            Role(
                title=title,
                country=desc.country or (countries[0] if countries else None),
                start=qualifier_day(qualifiers, "P580"),
                end=qualifier_day(qualifiers, "P582"),
                office=desc.office,
                sector=desc.title.sector if desc.title else None,
            )
        )
    aliases = [a["value"] for values in entity.get("aliases", {}).values() for a in values]
    aliases += [v["value"] for lang, v in entity.get("labels", {}).items() if lang != "en"]
    return Actor(
        id=f"wd:{qid}",
        name=name,
        type=actor_type,
        country=countries[0] if countries else None,
        wikidata=qid,
        sector="government" if any(r.office for r in roles) else None,
        aliases=list(dict.fromkeys(a for a in aliases if a != name)),
        roles=roles,
        source="user",
        notes="imported from a Wikidata dump extract",
    )
