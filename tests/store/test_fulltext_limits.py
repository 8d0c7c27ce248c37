"""Long articles and PostgreSQL's full-text limits (issue 16): a 3.6 MB article of distinct
words is stored and searchable by what its index holds, and an article the database refuses
is refused alone, named, in one short line."""

from __future__ import annotations

import random
import string
from pathlib import Path

import pytest
from sqlalchemy import text

from sayso.engine.batch import refused
from sayso.model import Article
from sayso.store import Store
from sayso.store.fulltext import PG_INDEXED_CHARS

REPO = Path(__file__).resolve().parents[2]
GOOD = (REPO / "tests" / "fixtures" / "store" / "kremlin-42141.txt").read_text(encoding="utf-8")


def distinct_words(count: int, seed: int = 16) -> list[str]:
    """Random lower-case words: nearly all distinct, the worst case for a tsvector."""
    rng = random.Random(seed)
    letters = string.ascii_lowercase
    return ["".join(rng.choice(letters) for _ in range(rng.randint(5, 12))) for _ in range(count)]


@pytest.fixture(scope="module")
def long_article() -> Article:
    words = distinct_words(400_000)
    words[10] = "zyxwvfirst"  # within the indexed part everywhere
    words[-10] = "zyxwvlast"  # beyond PostgreSQL's indexed part
    body = " ".join(words)
    assert len(body) > 3_000_000 and body.index("zyxwvlast") > PG_INDEXED_CHARS
    return Article(source="report.txt", text=body, title="A long report")


def test_a_long_article_of_distinct_words_is_stored_and_searchable(
    store: Store, long_article: Article
) -> None:
    good = Article(source="kremlin-42141.txt", text=GOOD)
    results = store.save_batch([long_article, good])
    assert [getattr(r, "status", r) for r in results] == ["new", "new"]
    assert [a.id for a in store.search_articles("zyxwvfirst").items] == [long_article.id]
    beyond = [a.id for a in store.search_articles("zyxwvlast").items]
    # PostgreSQL indexes the first PG_INDEXED_CHARS characters; SQLite all of the text.
    assert beyond == ([] if store.dialect == "postgresql" else [long_article.id])
    again = store.save_batch([long_article])
    assert [getattr(r, "status", r) for r in again] == ["unchanged"]


def test_an_article_over_a_database_limit_is_refused_alone(
    pg_url: str, long_article: Article
) -> None:
    """Before the indexes were bounded, the tsvector error aborted the run (and every
    rerun) with kilobytes of SQL and text. An index without the bound reproduces it."""
    with Store(pg_url) as store:
        with store.engine.begin() as conn:
            conn.execute(
                text(
                    "CREATE INDEX unbounded_fts ON articles USING gin (to_tsvector('simple', text))"
                )
            )
        good = Article(source="kremlin-42141.txt", text=GOOD)
        long_result, good_result = store.save_batch([long_article, good])
        assert isinstance(long_result, Exception)
        assert getattr(good_result, "status", None) == "new"
        reason = refused(long_result)
        assert "too long for tsvector" in reason
        assert len(reason) < 300 and "INSERT" not in reason and "zyxwv" not in reason
        assert store.get_article(good.id) is not None
        assert store.get_article(long_article.id) is None
