"""PolNeAR (brat standoff) reader and the attribution scorer.

The scoring reimplements ``../shared/tools/polnear_score.py`` line for line (a user install
cannot import it); ``tests/eval/test_scorer_agrees.py`` checks that both give the same numbers.
One deliberate difference in reading: an ``.ann`` line that is not ``ID<TAB>...`` (a few
annotations carry a text field with a line break) is skipped instead of crashing; on files
without such lines both readers give the same gold.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from sayso.model import Article

QUOTES = "\"'“”‘’«»„‚‹›"
STRIP = set(QUOTES + " \t\n.,;:!?—–-")
DIRECT_MARKS = "\"“”«»"

Spans = list[tuple[int, int]]
Row = dict[str, Spans]


@dataclass(slots=True)
class GoldDoc:
    name: str
    text: str
    attributions: list[Row]


def parse_spans(field: str) -> Spans:
    return [(int(a), int(b)) for a, b in (p.split() for p in field.split(";"))]


def read_ann(ann_text: str) -> list[Row]:
    """Attributions (content/source/cue spans) of one brat ``.ann`` file."""
    spans: dict[str, Spans] = {}
    lines = ann_text.splitlines()
    for line in lines:
        parts = line.split("\t", 2)
        if line.startswith("T") and len(parts) == 3:
            kind_and_spans = parts[1].split(" ", 1)
            if len(kind_and_spans) == 2:
                spans[parts[0]] = parse_spans(kind_and_spans[1])
    rows: list[Row] = []
    for line in lines:
        if not line.startswith("E") or "\t" not in line:
            continue
        roles = dict(p.split(":") for p in line.split("\t")[1].split())
        row: Row = {}
        for role in ("Content", "Source", "Cue"):
            if role in roles and roles[role] in spans:
                row[role.lower()] = spans[roles[role]]
        if "content" in row:
            rows.append(row)
    return rows


def load_split(split: Path) -> dict[str, GoldDoc]:
    """Gold of a split folder (text/ + attributions/); first annotator in sorted order wins."""
    gold: dict[str, GoldDoc] = {}
    for ann in sorted((split / "attributions").glob("*.ann")):
        name = ann.stem.rsplit("_", 1)[0]
        if name in gold:
            continue
        text = (split / "text" / f"{name}.txt").read_text()
        gold[name] = GoldDoc(name, text, read_ann(ann.read_text()))
    return gold


def split_articles(split: Path) -> Iterator[Article]:
    """The split's texts as Articles whose ``text`` is the file text, so gold offsets line up."""
    for path in sorted((split / "text").glob("*.txt")):
        yield Article(source=str(path), text=path.read_text(), format="text", language="en",
                      meta={"doc": path.stem})


def norm(text: str, spans: Iterable[tuple[int, int]]) -> frozenset[int]:
    """Character set covered by the spans, minus edge punctuation/quotes."""
    chars: set[int] = set()
    for s, e in spans:
        while s < e and text[s] in STRIP:
            s += 1
        while e > s and text[e - 1] in STRIP:
            e -= 1
        chars.update(range(s, e))
    return frozenset(chars)


def is_direct(text: str, spans: Spans) -> bool:
    return any(c in text[s:e] for s, e in spans for c in DIRECT_MARKS)


def overlap(a: frozenset[int], b: frozenset[int]) -> float:
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


def best_match(gold: frozenset[int], preds: list[frozenset[int]], used: set[int]) -> int | None:
    """Index of the unused prediction overlapping ``gold`` most (≥ 0.5 Dice), marked used;
    None when there is none (the shared scorer's greedy matching)."""
    best, bj = 0.0, None
    for j, pc in enumerate(preds):
        if j in used:
            continue
        o = overlap(gold, pc)
        if o > best:
            best, bj = o, j
    if bj is None or best < 0.5:
        return None
    used.add(bj)
    return bj


def _prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    pr = tp / n_pred if n_pred else 0.0
    rc = tp / n_gold if n_gold else 0.0
    f = 2 * pr * rc / (pr + rc) if pr + rc else 0.0
    return {"p": round(pr, 4), "r": round(rc, 4), "f1": round(f, 4)}


def score(gold: dict[str, GoldDoc], preds: dict[str, list[dict]],
          direct_only: bool = False) -> dict:
    """Greedy best-overlap matching of contents (≥ 0.5 Dice), as the shared scorer does."""
    tp_exact = tp_ov = n_gold = n_pred = 0
    src_ok = src_n = cue_ok = cue_n = 0
    for name, doc in gold.items():
        text = doc.text
        g = [r for r in doc.attributions if not direct_only or is_direct(text, r["content"])]
        p = [r for r in preds.get(name, [])
             if r.get("content") and (not direct_only or is_direct(text, r["content"]))]
        gn = [norm(text, r["content"]) for r in g]
        pn = [norm(text, r["content"]) for r in p]
        n_gold += len(g)
        n_pred += len(p)
        used: set[int] = set()
        for i, gc in enumerate(gn):
            bj = best_match(gc, pn, used)
            if bj is None:
                continue
            tp_ov += 1
            if gc == pn[bj]:
                tp_exact += 1
            for role in ("source", "cue"):
                gs = g[i].get(role)
                if not gs:
                    continue
                ps = p[bj].get(role) or []
                hit = bool(norm(text, gs) & norm(text, ps)) if ps else False
                if role == "source":
                    src_n += 1
                    src_ok += hit
                else:
                    cue_n += 1
                    cue_ok += hit
    out: dict = {"gold": n_gold, "pred": n_pred}
    out["exact"] = _prf(tp_exact, n_pred, n_gold)
    out["overlap"] = _prf(tp_ov, n_pred, n_gold)
    out["source_acc_on_matched"] = round(src_ok / src_n, 4) if src_n else None
    out["cue_acc_on_matched"] = round(cue_ok / cue_n, 4) if cue_n else None
    return out


def with_marks(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a quote's content over its quotation marks: PolNeAR's contents include them,
    and the scorer's direct-only filter looks for them."""
    if start > 0 and text[start - 1] in QUOTES:
        start -= 1
    if end < len(text) and text[end] in QUOTES:
        end += 1
    elif end + 1 < len(text) and text[end] in ".,!?" and text[end + 1] in QUOTES:
        end += 2
    return start, end


def article_attributions(article: Article) -> list[dict]:
    """An analysed Article's quotes in the scorer's input format, PolNeAR style: a quote's
    content includes its marks; quotes sharing cue and speaker ("“A,” he said. “B.”") are
    one attribution; the quoted words of a mixed quote are part of that quote, not another."""
    text = article.text
    kinds = {q.id: q.kind for q in article.quotes}
    rows: list[dict] = []
    by_cue: dict[tuple, dict] = {}
    for q in article.quotes:
        if q.parent and kinds.get(q.parent) == "mixed":
            continue
        start, end = q.start, q.end
        if q.kind in ("direct", "mixed"):
            start, end = with_marks(text, start, end)
        src = [q.speaker.start, q.speaker.end] if q.speaker else None
        cue = [q.cue.start, q.cue.end] if q.cue else None
        key = (tuple(cue), tuple(src) if src else None) if cue else None
        if key is not None and q.kind == "direct" and key in by_cue:
            by_cue[key]["content"].append([start, end])
            continue
        if cue is None and src and q.kind == "direct" and rows and \
                rows[-1]["source"] == [src] and "\n" not in text[rows[-1]["content"][-1][1]:start]:
            rows[-1]["content"].append([start, end])  # floating quote continuing a report
            continue
        row = {"content": [[start, end]], "source": [src] if src else None,
               "cue": [cue] if cue else None}
        if key is not None and q.kind == "direct":
            by_cue[key] = row
        rows.append(row)
    return rows


def write_predictions(path: Path, preds: dict[str, list[dict]]) -> None:
    with path.open("w", encoding="utf-8") as out:
        for name, rows in preds.items():
            out.write(json.dumps({"doc": name, "attributions": rows}) + "\n")


def read_predictions(path: Path) -> dict[str, list[dict]]:
    preds = {}
    for line in path.read_text().splitlines():
        if line.strip():
            d = json.loads(line)
            preds[d["doc"]] = d["attributions"]
    return preds
