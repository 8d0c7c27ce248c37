"""Where articles are analysed: local sandboxed processes (``--workers N``) or a cluster.

The engine hands batches of articles (or of pages still to read: ``ingest.registry.Deferred``,
read by the worker) to an ``Analysers`` and gets each batch back analysed (``Done``), in
the order they were sent (``InOrder``). At most ``IN_FLIGHT_PER_WORKER`` batches per worker
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
from typing import TYPE_CHECKING, Protocol, TypeVar

from sayso.engine.sandbox import Sandbox
from sayso.model import Article, Failure

if TYPE_CHECKING:
    from sayso.actors.article import ResolvedArticle
    from sayso.ingest.registry import Deferred

T = TypeVar("T")

# Articles per batch: spaCy parses a batch together (nlp.pipe), and a batch is one message
# each way; small enough that a worker killed mid-batch costs little to redo.
BATCH_ARTICLES = 8
# Batches out per worker: one being analysed, one waiting so the worker never idles.
IN_FLIGHT_PER_WORKER = 2
# Batches per worker finished ahead of an earlier one still out (see ``InOrder``).
HELD_PER_WORKER = 8


@dataclass(slots=True)
class Done:
    """A batch back from analysis: one result per article, in the batch's order, the
    seconds the worker spent on it, and the batch's number (its place in the run: batches
    come back in that order, see ``InOrder``)."""

    results: list[ResolvedArticle | Failure]
    seconds: float
    number: int = -1
    # Times an analysing process loaded its models (spaCy, the knowledge base) for this
    # batch, and the seconds it took (not in ``seconds``); None: not known.
    loads: int | None = None
    load_seconds: float = 0.0


class InOrder:
    """Batches finished in any order, released in the order they were sent: the articles
    of one input get their locators in the input's order (``identity.Identifier``), so
    that any number of workers stores the same records. A batch finished ahead of one still
    being analysed waits here; ``HELD_PER_WORKER`` batches per worker may wait before the
    sender stops sending, so a slow batch (an article near its time limit) does not idle
    the other workers, and the memory held stays bounded."""

    def __init__(self) -> None:
        self.next = 0
        self.held: dict[int, Done] = {}

    def add(self, done: Done) -> list[Done]:
        """``done`` and those held after it, when it is the next one to release."""
        self.held[done.number] = done
        out: list[Done] = []
        while self.next in self.held:
            out.append(self.held.pop(self.next))
            self.next += 1
        return out

    def full(self, in_flight: int, workers: int) -> bool:
        """Whether the sender must wait for a batch to finish before sending another."""
        return (
            in_flight >= workers * IN_FLIGHT_PER_WORKER
            or in_flight + len(self.held) >= workers * (IN_FLIGHT_PER_WORKER + HELD_PER_WORKER)
        )


class Analysers(Protocol):
    workers: int

    def run(self, batches: Iterable[list[Article | Deferred]]) -> Iterator[Done]:
        """The batches analysed, back in the order they were sent (``Done.number``)."""
        ...

    def close(self) -> None: ...


def failed_batch(batch: list[Article | Deferred], reason: str, number: int = -1) -> Done:
    return Done([Failure(article.source, reason) for article in batch], 0.0, number)


class LocalAnalysers:
    """``workers`` sandboxed analysing processes on this machine."""

    def __init__(
        self, workers: int, seconds_per_article: float | None = None, *, reads_pages: bool = False
    ) -> None:
        self.workers = workers
        self.limit = seconds_per_article
        self.reads_pages = reads_pages  # the pages are left to them (``batch.reads_here``)
        self._local = threading.local()
        self._sandboxes: list[Sandbox] = []
        self._lock = threading.Lock()
        self._pool = ThreadPoolExecutor(workers, thread_name_prefix="sayso-analyse")

    def _analyse(self, number: int, batch: list[Article | Deferred]) -> Done:
        sandbox = getattr(self._local, "sandbox", None)
        if sandbox is None:
            sandbox = self._local.sandbox = Sandbox(self.limit, reads_pages=self.reads_pages)
            with self._lock:
                self._sandboxes.append(sandbox)
        results, seconds, loads, load_seconds = sandbox.spent_on(lambda: sandbox.analyse(batch))
        return Done(results, seconds, number, loads, load_seconds)

    def run(self, batches: Iterable[list[Article | Deferred]]) -> Iterator[Done]:
        pending: set[Future[Done]] = set()
        order = InOrder()
        for number, batch in enumerate(batches):
            pending.add(self._pool.submit(self._analyse, number, batch))
            while order.full(len(pending), self.workers):
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    yield from order.add(future.result())
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                yield from order.add(future.result())

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
        with self._lock:
            for sandbox in self._sandboxes:
                sandbox.close()
            self._sandboxes.clear()


def batched(articles: Iterable[T], size: int = BATCH_ARTICLES) -> Iterator[list[T]]:
    batch: list[T] = []
    for article in articles:
        batch.append(article)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
