"""Where articles are analysed: local sandboxed processes (``--workers N``) or a cluster.

The engine hands batches of articles to an ``Analysers`` and gets each batch back analysed
(``Done``), in the order they finish. At most ``IN_FLIGHT_PER_WORKER`` batches per worker
are out at once: the batches are pulled from the reader as slots free up, so the input is
never held in memory whole. A batch that cannot come back (its cluster workers died too
often) comes back as one Failure per article, never as an exception: only a run that
cannot go on at all (no model, the cluster gone) raises.

``LocalAnalysers`` drives one ``sandbox.Sandbox`` (a child process with its own models and
per-article time limit) per worker from a thread of this process; ``cluster.py`` does the
same on dask workers.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from sayso.engine.sandbox import Sandbox
from sayso.model import Article, Failure

if TYPE_CHECKING:
    from sayso.actors.article import ResolvedArticle

# Articles per batch: spaCy parses a batch together (nlp.pipe), and a batch is one message
# each way; small enough that a worker killed mid-batch costs little to redo.
BATCH_ARTICLES = 8
# Batches out per worker: one being analysed, one waiting so the worker never idles.
IN_FLIGHT_PER_WORKER = 2


@dataclass(slots=True)
class Done:
    """A batch back from analysis: one result per article, in the batch's order, and the
    seconds the worker spent on it."""

    results: list[ResolvedArticle | Failure]
    seconds: float


class Analysers(Protocol):
    workers: int

    def run(self, batches: Iterable[list[Article]]) -> Iterator[Done]: ...

    def close(self) -> None: ...


def failed_batch(batch: list[Article], reason: str) -> Done:
    return Done([Failure(article.source, reason) for article in batch], 0.0)


class LocalAnalysers:
    """``workers`` sandboxed analysing processes on this machine."""

    def __init__(self, workers: int, seconds_per_article: float | None = None) -> None:
        self.workers = workers
        self.limit = seconds_per_article
        self._local = threading.local()
        self._sandboxes: list[Sandbox] = []
        self._lock = threading.Lock()
        self._pool = ThreadPoolExecutor(workers, thread_name_prefix="sayso-analyse")

    def _analyse(self, batch: list[Article]) -> Done:
        sandbox = getattr(self._local, "sandbox", None)
        if sandbox is None:
            sandbox = self._local.sandbox = Sandbox(self.limit)
            with self._lock:
                self._sandboxes.append(sandbox)
        before = sandbox.analysed_seconds
        results = sandbox.analyse(batch)
        return Done(results, sandbox.analysed_seconds - before)

    def run(self, batches: Iterable[list[Article]]) -> Iterator[Done]:
        pending: set[Future[Done]] = set()
        limit = self.workers * IN_FLIGHT_PER_WORKER
        for batch in batches:
            pending.add(self._pool.submit(self._analyse, batch))
            while len(pending) >= limit:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                yield from (f.result() for f in done)
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            yield from (f.result() for f in done)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
        with self._lock:
            for sandbox in self._sandboxes:
                sandbox.close()
            self._sandboxes.clear()


def batched(articles: Iterable[Article], size: int = BATCH_ARTICLES) -> Iterator[list[Article]]:
    batch: list[Article] = []
    for article in articles:
        batch.append(article)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
