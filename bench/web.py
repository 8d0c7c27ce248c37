"""Web benchmark: how much the REST API and the pages add on top of the store's own calls.

    python bench/web.py --db sqlite:///sayso.db        # an existing store (e.g. make examples)
    python bench/web.py --db ... --rounds 50

For each endpoint the median and p95 wall time of a request through the ASGI app (no network)
is printed next to the store call(s) it is built on, measured in the same run, so the ratio
is the web layer's own cost: parameter checks, view dicts, JSON or HTML rendering.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def timings(call: Callable[[], Any], rounds: int) -> list[float]:
    call()  # warm caches and the first-use imports
    out = []
    for _ in range(rounds):
        start = time.perf_counter()
        call()
        out.append(time.perf_counter() - start)
    return out


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="store URL holding some articles")
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()

    from fastapi.testclient import TestClient

    from sayso.store import QuoteFilters, Store
    from sayso.web import create_app

    store = Store(args.db)
    if store.stats().articles == 0:
        print(f"bench/web.py: {args.db} holds no articles; run `sayso ingest` first")
        return 2
    top = store.facets(fields=["speaker"], limit=1)["speaker"][0].value
    article_id = store.search_quotes(limit=1).items[0].article_id
    client = TestClient(create_app(args.db))
    speaker = QuoteFilters(speaker=top)

    cases: list[tuple[str, str, Callable[[], Any]]] = [
        (
            "GET /api/v1/quotes?speaker",
            f"/api/v1/quotes?speaker={top}&limit=50",
            lambda: store.search_quotes(speaker, limit=50),
        ),
        (
            "GET / (search page)",
            f"/?speaker={top}",
            lambda: (
                store.search_quotes(speaker, limit=20),
                store.facets(speaker, limit=12),
                store.count_quotes(speaker),
            ),
        ),
        ("GET /articles/{id}", f"/articles/{article_id}", lambda: store.get_article(article_id)),
        (
            "GET /actors/{id}",
            f"/actors/{top}",
            lambda: (
                store.get_actor(top),
                store.timeline(speaker, by="statement"),
                store.search_quotes(speaker, limit=10),
                store.network(speaker, limit=300),
                store.network(QuoteFilters(about=top), limit=300),
            ),
        ),
        ("GET /network", "/network", lambda: store.network(limit=100)),
    ]
    print(f"{'request':32} {'web median':>11} {'web p95':>9} {'store median':>13} {'ratio':>6}")
    for name, url, direct in cases:
        web = timings(lambda url=url: client.get(url).raise_for_status(), args.rounds)
        ref = timings(direct, args.rounds)
        ratio = statistics.median(web) / statistics.median(ref)
        print(
            f"{name:32} {statistics.median(web) * 1000:9.1f}ms {p95(web) * 1000:7.1f}ms "
            f"{statistics.median(ref) * 1000:11.1f}ms {ratio:6.2f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
