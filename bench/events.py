"""What event coding costs next to the analysis it follows, in the same run.

    python bench/events.py [SPLIT_DIR | PAGES_DIR]
        (default ../shared/data/polnear/dev; a folder of Kremlin .html pages works too)

Every text is parsed once by spaCy; the analysis (attribution, entities, actor resolution)
and then the event coder run on that parse, each timed on its own. Budget: coding may add at
most 15 % to the analysis time of an article (spaCy + sayso analysis).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.extract import shared_dir  # noqa: E402
from sayso.actors import load_kb, resolve_article  # noqa: E402
from sayso.events import code_events  # noqa: E402
from sayso.model import Article  # noqa: E402
from sayso.nlp import analyse_doc  # noqa: E402
from sayso.nlp.pipeline import get_nlp  # noqa: E402

BATCH = 16
BUDGET = 0.15


def read_articles(folder: Path) -> list[Article]:
    """PolNeAR texts (``text/*.txt``) or HTML pages read by sayso's own reader."""
    texts = sorted((folder / "text").glob("*.txt"))
    if texts:
        return [Article(source=str(p), text=p.read_text(encoding="utf-8"), language="en")
                for p in texts]
    from sayso.python_api import process

    pages = sorted(str(p) for p in folder.glob("*.html"))
    return [a for a in process(pages) if isinstance(a, Article) and a.is_english]


def main() -> int:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else shared_dir() / "data/polnear/dev"
    articles = read_articles(folder)
    if not articles:
        print(f"bench: no texts under {folder} (text/*.txt or *.html); pass a PolNeAR split "
              "or a folder of pages", file=sys.stderr)
        return 2
    words = sum(len(a.text.split()) for a in articles)
    nlp = get_nlp()
    load_kb()
    list(nlp.pipe([a.text for a in articles[:2]]))  # warm-up, like the KB load: not timed
    code_events(analyse_doc(Article(source="warm", text=articles[0].text),
                            nlp(articles[0].text)))

    t0 = time.perf_counter()
    docs = list(nlp.pipe([a.text for a in articles], batch_size=BATCH))
    spacy_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    for article, doc in zip(articles, docs, strict=True):
        analyse_doc(article, doc)
        if article.entities:
            resolve_article(article)
    sayso_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    events = [code_events(a, d) for a, d in zip(articles, docs, strict=True)]
    events_s = time.perf_counter() - t0

    analysis_s = spacy_s + sayso_s
    share = events_s / analysis_s
    n = len(articles)
    print(f"{n} articles, {words} words ({folder})")
    print(f"spaCy parse        : {spacy_s:7.2f} s")
    print(f"sayso analysis     : {sayso_s:7.2f} s (attribution, entities, actors)")
    print(f"event coding       : {events_s:7.2f} s, {sum(map(len, events))} events, "
          f"{1000 * events_s / n:.1f} ms/article")
    print(f"coding adds {100 * share:.1f}% to the analysis time (budget {100 * BUDGET:.0f}%)")
    return 0 if share <= BUDGET else 1


if __name__ == "__main__":
    sys.exit(main())
