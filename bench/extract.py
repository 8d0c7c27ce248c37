"""Throughput of the whole pipeline on PolNeAR dev next to spaCy's own pipeline alone.

    python bench/extract.py [SPLIT_DIR]   (default ../shared/data/polnear/dev)

Both runs parse the same texts with the same model in the same process; the attribution
layer (quotes, cues, speakers, entities) may add at most 25 % on top of spaCy. Actor
resolution (knowledge-base linking) is timed on its own line, and so is relation coding
(``sayso.events``, the pipeline's last stage), which may add at most 15 % to the analysis
before it (spaCy + attribution + actors).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from sayso.actors import load_kb, resolve_article  # noqa: E402
from sayso.events import code_events  # noqa: E402
from sayso.model import Article  # noqa: E402
from sayso.nlp import analyse_doc  # noqa: E402
from sayso.nlp.pipeline import get_nlp  # noqa: E402

BATCH = 16
CODING_BUDGET = 0.15


def shared_dir() -> Path:
    """``$SAYSO_SHARED``, else ``../shared`` next to the repo (or next to its worktree folder)."""
    if os.environ.get("SAYSO_SHARED"):
        return Path(os.environ["SAYSO_SHARED"])
    for cand in (REPO.parent / "shared", REPO.parent.parent / "shared"):
        if cand.is_dir():
            return cand
    return REPO.parent / "shared"


def main() -> int:
    split = Path(sys.argv[1]) if len(sys.argv) > 1 else shared_dir() / "data/polnear/dev"
    paths = sorted((split / "text").glob("*.txt"))
    if not paths:
        print(f"bench: no texts under {split}/text; pass a PolNeAR split folder", file=sys.stderr)
        return 2
    texts = [p.read_text() for p in paths]
    words = sum(len(t.split()) for t in texts)
    nlp = get_nlp()
    list(nlp.pipe(texts[:2]))  # warm-up

    t0 = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=BATCH))
    spacy_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    articles = [
        analyse_doc(Article(source="bench", text=t), d) for t, d in zip(texts, docs, strict=True)
    ]
    layer_s = time.perf_counter() - t0

    load_kb()  # loads once per process, like the spaCy model above (not timed either)
    t0 = time.perf_counter()
    for article in articles:
        resolve_article(article)
    actors_s = time.perf_counter() - t0

    code_events(articles[0], docs[0])  # the coder's lexicons load once, like the KB
    t0 = time.perf_counter()
    relations = sum(len(code_events(a, d)) for a, d in zip(articles, docs, strict=True))
    coding_s = time.perf_counter() - t0

    total_s = spacy_s + layer_s + actors_s
    n = len(texts)
    print(f"{n} articles, {words} words ({split})")
    print(f"spaCy pipeline alone : {n / spacy_s:7.2f} articles/s {words / spacy_s:9.0f} words/s")
    print(f"sayso whole pipeline : {n / total_s:7.2f} articles/s {words / total_s:9.0f} words/s")
    print(
        f"attribution layer adds {100 * layer_s / spacy_s:.1f}% on top of spaCy "
        f"(ratio {(spacy_s + layer_s) / spacy_s:.3f}; budget 1.25)"
    )
    print(
        f"actor resolution adds {100 * actors_s / spacy_s:.1f}% more "
        f"(whole/spaCy {total_s / spacy_s:.3f})"
    )
    print(
        f"relation coding adds {100 * coding_s / total_s:.1f}% to that analysis "
        f"({relations} relations; budget {100 * CODING_BUDGET:.0f}%)"
    )
    return 0 if coding_s <= CODING_BUDGET * total_s else 1


if __name__ == "__main__":
    sys.exit(main())
