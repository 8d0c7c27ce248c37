"""Web benchmark: how much the REST API and the pages add on top of the store's own calls.

    python bench/web.py --db sqlite:///sayso.db        # an existing store (e.g. make examples)
    python bench/web.py --db ... --rounds 50
    python bench/web.py --db ... --target-ms 150       # exit 1 if a search page's p95 is over

Targets (issue 14): the search page (one search: words, a speaker, both, a name typed in
the box) p95 < 150 ms on the Kremlin + White House samples, < 300 ms on the 1M-quote bench
store (bench/store.py --keep), each next to the store query alone (its page of quotes).
Issue 15: on the 1M-quote store, the network page, an actor page (the busiest speaker's)
and the facet counts p95 <= 300 ms, next to the plain quote query (the newest 20 quotes)
measured in the same run (the third table; ``--target-ms`` applies to it too); last, the
REST network with every day of its edges (``--network-rounds``, not held to a target).

For each endpoint the median and p95 wall time of a request through the ASGI app (no network)
is printed next to the store call(s) it is built on, measured in the same run, so the ratio
is the web layer's own cost: parameter checks, view dicts, JSON or HTML rendering.
"""

from __future__ import annotations

import argparse
import os
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
    parser.add_argument("--target-ms", type=float, default=None, help="search page p95 bound")
    parser.add_argument("--network-rounds", type=int, default=5, help="for GET /api/v1/network")
    args = parser.parse_args()

    from fastapi.testclient import TestClient

    from sayso.store import QuoteFilters, Store
    from sayso.web import create_app

    store = Store(args.db)
    if store.stats().articles == 0:
        print(f"bench/web.py: {args.db} holds no articles; run `sayso ingest` first")
        return 2
    top = store.facets(fields=["speaker"], limit=1)["speaker"][0].value
    top_name = store.actor_names([top]).get(top, top)
    family = top_name.split()[-1]
    article_id = store.search_quotes(limit=1).items[0].article_id
    client = TestClient(create_app(args.db))
    speaker = QuoteFilters(speaker=top)
    word = common_word(store, speaker)

    searches: list[tuple[str, str, QuoteFilters]] = [
        ("search page: words", f"/?q={word}", QuoteFilters(query=word)),
        ("search page: speaker", f"/?speaker={top}", speaker),
        (
            "search page: speaker + words",
            f"/?speaker={top}&q={word}",
            QuoteFilters(speaker=top, query=word),
        ),
        ("search page: a name typed", f"/?q={family}", QuoteFilters(query=family)),
    ]
    print(f"store: {args.db}; {store.stats().quotes:,} quotes; speaker {top_name}, word {word!r}")
    print(f"{'search page':32} {'web p50':>9} {'web p95':>9} {'store p50':>10} {'store p95':>10}")
    worst = 0.0
    for name, url, filters in searches:
        web = timings(lambda url=url: client.get(url).raise_for_status(), args.rounds)
        ref = timings(lambda f=filters: store.search_quotes(f, limit=20), args.rounds)
        worst = max(worst, p95(web))
        print(
            f"{name:32} {statistics.median(web) * 1000:7.1f}ms {p95(web) * 1000:7.1f}ms "
            f"{statistics.median(ref) * 1000:8.1f}ms {p95(ref) * 1000:8.1f}ms"
        )
    print()

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
            "GET /api/v1/suggest",
            f"/api/v1/suggest?q={family[:4]}",
            lambda: store.suggest_actors(family[:4]),
        ),
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
    print()

    # Issue 15: network page, actor page, facet counts, next to the plain quote query.
    from sayso.web.queries import FACET_FIELDS, FACET_SIZE

    about_top = store.facets(fields=["about"], limit=1)["about"][0].value
    plain = timings(lambda: store.search_quotes(limit=20), args.rounds)
    heavy: list[tuple[str, Callable[[], Any]]] = [
        ("GET /network (page)", lambda: client.get("/network").raise_for_status()),
        (f"GET /actors/{top} (page)", lambda: client.get(f"/actors/{top}").raise_for_status()),
        (
            "facet counts: all quotes",
            lambda: store.facets(fields=FACET_FIELDS, limit=FACET_SIZE),
        ),
        (
            "facet counts: a speaker",
            lambda: store.facets(speaker, fields=FACET_FIELDS, limit=FACET_SIZE),
        ),
        (
            "facet counts: about an actor",
            lambda: store.facets(
                QuoteFilters(about=about_top), fields=FACET_FIELDS, limit=FACET_SIZE
            ),
        ),
    ]
    head = (
        f"issue 15 (plain quote query p50 {statistics.median(plain) * 1000:.1f} ms, "
        f"p95 {p95(plain) * 1000:.1f} ms)"
    )
    print(f"{head:58} {'p50':>9} {'p95':>9} {'p95/plain':>10}")
    for name, call in heavy:
        took = timings(call, args.rounds)
        worst = max(worst, p95(took))
        print(
            f"{name:58} {statistics.median(took) * 1000:7.1f}ms {p95(took) * 1000:7.1f}ms "
            f"{p95(took) / p95(plain):10.1f}"
        )
    # The REST network sends every day of each of its 300 edges: slow on a big store, so
    # timed over fewer rounds, and not held to the target.
    if args.network_rounds > 0:  # 0: skip it
        rest = timings(
            lambda: client.get("/api/v1/network").raise_for_status(), args.network_rounds
        )
        print(
            f"{'GET /api/v1/network (300 edges with their days)':58} "
            f"{statistics.median(rest) * 1000:7.1f}ms {p95(rest) * 1000:7.1f}ms "
            f"{p95(rest) / p95(plain):10.1f}"
        )
    print(f"load average (1 min) {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    if args.target_ms is not None and worst * 1000 > args.target_ms:
        print(f"a p95 of {worst * 1000:.1f} ms is over the {args.target_ms:.0f} ms target")
        return 1
    return 0


def common_word(store: Any, filters: Any) -> str:
    """A word of the speaker's latest statements that is not a stop word: what someone
    would search for."""
    import re
    from collections import Counter

    words: Counter[str] = Counter()
    for hit in store.search_quotes(filters, limit=50).items:
        words.update(w.lower() for w in re.findall(r"[A-Za-z]{6,}", hit.text))
    return words.most_common(1)[0][0] if words else "president"


if __name__ == "__main__":
    sys.exit(main())
