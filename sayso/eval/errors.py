"""Error analysis: matched direct quotes whose source is wrong, with context.

    python -m sayso.eval.errors ../shared/data/polnear/train [--limit N] [--cache DIR]

Parses the split once and keeps the spaCy Docs in a DocBin cache (default
``$TMPDIR/sayso-parses``) so that later runs only re-run the rules. Each miss is printed
with the gold and predicted source, the cue, and a category, and the categories are counted
at the end. Use it on train only: dev is for reporting.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import tempfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from spacy.tokens import Doc, DocBin

from sayso.eval.polnear import (
    GoldDoc,
    article_attributions,
    best_match,
    is_direct,
    load_split,
    norm,
    score,
    split_articles,
)
from sayso.model import Article
from sayso.nlp import analyse_doc
from sayso.nlp.pipeline import get_nlp, model_name

PRONOUNS = {"he", "she", "they", "i", "we", "it", "him", "her", "them"}


def cached_docs(split: Path, cache: Path) -> Iterator[tuple[Article, Doc]]:
    """(article, parsed doc) for every text of the split; parses once per model and split."""
    nlp = get_nlp()
    key = hashlib.sha1(f"{split.resolve()}|{model_name()}".encode()).hexdigest()[:12]
    path = cache / f"{key}.spacy"
    articles = list(split_articles(split))
    if path.exists():
        docs = list(DocBin().from_disk(path).get_docs(nlp.vocab))
    else:
        docs = list(nlp.pipe((a.text for a in articles), batch_size=16))
        cache.mkdir(parents=True, exist_ok=True)
        DocBin(store_user_data=False, docs=docs).to_disk(path)
    yield from zip(articles, docs, strict=True)


def predictions(split: Path, cache: Path) -> dict[str, list[dict]]:
    preds: dict[str, list[dict]] = {}
    for article, doc in cached_docs(split, cache):
        analyse_doc(article, doc)
        preds[article.meta["doc"]] = article_attributions(article)
    return preds


def _spans(rows: list | None) -> list[tuple[int, int]]:
    return [(a, b) for a, b in rows or []]


def category(doc: GoldDoc, gold: dict, pred: dict) -> str:
    """A coarse reason for one source miss, read off the spans only."""
    text = doc.text
    gs, ps = _spans(gold.get("source")), _spans(pred.get("source"))
    if not ps:
        return "no source"
    gcue, pcue = _spans(gold.get("cue")), _spans(pred.get("cue"))
    same_cue = bool(gcue and pcue and norm(text, gcue) & norm(text, pcue))
    gtext = " ".join(text[a:b] for a, b in gs).lower()
    ptext = " ".join(text[a:b] for a, b in ps).lower()
    if not pcue:
        head = "floating"
    elif same_cue:
        head = "same cue"
    elif not gcue:
        head = "gold no cue"
    else:
        head = "other cue"
    pw, gw = set(ptext.split()), set(gtext.split())
    if pw & gw - PRONOUNS or any(w in gtext for w in ptext.split() if len(w) > 3):
        return f"{head}: same name, no overlap"
    if gtext in PRONOUNS and ptext not in PRONOUNS:
        return f"{head}: gold pronoun, we name"
    if ptext in PRONOUNS and gtext not in PRONOUNS:
        return f"{head}: we pronoun, gold name"
    return f"{head}: other person/mention"


def misses(gold: dict[str, GoldDoc], preds: dict[str, list[dict]]
           ) -> Iterator[tuple[GoldDoc, dict, dict]]:
    """Matched direct quotes (scorer's greedy matching) whose source does not overlap."""
    for name, doc in gold.items():
        text = doc.text
        g = [r for r in doc.attributions if is_direct(text, r["content"])]
        p = [r for r in preds.get(name, []) if r.get("content") and is_direct(text, r["content"])]
        pn = [norm(text, r["content"]) for r in p]
        used: set[int] = set()
        for row in g:
            bj = best_match(norm(text, row["content"]), pn, used)
            if bj is None:
                continue
            if not row.get("source"):
                continue
            ps = p[bj].get("source") or []
            if not (ps and norm(text, row["source"]) & norm(text, ps)):
                yield doc, row, p[bj]


def _show(text: str, spans: list[tuple[int, int]]) -> str:
    return " | ".join(repr(text[a:b]) for a, b in spans) or "-"


def context(doc: GoldDoc, gold: dict, pred: dict, width: int = 160) -> str:
    text = doc.text
    pts = [a for a, _ in _spans(gold["content"]) + _spans(gold.get("source"))
           + _spans(pred.get("source"))]
    lo = max(0, min(pts) - width)
    hi = min(len(text), max(pts) + width)
    return text[lo:hi].replace("\n", " ⏎ ")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("split", type=Path)
    ap.add_argument("--limit", type=int, default=0, help="print at most N misses (0: all)")
    ap.add_argument("--only", default="", help="print only misses whose category starts so")
    ap.add_argument("--score", action="store_true",
                    help="print the scores (all, direct-only) instead of the misses")
    ap.add_argument("--cache", type=Path,
                    default=Path(os.environ.get("TMPDIR", tempfile.gettempdir()))
                    / "sayso-parses")
    args = ap.parse_args()
    gold = load_split(args.split)
    preds = predictions(args.split, args.cache)
    if args.score:
        for direct in (False, True):
            r = score(gold, preds, direct)
            print(f"{'direct' if direct else 'all   '} overlap F1 {r['overlap']['f1']:.4f}  "
                  f"exact F1 {r['exact']['f1']:.4f}  source {r['source_acc_on_matched']:.4f}  "
                  f"cue {r['cue_acc_on_matched']:.4f}  P {r['overlap']['p']:.4f} "
                  f"R {r['overlap']['r']:.4f}")
        return
    counts: Counter[str] = Counter()
    shown = 0
    for doc, g, p in misses(gold, preds):
        cat = category(doc, g, p)
        counts[cat] += 1
        if cat.startswith(args.only) and (not args.limit or shown < args.limit):
            shown += 1
            print(f"## {doc.name} [{cat}]")
            print(f"  gold source {_show(doc.text, _spans(g.get('source')))}  "
                  f"cue {_show(doc.text, _spans(g.get('cue')))}")
            print(f"  our  source {_show(doc.text, _spans(p.get('source')))}  "
                  f"cue {_show(doc.text, _spans(p.get('cue')))}")
            print(f"  … {context(doc, g, p)} …\n")
    print(f"{sum(counts.values())} source misses on matched direct quotes")
    for cat, n in counts.most_common():
        print(f"{n:5d}  {cat}")


if __name__ == "__main__":
    main()
