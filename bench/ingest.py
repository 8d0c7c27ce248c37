"""`sayso ingest` end to end on a real web archive, next to spaCy's own pipeline.

    python bench/ingest.py [--pages N] [--db-pg URL] [--only writer|scaling] [WARC]
    python bench/ingest.py --only scaling [--against ../main] [--rounds N] [--pages N]
        (default WARC: ../shared/corpora/kremlin-archive/kremlin-en-5000.warc.gz, all pages)

In one run, on the same pages:

1. spaCy alone: ``nlp.pipe`` over the English texts of the archive's pages (the model
   loaded first, not timed): articles/s of one core, the reference; and the same texts
   shared out to 2 processes: the speed-up this machine gives spaCy itself (2 vCPUs may
   not give 2×), the ceiling for sayso's 2 workers;
2. ``sayso ingest ARCHIVE`` as a whole command (start-up, reading, language ID, analysis,
   actors, storing) with ``--workers 1``, ``--workers 2`` and ``--cluster local:2``, each
   into a fresh SQLite store: articles/s, the ratio to spaCy per worker (target ≥ 0.8),
   the speed-up of 2 workers over one (target ≥ 1.7 on 2 cores) next to spaCy's own,
   peak RSS of each analysing process (target ≤ 1 GB) and of the client at the start and
   the end of the run (flat: it holds a bounded number of batches, never the archive);
   the CPU of each kind of process (client with its scheduler, analysing processes, dask
   workers) and when each analysing process started and was last busy. ``--only
   scaling`` runs this step alone, ``--rounds`` times; ``--against CHECKOUT`` runs each way
   with another checkout's code too, next to this one's (paired on a shared machine);
3. the same command again on the first store: every page is skipped before analysis
   (target ≥ 20× faster than the first run);
4. the design at 32 workers: the client's reading rate (the raw records read and hashed:
   the ``read`` time of step 2; the pages themselves are read by the workers), and the
   writer: ``--writer-articles`` distinct pages analysed here, stored as new articles by
   the one writer as fast as it goes (in a process of its own holding only those, as the
   ingest command's writer; each batch with its input-ledger rows, as the ingest loop
   writes them), on SQLite and PostgreSQL, with its CPU per stored article (that
   process; on PostgreSQL also the server's backends). The number of
   workers the design keeps busy at 80 % efficiency is what the reader and the writer
   sustain divided by 0.8 × one worker's rate: where it breaks, and on which part.
   ``--only writer`` runs this step alone (one worker's rate: its analysis of the same
   pages timed here, or ``--worker-rate`` from a whole run); the reader is then not measured.

The machine is shared: every ratio compares figures measured in this same run.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import hashlib
import json
import os
import pickle
import re
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from sayso.model import Article  # noqa: E402

SUMMARY = re.compile(r"ingested (\d+) articles \((\d+) new, (\d+) updated, (\d+) unchanged\)")
GB = 1 << 30
SANDBOX = "sayso.engine.sandbox"  # in the command line of an analysing process


def shared_dir() -> Path:
    """``$SAYSO_SHARED``, else ``../shared`` next to the repo (or next to its worktree)."""
    if os.environ.get("SAYSO_SHARED"):
        return Path(os.environ["SAYSO_SHARED"])
    for cand in (REPO.parent / "shared", REPO.parent.parent / "shared"):
        if cand.is_dir():
            return cand
    return REPO.parent / "shared"


def first_pages(archive: Path, pages: int | None, out: Path) -> Path:
    """The archive's first ``pages`` records, copied byte for byte (each record of a
    .warc.gz is its own gzip member) into ``out``; the archive itself when ``pages`` is
    None."""
    if pages is None:
        return archive
    from warcio.archiveiterator import ArchiveIterator

    with archive.open("rb") as source:
        records = ArchiveIterator(source)
        end = 0
        for n, _record in enumerate(records, 1):
            records.read_to_end()
            end = records.get_record_offset() + records.get_record_length()
            if n >= pages:
                break
        source.seek(0)
        out.write_bytes(source.read(end))
    return out


def english_texts(archive: Path) -> list[Article]:
    from sayso.ingest import read_inputs

    return [
        a
        for a in read_inputs([str(archive)])
        if isinstance(a, Article) and not a.not_analysed_because
    ]


def spacy_alone(texts: list[str]) -> tuple[float, float]:
    """Seconds spaCy's nlp.pipe takes over ``texts`` (model loaded before): wall, CPU."""
    from sayso.nlp.pipeline import get_nlp

    nlp = get_nlp()
    nlp.max_length = max(nlp.max_length, *(len(t) + 1 for t in texts))
    list(nlp.pipe(texts[:4]))
    started, cpu = time.perf_counter(), time.process_time()
    for _doc in nlp.pipe(texts, batch_size=8):
        pass
    return time.perf_counter() - started, time.process_time() - cpu


def _load_nlp() -> None:
    from sayso.nlp.pipeline import get_nlp

    nlp = get_nlp()
    nlp.max_length = 10**8
    list(nlp.pipe(["Warm up."]))


def _pipe_share(texts: list[str]) -> int:
    from sayso.nlp.pipeline import get_nlp

    return sum(1 for _doc in get_nlp().pipe(texts, batch_size=8))


def spacy_in_processes(texts: list[str], processes: int) -> float:
    """Seconds ``processes`` processes take to run spaCy's nlp.pipe over ``texts`` (each a
    share, dealt round-robin so the shares are alike; models loaded before timing): the
    speed-up this machine gives spaCy itself, the ceiling for sayso's."""
    import multiprocessing

    shares = [texts[i::processes] for i in range(processes)]
    with multiprocessing.get_context("spawn").Pool(processes, initializer=_load_nlp) as pool:
        pool.map(_pipe_share, [["Warm up."]] * processes * 2)  # every process has loaded
        started = time.perf_counter()
        pool.map(_pipe_share, shares, chunksize=1)
        return time.perf_counter() - started


@dataclasses.dataclass
class Proc:
    """One process of a run, as sampled: its parent, what it runs, and its CPU over time."""

    ppid: int
    cmdline: str
    created: float  # seconds after the command started
    cpu: list[tuple[float, float]] = dataclasses.field(default_factory=list)  # (at, CPU s)

    @property
    def cpu_seconds(self) -> float:
        return self.cpu[-1][1] if self.cpu else 0.0

    def busy_until(self) -> float:
        """When its CPU last grew (seconds after the command started)."""
        last = self.created
        for (_, before), (at, now) in zip(self.cpu, self.cpu[1:], strict=False):
            if now > before + 0.05:
                last = at
        return last


@dataclasses.dataclass
class Command:
    seconds: float
    out: str
    err: str
    code: int
    client_rss: list[int]  # sampled over the run
    worker_peak: int  # the largest RSS of any analysing process (sandbox + its dask worker)
    procs: dict[int, Proc]  # every process of the run seen, by pid
    client: int  # the command's pid

    def counts(self) -> tuple[int, ...]:
        match = SUMMARY.search(self.out)
        return tuple(int(g) for g in match.groups()) if match else ()

    def role(self, pid: int) -> str:
        """What a process of the run does: ``client`` (the command; with a LocalCluster
        also its scheduler), ``analysing`` (a sandbox: spaCy), ``dask worker`` (the
        parent of a sandbox), ``nanny`` (the parent of a dask worker), else ``other``
        (e.g. multiprocessing's resource tracker)."""
        if pid == self.client:
            return "client"
        if SANDBOX in self.procs[pid].cmdline:
            return "analysing"
        children = [child for child, p in self.procs.items() if p.ppid == pid]
        if any(SANDBOX in self.procs[child].cmdline for child in children):
            return "dask worker"
        if any(self.role(child) == "dask worker" for child in children):
            return "nanny"
        return "other"

    def cpu_by_role(self) -> dict[str, float]:
        by_role: dict[str, float] = {}
        for pid, proc in self.procs.items():
            name = self.role(pid)
            by_role[name] = by_role.get(name, 0.0) + proc.cpu_seconds
        return by_role

    @property
    def client_cpu(self) -> float:
        return self.cpu_by_role().get("client", 0.0)

    @property
    def worker_cpu(self) -> float:
        return self.cpu_by_role().get("analysing", 0.0)

    def cpu_line(self) -> str:
        """``CPU 130.2 s: client 9.1, analysing 118.0, dask worker 3.1``: where it went."""
        by_role = self.cpu_by_role()
        parts = ", ".join(f"{name} {s:.1f}" for name, s in sorted(by_role.items()))
        return f"CPU {sum(by_role.values()):.1f} s: {parts}"

    def timeline(self) -> str:
        """When each analysing process started and was last busy, next to the run's end:
        a late start is start-up lost, unequal ends are an uneven tail."""
        spans = sorted(
            (p.created, p.busy_until(), p.cpu_seconds)
            for pid, p in self.procs.items() if self.role(pid) == "analysing"
        )
        said = "; ".join(f"{a:.1f}-{b:.1f} s ({cpu:.1f} s CPU)" for a, b, cpu in spans)
        return f"analysing processes started-last busy: {said}; command ended {self.seconds:.1f} s"


def run_ingest(archive: Path, db: str, *args: str, repo: Path = REPO) -> Command:
    """``sayso ingest`` (the code in ``repo``) over ``archive`` into ``db``, watched: the
    RSS of the command and of its analysing processes, the CPU of every process it
    starts (sampled every 0.25 s: a killed dask worker's rusage is not its parent's)."""
    import psutil

    env = dict(os.environ, PYTHONPATH=str(repo))
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-c", "from sayso.cli import main; main()", "ingest",
         str(archive.resolve()), "--db", db, "--quiet", *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=repo,
    )
    client = psutil.Process(proc.pid)
    born = client.create_time()
    samples: list[int] = []
    peak = [0]
    procs: dict[int, Proc] = {}
    stop = threading.Event()

    def sample(p: psutil.Process, at: float) -> None:
        with contextlib.suppress(psutil.Error, OSError):
            times = p.cpu_times()
            if p.pid not in procs:
                procs[p.pid] = Proc(p.ppid(), " ".join(p.cmdline()), p.create_time() - born)
            procs[p.pid].cpu.append((at, times.user + times.system))

    def watch() -> None:
        while not stop.is_set():
            at = time.perf_counter() - started
            with contextlib.suppress(psutil.Error, OSError):
                samples.append(client.memory_info().rss)
                children = client.children(recursive=True)
                for p in (client, *children):
                    sample(p, at)
                for child in children:
                    if child.pid in procs and SANDBOX in procs[child.pid].cmdline:
                        rss = child.memory_info().rss
                        if child.ppid() != proc.pid:  # a dask worker: count it with its sandbox
                            rss += psutil.Process(child.ppid()).memory_info().rss
                        peak[0] = max(peak[0], rss)
            stop.wait(0.25)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    out, err = proc.communicate()
    seconds = time.perf_counter() - started
    stop.set()
    watcher.join()
    return Command(seconds, out, err, proc.returncode, samples, peak[0], procs, proc.pid)


def client_memory(cmd: Command) -> str:
    """The client's RSS in the second quarter of the run next to the last quarter: flat
    when the input is streamed, growing when something holds it."""
    samples = cmd.client_rss
    if len(samples) < 8:
        return "client RSS: too few samples"
    quarter = len(samples) // 4
    early = max(samples[quarter : 2 * quarter]) / 2**20
    late = max(samples[-quarter:]) / 2**20
    return f"client RSS {early:.0f} MB early, {late:.0f} MB at the end"


@dataclasses.dataclass
class Writer:
    rate: float  # articles/s stored, wall clock
    client_ms: float  # CPU of this process per stored article
    server_ms: float | None  # CPU of the PostgreSQL backends per stored article (None: SQLite,
    # or a server on another machine)


def writer_rate(db: str, analysed: list[object], rounds: int = 1) -> Writer:
    """Articles/s the one writer stores, and its CPU per article: the analysed articles as
    new ones into an empty store, each batch as the ingest loop writes it: the articles and
    their actors, then the input ledger's rows, whose commit waits for the disk. With
    ``rounds`` > 1, again as copies whose texts differ by a line: near-duplicates, filed
    into stories, the slower path of syndicated copies.
    On PostgreSQL the server's CPU is that of the backend processes the store connected
    to (read from /proc when the server runs on this machine)."""
    from sqlalchemy import event

    from sayso.engine.batch import BATCH
    from sayso.engine.pipeline import save_analysed
    from sayso.store import Store

    store = Store(db)
    backends: set[int] = set()
    if store.dialect == "postgresql":
        @event.listens_for(store.engine, "connect")
        def _backend(dbapi_conn: object, _record: object) -> None:
            with dbapi_conn.cursor() as cur:  # type: ignore[attr-defined]
                cur.execute("SELECT pg_backend_pid()")
                backends.add(cur.fetchone()[0])

        store.engine.dispose()  # connect again, so every connection is seen
    store.current_corrections()  # connected before timing
    written: set[str] = set()
    n = 0
    server = ServerCpu(backends)
    server.start()
    cpu, started = time.process_time(), time.perf_counter()
    for r in range(rounds):
        fresh = []
        for item in analysed:
            article = item.article  # type: ignore[attr-defined]
            copy = article if r == 0 else dataclasses.replace(
                article, text=article.text + f"\n[copy {r}]", source=f"{article.source}~{r}",
                url=f"{article.url or article.source}~{r}", locator=None,
            )
            fresh.append(dataclasses.replace(item, article=copy))  # type: ignore[type-var]
        for start in range(0, len(fresh), BATCH):
            chunk = fresh[start : start + BATCH]
            save_analysed(store, chunk, written, durable=False)  # type: ignore[arg-type]
            store.remember_inputs(ledger_rows(chunk))
            n += len(chunk)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    server_s = server.seconds()
    store.close()
    return Writer(n / seconds, 1000 * cpu / n, None if server_s is None else 1000 * server_s / n)


def ledger_rows(chunk: list[Any]) -> list[tuple[str, str, str | None]]:
    """The ledger's rows the ingest loop writes after a batch (``Ledger.stored``): each
    article's input (here its source) with a digest of its text."""
    return [
        (r.article.source, hashlib.sha256(r.article.text.encode()).hexdigest()[:32],
         r.article.id)
        for r in chunk
    ]


def writer_elsewhere(db: str, analysed: Path) -> Writer:
    """``writer_rate`` in a process of its own that holds only the analysed articles, as
    the ingest command's writer does (the analysis runs in the workers): in this process,
    which holds spaCy's models, Python's garbage collector walks their objects over and
    over while the writer allocates its rows (+0.5-0.9 ms of CPU per article measured)."""
    done = subprocess.run(
        [sys.executable, __file__, "--writer-of", str(analysed), "--writer-db", db],
        capture_output=True, text=True, env=dict(os.environ, PYTHONPATH=str(REPO)),
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr.strip().splitlines()[-1] if done.stderr else "failed")
    return Writer(**json.loads(done.stdout.splitlines()[-1]))


def writer_alone(analysed: Path, db: str) -> int:
    """``--writer-of``: the writer over the pickled analysed articles; prints its figures."""
    sample = pickle.loads(analysed.read_bytes())  # noqa: S301 - written by this bench
    print(json.dumps(dataclasses.asdict(writer_rate(db, sample))))
    return 0


class ServerCpu:
    """CPU seconds used by a set of PostgreSQL backend processes (by pid) since ``start``."""

    def __init__(self, pids: set[int]):
        self.pids = pids
        self.at_start: dict[int, float] = {}

    def start(self) -> None:
        self.at_start = {pid: t for pid in self.pids if (t := _cpu(pid)) is not None}

    def seconds(self) -> float | None:
        if not self.pids:
            return None
        now = {pid: _cpu(pid) for pid in self.pids}
        if any(t is None for t in now.values()):
            return None  # not a process of this machine (or gone)
        return sum(t - self.at_start.get(pid, 0.0) for pid, t in now.items() if t is not None)


def _cpu(pid: int) -> float | None:
    import psutil

    try:
        times = psutil.Process(pid).cpu_times()
    except psutil.Error:
        return None
    return float(times.user + times.system)


@contextlib.contextmanager
def own_schema(url: str) -> Iterator[str]:
    """``url`` itself for SQLite; on PostgreSQL a URL whose search_path is a new schema,
    dropped afterwards (the bench never touches the database's own tables)."""
    if not url.startswith("postgresql"):
        yield url
        return
    import sqlalchemy as sa

    name = f"sayso_bench_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(url)
    with admin.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{name}"'))
    try:
        yield f"{url}?options=-csearch_path%3D{name}"
    finally:
        with admin.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{name}" CASCADE'))
        admin.dispose()


def load_average() -> str:
    return "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg())


def scaling(
    args: argparse.Namespace,
    archive: Path,
    tmp: Path,
    spacy: tuple[float, float, float] | None,
    flip: bool = False,
) -> dict[str, Command] | None:
    """Step 2: the whole command with 1 and 2 workers and on a LocalCluster of 2, each
    into a fresh store, with where its CPU went and when its analysing processes worked;
    with ``--against``, each way again with the other checkout's code right after (before,
    with ``flip``: every other round of ``--rounds``). The
    runs of this checkout, by way (None: a run failed). ``spacy``: spaCy alone's articles/s
    and CPU seconds, and its speed-up in 2 processes (None: not measured)."""
    ways = {"--workers 1": ["--workers", "1"], "--workers 2": ["--workers", "2"]}
    if not args.skip_cluster:
        ways["--cluster local:2"] = ["--cluster", "local:2"]
    repos = {"": REPO} if args.against is None else {"": REPO, f" [{args.against}]": args.against}
    if flip:  # the other checkout first: a load that rises or falls favours neither
        repos = dict(reversed(repos.items()))
    results: dict[str, dict[str, Command]] = {tag: {} for tag in repos}
    for label, extra in ways.items():
        for tag, repo in repos.items():
            db = f"sqlite:///{tmp / (label.strip('-').replace(' ', '-') + '.db')}"
            with contextlib.suppress(FileNotFoundError):
                Path(db.removeprefix("sqlite:///")).unlink()
            cmd = results[tag][label] = run_ingest(archive, db, *extra, repo=repo)
            if cmd.code not in (0, 1):
                print(f"bench: {label}{tag} failed ({cmd.code}): {cmd.err[-2000:]}",
                      file=sys.stderr)
                return None
            print_run(label + tag, cmd, 1 if label.endswith("1") else 2, spacy)
    for tag in repos:
        one = results[tag]["--workers 1"].seconds
        for label in ways:
            if label != "--workers 1":
                own = f"; spaCy's own in 2 processes: {spacy[2]:.2f}×" if spacy else ""
                print(f"speed-up {label}{tag} over one worker: "
                      f"{one / results[tag][label].seconds:.2f}× (target ≥ 1.7{own})")
    print(load_average())
    return results[""]


def print_run(
    label: str, cmd: Command, workers: int, spacy: tuple[float, float, float] | None
) -> None:
    stored = cmd.counts()[0] if cmd.counts() else 0
    rate = stored / cmd.seconds
    to_spacy = (f"{rate / workers / spacy[0]:.2f}× spaCy per worker (target ≥ 0.8); "
                if spacy else "")
    print(
        f"sayso ingest {label:18s}: {rate:6.2f} articles/s whole command, {to_spacy}"
        f"peak RSS per worker {cmd.worker_peak / GB:.2f} GB; {client_memory(cmd)}"
    )
    print("    " + cmd.out.strip().splitlines()[-1])
    print("    " + cmd.cpu_line())
    print("    " + cmd.timeline())
    if spacy:
        # CPU (less sensitive to a shared machine than wall time): on free cores the run
        # takes at least the busiest process's CPU, so spaCy's CPU over that is the ratio
        # a quiet machine would give at best
        busiest = max(cmd.client_cpu, cmd.worker_cpu / workers)
        ratio = spacy[1] / busiest / workers if busiest else 0.0
        print(f"    spaCy's CPU / busiest process's: {ratio:.2f}× per worker")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("warc", nargs="?", type=Path,
                        default=shared_dir() / "corpora/kremlin-archive/kremlin-en-5000.warc.gz")
    parser.add_argument("--pages", type=int, default=None, help="only the first N records")
    parser.add_argument("--db-pg", default=os.environ.get(
        "SAYSO_BENCH_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test"))
    parser.add_argument("--skip-cluster", action="store_true")
    parser.add_argument("--writer-articles", type=int, default=256,
                        help="distinct analysed articles the writer simulation stores")
    parser.add_argument("--only", choices=["writer", "scaling"],
                        help="writer: step 4's writer alone (one worker's rate: its analysis "
                             "of the writer's articles in this process, or --worker-rate); "
                             "scaling: step 2 alone, without spaCy's figures")
    parser.add_argument("--against", type=Path, default=None,
                        help="another checkout of sayso (e.g. ../main): each way of step 2 "
                             "run with its code too, right after this one's (paired figures)")
    parser.add_argument("--rounds", type=int, default=1,
                        help="with --only scaling: how many times step 2 runs")
    parser.add_argument("--worker-rate", type=float, default=None,
                        help="with --only writer: one worker's articles/s, e.g. measured by "
                             "a whole run")
    parser.add_argument("--writer-of", type=Path, help=argparse.SUPPRESS)  # writer_elsewhere
    parser.add_argument("--writer-db", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.writer_of:
        return writer_alone(args.writer_of, args.writer_db)
    if not args.warc.is_file():
        print(f"bench: no archive at {args.warc}", file=sys.stderr)
        return 2
    tmp = Path(tempfile.mkdtemp(prefix="sayso-bench-ingest-"))
    archive = first_pages(args.warc, args.pages, tmp / "pages.warc.gz")
    articles = english_texts(archive)
    if args.only == "writer":
        return design_at_32(args, tmp, articles, args.worker_rate, None)
    texts = [a.text for a in articles]
    n = len(texts)
    print(f"{archive.name}: {n} English pages, {sum(map(len, texts)):,} characters; "
          f"{load_average()}")
    if args.only == "scaling":
        for round_ in range(args.rounds):
            if scaling(args, archive, tmp, None, flip=round_ % 2 == 1) is None:
                return 1
        print(load_average())
        return 0

    spacy_s, spacy_cpu = spacy_alone(texts)
    spacy_rate = n / spacy_s
    print(f"spaCy nlp.pipe alone            : {spacy_rate:6.2f} articles/s (1 core), "
          f"CPU {spacy_cpu:.1f} s")
    spacy2_s = spacy_in_processes(texts, 2)
    print(f"spaCy nlp.pipe in 2 processes   : {n / spacy2_s:6.2f} articles/s, "
          f"{spacy_s / spacy2_s:.2f}× one process (this machine's ceiling for 2 workers)")

    results = scaling(args, archive, tmp, (spacy_rate, spacy_cpu, spacy_s / spacy2_s))
    if results is None:
        return 1
    one = results["--workers 1"].seconds

    first_db = f"sqlite:///{tmp / 'workers-1.db'}"
    again = run_ingest(archive, first_db, "--workers", "1")
    print(f"second run over the same archive: {again.seconds:.1f} s vs {one:.1f} s: "
          f"{one / again.seconds:.1f}× faster (target ≥ 20); {again.counts()}")
    # the client reads the raw records and hashes them for every worker when the workers
    # fill the cores (reading the pages, HTML to text and language ID, is then the
    # workers' work; one worker on 2 cores leaves it to the client: batch.reads_here)
    read_s = float(re.search(r"read ([0-9.]+) s", results["--workers 2"].out).group(1))  # type: ignore[union-attr]
    return design_at_32(args, tmp, articles, n / one, n / read_s)


def design_at_32(
    args: argparse.Namespace,
    tmp: Path,
    articles: list[Article],
    worker_rate: float | None,
    read_rate: float | None,
) -> int:
    """Step 4: how many workers the reader and the one writer keep busy at 80 %, and which
    part gives out first. ``worker_rate``: one worker's articles/s (None: its analysis of
    the writer's articles here, timed: spaCy, actors, relations, without reading or
    storing, so a rate above the whole command's, and the design is judged harder)."""
    from sayso.engine.pipeline import analyse_articles, warm_up

    warm_up()
    chosen = articles[: args.writer_articles]
    started = time.perf_counter()
    sample = [r for r in analyse_articles(chosen) if hasattr(r, "article")]
    analysed_rate = len(chosen) / (time.perf_counter() - started)
    if worker_rate is None:
        worker_rate = analysed_rate
        print(f"one worker (analysis alone, {len(chosen)} pages): {worker_rate:.2f} articles/s")
    else:
        print(f"one worker: {worker_rate:.2f} articles/s (its analysis alone here: "
              f"{analysed_rate:.2f})")
    need = 32 * 0.8 * worker_rate
    print(f"32 workers at 80 % need {need:.0f} articles/s from the reader and the writer")
    parts: dict[str, float] = {}
    if read_rate is not None:
        parts["reader"] = read_rate
        print(f"reader (new pages: raw records, hashing): {read_rate:.0f} articles/s")
    analysed = tmp / "analysed.pickle"
    analysed.write_bytes(pickle.dumps(sample))
    for name, db in (("SQLite", f"sqlite:///{tmp / 'writer.db'}"), ("PostgreSQL", args.db_pg)):
        try:
            with own_schema(db) as url:
                writer = writer_elsewhere(url, analysed)
        except Exception as exc:  # noqa: BLE001 - a bench: say why and go on
            print(f"writer on {name}: not measured ({exc})")
            continue
        parts[f"writer on {name}"] = writer.rate
        server = (f", server {writer.server_ms:.2f} ms" if writer.server_ms is not None else "")
        print(f"writer on {name} ({len(sample)} new articles, batches of 32): "
              f"{writer.rate:.0f} articles/s; CPU per stored article: client "
              f"{writer.client_ms:.2f} ms{server}")
    for name, rate in sorted(parts.items(), key=lambda kv: kv[1]):
        workers = rate / (0.8 * worker_rate)
        verdict = "holds at 32 workers" if workers >= 32 else "breaks before 32 workers"
        print(f"  {name}: {verdict}: keeps {workers:.0f} busy at 80 % efficiency")
    print(f"load average {os.getloadavg()[0]:.1f} {os.getloadavg()[1]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
