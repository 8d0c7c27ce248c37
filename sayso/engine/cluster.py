"""Analysis on a dask.distributed cluster: ``sayso ingest --cluster tcp://HOST:8786``.

The client (the ``sayso ingest`` process) reads the inputs and stores the results; the
cluster's workers analyse. Each dask worker thread drives one ``sandbox.Sandbox`` (a child
process holding spaCy and the knowledge base, loaded once, with the per-article time
limit), started as the worker joins (``StartSandboxes``) and kept for the worker's life, so
a worker pays for loading its models once whatever the number of tasks. Batches and
results cross the dask worker pickled (``sandbox.Pickled``, ``Shipped``): it hands them on
unread, and never imports the page readers or spaCy. Batches of ``BATCH_ARTICLES``
articles are submitted as workers free up (``IN_FLIGHT_PER_WORKER`` per worker thread,
see ``analysers.InOrder``), so the client holds only those in memory, and each is stored
as soon as it comes back, in order.

Faults: a worker that dies (SIGKILL, a lost machine) takes its tasks with it; the scheduler
gives them to other workers, and since the client stores a batch only once its result is
back, nothing is lost or stored twice. A batch whose workers died too often (dask's
``allowed-failures``) comes back as one Failure per article. The scheduler itself going
away stops the run (``RunAborted``); what was stored stays, and the next run skips it.

``local[:N]`` starts a LocalCluster of N single-threaded worker processes on this machine
(default: one per core) for the length of the run.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from distributed.diagnostics.plugin import WorkerPlugin

from sayso.engine.analysers import Done, InOrder, failed_batch
from sayso.engine.sandbox import Pickled, Sandbox, SandboxError, pickled, unpickled
from sayso.model import Article, Failure

if TYPE_CHECKING:
    from distributed import Client, LocalCluster, Worker

    from sayso.ingest.registry import Deferred

# How long the client waits to reach the scheduler before saying it cannot.
CONNECT_SECONDS = 20
# How often the client asks the scheduler how many worker threads it has.
ASK_THREADS_SECONDS = 2.0
# dask's housekeeping, tuned down for the length of the run: each setting below costs CPU
# on the cores that analyse, and serves a dashboard sayso does not start. An idle
# LocalCluster of 2 workers used 13 % of a core with dask's defaults, 3 % with these
# (bench/ingest.py --only-scaling gives the per-process CPU of a run). A LocalCluster's
# workers get them from the client (its nannies pass the client's config on); workers
# started by hand get them from the environment (README: ``DASK_DISTRIBUTED__...``).
QUIET_DASK: dict[str, object] = {
    # the statistical profiler samples every worker thread every 10 ms
    "distributed.worker.profile.enabled": False,
    # the event-loop health check runs 50 times a second in every process
    "distributed.admin.tick.interval": "1s",
    # CPU, memory and network samples twice a second in every process
    "distributed.admin.system-monitor.interval": "5s",
    # a worker's memory (not its analysing process's) checked 10 times a second
    "distributed.worker.memory.monitor-interval": "1s",
}


def parse_local(address: str) -> int | None:
    """``local`` → the number of cores, ``local:3`` → 3; None when not a local address."""
    if address == "local":
        return max(1, os.cpu_count() or 1)
    if address.startswith("local:"):
        count = address.removeprefix("local:")
        if not count.isascii() or not count.isdigit() or int(count) < 1:
            raise ValueError(f"--cluster {address!r}: write local:N with N a whole number ≥ 1")
        return int(count)
    return None


class ClusterAnalysers:
    """Articles analysed on a dask cluster (a running one, or a LocalCluster started here)."""

    def __init__(self, address: str, seconds_per_article: float | None = None) -> None:
        from sayso.engine.batch import RunAborted

        try:
            from distributed import Client
        except ImportError as exc:  # pragma: no cover - distributed is a dependency
            raise RunAborted(f"--cluster needs dask.distributed ({exc})") from exc
        from sayso.ingest.limits import MAX_ARTICLE_SECONDS

        self.address = address
        # the client's limit (SAYSO_ARTICLE_SECONDS where sayso ingest runs), sent with
        # each batch: the workers need not import sayso.ingest to know it
        self.limit = seconds_per_article or MAX_ARTICLE_SECONDS.value()
        self._local: LocalCluster | None = None
        try:
            local = parse_local(address)
        except ValueError as exc:
            raise RunAborted(str(exc)) from exc
        import dask

        # set for the run (undone in close): the scheduler, the nannies and the client read
        # it when they start, a LocalCluster's worker processes get a copy
        self._quiet: dask.config.set | None = dask.config.set(QUIET_DASK)
        try:
            if local is not None:
                from distributed import LocalCluster

                self._local = LocalCluster(
                    n_workers=local,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                    silence_logs=40,  # errors only: the progress bar is ours
                )
                self.client: Client = Client(self._local)
            else:
                self.client = Client(address, timeout=CONNECT_SECONDS)
        except (OSError, TimeoutError) as exc:
            self.close()
            raise RunAborted(
                f"cannot reach the dask scheduler at {address} ({exc}); start one with "
                "`dask scheduler` and workers with `dask worker ADDRESS --nthreads 1`, or use "
                "--cluster local:N"
            ) from exc
        # each worker starts its analysing processes now, as it joins (and one that joins
        # later, as it joins), not on its first batch
        self.client.register_plugin(StartSandboxes())
        self.workers: int = max(1, sum(self.client.nthreads().values()))
        self._asked = time.monotonic()

    def run(self, batches: Iterable[list[Article | Deferred]]) -> Iterator[Done]:
        from distributed import as_completed

        from sayso.engine.batch import RunAborted

        waiting = as_completed()
        order = InOrder()
        # future key → its number and batch, until it is back
        out: dict[object, tuple[int, list[Article | Deferred]]] = {}
        for number, batch in enumerate(batches):
            future = self.client.submit(
                analyse_on_worker, number, pickled(batch), self.limit, pure=False
            )
            out[future.key] = number, batch
            waiting.add(future)
            while order.full(len(out), self.threads()):
                yield from order.add(self._collect(next(waiting), out))
        try:
            for future in waiting:
                yield from order.add(self._collect(future, out))
        except (OSError, TimeoutError) as exc:  # pragma: no cover - scheduler gone
            raise RunAborted(f"the dask scheduler at {self.address} stopped answering") from exc

    def threads(self) -> int:
        """Worker threads the cluster has now (workers may join or leave during the run),
        asked of the scheduler at most every ``ASK_THREADS_SECONDS`` (a round trip)."""
        now = time.monotonic()
        if now - self._asked >= ASK_THREADS_SECONDS:
            self._asked = now
            threads: int = sum(self.client.nthreads().values())
            self.workers = max(1, threads or self.workers)
        return self.workers

    def _collect(
        self, future: object, out: dict[object, tuple[int, list[Article | Deferred]]]
    ) -> Done:
        from distributed import Future

        from sayso.engine.batch import RunAborted

        assert isinstance(future, Future)
        number, batch = out.pop(future.key)
        try:
            done = future.result()
        except (OSError, TimeoutError) as exc:
            raise RunAborted(
                f"the dask scheduler at {self.address} stopped answering ({exc}); what was "
                "stored is kept: run the same command again to go on"
            ) from exc
        except Exception as exc:  # noqa: BLE001 - the batch's failure, not the run's
            from distributed import KilledWorker

            if isinstance(exc, SandboxError):  # no model on the workers: nothing can be done
                raise RunAborted(f"the cluster's workers {exc}") from exc
            if isinstance(exc, KilledWorker):
                reason = (
                    "the cluster workers analysing it died several times (killed, or out of "
                    "memory): skipped; the other inputs go on"
                )
            else:
                reason = f"analysis failed on the cluster ({type(exc).__name__}: {exc})"
            return failed_batch(batch, reason, number)
        finally:
            future.release()
        assert isinstance(done, Shipped)
        return Done(unpickled(done.results), done.seconds, done.number, done.loads,
                    done.load_seconds)

    def close(self) -> None:
        client = getattr(self, "client", None)
        if client is not None:
            client.close()
        if self._local is not None:
            self._local.close()
            self._local = None
        quiet = getattr(self, "_quiet", None)
        if quiet is not None:
            quiet.__exit__(None, None, None)
            self._quiet = None


_worker = threading.local()
# A placeholder limit for analysing processes started before a run's first batch comes
# (each batch brings its run's limit). They read pages: the client leaves that to the
# cluster (``batch.reads_here``).
ANY_LIMIT = 1.0


class Sandboxes:
    """This dask worker process's analysing processes: those started as it joined the
    cluster (``StartSandboxes``) wait for a worker thread to take one on its first batch."""

    def __init__(self) -> None:
        self.waiting: list[Sandbox] = []
        self.started = 0  # in this process, waiting or taken
        self.lock = threading.Lock()

    def start(self, threads: int) -> None:
        """One started per worker thread, unless this process has them already (from an
        earlier run on the same cluster)."""
        with self.lock:
            while self.started < threads:
                sandbox = Sandbox(ANY_LIMIT, reads_pages=True)
                sandbox.start()
                self.waiting.append(sandbox)
                self.started += 1

    def of_this_thread(self) -> Sandbox:
        """The worker thread's analysing process, kept for the thread's life (its
        models stay loaded)."""
        sandbox: Sandbox | None = getattr(_worker, "sandbox", None)
        if sandbox is None:
            with self.lock:
                if self.waiting:
                    sandbox = self.waiting.pop()
                else:
                    sandbox = Sandbox(ANY_LIMIT, reads_pages=True)
                    self.started += 1
            _worker.sandbox = sandbox
        return sandbox


SANDBOXES = Sandboxes()


class StartSandboxes(WorkerPlugin):
    """Run on each dask worker as it joins: its analysing processes started without
    waiting for them, so that they import spaCy and the rest while the worker registers
    and gets its first batch, not after (the models load when a batch needs them)."""

    name = "sayso-start-sandboxes"
    idempotent = True  # registered by every run; a worker keeps its analysing processes

    def setup(self, worker: Worker) -> None:
        SANDBOXES.start(worker.state.nthreads)


@dataclass(slots=True)
class Shipped:
    """A batch analysed on a dask worker, its results as the analysing process pickled
    them: the worker hands them on unread (it never imports spaCy), the client unpickles
    them. Otherwise a ``Done``."""

    results: list[Pickled | Failure]
    seconds: float
    number: int
    loads: int
    load_seconds: float


def analyse_on_worker(number: int, batch: Pickled, limit: float) -> Shipped:
    """What a dask worker runs: the batch analysed in this worker thread's sandbox."""
    sandbox = SANDBOXES.of_this_thread()
    sandbox.limit = limit  # the run's (a worker may serve runs with other limits)
    results, seconds, loads, load_seconds = sandbox.spent_on(lambda: sandbox.analyse_pickled(batch))
    return Shipped(results, seconds, number, loads, load_seconds)
