"""Load benchmark: `sayso serve` on loopback under an open-loop stream of mixed requests.

    python bench/load.py                                   # SQLite, 100,000 quotes, 200 req/s
    python bench/load.py --db postgresql+psycopg://postgres@127.0.0.1:5432/test
    python bench/load.py --rates 50,100,200 --seconds 60

A store of ``--articles`` x 5 quotes (20,000 x 5 = 100,000 quotes) is generated the way
bench/store.py makes its archive (real sentences, Zipf-like speakers), then served by
``sayso serve`` (uvicorn, one process) on 127.0.0.1. For each rate, requests are *sent on a
schedule*, whether or not earlier ones have been answered (open loop: a slow server is not
given time to catch up), for ``--seconds``: quote search by speaker, full-text search, one
article (API), one statement list page, in equal shares. Latency is measured from the
moment a request was due, so queueing counts. Printed per rate: sent, completed, errors
(non-2xx or no answer within 10 s), achieved req/s, p50/p95/p99 in ms; the target is 200
req/s held with p95 <= 100 ms and 0 errors.

Reference (same run): the median time of the same requests sent one at a time, which is
what each costs without contention, and the server's CPU time per request of each kind
(its processes' user + system time over 100 requests sent one at a time), plus, for a
PostgreSQL server on this machine, its back-ends' CPU time over the same requests (the
database works on the same cores).
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import datetime
from pathlib import Path
from typing import Any  # Any: the bench/store.py module loaded by path
from urllib.parse import quote

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
TIMEOUT = 10.0
IDLE_SECONDS = 4.0  # uvicorn closes a keep-alive connection idle for 5 s


def store_bench() -> Any:
    spec = importlib.util.spec_from_file_location("bench_store", REPO / "bench" / "store.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def build(url: str, articles: int, seed: int) -> None:
    from sayso.store import Store

    bench = store_bench()
    store = Store(url)
    gen = bench.Generator(seed)
    args = argparse.Namespace(articles=articles, quotes_per_article=5)
    bench.generate(store, gen, args, datetime.now())
    store.close()


def request_mix(url: str, seed: int, count: int = 2000) -> list[str]:
    """Paths of real requests: speakers, words, article ids taken from the store."""
    from sayso.store import Store

    store = Store(url)
    rng = random.Random(seed)
    page = store.search_quotes(limit=500)
    quotes = page.items
    store.close()
    speakers = sorted({q.speaker_name for q in quotes if q.speaker_name})
    words = sorted({w for q in quotes for w in q.text.split() if w.isalpha() and len(w) > 5})
    articles = sorted({q.article_id for q in quotes})
    paths = []
    for i in range(count):
        kind = i % 4
        if kind == 0:
            paths.append(f"/api/v1/quotes?speaker={rng.choice(speakers)}&limit=20")
        elif kind == 1:
            paths.append(f"/api/v1/search?q={rng.choice(words)}")
        elif kind == 2:
            paths.append(f"/api/v1/articles/{rng.choice(articles)}")
        else:
            paths.append(f"/api/v1/statements?speaker={rng.choice(speakers)}&limit=20")
    rng.shuffle(paths)
    return paths


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def serve(url: str, port: int, workers: int | None) -> subprocess.Popen[bytes]:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    proc = subprocess.Popen(
        [sys.executable, "-c", "from sayso.cli import main; main()", "serve"]
        + ["--db", url, "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"]
        + (["--workers", str(workers)] if workers else []),
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("bench/load.py: the server did not start within 120 s")


def kind(path: str) -> str:
    """The request's kind: its route (/api/v1/articles/{id} for one article)."""
    route = path.split("?", 1)[0]
    return route.rsplit("/", 1)[0] + "/{id}" if route.startswith("/api/v1/articles/") else route


class Connections:
    """Keep-alive HTTP/1.1 connections to the server, opened as needed (at most ``limit``),
    sending GETs over plain asyncio streams. (httpx's pool, with hundreds of connections and
    requests waiting, spent more CPU than the server: at 200 req/s the client, not the
    server, was what saturated.)"""

    def __init__(self, host: str, port: int, limit: int = 256) -> None:
        self.host, self.port = host, port
        # idle connections and when each was last used
        self.idle: list[tuple[asyncio.StreamReader, asyncio.StreamWriter, float]] = []
        self.free = asyncio.Semaphore(limit)

    async def get(self, path: str) -> int:
        """The status of ``GET path`` (its body read and dropped)."""
        target = quote(path, safe="/?&=:%+")  # the names' spaces
        request = f"GET {target} HTTP/1.1\r\nHost: {self.host}\r\n\r\n".encode()
        async with self.free:
            while self.idle:
                reader, writer, used = self.idle.pop()
                if time.monotonic() - used < IDLE_SECONDS:
                    try:
                        return await self._send(reader, writer, request)
                    except (OSError, asyncio.IncompleteReadError):
                        continue  # the server had closed it: as any client, try another
                writer.close()
            reader, writer = await asyncio.open_connection(self.host, self.port)
            return await self._send(reader, writer, request)

    async def _send(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes
    ) -> int:
        try:
            writer.write(request)
            status, keep = await read_response(reader)
        except BaseException:
            writer.close()
            raise
        if keep:
            self.idle.append((reader, writer, time.monotonic()))
        else:
            writer.close()
        return status

    def close(self) -> None:
        for _, writer, _ in self.idle:
            writer.close()


async def read_response(reader: asyncio.StreamReader) -> tuple[int, bool]:
    """Status and whether the connection stays open; reads the whole body."""
    head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
    status = int(head[0].split()[1])
    headers = dict(
        (name.strip().lower(), value.strip())
        for name, _, value in (line.partition(":") for line in head[1:] if line)
    )
    if "content-length" in headers:
        await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding") == "chunked":
        while size := int((await reader.readuntil(b"\r\n")).split(b";")[0], 16):
            await reader.readexactly(size + 2)
        await reader.readuntil(b"\r\n")
    return status, headers.get("connection", "").lower() != "close"


async def one_at_a_time(port: int, paths: list[str]) -> dict[str, float]:
    """Median seconds of each kind of request sent one at a time ("all": every request)."""
    client = Connections("127.0.0.1", port, limit=1)
    times: dict[str, list[float]] = {"all": []}
    for path in paths:
        start = time.perf_counter()
        status = await asyncio.wait_for(client.get(path), TIMEOUT)
        if status >= 400:
            raise SystemExit(f"bench/load.py: {path} answered {status}")
        took = time.perf_counter() - start
        times["all"].append(took)
        times.setdefault(kind(path), []).append(took)
    client.close()
    return {name: statistics.median(values) for name, values in times.items()}


def tree_cpu(pid: int) -> float:
    """CPU seconds (user + system, all threads) of process ``pid`` and its children."""
    total, todo = 0.0, [pid]
    while todo:
        current = todo.pop()
        try:
            with open(f"/proc/{current}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            with open(f"/proc/{current}/task/{current}/children") as f:
                todo += [int(c) for c in f.read().split()]
        except OSError:  # gone, or no /proc (not Linux)
            continue
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def process_cpu(pids: list[int]) -> float:
    """CPU seconds (user + system) of processes ``pids`` (those gone count 0)."""
    total = 0.0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def database_backends(url: str) -> list[int]:
    """Process ids of the PostgreSQL back-ends connected to the store's database, when the
    server runs on this machine (its processes are then visible in /proc); else none."""
    if not url.startswith("postgres") or not Path("/proc").is_dir():
        return []
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            pids = conn.execute(
                sa.text(
                    "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                    "AND pid <> pg_backend_pid() AND backend_type = 'client backend'"
                )
            ).scalars()
            return [pid for pid in pids if Path(f"/proc/{pid}").exists()]
    finally:
        engine.dispose()


def cpu_per_kind(
    pid: int, port: int, paths: list[str], url: str, count: int = 100
) -> dict[str, tuple[float, float]]:
    """The server's CPU seconds per request of each kind, ``count`` sent one at a time, and
    its database back-ends' (PostgreSQL on this machine; 0 otherwise): on a shared machine
    CPU time says more than wall time, and the database competes for the same cores."""
    kinds: dict[str, list[str]] = {}
    for path in paths:
        kinds.setdefault(kind(path), []).append(path)
    spent = {}
    for name, some in sorted(kinds.items()):
        chosen = (some * count)[:count]
        backends = database_backends(url)  # the server's pool, opened by the warm-up
        before, db_before = tree_cpu(pid), process_cpu(backends)
        asyncio.run(one_at_a_time(port, chosen))
        server = (tree_cpu(pid) - before) / len(chosen)
        spent[name] = (server, (process_cpu(backends) - db_before) / len(chosen))
    return spent


async def open_loop(port: int, paths: list[str], rate: float, seconds: float) -> dict[str, Any]:
    client = Connections("127.0.0.1", port)
    latencies: list[float] = []
    by_kind: dict[str, list[float]] = {}
    errors: dict[str, int] = {}  # why → how many

    async def send(path: str, due: float) -> None:
        try:
            status = await asyncio.wait_for(client.get(path), TIMEOUT)
            why = f"HTTP {status}" if status >= 400 else ""
        except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError) as exc:
            why = type(exc).__name__
        if not why:
            latencies.append(time.perf_counter() - due)
            by_kind.setdefault(kind(path), []).append(latencies[-1])
        else:
            errors[why] = errors.get(why, 0) + 1
            if errors[why] == 1:
                print(f"       first {why}: {path}", flush=True)

    tasks = []
    start = time.perf_counter()
    total = int(rate * seconds)
    for i in range(total):
        due = start + i / rate
        delay = due - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(send(paths[i % len(paths)], due)))
    await asyncio.gather(*tasks)
    elapsed = time.perf_counter() - start
    client.close()
    ordered = sorted(latencies) or [float("nan")]

    def pct(p: float, values: list[float] = ordered) -> float:
        return values[min(len(values) - 1, int(len(values) * p))] * 1000

    return {
        "rate": rate,
        "sent": total,
        "completed": len(latencies),
        "errors": sum(errors.values()),
        "why": errors,
        "achieved": len(latencies) / elapsed,
        "p50": pct(0.50),
        "p95": pct(0.95),
        "p99": pct(0.99),
        "p95_by_kind": {k: pct(0.95, sorted(v)) for k, v in sorted(by_kind.items())},
        "client_cpu": 0.0,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", help="postgresql+psycopg://… (default: a SQLite file)")
    ap.add_argument("--articles", type=int, default=20_000, help="x 5 quotes each")
    ap.add_argument("--rates", default="200", help="requests per second, comma-separated")
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--seed", type=int, default=16)
    ap.add_argument("--workers", type=int, help="sayso serve --workers (default: its own)")
    ap.add_argument(
        "--store", help="a store this bench built before (kept): skip building one"
    )
    args = ap.parse_args()

    folder = tempfile.mkdtemp(prefix="sayso-load-")
    schema_name = None
    if args.store:
        url = args.store
    elif args.db and args.db.startswith("postgres"):
        import sqlalchemy as sa

        schema_name = f"sayso_load_{uuid.uuid4().hex[:8]}"
        admin = sa.create_engine(args.db)
        with admin.begin() as conn:
            conn.execute(sa.text(f"CREATE SCHEMA {schema_name}"))
        sep = "&" if "?" in args.db else "?"
        url = f"{args.db}{sep}options=-csearch_path%3D{schema_name}"
    else:
        url = f"sqlite:///{Path(folder) / 'load.db'}"
    server = None
    try:
        if not args.store:
            t0 = time.perf_counter()
            build(url, args.articles, args.seed)
            took = time.perf_counter() - t0
            print(f"store: {args.articles * 5:,} quotes in {took:.0f} s", flush=True)
        paths = request_mix(url, args.seed)
        port = free_port()
        server = serve(url, port, args.workers)
        asyncio.run(one_at_a_time(port, paths[:20]))  # warm: every process opens the store
        reference = asyncio.run(one_at_a_time(port, paths[:200]))
        kinds = ", ".join(f"{k} {v * 1000:.1f}" for k, v in sorted(reference.items()) if k != "all")
        print(
            f"reference: one request at a time, median {reference['all'] * 1000:.1f} ms "
            f"({kinds})",
            flush=True,
        )
        cpu = cpu_per_kind(server.pid, port, paths, url)
        kinds = ", ".join(f"{k} {v * 1000:.2f}" for k, (v, _) in cpu.items())
        print(f"server CPU per request, ms: {kinds}", flush=True)
        if any(db for _, db in cpu.values()):
            kinds = ", ".join(f"{k} {db * 1000:.2f}" for k, (_, db) in cpu.items())
            print(f"database CPU per request, ms: {kinds}", flush=True)
        print(
            f"{'rate':>6} {'sent':>7} {'done':>7} {'errors':>6} {'req/s':>7} "
            f"{'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}"
        )
        for rate in (float(r) for r in args.rates.split(",")):
            load_before = os.getloadavg()[0]
            cpu = time.process_time()
            r = asyncio.run(open_loop(port, paths, rate, args.seconds))
            r["client_cpu"] = (time.process_time() - cpu) / args.seconds
            held = r["errors"] == 0 and r["p95"] <= 100 and r["achieved"] >= 0.97 * rate
            print(
                f"{rate:6.0f} {r['sent']:7d} {r['completed']:7d} {r['errors']:6d} "
                f"{r['achieved']:7.1f} {r['p50']:8.1f} {r['p95']:8.1f} {r['p99']:8.1f}  "
                f"{'held' if held else 'NOT held'} (target: p95 <= 100 ms, 0 errors)",
                flush=True,
            )
            worst = ", ".join(f"{k} {v:.0f}" for k, v in r["p95_by_kind"].items())
            print(f"       p95 ms by kind: {worst}", flush=True)
            if r["why"]:
                print(f"       errors: {r['why']}", flush=True)
            print(f"       the client used {r['client_cpu']:.0%} of a core", flush=True)
            print(
                f"       machine load (1 min) before {load_before:.1f}, after "
                f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores",
                flush=True,
            )
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(30)
            except subprocess.TimeoutExpired:  # still answering a backlog: stop it now
                os.killpg(server.pid, signal.SIGKILL)
                server.wait(30)
        if schema_name:
            with admin.begin() as conn:
                conn.execute(sa.text(f"DROP SCHEMA {schema_name} CASCADE"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
