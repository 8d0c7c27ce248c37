"""Batch ingest: read inputs, analyse them (in worker processes), store them (one writer).

Reading is cheap and runs in this process; analysis (``pipeline.analyse_article``: spaCy,
actor resolution) is the heavy part and runs in ``workers`` local processes, each loading
its models once. Every analysed article comes back here and is written by this one process
(``pipeline.save_analysed``), in batches of up to ``BATCH`` articles per transaction, each
article with all its analysis or not at all, so a crash (even SIGKILL) loses at most the
batch not yet committed, and running the same command again stores each article exactly
once.
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field

from sayso.actors.article import ResolvedArticle
from sayso.engine.pipeline import analyse_article, read_and_analyse, save_analysed
from sayso.model import Article, Failure
from sayso.store import Store
from sayso.store.write import SaveResult

# Articles handed to workers but not yet written: enough to keep every worker busy, few
# enough that a large folder is never held in memory at once.
IN_FLIGHT_PER_WORKER = 4


@dataclass(slots=True)
class IngestSummary:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    quotes: int = 0
    failures: list[Failure] = field(default_factory=list)
    not_analysed: dict[str, int] = field(default_factory=dict)  # why → how many articles

    @property
    def articles(self) -> int:
        return self.new + self.updated + self.unchanged

    def add(self, result: SaveResult, article: Article | None = None) -> None:
        setattr(self, result.status, getattr(self, result.status) + 1)
        self.quotes += result.quotes
        why = article.not_analysed_because if article is not None else None
        if why:
            self.not_analysed[why] = self.not_analysed.get(why, 0) + 1

    def line(self) -> str:
        skipped = sum(self.not_analysed.values())
        reasons = ", ".join(
            f"{n} {why}" for why, n in sorted(self.not_analysed.items(), key=lambda p: -p[1])
        )
        return (
            f"ingested {self.articles} articles ({self.new} new, {self.updated} updated, "
            f"{self.unchanged} unchanged), {self.quotes} quotes; "
            + (f"{skipped} stored but not analysed ({reasons}); " if skipped else "")
            + f"{len(self.failures)} failed"
        )


Progress = Callable[[Article | Failure, IngestSummary], None]


def analyse_in_worker(article: Article) -> ResolvedArticle | Failure:
    """What a worker does with one article: the pipeline's analysis, its result pickled back."""
    try:
        return analyse_article(article)
    except Exception as exc:  # one article's analysis bug must not stop the batch
        return Failure(article.source, f"analysis failed ({type(exc).__name__}: {exc})")


def analysed(inputs: Iterable[str], workers: int) -> Iterator[ResolvedArticle | Failure]:
    """Analysed articles (and failures) from the inputs, in completion order."""
    if workers <= 1:
        yield from read_and_analyse(inputs)
        return
    from sayso.ingest import read_inputs

    # spawn: workers start clean (no inherited database connections or threads).
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        pending: set[Future[ResolvedArticle | Failure]] = set()
        for item in read_inputs(inputs):
            if isinstance(item, Failure):
                yield item
                continue
            pending.add(pool.submit(analyse_in_worker, item))
            if len(pending) >= workers * IN_FLIGHT_PER_WORKER:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                yield from (f.result() for f in done)
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            yield from (f.result() for f in done)


# The writer commits analysed articles in batches (one transaction, one savepoint per
# article): up to BATCH articles, or whatever arrived within FLUSH_SECONDS.
BATCH = 32
FLUSH_SECONDS = 1.0


def ingest(
    inputs: Iterable[str], store: Store, *, workers: int = 1, progress: Progress | None = None
) -> IngestSummary:
    """Analyse and store every input; failures are collected, the rest carries on."""
    summary = IngestSummary()
    pending: list[ResolvedArticle] = []
    first_pending = 0.0
    actors_written: set[str] = set()

    def flush() -> None:
        results = save_analysed(store, pending, actors_written)
        for resolved, result in zip(pending, results, strict=True):
            if isinstance(result, Exception):
                summary.failures.append(Failure(resolved.article.source, refused(result)))
            else:
                summary.add(result, resolved.article)
            if progress is not None:
                progress(resolved.article, summary)
        pending.clear()

    for item in analysed(inputs, workers):
        if isinstance(item, Failure):
            summary.failures.append(item)
            if progress is not None:
                progress(item, summary)
            continue
        if not pending:
            first_pending = time.monotonic()
        pending.append(item)
        if len(pending) >= BATCH or time.monotonic() - first_pending >= FLUSH_SECONDS:
            flush()
    if pending:
        flush()
    return summary


def refused(exc: Exception) -> str:
    first = str(getattr(exc, "orig", exc)).strip().splitlines()
    return f"could not be stored ({type(exc).__name__}: {first[0][:200] if first else ''})"
