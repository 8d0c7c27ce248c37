"""Inputs already stored unchanged are skipped before they are read or analysed.

``Ledger`` is what ``ReadOptions.seen`` asks: for each input (a file, an archive record, a
fetched page) it hashes the bytes with the analyser's fingerprint (``fingerprint.py``) and
looks the key and digest up in the store's ``ingested_inputs``. Found: the input is skipped
(counted as unchanged) before its HTML is parsed or its text analysed. Not found: the
digest waits here until the article read from it is stored (``stored``), then is written
with it, so the next run skips it. So a second run over an archive costs reading the
archive and hashing its pages, not NLP.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from sayso.engine.fingerprint import input_digest

if TYPE_CHECKING:
    from sayso.model import Article
    from sayso.store import Store


class Ledger:
    def __init__(
        self, store: Store, *, skip: bool = True, on_skip: Callable[[], None] | None = None
    ) -> None:
        self.store = store
        self.skip = skip  # False: read and analyse everything again (--reanalyse)
        self.on_skip = on_skip
        self.skipped = 0
        self.pending: dict[str, tuple[str, str]] = {}  # article source → (key, digest)

    def __call__(self, source: str, key: str, data: bytes) -> bool:
        digest = input_digest(data)
        if self.skip and self.unchanged(key, digest):
            self.skipped += 1
            if self.on_skip is not None:
                self.on_skip()
            return True
        self.pending[source] = (key, digest)
        return False

    def unchanged(self, key: str, digest: str) -> bool:
        try:
            return self.store.input_unchanged(key, digest)
        except Exception:  # noqa: BLE001 - then it is read and analysed: nothing is lost
            return False

    def stored(self, articles: Sequence[Article]) -> None:
        """These articles are stored: remember the inputs they were read from."""
        rows = []
        for article in articles:
            found = self.pending.pop(article.source, None)
            if found is not None:
                rows.append((*found, article.id))
        self.store.remember_inputs(rows)

    def failed(self, source: str) -> None:
        self.pending.pop(source, None)
