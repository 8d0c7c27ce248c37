"""The link table: entity mentions from documents the resolver was not tuned on, each with
the actor it stands for, and the figures that matter for trust (issue 12).

- **precision**: of the mentions linked to a knowledge-base actor, the share linked to the
  right one (a wrong link counts against it; an unlinked mention does not);
- **coverage**: of the mentions whose actor the knowledge base has, the share linked to it.

Documents (chosen before any change to the resolver, by the rule in ``choose``): PolNeAR
dev, ``corpora/whitehouse-md``, ``corpora/whitehouse-2017-html`` and the Kremlin archive
``corpora/kremlin-archive`` (a WARC of 5,000 pages), minus every document another actors
test or fixture already uses. Each document goes to the dev or held-out part by a hash of
its name; in each part the first documents per source in hash order are taken. In each
document the mentions are the non-pronoun spans of the NLP stage's entities and speakers;
up to ``PER_DOC`` distinct surface forms are taken, again in hash order. Nothing here is
copied from ../shared into the repository but mention strings and offsets.

The tables (``link_table_dev.tsv``, ``link_table_heldout.tsv``) give per mention: ``doc``
(path under ../shared, ``#id`` for an archive page), ``start``/``end`` (characters of the
article text), ``mention``, ``expected`` (actor ids that are right, ``|``-separated;
``none`` = no knowledge-base actor is right, or also acceptable when listed with ids),
``type`` (what the mention names: PERSON, ORG, COUNTRY, GROUP, or ``-`` for no actor:
objects, places, events, laws, NER fragments) and ``name`` (who it is, for people and
bodies the knowledge base may lack). Ids of actors the knowledge base does not have yet
count only once it has them.

    python -m tests.actors.linktable choose              # the frozen documents of each part
    python -m tests.actors.linktable candidates dev      # rows to annotate (expected empty)
    python -m tests.actors.linktable score dev --wrong   # figures, and every wrong link

Analysed articles (before actor resolution) are cached under ``$SAYSO_LINKTABLE_CACHE``
(default ``~/.cache/sayso-linktable``), keyed by the text and the NLP code, so scoring
after a change to ``sayso/actors`` reruns only resolution.
"""

from __future__ import annotations

import argparse
import copy
import csv
import hashlib
import io
import os
import pickle
import re
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
HERE = Path(__file__).parent
TABLES = {"dev": HERE / "link_table_dev.tsv", "heldout": HERE / "link_table_heldout.tsv"}
SALT = "sayso-issue-12:"
# documents per source and part; distinct mention forms per document
# (press briefings are a source of their own: they carry the speaker labels and the
# reporters' first names that other White House texts lack)
QUOTA = {
    "polnear": 9,
    "whitehouse-md": 8,
    "press-briefings": 2,
    "kremlin-archive": 8,
    "whitehouse-2017": 2,
}
PER_DOC = 9
COLUMNS = ["doc", "start", "end", "mention", "expected", "type", "name"]
PRONOUNS = {
    "i", "me", "my", "we", "us", "our", "you", "your", "he", "him", "his", "she", "her",
    "it", "its", "they", "them", "their", "who", "which", "that", "this", "one",
}  # fmt: skip


def shared() -> Path | None:
    candidates = [Path(os.environ["SAYSO_SHARED"])] if os.environ.get("SAYSO_SHARED") else []
    candidates += [parent / "shared" for parent in REPO.parents]
    return next((c for c in candidates if (c / "corpora").is_dir()), None)


def key_hash(text: str) -> str:
    return hashlib.sha1((SALT + text).encode("utf-8")).hexdigest()


# --- choosing the documents ----------------------------------------------------------------


def used_elsewhere() -> set[str]:
    """Documents other actors tests and fixtures use (the resolver was tuned on them):
    Kremlin page ids and White House dates named in the older tables and fixtures, every
    page of corpora/kremlin-en (test_kremlin_pages reads them all)."""
    used: set[str] = set()
    for table in ("mention_cases.tsv", "mention_cases_heldout.tsv"):
        for line in (HERE / table).read_text(encoding="utf-8").splitlines():
            doc = line.split("\t", 1)[0]
            if doc.isdigit():
                used.add(f"kremlin:{doc}")
            elif re.match(r"\d{4}-\d\d-\d\d", doc):
                used.add(f"wh-date:{doc[:10]}")
    sources = (REPO / "tests" / "fixtures" / "SOURCES.md").read_text(encoding="utf-8")
    # any date there may be a White House text (some are named by title and date only)
    used.update(f"wh-date:{d}" for d in re.findall(r"\b(\d{4}-\d\d-\d\d)\b", sources))
    used.update(f"kremlin:{n}" for n in re.findall(r"\b(\d{4,5})\.html", sources))
    used.update(f"kremlin:{n}" for n in re.findall(r"kremlin-(\d{4,5})\.txt", sources))
    for fixture in (REPO / "tests" / "fixtures" / "ingest-web").glob("wh-2017-*.html"):
        used.add(f"wh2017:{fixture.stem.removeprefix('wh-2017-')}")
    base = shared()
    if base is not None:
        used.update(f"kremlin:{p.stem}" for p in (base / "corpora/kremlin-en/pages").glob("*"))
    return used


def archive_ids(base: Path) -> list[str]:
    """Page ids of the Kremlin archive, from the WARC's target URIs."""
    from warcio.archiveiterator import ArchiveIterator

    ids = []
    with (base / "corpora/kremlin-archive/kremlin-en-5000.warc.gz").open("rb") as handle:
        for record in ArchiveIterator(handle):
            uri = record.rec_headers.get_header("WARC-Target-URI") or ""
            if record.rec_type == "response" and uri.rstrip("/").split("/")[-1].isdigit():
                ids.append(uri.rstrip("/").split("/")[-1])
    return ids


def candidates_by_source(base: Path) -> dict[str, list[str]]:
    used = used_elsewhere()
    wh_md = sorted(p.relative_to(base) for p in (base / "corpora/whitehouse-md").rglob("*.md"))
    wh_2017 = sorted(
        p.relative_to(base) for p in (base / "corpora/whitehouse-2017-html").rglob("*.html")
    )

    def unused(path: Path) -> bool:
        return f"wh-date:{path.name[:10]}" not in used

    polnear = sorted(p.relative_to(base) for p in (base / "data/polnear/dev/text").glob("*.txt"))
    return {
        "polnear": [str(p) for p in polnear],
        "whitehouse-md": [str(p) for p in wh_md if unused(p) and p.parts[2] != "press-briefings"],
        "press-briefings": [str(p) for p in wh_md if unused(p) and p.parts[2] == "press-briefings"],
        "whitehouse-2017": [
            str(p)
            for p in wh_2017
            if f"wh2017:{p.stem.removeprefix('remarks-president-')}" not in used
            and not any(u.startswith("wh2017:") and u[7:] in p.stem for u in used)
        ],
        "kremlin-archive": [
            f"corpora/kremlin-archive/kremlin-en-5000.warc.gz#{i}"
            for i in archive_ids(base)
            if f"kremlin:{i}" not in used
        ],
    }


def part_of(doc: str) -> str:
    return "dev" if int(key_hash(doc), 16) % 2 == 0 else "heldout"


def choose(base: Path) -> dict[str, list[str]]:
    """The documents of each part: per source, the first ``QUOTA`` in hash order."""
    chosen: dict[str, list[str]] = {"dev": [], "heldout": []}
    for source, docs in candidates_by_source(base).items():
        for part in chosen:
            mine = sorted((d for d in docs if part_of(d) == part), key=key_hash)
            chosen[part].extend(mine[: QUOTA[source]])
    return chosen


# --- reading and analysing -----------------------------------------------------------------


def read_document(base: Path, doc: str):
    """The Article of a table document, read as `sayso ingest` reads it. PolNeAR texts
    carry no date: the one in their file name is used."""
    from sayso.ingest import read_raw
    from sayso.ingest.registry import RawInput
    from sayso.model import Article

    if "#" in doc:
        path, page = doc.split("#", 1)
        url, data = archive_page(base / path, page)
        raw = RawInput(source=url, data=data, url=url, hints={"format": "html"})
    else:
        path = base / doc
        raw = RawInput(source=str(path), data=path.read_bytes(), path=str(path))
    articles = [a for a in read_raw(raw) if isinstance(a, Article)]
    if not articles:
        raise ValueError(f"{doc}: no article could be read")
    article = articles[0]
    found = re.search(r"_(\d{4}-\d\d-\d\d)_", doc)
    if article.published is None and found:
        article.published = datetime.fromisoformat(found.group(1))
    return article


_PAGES: dict[tuple[Path, str], tuple[str, bytes]] = {}


def archive_page(warc: Path, page: str) -> tuple[str, bytes]:
    """(URL, HTML) of a page of the archive; ``preload_pages`` reads many in one pass."""
    if (warc, page) not in _PAGES:
        preload_pages(warc, {page})
    if (warc, page) not in _PAGES:
        raise ValueError(f"{warc}: no page {page}")
    return _PAGES[(warc, page)]


def preload_pages(warc: Path, pages: set[str]) -> None:
    from warcio.archiveiterator import ArchiveIterator

    with warc.open("rb") as handle:
        for record in ArchiveIterator(handle):
            uri = (record.rec_headers.get_header("WARC-Target-URI") or "").rstrip("/")
            if record.rec_type == "response" and uri.rsplit("/", 1)[-1] in pages:
                _PAGES[(warc, uri.rsplit("/", 1)[-1])] = (uri, record.content_stream().read())


def nlp_version() -> str:
    """A key that changes whenever the NLP stage could give other entities."""
    from sayso.nlp.pipeline import get_nlp

    digest = hashlib.sha1(get_nlp().meta.get("version", "").encode())
    for path in sorted((REPO / "sayso" / "nlp").rglob("*")):
        if path.is_file() and path.suffix in (".py", ".txt", ".tsv", ".json"):
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def cache_dir() -> Path:
    default = Path.home() / ".cache" / "sayso-linktable"
    return Path(os.environ.get("SAYSO_LINKTABLE_CACHE") or default)


def analysed(base: Path, doc: str, version: str):
    """The document analysed by the NLP stage, actors not yet resolved (cached)."""
    from sayso.nlp import analyse

    path = cache_dir() / f"{key_hash(doc + version)[:20]}.pickle"
    if path.exists():
        return pickle.loads(path.read_bytes())
    article = analyse(read_document(base, doc))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps(article))
    return article


def mention_spans(article) -> dict[tuple[int, int], str]:
    """Every non-pronoun span the NLP stage hands to actor resolution."""
    spans: dict[tuple[int, int], str] = {}
    for entity in article.entities:
        for start, end in entity.mentions:
            spans[(start, end)] = article.text[start:end]
    for quote in article.quotes:
        for mention in (quote.speaker, quote.addressee):
            if mention is not None:
                spans[(mention.start, mention.end)] = article.text[mention.start : mention.end]
    return {s: t for s, t in spans.items() if t.strip().lower() not in PRONOUNS}


def candidate_rows(base: Path, doc: str, version: str) -> list[dict[str, str]]:
    from sayso.actors.normalise import norm

    article = analysed(base, doc, version)
    first: dict[str, tuple[int, int]] = {}
    for span, text in sorted(mention_spans(article).items()):
        first.setdefault(norm(text), span)
    forms = sorted((f for f in first if f), key=lambda f: key_hash(f"{doc}:{f}"))[:PER_DOC]
    rows = []
    for form in sorted(forms, key=lambda f: first[f]):
        start, end = first[form]
        rows.append(
            {
                "doc": doc,
                "start": str(start),
                "end": str(end),
                "mention": " ".join(article.text[start:end].split()),
                "expected": "",
                "type": "",
                "name": "",
            }
        )
    return rows


# --- scoring -------------------------------------------------------------------------------


def read_table(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        rows = (r for r in handle if not r.startswith("#"))
        return list(csv.DictReader(rows, delimiter="\t", quoting=csv.QUOTE_NONE))


@dataclass
class Figures:
    mentions: int = 0
    linked: int = 0
    right: int = 0
    in_kb: int = 0  # mentions whose only right answer is a knowledge-base actor it has
    covered: int = 0
    noise: int = 0  # mentions of no actor at all
    noise_actors: int = 0  # ... that still became a person or organisation actor
    missing: int = 0  # table spans the NLP stage no longer yields (it changed since)
    wrong: list[str] = field(default_factory=list)
    unlinked: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.right / self.linked if self.linked else 1.0

    @property
    def coverage(self) -> float:
        return self.covered / self.in_kb if self.in_kb else 1.0

    def summary(self) -> str:
        return (
            f"{self.mentions} mentions: precision {self.precision:.3f} "
            f"({self.right}/{self.linked} links right), coverage {self.coverage:.3f} "
            f"({self.covered}/{self.in_kb} of the mentions whose actor the KB has); "
            f"noise made actors {self.noise_actors}/{self.noise}; "
            f"spans no longer found {self.missing}"
        )


def links(article) -> dict[tuple[int, int], object]:
    """Span → the resolved entity it belongs to."""
    by_id = {e.id: e for e in article.entities}
    found: dict[tuple[int, int], object] = {}
    for quote in article.quotes:
        for mention in (quote.speaker, quote.addressee):
            if mention is not None and mention.entity_id in by_id:
                found[(mention.start, mention.end)] = by_id[mention.entity_id]
    for entity in article.entities:
        for span in entity.mentions:
            found[span] = entity
    return found


def score(rows: list[dict[str, str]], base: Path, kb=None) -> Figures:
    from sayso.actors import load_kb, resolve_article

    kb = kb or load_kb()
    version = nlp_version()
    by_doc: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in rows:
        by_doc[row["doc"]].append(row)
    figures = Figures()
    for doc, doc_rows in by_doc.items():
        article = analysed(base, doc, version)
        spans = mention_spans(article)
        found = links(resolve_article(copy.deepcopy(article), kb).article)
        for row in doc_rows:
            span = (int(row["start"]), int(row["end"]))
            figures.missing += span not in spans
            score_row(row, found.get(span), kb, figures)
    return figures


def score_row(row: dict[str, str], entity, kb, figures: Figures) -> None:
    figures.mentions += 1
    expected = [e for e in row["expected"].split("|") if e]
    right_ids = {kb.get(e).id for e in expected if e != "none" and kb.get(e) is not None}
    where = f"{row['doc']} {row['start']} {row['mention']!r}"
    actor = kb.get(entity.id) if entity is not None and entity.resolved else None
    if row["type"] == "-":
        figures.noise += 1
        if entity is not None and entity.type in ("PERSON", "ORG") and entity.resolved:
            figures.noise_actors += 1
    if actor is not None:
        figures.linked += 1
        if actor.id in right_ids:
            figures.right += 1
        else:
            figures.wrong.append(f"{where}: linked {actor.id} {actor.name!r}, expected {expected}")
    if right_ids and "none" not in expected:
        figures.in_kb += 1
        if actor is not None and actor.id in right_ids:
            figures.covered += 1
        elif actor is None:
            got = entity.id if entity is not None else "no entity"
            figures.unlinked.append(f"{where}: unlinked ({got}), expected {expected}")


# --- command line --------------------------------------------------------------------------


def write_rows(rows: list[dict[str, str]], out=sys.stdout) -> None:
    writer = csv.DictWriter(out, COLUMNS, delimiter="\t", quoting=csv.QUOTE_NONE, escapechar="\\")
    writer.writeheader()
    writer.writerows(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.actors.linktable")
    parser.add_argument("command", choices=["choose", "candidates", "score"])
    parser.add_argument("part", nargs="?", choices=["dev", "heldout"], default="dev")
    parser.add_argument("--wrong", action="store_true", help="list wrong and missed links")
    args = parser.parse_args(argv)
    base = shared()
    if base is None:
        print("linktable: ../shared not found; set SAYSO_SHARED", file=sys.stderr)
        return 2
    if args.command == "choose":
        for part, docs in choose(base).items():
            print(f"# {part}: {len(docs)} documents")
            print("\n".join(docs))
        return 0
    if args.command == "candidates":
        version = nlp_version()
        rows = [r for doc in choose(base)[args.part] for r in candidate_rows(base, doc, version)]
        out = io.StringIO()
        write_rows(rows, out)
        print(out.getvalue(), end="")
        return 0
    figures = score(read_table(TABLES[args.part]), base)
    print(f"{args.part}: {figures.summary()}")
    if args.wrong:
        for line in figures.wrong:
            print("  wrong:", line)
        for line in figures.unlinked:
            print("  missed:", line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
