"""``python -m sayso.actors.build``: regenerate data/countries.jsonl, data/phoenix.jsonl.gz
and data/agents.tsv from the sources (see ``sayso.actors.build``)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from sayso.actors.build.countries import write_countries
from sayso.actors.build.phoenix import write_agents, write_phoenix
from sayso.actors.kb import DATA


def default_phoenix() -> Path:
    """$SAYSO_SHARED/data/actors/phoenix, else ../shared/… next to the repo or a parent."""
    tail = Path("data") / "actors" / "phoenix"
    if os.environ.get("SAYSO_SHARED"):
        return Path(os.environ["SAYSO_SHARED"]) / tail
    for parent in Path(__file__).resolve().parents[3:]:
        if (parent / "shared" / tail).is_dir():
            return parent / "shared" / tail
    return Path("../shared") / tail


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sayso.actors.build", description=__doc__)
    parser.add_argument("--phoenix", type=Path, default=default_phoenix(),
                        help="folder holding the Phoenix *.actors.txt and agents files")
    parser.add_argument("--out", type=Path, default=DATA, help="where to write the data files")
    args = parser.parse_args(argv)
    if not (args.phoenix / "Phoenix.Countries.actors.txt").exists():
        print(f"build: {args.phoenix} has no Phoenix.Countries.actors.txt; pass --phoenix DIR",
              file=sys.stderr)
        return 2
    countries = write_countries(args.out / "countries.jsonl", args.phoenix)
    people = write_phoenix(args.out / "phoenix.jsonl.gz", args.phoenix)
    agents = write_agents(args.out / "agents.tsv", args.phoenix)
    (args.out / "LICENSE-phoenix.txt").write_text(
        (args.phoenix / "LICENSE").read_text(encoding="utf-8"), encoding="utf-8")
    print(f"build: {countries} country/government actors, {people} Phoenix actors, "
          f"{agents} agent words → {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
