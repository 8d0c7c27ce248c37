"""Every country (pycountry, country_converter) as a COUNTRY actor plus its government as an
ORG actor; names, adjectives and demonyms go to the country, capitals and seats of power
(Minsk, the Kremlin, the White House) to the government they stand for."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import country_converter
import pycountry
from rapidfuzz import fuzz

from sayso.actors.build.tabari import read_entries
from sayso.actors.normalise import norm

SOURCES = Path(__file__).parent / "sources"


def read_extra() -> dict[str, dict[str, str]]:
    with (SOURCES / "countries_extra.tsv").open(encoding="utf-8") as handle:
        rows = csv.DictReader((r for r in handle if not r.startswith("#")), delimiter="\t")
        return {row["iso3"]: row for row in rows}


def converter_names() -> dict[str, list[str]]:
    """Short and official names from country_converter's table (read directly: its
    class needs a pandas it does not pin)."""
    path = Path(country_converter.__file__).parent / "country_data.tsv"
    names: dict[str, list[str]] = {}  # ISO3 → [short name (display), official name, ...]
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            names.setdefault(row["ISO3"], []).extend([row["name_short"], row["name_official"]])
    return names


def phoenix_country_aliases(phoenix: Path) -> dict[str, list[str]]:
    aliases: dict[str, list[str]] = {}
    for entry in read_entries(phoenix / "Phoenix.Countries.actors.txt"):
        plain = [code for code, _, _ in entry.codes if len(code) == 3 and code.isalpha()]
        if plain:
            aliases.setdefault(plain[-1], []).extend(entry.names)
    return aliases


NATIONAL_ENDINGS = ("an", "ans", "ese", "ish", "i", "is", "ic", "ch", "ss")


def looks_national(alias: str, name: str) -> bool:
    """Keep Phoenix's spellings of the country and its adjectives, drop its towns
    (Phoenix lists Vladimir and Gomel as aliases of their countries)."""
    key = norm(alias)
    base = norm(name)
    if base in key or fuzz.ratio(key, base) >= 75:  # Turkey / Türkiye
        return True
    return key[:3] == base[:3] and key.endswith(NATIONAL_ENDINGS)


def plural_demonyms(adjectives: list[str]) -> list[str]:
    return [a + "s" for a in adjectives if a.endswith(("an", "i")) and " " not in a]


def split(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split("|") if v.strip()]


def unique(names: list[str], exclude: set[str]) -> list[str]:
    seen, out = set(exclude), []
    for name in names:
        key = norm(name)
        if key and key not in seen:
            seen.add(key)
            out.append(name)
    return out


def country_records(phoenix: Path) -> list[dict]:
    extra, names, phx = read_extra(), converter_names(), phoenix_country_aliases(phoenix)
    records = []
    isos = {c.alpha_3: c for c in pycountry.countries}
    for iso3 in sorted(set(isos) | {"XKX"}):
        country = isos.get(iso3)
        row = extra.get(iso3, {})
        short = names.get(iso3, [None])[0]
        if short:
            name = short
        elif country is not None:
            name = getattr(country, "common_name", None) or country.name
        else:
            raise ValueError(f"{iso3}: neither country_converter nor pycountry names it")
        adjectives = split(row.get("adjectives"))
        seats = split(row.get("capitals")) + split(row.get("seats"))
        seat_keys = {norm(s) for s in seats}
        alias_pool = ([country.name, getattr(country, "official_name", "")] if country else [])
        alias_pool += names.get(iso3, []) + split(row.get("names"))
        alias_pool += adjectives + split(row.get("demonyms"))
        phx_names = [a for a in phx.get(iso3, []) if looks_national(a, name)]
        alias_pool += phx_names + plural_demonyms(adjectives + phx_names)
        qid = row.get("qid") or None
        records.append({
            "id": f"country:{iso3}", "name": name, "type": "COUNTRY", "country": iso3,
            "wikidata": qid, "sector": None, "source": "countries",
            "aliases": unique(alias_pool, seat_keys | {norm(name)}),
            "notes": f"leader={row.get('leader') or 'head_of_state'}",
        })
        gov_names = [f"Government of {name}", f"{name} government", f"{name} authorities"]
        gov_names += [f"{adj} {word}" for adj in adjectives
                      for word in ("government", "authorities", "leadership")]
        records.append({
            "id": f"gov:{iso3}", "name": f"Government of {name}", "type": "ORG",
            "country": iso3, "wikidata": None, "sector": "government", "source": "countries",
            "aliases": unique(gov_names + seats, {norm(f"Government of {name}")}),
            "notes": "the government as an actor; capitals and seats of power stand for it",
        })
    return records


def write_countries(path: Path, phoenix: Path) -> int:
    records = country_records(phoenix)
    with path.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
    return len(records)
