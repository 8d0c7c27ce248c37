"""A supervised analysing process: models loaded once, every article under a wall-time limit.

Analysis (spaCy, actor resolution: ``pipeline.analyse_articles``) runs in a child process
(``python -m sayso.engine.sandbox``) that analyses the batches of articles its parent
sends, over pipes as pickled frames. It loads its models (spaCy, the knowledge base: ~5 s)
once, when the first batch that needs them comes (``LOADING``, then ``LOADED``; the time
limit below starts after that), not before: a run whose pages hold nothing to analyse
(pages without an article, not in English) never pays for them. What one article may
cost is enforced here, where it can be: a child still busy ``SAYSO_ARTICLE_SECONDS`` per
article of its batch after it got it is killed, and one that dies (a crash in native code,
the out-of-memory killer, a SIGKILL) is replaced. The batch is then analysed again one
article at a time in a fresh child, so that the article at fault (the poison article) is
reported as a ``Failure`` with its reason and the others are analysed as usual. A lone
article whose child died gets one more try (the death may have come from outside);
a lone article over its time gets none.

The child is a plain subprocess, not ``multiprocessing``: dask's worker processes are
daemonic, and daemonic processes may not start ``multiprocessing`` children. It dies with
its parent (PR_SET_PDEATHSIG on Linux; the end of its input anywhere).
"""

from __future__ import annotations

import contextlib
import os
import pickle
import select
import signal
import struct
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, TypeVar  # Any: a Pickled holds what its reader knows

from sayso.model import Article, Failure

if TYPE_CHECKING:
    from sayso.actors.article import ResolvedArticle
    from sayso.ingest.registry import Deferred

T = TypeVar("T")
HEADER = struct.Struct("!Q")
# Loading spaCy and the knowledge base takes 2-5 s on an idle core; a machine running many
# other processes may take ten times that.
START_SECONDS = 600.0
PACKAGE_ROOT = str(Path(__file__).resolve().parents[2])
# What the child says before and after loading its models for the batch it was sent.
LOADING = "loading"
LOADED = "loaded"
# Told to an analysing process that will read pages (see ``Sandbox.reads_pages``).
READS_PAGES = "--reads-pages"
# The analysing process's environment, over its parent's (None: unset). It is one
# single-threaded process per core: numpy's BLAS threads only spin against the other
# workers (7 % more CPU per article with them, 48 Kremlin pages, 3 Dec). dask's workers
# set MALLOC_TRIM_THRESHOLD_=65536 for themselves (memory back to the OS early); spaCy,
# allocating and freeing per document, then spends 12 % more CPU in system calls: the
# analysing process keeps glibc's default.
ANALYSING_ENV: dict[str, str | None] = {
    "OMP_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "MALLOC_TRIM_THRESHOLD_": None,
}


class SandboxError(RuntimeError):
    """The analysing process cannot be started at all (no spaCy model, a broken install):
    no article can be analysed, so the run cannot go on. The message says what to do."""


class Stopped(Exception):
    """The child did not answer in time (``hung``) or died (``died``)."""

    def __init__(self, reason: str, *, hung: bool) -> None:
        super().__init__(reason)
        self.hung = hung


class Sandbox:
    """One analysing child process, started on first use and replaced when it fails."""

    def __init__(
        self, seconds_per_article: float | None = None, *, reads_pages: bool = False
    ) -> None:
        if not seconds_per_article:
            from sayso.ingest.limits import MAX_ARTICLE_SECONDS  # sayso.ingest: its readers

            seconds_per_article = MAX_ARTICLE_SECONDS.value()
        self.limit = float(seconds_per_article)
        self.proc: subprocess.Popen[bytes] | None = None
        self.ready = False  # the child said it is ready (it has imported what it needs)
        # the child will read pages (``Deferred``): it loads the readers and the language
        # model before it says it is ready, not inside the first pages' time limit
        self.reads_pages = reads_pages
        self.analysed_seconds = 0.0  # wall time the child spent on batches (for the summary)
        self.loads = 0  # times a child loaded the models (one per child that needed them)
        self.load_seconds = 0.0

    def spent_on(self, work: Callable[[], T]) -> tuple[T, float, int, float]:
        """What ``work`` (an analysis by this sandbox) returns, and what it cost: seconds
        of analysis, model loads and their seconds (a batch's share of the summary)."""
        before = self.analysed_seconds, self.loads, self.load_seconds
        result = work()
        return (
            result,
            self.analysed_seconds - before[0],
            self.loads - before[1],
            self.load_seconds - before[2],
        )

    def analyse(self, batch: list[Article | Deferred]) -> list[ResolvedArticle | Failure]:
        """Each article of ``batch`` analysed, or its Failure, in the batch's order."""
        return unpickled(self.analyse_pickled(batch))

    def analyse_pickled(
        self, batch: list[Article | Deferred] | Pickled
    ) -> list[Pickled | Failure]:
        """The same, left as the child pickled it (``Pickled``), and the batch may come
        pickled too: a dask worker hands both on unread, without importing what reads the
        pages or what the results are made of (spaCy). Only a batch that stopped its
        child is unpickled here, to find the article at fault."""
        if not len(batch):
            return []
        try:
            return [self._run(batch)]
        except Stopped as stop:
            self._kill()
            entries = batch.load() if isinstance(batch, Pickled) else batch
            if len(entries) > 1:  # find the culprit: the others are analysed as usual
                return [result for entry in entries for result in self.analyse_pickled([entry])]
            if not stop.hung:
                try:
                    return [self._run(entries)]  # the death may have come from outside
                except Stopped as again:
                    self._kill()
                    stop = again
            return [Failure(entries[0].source, str(stop))]

    def close(self) -> None:
        if self.proc is not None:
            if self.proc.stdin:
                self.proc.stdin.close()  # the child ends at the end of its input
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self._kill()
            self.proc = None

    def _run(self, batch: list[Article | Deferred] | Pickled) -> Pickled:
        proc = self._started()
        assert proc.stdin is not None and proc.stdout is not None
        started = time.monotonic()
        try:
            write_frame(proc.stdin, batch.data if isinstance(batch, Pickled) else batch)
        except (BrokenPipeError, OSError):
            raise Stopped(self._death_reason(), hung=False) from None
        deadline = started + self.limit * len(batch)
        results = read_frame(proc.stdout, deadline)
        if results == LOADING:
            loaded = self._loaded(proc)
            started += loaded
            deadline = time.monotonic() + self.limit * len(batch)
            results = read_frame(proc.stdout, deadline)
        if results is None:
            if proc.poll() is None and time.monotonic() >= deadline:
                raise Stopped(self._hung_reason(), hung=True)
            raise Stopped(self._death_reason(), hung=False)
        self.analysed_seconds += time.monotonic() - started
        assert isinstance(results, Pickled) and len(results) == len(batch)
        return results

    def _loaded(self, proc: subprocess.Popen[bytes]) -> float:
        """Wait for the child to load its models; the seconds it took."""
        assert proc.stdout is not None
        started = time.monotonic()
        said = read_frame(proc.stdout, started + START_SECONDS)
        if said != LOADED:
            self._kill()
            raise SandboxError(said if isinstance(said, str) else "the analysing process "
                               "could not load its models (run `sayso extract` on one file "
                               "to see why)")
        seconds = time.monotonic() - started
        self.loads += 1
        self.load_seconds += seconds
        return seconds

    def start(self) -> None:
        """Start the child without waiting for it to be ready (it imports spaCy and the
        rest meanwhile): a dask worker starts its sandbox as it joins the cluster, before
        its first batch comes (``cluster.StartSandbox``)."""
        if self.proc is not None and self.proc.poll() is None:
            return
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "sayso.engine.sandbox", str(os.getpid()),
             *([READS_PAGES] if self.reads_pages else [])],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=analysing_env(dict(os.environ)),
        )
        self.ready = False

    def _started(self) -> subprocess.Popen[bytes]:
        """The child, started if it is not running, once it said it is ready."""
        self.start()
        assert self.proc is not None and self.proc.stdout is not None
        if self.ready:
            return self.proc
        ready = read_frame(self.proc.stdout, time.monotonic() + START_SECONDS)
        if ready != "ready":
            self._kill()
            raise SandboxError(
                ready if isinstance(ready, str) else "the analysing process could not start "
                "(run `sayso extract` on one file to see why)"
            )
        self.ready = True
        return self.proc

    def _kill(self) -> None:
        if self.proc is not None:
            if self.proc.poll() is None:
                self.proc.kill()
            self.proc.wait()
            for pipe in (self.proc.stdin, self.proc.stdout):
                if pipe is not None:
                    pipe.close()
            self.proc = None

    def _hung_reason(self) -> str:
        return (
            f"analysis took longer than {self.limit:g} s (SAYSO_ARTICLE_SECONDS): stopped; the "
            "other inputs go on (if it is a genuine, very long article, raise the limit)"
        )

    def _death_reason(self) -> str:
        code = None
        if self.proc is not None:
            if self.proc.poll() is None:
                self.proc.kill()
            code = self.proc.wait()
        how = (
            f"killed by {signal.Signals(-code).name}"
            if code is not None and code < 0
            else f"exit status {code}"
        )
        return (
            f"analysis crashed the process analysing it ({how}), twice: skipped; the other "
            "inputs go on (a bug in sayso or spaCy: please report it with this input)"
        )


def analysing_env(env: dict[str, str]) -> dict[str, str]:
    """``env`` (the parent's) with ``ANALYSING_ENV`` applied and this package importable."""
    for name, value in ANALYSING_ENV.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    env["PYTHONPATH"] = os.pathsep.join(p for p in (PACKAGE_ROOT, env.get("PYTHONPATH", "")) if p)
    return env


@dataclass(slots=True)
class Pickled:
    """Objects as pickled by another process (a batch, or its results), handed on unread
    until where they are used."""

    data: bytes
    count: int  # how many objects: a batch's entries, or its results

    def __len__(self) -> int:
        return self.count

    def load(self) -> list[Any]:
        loaded = pickle.loads(self.data)
        assert isinstance(loaded, list)
        return loaded


def pickled(objects: list[Any]) -> Pickled:
    return Pickled(pickle_of(objects), len(objects))


def unpickled(parts: list[Pickled | Failure]) -> list[ResolvedArticle | Failure]:
    return [
        result
        for part in parts
        for result in (part.load() if isinstance(part, Pickled) else [part])
    ]


def pickle_of(obj: object) -> bytes:
    return pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)


def write_frame(stream: IO[bytes], obj: object) -> None:
    """``obj`` pickled, after its length; bytes are written as they are (already
    pickled)."""
    data = obj if isinstance(obj, bytes) else pickle_of(obj)
    stream.write(HEADER.pack(len(data)))
    stream.write(data)
    stream.flush()


def read_frame(stream: IO[bytes], deadline: float | None = None) -> object | None:
    """The next pickled object on ``stream``, or None if the stream ends (the writer died)
    or ``deadline`` (a ``time.monotonic()`` value) passes first."""
    header = read_exactly(stream, HEADER.size, deadline)
    if header is None:
        return None
    data = read_exactly(stream, HEADER.unpack(header)[0], deadline)
    return None if data is None else pickle.loads(data)


def read_exactly(stream: IO[bytes], n: int, deadline: float | None) -> bytes | None:
    fd = stream.fileno()
    chunks: list[bytes] = []
    while n > 0:
        if deadline is not None:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fd], [], [], left)[0]:
                return None
        chunk = os.read(fd, min(n, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        n -= len(chunk)
    return b"".join(chunks)


def die_with_parent(parent: int) -> None:
    """Ask Linux to kill this process when its parent dies (a SIGKILLed dask worker or
    client must leave no analysing process behind)."""
    if sys.platform.startswith("linux"):
        import ctypes

        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(0)


def serve(parent: int, reads_pages: bool = False) -> None:
    """The child: analyse batches until the input ends, loading the models (and saying
    so) when the first batch that needs them comes; with ``reads_pages``, what reading
    pages needs (the readers, ~0.5 s CPU; the language model, ~0.6 s) is loaded first."""
    die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # whatever a library prints goes to stderr, never into the frames
    sys.stdout = sys.stderr
    from sayso.engine.pipeline import analyse_articles, needs_models, read_entries, warm_up

    if reads_pages:
        from sayso.ingest.language import identifier

        identifier()

    # this module runs as __main__ here: its Pickled must be pickled under its own name
    from sayso.engine.sandbox import pickled

    write_frame(out, "ready")
    source = os.fdopen(0, "rb")
    loaded = False
    while True:
        batch = read_frame(source)
        if batch is None:
            return
        assert isinstance(batch, list)
        entries = read_entries(batch)
        if not loaded and needs_models(entries):
            write_frame(out, LOADING)
            try:
                warm_up()
            except Exception as exc:  # noqa: BLE001 - said to the parent, which stops the run
                write_frame(out, f"cannot analyse: {exc}")
                return
            loaded = True
            write_frame(out, LOADED)
        write_frame(out, pickled(analyse_articles(entries)))


if __name__ == "__main__":
    serve(int(sys.argv[1]), READS_PAGES in sys.argv[2:])
