"""Mine the cue lexicon (``sayso/nlp/lexicons/cues.tsv``) from PolNeAR train.

    python -m sayso.eval.mine_cues ../shared/data/polnear/train [--out sayso/nlp/lexicons/cues.tsv]

For every gold cue, the syntactic head of the cue span (the token whose head lies outside
the span) gives a (lemma, coarse POS) pair. Its precision is how often that lemma+POS is a
cue head among all its occurrences in train; the lexicon keeps pairs seen as cues at least
``--min-count`` times. Reproducible: same train folder, same spaCy model, same file.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from sayso.eval.polnear import load_split
from sayso.nlp.pipeline import get_nlp

DEFAULT_OUT = Path(__file__).resolve().parent.parent / "nlp" / "lexicons" / "cues.tsv"


def cue_heads(doc, spans):
    """Head tokens of the cue span(s): tokens inside whose head is outside (or itself)."""
    inside = set()
    for s, e in spans:
        span = doc.char_span(s, e, alignment_mode="expand")
        if span is not None:
            inside.update(t.i for t in span)
    heads = [doc[i] for i in sorted(inside)
             if doc[i].head.i not in inside or doc[i].head.i == i]
    return [t for t in heads if not t.is_punct] or [doc[i] for i in sorted(inside)][:1]


def mine(split: Path, min_count: int) -> list[tuple[str, str, int, int]]:
    nlp = get_nlp()
    gold = load_split(split)
    as_cue: Counter[tuple[str, str]] = Counter()
    total: Counter[tuple[str, str]] = Counter()
    docs = nlp.pipe((g.text for g in gold.values()), batch_size=32)
    for g, doc in zip(gold.values(), docs, strict=True):
        for t in doc:
            total[(t.lemma_.lower(), t.pos_)] += 1
        seen = set()
        for row in g.attributions:
            for t in cue_heads(doc, row.get("cue", [])):
                key = (t.lemma_.lower(), t.pos_)
                if (t.i, key) not in seen:
                    seen.add((t.i, key))
                    as_cue[key] += 1
    rows = [(lemma, pos, n, total[(lemma, pos)]) for (lemma, pos), n in as_cue.items()
            if n >= min_count]
    rows.sort(key=lambda r: (-r[2], r[0]))
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("train", type=Path)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--min-count", type=int, default=3)
    args = ap.parse_args(argv)
    if not (args.train / "attributions").is_dir():
        print(f"{args.train}: not a PolNeAR split folder (no attributions/)", file=sys.stderr)
        return 2
    rows = mine(args.train, args.min_count)
    with args.out.open("w", encoding="utf-8") as out:
        out.write("# lemma\tpos\tas_cue\ttotal  (mined by python -m sayso.eval.mine_cues)\n")
        for lemma, pos, n, tot in rows:
            out.write(f"{lemma}\t{pos}\t{n}\t{tot}\n")
    print(f"{len(rows)} cue lemmas -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
