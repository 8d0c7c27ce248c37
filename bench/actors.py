"""Actor knowledge base: build and load time, and mention-resolution throughput.

Reported against references measured in the same run, so the figures travel across
machines: loading is compared with merely decoding the same data files (json.loads of every
line), resolution with a plain dict lookup of the same strings.

    PYTHONPATH=. python bench/actors.py
"""

from __future__ import annotations

import gzip
import json
import tempfile
import time
from pathlib import Path

from sayso.actors import kbcache
from sayso.actors.kb import DATA, build_kb
from sayso.actors.resolve import MentionContext, resolve_mention

MENTIONS = [
    ("Alexander Lukashenko", "2019-02-13"),
    ("Alyaksandr Lukashenka", "2024-08-15"),
    ("the Russian President", "2010-06-01"),
    ("the Belarusian leader", "2024-08-15"),
    ("Mr Putin", "2005-09-05"),
    ("the Kremlin", "2020-03-02"),
    ("US Secretary of State", "2014-05-01"),
    ("German Chancellor Gerhard Schroeder", "2003-02-26"),
    ("Minister of Industry and Trade Denis Manturov", "2018-01-19"),
    ("Hu Jintao", "2010-06-10"),
    ("Nobody Knownname", "2020-01-01"),
    ("the head of state", "2024-08-15"),
]


def timed(fn, repeat: int = 1) -> float:
    start = time.perf_counter()
    for _ in range(repeat):
        fn()
    return (time.perf_counter() - start) / repeat


def decode_only() -> None:
    for name in ("countries.jsonl", "phoenix.jsonl.gz"):
        opener = gzip.open if name.endswith(".gz") else open
        with opener(DATA / name, "rt", encoding="utf-8") as handle:
            for line in handle:
                json.loads(line)


def main() -> None:
    load = timed(build_kb, 3)
    reference = timed(decode_only, 3)
    kb = build_kb()
    print(
        f"load: {load:.2f} s for {len(kb)} actors = {load / reference:.1f}× decoding the "
        f"same files ({reference:.2f} s)"
    )
    with tempfile.TemporaryDirectory() as folder:
        cached = Path(folder) / "kb.pickle"
        kbcache.write_cached(cached, kb)
        read = timed(lambda: kbcache.read_cached(cached), 3)
    print(
        f"load from the cache (what each process does after the first): {read:.2f} s = "
        f"{read / reference:.1f}× decoding, {load / read:.1f}× faster than building"
    )
    context = MentionContext(country="RUS")
    rounds = 200
    resolve = timed(lambda: [resolve_mention(t, d, context, kb) for t, d in MENTIONS], rounds)
    table = {t: t for t, _ in MENTIONS}
    lookup = timed(lambda: [table.get(t) for t, _ in MENTIONS], rounds)
    per = resolve / len(MENTIONS)
    print(
        f"resolve_mention: {per * 1e6:.0f} µs per mention ({1 / per:,.0f}/s) = "
        f"{resolve / lookup:,.0f}× a dict lookup ({lookup / len(MENTIONS) * 1e9:.0f} ns)"
    )


if __name__ == "__main__":
    main()
