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
what each costs without contention.
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

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
TIMEOUT = 10.0


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


async def one_at_a_time(base: str, paths: list[str]) -> dict[str, float]:
    """Median seconds of each kind of request sent one at a time ("all": every request)."""
    import httpx

    async with httpx.AsyncClient(base_url=base, timeout=TIMEOUT) as client:
        times: dict[str, list[float]] = {"all": []}
        for path in paths:
            start = time.perf_counter()
            (await client.get(path)).raise_for_status()
            took = time.perf_counter() - start
            times["all"].append(took)
            times.setdefault(kind(path), []).append(took)
    return {name: statistics.median(values) for name, values in times.items()}


async def open_loop(base: str, paths: list[str], rate: float, seconds: float) -> dict[str, Any]:
    import httpx

    limits = httpx.Limits(max_connections=512, max_keepalive_connections=512)
    latencies: list[float] = []
    by_kind: dict[str, list[float]] = {}
    errors = 0
    async with httpx.AsyncClient(base_url=base, timeout=TIMEOUT, limits=limits) as client:

        async def send(path: str, due: float) -> None:
            nonlocal errors
            try:
                response = await client.get(path)
                ok = response.status_code < 400
            except httpx.HTTPError:
                ok = False
            if ok:
                latencies.append(time.perf_counter() - due)
                by_kind.setdefault(kind(path), []).append(latencies[-1])
            else:
                errors += 1

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
    ordered = sorted(latencies) or [float("nan")]

    def pct(p: float, values: list[float] = ordered) -> float:
        return values[min(len(values) - 1, int(len(values) * p))] * 1000

    return {
        "rate": rate,
        "sent": total,
        "completed": len(latencies),
        "errors": errors,
        "achieved": len(latencies) / elapsed,
        "p50": pct(0.50),
        "p95": pct(0.95),
        "p99": pct(0.99),
        "p95_by_kind": {k: pct(0.95, sorted(v)) for k, v in sorted(by_kind.items())},
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
        base = f"http://127.0.0.1:{port}"
        asyncio.run(one_at_a_time(base, paths[:20]))  # warm: every process opens the store
        reference = asyncio.run(one_at_a_time(base, paths[:200]))
        kinds = ", ".join(f"{k} {v * 1000:.1f}" for k, v in sorted(reference.items()) if k != "all")
        print(
            f"reference: one request at a time, median {reference['all'] * 1000:.1f} ms "
            f"({kinds})",
            flush=True,
        )
        print(
            f"{'rate':>6} {'sent':>7} {'done':>7} {'errors':>6} {'req/s':>7} "
            f"{'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}"
        )
        for rate in (float(r) for r in args.rates.split(",")):
            load_before = os.getloadavg()[0]
            r = asyncio.run(open_loop(base, paths, rate, args.seconds))
            held = r["errors"] == 0 and r["p95"] <= 100 and r["achieved"] >= 0.97 * rate
            print(
                f"{rate:6.0f} {r['sent']:7d} {r['completed']:7d} {r['errors']:6d} "
                f"{r['achieved']:7.1f} {r['p50']:8.1f} {r['p95']:8.1f} {r['p99']:8.1f}  "
                f"{'held' if held else 'NOT held'} (target: p95 <= 100 ms, 0 errors)",
                flush=True,
            )
            worst = ", ".join(f"{k} {v:.0f}" for k, v in r["p95_by_kind"].items())
            print(f"       p95 ms by kind: {worst}", flush=True)
            print(
                f"       machine load (1 min) before {load_before:.1f}, after "
                f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores",
                flush=True,
            )
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(30)
        if schema_name:
            with admin.begin() as conn:
                conn.execute(sa.text(f"DROP SCHEMA {schema_name} CASCADE"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
