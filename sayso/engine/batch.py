"""Batch ingest: read inputs, analyse them (in worker processes or on a cluster), store them.

This process reads the inputs' raw records (a file, an archive's records) and hashes them to
skip those stored unchanged (``ledger.py``); reading the pages (HTML to text, language ID:
``ingest.finish``) and analysing them (``pipeline.analyse_articles``: spaCy, actor
resolution) is the heavy part and runs in ``analysers``: ``workers`` sandboxed local
processes, or the workers of a dask cluster (``cluster.py``), each loading its models once.
Every analysed article comes back here and is written by this one process
(``pipeline.save_analysed``) as it arrives, in batches of up to ``BATCH`` articles per
transaction, each article with all its analysis or not at all, so a crash (even SIGKILL)
loses at most the batch not yet committed, and running the same command again stores each
article exactly once.

Every input is its own unit: anything wrong in reading, analysing or storing one article
is that article's ``Failure`` (named, with its reason), and the run goes on. Only what stops
every article alike ends the run, as ``RunAborted``: the store no longer answering, the
cluster gone, no model to analyse with. What was stored until then stays stored.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

from sayso.engine.analysers import Analysers, Done, LocalAnalysers, batched
from sayso.engine.ledger import Ledger
from sayso.engine.pipeline import ANALYSED_CHARS, save_analysed
from sayso.model import Article, Failure, NoArticle

if TYPE_CHECKING:
    from sayso.actors.article import ResolvedArticle
    from sayso.ingest.identity import Identifier
    from sayso.ingest.registry import Deferred
    from sayso.store import Store
    from sayso.store.write import InputSeen, SaveResult

STAGES = ("read", "analyse", "store")
T = TypeVar("T")


class RunAborted(Exception):
    """The run cannot go on for any article; the message says why and what to do."""


@dataclass(slots=True)
class IngestSummary:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    # inputs skipped unread because they held no article when read before (model.NoArticle)
    no_article: int = 0
    quotes: int = 0
    failures: list[Failure] = field(default_factory=list)
    # Seconds per stage: reading (this process), analysing (summed over the workers),
    # storing (this process); and the run's wall time.
    seconds: dict[str, float] = field(default_factory=lambda: dict.fromkeys(STAGES, 0.0))
    wall: float = 0.0
    workers: int = 1
    # Bytes of the inputs read so far, and in all (None: not known ahead, e.g. URLs).
    bytes_read: int = 0
    bytes_total: int | None = None
    not_analysed: dict[str, int] = field(default_factory=dict)  # why → how many articles
    analysed_in_part: int = 0  # articles longer than SAYSO_MAX_ANALYSED_CHARS
    # Analysing processes that loaded their models (spaCy, the knowledge base) and the
    # seconds that took (not in seconds["analyse"]); None when the analysers do not say.
    model_loads: int | None = None
    load_seconds: float = 0.0

    @property
    def articles(self) -> int:
        return self.new + self.updated + self.unchanged

    @property
    def done(self) -> int:
        """Inputs dealt with so far, stored, skipped or failed."""
        return self.articles + self.no_article + len(self.failures)

    def add(self, result: SaveResult, article: Article | None = None) -> None:
        setattr(self, result.status, getattr(self, result.status) + 1)
        self.quotes += result.quotes
        why = article.not_analysed_because if article is not None else None
        if why:
            self.not_analysed[why] = self.not_analysed.get(why, 0) + 1
        if article is not None and article.meta.get(ANALYSED_CHARS):
            self.analysed_in_part += 1

    def line(self) -> str:
        from sayso.ingest.limits import MAX_ANALYSED_CHARS  # sayso.ingest loads its readers

        skipped = sum(self.not_analysed.values())
        reasons = ", ".join(
            f"{n} {why}" for why, n in sorted(self.not_analysed.items(), key=lambda p: -p[1])
        )
        return (
            f"ingested {self.articles} articles ({self.new} new, {self.updated} updated, "
            f"{self.unchanged} unchanged), {self.quotes} quotes; "
            + (f"{skipped} stored but not analysed ({reasons}); " if skipped else "")
            + (
                f"{self.analysed_in_part} analysed only in part (longer than "
                f"{MAX_ANALYSED_CHARS.shown()} characters, {MAX_ANALYSED_CHARS.env}); "
                if self.analysed_in_part
                else ""
            )
            + (
                f"{self.no_article} skipped that held no article when read before; "
                if self.no_article
                else ""
            )
            + f"{len(self.failures)} failed"
        )

    def stages_line(self) -> str:
        """Where the time went: ``time 12.3 s (61 articles/s): read 2.0 s, analyse 18.1 s
        (2 workers), store 1.2 s``."""
        rate = f" ({self.done / self.wall:.1f} articles/s)" if self.wall > 0 else ""
        s = self.seconds
        return (
            f"time {self.wall:.1f} s{rate}: read {s['read']:.1f} s, analyse {s['analyse']:.1f} s "
            f"({self.workers} worker{'s' if self.workers != 1 else ''}{self.loads_said()}), "
            f"store {s['store']:.1f} s"
        )

    def loads_said(self) -> str:
        if self.model_loads is None:
            return ""
        if not self.model_loads:
            return "; models not loaded: nothing to analyse"
        processes = f"{self.model_loads} process{'es' if self.model_loads != 1 else ''}"
        return f"; models loaded by {processes} in {self.load_seconds:.1f} s"

    def count_loads(self, done: Done) -> None:
        if done.loads is not None:
            self.model_loads = (self.model_loads or 0) + done.loads
            self.load_seconds += done.load_seconds


# Called for each input dealt with: the article stored, its failure, or None for an input
# skipped because the store holds it unchanged.
Progress = Callable[[Article | Failure | None, IngestSummary], None]

# The writer commits analysed articles in batches (one transaction, one savepoint per
# article): up to BATCH articles, or whatever arrived within FLUSH_SECONDS.
BATCH = 32
FLUSH_SECONDS = 1.0


def ingest(
    inputs: Iterable[str],
    store: Store,
    *,
    workers: int = 1,
    cluster: str | None = None,
    progress: Progress | None = None,
    reanalyse: bool = False,
) -> IngestSummary:
    """Analyse and store every input; failures are collected, the rest carries on.
    ``cluster``: a dask scheduler address or ``local[:N]`` (see ``cluster.py``); else
    ``workers`` local processes. Inputs stored unchanged are skipped unless ``reanalyse``."""
    from sayso.engine.sandbox import SandboxError

    inputs = list(inputs)
    read_here = reads_here(workers, cluster)
    analysers = open_analysers(workers, cluster, reads_pages=not read_here)
    try:
        run = Run(store, analysers, progress, reanalyse=reanalyse, read_here=read_here)
        run.summary.bytes_total = total_bytes(inputs)
        return run.over(inputs)
    except SandboxError as exc:
        raise RunAborted(str(exc)) from exc
    finally:
        analysers.close()


def reads_here(workers: int, cluster: str | None) -> bool:
    """Whether this process reads the pages (HTML to text, language ID) itself rather than
    leaving them to the analysers: when the local workers leave a core free, that core
    reads while they analyse (1 worker on 2 cores: 0.91× spaCy's own speed, 0.66× with
    the worker reading too); when they fill every core, or run on a cluster, each reads
    its own pages, in parallel (this process would be the bottleneck)."""
    from sayso.config import usable_cores

    return cluster is None and workers < usable_cores()


def open_analysers(workers: int, cluster: str | None, *, reads_pages: bool) -> Analysers:
    if cluster:
        from sayso.engine.cluster import ClusterAnalysers

        return ClusterAnalysers(cluster)  # its workers always read the pages
    return LocalAnalysers(workers, reads_pages=reads_pages)


class Run:
    """One ingest run: reads, hands batches to the analysers, stores what comes back."""

    def __init__(
        self,
        store: Store,
        analysers: Analysers,
        progress: Progress | None,
        *,
        reanalyse: bool = False,
        read_here: bool = False,
    ) -> None:
        self.store = store
        self.read_here = read_here  # read the pages here (see reads_here), not in analysers
        self.analysers = analysers
        self.progress = progress
        self.summary = IngestSummary(workers=analysers.workers)
        if isinstance(analysers, LocalAnalysers):  # they say when they load their models
            self.summary.model_loads = 0
        self.ledger = Ledger(store, skip=not reanalyse, on_skip=self.skipped)
        self.pending: list[ResolvedArticle] = []
        self.first_pending = 0.0
        self.actors_written: set[str] = set()
        # batch number → the Identifier of each entry's input, until the batch is back
        self.identifiers: dict[int, list[Identifier]] = {}

    def over(self, inputs: Iterable[str]) -> IngestSummary:
        return self.consume(self.analysers.run(self.batches(inputs)))

    def batches(self, inputs: Iterable[str]) -> Iterator[list[Article | Deferred]]:
        """The entries read, in batches; the Identifier of each entry's input is kept per
        batch number (``self.identifiers``) until the batch is back."""
        for number, batch in enumerate(batched(self.articles(inputs))):
            self.identifiers[number] = [locate for _entry, locate in batch]
            yield [entry for entry, _locate in batch]

    def consume(self, analysed: Iterable[Done]) -> IngestSummary:
        """Store the analysed batches as they come (failures recorded), then the rest."""
        started = time.monotonic()
        try:
            for done in analysed:
                self.summary.seconds["analyse"] += done.seconds
                self.summary.count_loads(done)
                locators = self.identifiers.pop(done.number, [])
                for n, result in enumerate(done.results):
                    locate = locators[n] if locators else None
                    if isinstance(result, Failure):
                        self.failed(result)
                        continue
                    if locate is not None:
                        locate(result.article)
                    self.keep(result)
            self.flush()
            self.remember([])  # the inputs without an article still waiting
        finally:
            self.summary.wall = time.monotonic() - started
        return self.summary

    def articles(self, inputs: Iterable[str]) -> Iterator[tuple[Article | Deferred, Identifier]]:
        """The entries of the inputs, left to the analysers to read (``read_raw_deferred``)
        unless this process reads them (``read_here``), each with the Identifier of its
        input; failures are recorded on the way, inputs the
        store holds unchanged are skipped unread; the time spent reading (the raw records,
        hashing them) and the bytes read are counted."""
        from sayso.ingest import finish, read_raw_deferred
        from sayso.ingest.checks import checked
        from sayso.ingest.identity import Identifier
        from sayso.ingest.limits import ReadOptions
        from sayso.ingest.registry import Deferred
        from sayso.ingest.sources import open_inputs

        options = dataclasses.replace(ReadOptions.from_env(), seen=self.ledger)
        raws = open_inputs(inputs, options)
        read_before = 0
        while (raw := self.timed(raws)) is not None:
            if isinstance(raw, Failure):
                failure = checked(raw)
                self.failed(failure if isinstance(failure, Failure) else raw)
                continue
            items: Iterator[Article | Failure | Deferred] = read_raw_deferred(raw)
            if self.read_here:
                items = (finish(i) if isinstance(i, Deferred) else i for i in items)
            locate = Identifier(raw)
            while (item := self.timed(items)) is not None:
                stream = raw.stream
                at = stream.tell() if stream is not None and not stream.closed else 0
                self.summary.bytes_read = read_before + at
                if isinstance(item, Failure):
                    self.failed(item)
                else:
                    yield item, locate
            read_before += len(raw.data) or (os.path.getsize(raw.path) if raw.path else 0)
            self.summary.bytes_read = read_before

    def timed(self, items: Iterator[T]) -> T | None:
        started = time.monotonic()
        item = next(items, None)
        self.summary.seconds["read"] += time.monotonic() - started
        return item

    def skipped(self, seen: InputSeen) -> None:
        if seen == "article":
            self.summary.unchanged += 1
        else:
            self.summary.no_article += 1
        if self.progress is not None:
            self.progress(None, self.summary)

    def failed(self, failure: Failure) -> None:
        """``failure`` reported; an input that holds no article is remembered (the next
        run skips it), one that failed otherwise is not (the next run tries it again)."""
        if not isinstance(failure, NoArticle):
            self.ledger.failed(failure.source)
        elif self.ledger.no_article(failure.source):
            self.remember([])
        self.summary.failures.append(failure)
        if self.progress is not None:
            self.progress(failure, self.summary)

    def keep(self, resolved: ResolvedArticle) -> None:
        if not self.pending:
            self.first_pending = time.monotonic()
        self.pending.append(resolved)
        if len(self.pending) >= BATCH or time.monotonic() - self.first_pending >= FLUSH_SECONDS:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        started = time.monotonic()
        batch, self.pending = self.pending, []
        results = self.save(batch)
        self.summary.seconds["store"] += time.monotonic() - started
        self.remember([r.article for r, out in zip(batch, results, strict=True)
                       if not isinstance(out, Exception)])
        for resolved, result in zip(batch, results, strict=True):
            if isinstance(result, Exception):
                self.failed(Failure(resolved.article.source, refused(result)))
            else:
                self.summary.add(result, resolved.article)
                if self.progress is not None:
                    self.progress(resolved.article, self.summary)

    def remember(self, articles: list[Article]) -> None:
        """The inputs these stored articles were read from, and those read without an
        article, for the next run to skip."""
        try:
            self.ledger.stored(articles)
        except Exception:  # noqa: BLE001 - only costs the next run a re-analysis
            self.ledger.pending.clear()
            self.ledger.no_articles.clear()

    def save(self, batch: list[ResolvedArticle]) -> list[SaveResult | Exception]:
        """The batch stored; if storing it raised, each article stored alone, so that the
        one at fault is that article's failure and the others are kept."""
        # The ledger's rows for these articles are written next (``remember``), in a
        # commit that waits for the disk and so makes the batch's commit durable too: the
        # batch's own commit need not wait (``Store.save_batch``).
        durable = not self.ledger.writes_after([r.article for r in batch])
        try:
            return save_analysed(self.store, batch, self.actors_written, durable=durable)
        except Exception:  # noqa: BLE001 - found and named one by one below
            if len(batch) == 1:
                return [self.save_alone(batch[0])]
            return [self.save_alone(resolved) for resolved in batch]

    def save_alone(self, resolved: ResolvedArticle) -> SaveResult | Exception:
        try:
            durable = not self.ledger.writes_after([resolved.article])
            (result,) = save_analysed(
                self.store, [resolved], self.actors_written, durable=durable
            )
            return result
        except Exception as exc:  # noqa: BLE001 - the article's failure, unless the store is gone
            if not self.store.reachable():
                raise RunAborted(
                    f"the store ({self.store.display_url}) stopped answering: {first_line(exc)}; "
                    "what was stored so far is kept: run the same command again to go on"
                ) from exc
            return exc


def total_bytes(inputs: list[str]) -> int | None:
    """The size of the inputs when they are all local files and folders (for the ETA);
    None when some size cannot be known ahead (stdin, URLs, globs)."""
    total = 0
    for name in inputs:
        if os.path.isfile(name):
            total += os.path.getsize(name)
        elif os.path.isdir(name):
            for folder, dirs, files in os.walk(name):
                dirs[:] = [d for d in dirs if not d.startswith(".")]
                for file in files:
                    path = os.path.join(folder, file)
                    if not file.startswith(".") and not os.path.islink(path):
                        with contextlib.suppress(OSError):
                            total += os.path.getsize(path)
        else:
            return None
    return total


def first_line(exc: BaseException) -> str:
    lines = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return f"{type(exc).__name__}: {lines[0][:200] if lines else ''}"


def refused(exc: Exception) -> str:
    return f"could not be stored ({first_line(exc)})"
