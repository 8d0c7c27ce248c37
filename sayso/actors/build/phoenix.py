"""Convert the Phoenix/CAMEO dictionaries (MIT, Open Event Data Alliance) into actors:
people and organisations with country, sector and dated roles; agent words to sectors."""

from __future__ import annotations

import csv
import gzip
import json
import re
from datetime import date
from pathlib import Path

from sayso.actors.build.tabari import Entry, read_entries
from sayso.actors.kb import DATA, slug
from sayso.actors.names import non_actor_heads
from sayso.actors.normalise import norm

# Words that make a Phoenix entry an organisation or group rather than a person.
ORG_WORDS = frozenset(
    line.strip()
    for line in (Path(__file__).parent / "sources" / "org_words.txt").read_text().splitlines()
    if line.strip() and not line.startswith("#")
)


def sectors() -> dict[str, str]:
    with (DATA / "sectors.tsv").open(encoding="utf-8") as handle:
        rows = csv.DictReader((r for r in handle if not r.startswith("#")), delimiter="\t")
        return {row["code"]: row["sector"] for row in rows}


# Words a person's name never holds ("Soviet of Nationalities", "Save the Children").
FUNCTION_WORDS = frozenset({"of", "the", "for", "and", "on", "in", "to"})


def looks_like_person(entry: Entry) -> bool:
    """Phoenix does not say which entries are people: those from its leader lists are
    (CountryInfo); otherwise a name of two to four words, without words of organisations
    (``sources/org_words.txt``) or function words, that does not end in a word for a
    thing ("Antarctic Treaty": ``data/non_actor_heads.txt``) and is not an undated company
    or media entry (codes MNC…, MED: "Washington Post")."""
    if "CountryInfo" in entry.comment:
        return True
    words = norm(entry.names[0]).split()
    if not 2 <= len(words) <= 4 or ORG_WORDS.intersection(words):
        return False
    if FUNCTION_WORDS.intersection(words) or words[-1] in non_actor_heads():
        return False
    dated = any(start or end for _, start, end in entry.codes)
    return dated or not all(code.startswith(("MNC", "MED")) for code, _, _ in entry.codes)


def split_code(code: str, known: set[str]) -> tuple[str | None, str | None]:
    """"BLRGOV" → ("BLR", "GOV"); "IGOUNO" → (None, "IGO"); "MNCUSA" → ("USA", "MNC")."""
    head, tail = code[:3], code[3:6]
    if head in ("IGO", "NGO", "MNC", "IMG", "NGM"):
        return (tail if tail in known else None), head
    return (head if head in known else None), (tail or None)


def role_sort_key(role: dict) -> tuple[date, bool]:
    start = date.fromisoformat(role["start"]) if role["start"] else date.min
    return (start, role["end"] is None)


def entry_record(entry: Entry, kind: str, known: set[str], names: dict[str, str]) -> dict:
    roles = []
    for code, start, end in entry.codes:
        country, sector_code = split_code(code, known)
        sector = names.get(sector_code or "")
        roles.append({"title": sector or code, "country": country, "org": None,
                      "start": start.isoformat() if start else None,
                      "end": end.isoformat() if end else None, "office": None,
                      "sector": sector})
    dated = sorted((r for r in roles if r["start"] or r["end"]), key=role_sort_key)
    main = (dated or roles)[-1]
    countries = [r["country"] for r in roles if r["country"]]
    is_person = looks_like_person(entry)
    actor_type = "PERSON" if is_person else ("GROUP" if kind == "nonstate" else "ORG")
    return {
        "id": f"phx:{slug(entry.names[0])}-{countries[-1] if countries else 'INT'}",
        "name": entry.names[0], "type": actor_type,
        "country": countries[-1] if countries else None, "wikidata": None,
        "sector": main["sector"], "aliases": entry.names[1:],
        "roles": roles if is_person else [], "source": "phoenix",
        "notes": f"Phoenix {kind} dictionary, codes {' '.join(c for c, _, _ in entry.codes)}",
    }


def phoenix_records(phoenix: Path) -> list[dict]:
    from sayso.actors.build.countries import country_records

    known = {r["country"] for r in country_records(phoenix)}
    names = sectors()
    records: dict[str, dict] = {}
    files = (("Countries", "country"), ("International", "international"),
             ("MilNonState", "nonstate"))
    for stem, kind in files:
        for entry in read_entries(phoenix / f"Phoenix.{stem}.actors.txt"):
            plain = [c for c, _, _ in entry.codes if len(c) == 3]
            if kind == "country" and plain:
                continue  # a country: countries.py owns those
            record = entry_record(entry, kind, known, names)
            if record["id"] in records:  # the same name listed twice: one actor
                previous = records[record["id"]]
                previous["aliases"] += [a for a in record["aliases"]
                                        if a not in previous["aliases"]]
                previous["roles"] += record["roles"]
            else:
                records[record["id"]] = record
    return merge_spellings(list(records.values()))


def merge_spellings(records: list[dict]) -> list[dict]:
    """Phoenix lists some people twice under spelling variants (Gerhard Schroeder and
    Gerhard Schroder): same name skeleton and country → one record."""
    from sayso.actors.normalise import skeleton

    kept: dict[tuple[str, str | None], dict] = {}
    out = []
    for record in records:
        if record["type"] != "PERSON":
            out.append(record)
            continue
        key = (skeleton(record["name"]), record["country"])
        if key in kept:
            first = kept[key]
            first["aliases"] += [n for n in [record["name"], *record["aliases"]]
                                 if n not in first["aliases"] and n != first["name"]]
            first["roles"] += [r for r in record["roles"] if r not in first["roles"]]
            continue
        kept[key] = record
        out.append(record)
    return out


def write_phoenix(path: Path, phoenix: Path) -> int:
    records = phoenix_records(phoenix)
    # mtime=0: the same sources give byte-identical output
    with gzip.GzipFile(path, "wb", mtime=0) as raw:
        for record in records:
            raw.write((json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n").encode())
    return len(records)


_AGENT = re.compile(r"^([^\s\[#{]+)\s*(?:\{[^}]*\})?\s*\[~?([A-Z]{3})")


def write_agents(path: Path, phoenix: Path) -> int:
    """Agent nouns ("PRESIDENT [~GOV]") → sector, for titles seen with unknown people."""
    names = sectors()
    rows: dict[str, str] = {}
    text = (phoenix / "Phoenix.agents.txt").read_text(encoding="utf-8", errors="replace")
    for line in text.splitlines():
        match = _AGENT.match(line.strip())
        if not match or match.group(2) not in names:
            continue
        word, code = match.groups()
        for variant in ("man", "woman", "person") if "!PERSON!" in word else ("",):
            key = norm(word.replace("!PERSON!", variant).replace("_", " "))
            if key:
                rows.setdefault(key, names[code])
    with path.open("w", encoding="utf-8") as handle:
        handle.write("# Generated by python -m sayso.actors.build from Phoenix.agents.txt "
                     "(MIT, see LICENSE-phoenix.txt)\nphrase\tsector\n")
        for key in sorted(rows):
            handle.write(f"{key}\t{rows[key]}\n")
    return len(rows)
