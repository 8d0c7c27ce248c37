"""Run the pipeline over a PolNeAR split and score it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sayso.eval.polnear import article_attributions, load_split, score, split_articles
from sayso.nlp import analyse_doc
from sayso.nlp.pipeline import get_nlp

BATCH = 16


def predict_split(split: Path, progress: Callable[[int], None] | None = None
                  ) -> dict[str, list[dict]]:
    """Predictions for every text of the split, keyed by document name."""
    nlp = get_nlp()
    articles = list(split_articles(split))
    preds: dict[str, list[dict]] = {}
    docs = nlp.pipe((a.text for a in articles), batch_size=BATCH)
    for n, (article, doc) in enumerate(zip(articles, docs, strict=True), 1):
        analyse_doc(article, doc)
        preds[article.meta["doc"]] = article_attributions(article)
        if progress:
            progress(n)
    return preds


def evaluate(split: Path, direct_only: bool = False,
             preds: dict[str, list[dict]] | None = None) -> dict:
    gold = load_split(split)
    return score(gold, preds if preds is not None else predict_split(split), direct_only)
