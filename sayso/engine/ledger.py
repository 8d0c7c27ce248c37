"""Inputs already read from the same bytes are skipped before they are read or analysed.

``Ledger`` is what ``ReadOptions.seen`` asks: for each input (a file, an archive record, a
fetched page) it hashes the bytes with the analyser's fingerprint (``fingerprint.py``) and
looks the key and digest up in the store's ``ingested_inputs``. Found: the input is skipped
(counted as unchanged, or as holding no article) before its HTML is parsed or its text
analysed. Not found: the digest waits here until the article read from it is stored
(``stored``), or until reading it found no article in it (``no_article``: an empty file, a
page without article text, ``model.NoArticle``), then is written, so the next run skips it.
An input that failed (``failed``: a time limit, a crash, a store error) is never written:
the next run tries it again. So a second run over an archive costs reading the archive and
hashing its records, not reading pages or NLP.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from sayso.engine.fingerprint import input_digest

if TYPE_CHECKING:
    from sayso.model import Article
    from sayso.store import Store
    from sayso.store.write import InputSeen

# Inputs without an article are written together, at most this many waiting.
NO_ARTICLE_BATCH = 32


class Ledger:
    def __init__(
        self,
        store: Store,
        *,
        skip: bool = True,
        on_skip: Callable[[InputSeen], None] | None = None,
    ) -> None:
        self.store = store
        self.skip = skip  # False: read and analyse everything again (--reanalyse)
        self.on_skip = on_skip
        self.skipped = 0
        self.pending: dict[str, tuple[str, str]] = {}  # article source → (key, digest)
        self.no_articles: list[tuple[str, str, None]] = []  # waiting to be written

    def __call__(self, source: str, key: str, data: bytes) -> bool:
        digest = input_digest(data)
        seen = self.seen(key, digest) if self.skip else None
        if seen is not None:
            self.skipped += 1
            if self.on_skip is not None:
                self.on_skip(seen)
            return True
        self.pending[source] = (key, digest)
        return False

    def seen(self, key: str, digest: str) -> InputSeen | None:
        try:
            return self.store.input_seen(key, digest)
        except Exception:  # noqa: BLE001 - then it is read and analysed: nothing is lost
            return None

    def stored(self, articles: Sequence[Article]) -> None:
        """These articles are stored: remember the inputs they were read from (and those
        waiting that hold no article)."""
        rows: list[tuple[str, str, str | None]] = []
        for article in articles:
            found = self.pending.pop(article.source, None)
            if found is not None:
                rows.append((*found, article.id))
        rows += self.no_articles
        self.no_articles = []
        self.store.remember_inputs(rows)

    def writes_after(self, articles: Sequence[Article]) -> bool:
        """Whether ``stored`` for these articles will write rows (and so commit)."""
        return bool(self.no_articles) or any(a.source in self.pending for a in articles)

    def no_article(self, source: str) -> bool:
        """The input ``source`` was read and holds no article: it is remembered with the
        next articles stored. True when enough are waiting to be written now."""
        found = self.pending.pop(source, None)
        if found is not None:
            self.no_articles.append((*found, None))
        return len(self.no_articles) >= NO_ARTICLE_BATCH

    def failed(self, source: str) -> None:
        self.pending.pop(source, None)
