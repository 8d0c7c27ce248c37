"""Read a batch of generated hostile inputs through ``sayso.ingest.read_inputs`` and check
what came out; ``make fuzz`` runs it long and prints the figures.

The batch (``generate.cases``) is written into one folder and read as a whole, as
``sayso ingest FOLDER`` would, in a separate process whose address space is capped
(``WORKER_MEMORY``), so a runaway input cannot take the machine down with it. That process
reports every Article and Failure with the time since the previous one and its peak RSS so
far (``resource.getrusage``). ``problems`` then checks each input against its expectation:

- nothing raised and the run finished (the worker exits 0 having read every input);
- every good input came out as articles, with no failure;
- every bad input gave exactly one Failure, whose reason a user can act on (no Python
  internals such as "AssertionError: expected name token", no "a sayso bug" fallback);
- no article holds the text of the file a symbolic link points to outside the folder;
- per input: at most ``MAX_SECONDS``; the whole run: peak RSS at most ``MAX_RSS_MB``
  (``peak_rss_kb``: the reading process's own, measured as it goes).

``python -m tests.hostile.run --count 10000`` prints the figures and exits 1 on a problem.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from tests.hostile.generate import Case, cases, write_batch

REPO = Path(__file__).resolve().parents[2]
# Targets of issue 16: peak RSS of any input under the caps; a time well within a run's
# patience for any one input (the slowest legitimate kinds take a few seconds).
MAX_RSS_MB = 1024
MAX_SECONDS = 30.0
# The reading process may not map more than this: a runaway fails there, not the machine.
WORKER_MEMORY = 3 * 1024 * 1024 * 1024
SECRET = "SECRET outside the folder"
# What a user should never read in a reason: Python's own words.
INTERNALS = re.compile(
    r"Traceback|\b\w*(?:Error|Exception)\b(?=:)|NoneType|object has no attribute|"
    r"a sayso bug|expected name token|LookupError|codec"
)


@dataclass(slots=True)
class Outcome:
    """What reading one input gave."""

    articles: int = 0
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0
    secret_leaked: bool = False


@dataclass(slots=True)
class Report:
    batch: list[Case]
    outcomes: dict[str, Outcome]  # by case name
    strays: list[str]  # sources that match no case
    exit_code: int
    stderr: str
    seconds: float
    peak_rss_mb: float
    peak_kind: str = ""  # the kind of input during which the peak was reached


def run_batch(count: int, seed: int, folder: Path) -> Report:
    """Write ``count`` cases into ``folder`` and read them in a worker process."""
    batch = write_batch(cases(count, seed), folder)
    env = {k: v for k, v in os.environ.items() if not k.startswith("SAYSO_")}
    env["PYTHONPATH"] = str(REPO)
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "tests.hostile.run", "--worker", str(folder)],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        timeout=max(600, count * MAX_SECONDS / 10),
    )
    seconds = time.monotonic() - started
    return collate(batch, folder, done, seconds)


def collate(
    batch: list[Case], folder: Path, done: subprocess.CompletedProcess, seconds: float
) -> Report:
    from sayso.ingest.sources import shown

    by_shown = {shown(case.name): case.name for case in batch}
    outcomes = {case.name: Outcome() for case in batch}
    kinds = {case.name: case.kind for case in batch}
    strays: list[str] = []
    peak, peak_kind = 0.0, ""
    prefix = f"{folder.name}/"
    for line in done.stdout.splitlines():
        record = json.loads(line)
        name = record.get("source", "").removeprefix(prefix).split("#", 1)[0]
        if record["maxrss_kb"] / 1024 > peak:
            peak = record["maxrss_kb"] / 1024
            peak_kind = kinds.get(by_shown.get(name, ""), "")
        if "source" not in record:
            continue
        if name not in by_shown:
            strays.append(record["source"])
            continue
        outcome = outcomes[by_shown[name]]
        outcome.seconds += record["seconds"]
        if record["type"] == "failure":
            outcome.failures.append(record["reason"])
        else:
            outcome.articles += 1
            outcome.secret_leaked |= record["secret"]
    return Report(batch, outcomes, strays, done.returncode, done.stderr, seconds, peak, peak_kind)


def problems(report: Report) -> list[str]:
    """Every way the run fell short of what the module docstring promises."""
    found = []
    if report.exit_code != 0:
        found.append(f"the reading process exited {report.exit_code}: {report.stderr[-2000:]}")
    found += [f"{source}: output for no input" for source in report.strays]
    for case in report.batch:
        outcome = report.outcomes[case.name]
        what = f"{case.name!r} ({case.kind}, expected {case.expect})"
        articles, failures = outcome.articles, outcome.failures
        wrong = {
            "article": articles == 0 or failures,
            "failure": articles or len(failures) != 1,
            "some": articles == 0 or len(failures) != 1,
            "either": len(failures) > 1,
        }[case.expect]
        if wrong:
            found.append(f"{what}: {articles} articles, failures {failures}")
        for reason in failures:
            if INTERNALS.search(reason) or len(reason) < 20:
                found.append(f"{what}: reason not for a user: {reason}")
        if outcome.secret_leaked:
            found.append(f"{what}: an article holds the file a link points to")
        if outcome.seconds > MAX_SECONDS:
            found.append(f"{what}: took {outcome.seconds:.1f} s")
    if report.peak_rss_mb > MAX_RSS_MB:
        found.append(f"peak RSS {report.peak_rss_mb:.0f} MB, over {MAX_RSS_MB} MB")
    return found


def figures(report: Report) -> str:
    """The run in numbers: inputs, outcomes, slowest inputs and kinds, peak memory."""
    outcomes = report.outcomes
    expected = Counter(case.expect for case in report.batch)
    articles = sum(o.articles for o in outcomes.values())
    failures = sum(len(o.failures) for o in outcomes.values())
    times = sorted(o.seconds for o in outcomes.values())
    slowest_by_kind: dict[str, float] = defaultdict(float)
    for case in report.batch:
        slowest_by_kind[case.kind] = max(slowest_by_kind[case.kind], outcomes[case.name].seconds)
    top = sorted(slowest_by_kind.items(), key=lambda kv: -kv[1])[:8]
    return "\n".join(
        [
            f"inputs: {len(report.batch):,} ({len({c.kind for c in report.batch})} kinds; "
            + ", ".join(f"{n:,} {e}" for e, n in sorted(expected.items()))
            + ")",
            f"read: {articles:,} articles, {failures:,} failures; run exit code "
            f"{report.exit_code}; {len(problems(report))} problems",
            f"time: {report.seconds:.1f} s in all; per input p50 {pct(times, 50):.3f} s, "
            f"p99 {pct(times, 99):.3f} s, max {times[-1]:.2f} s",
            "slowest kinds (max s per input): " + ", ".join(f"{kind} {s:.2f}" for kind, s in top),
            f"peak RSS of the reading process: {report.peak_rss_mb:.0f} MB (reached while "
            f"reading {report.peak_kind or 'the last input'})",
        ]
    )


def pct(values: list[float], p: int) -> float:
    return values[min(len(values) - 1, len(values) * p // 100)] if values else 0.0


def peak_rss_kb() -> int:
    """Peak resident memory of this process in KB: Linux's VmHWM, else getrusage.

    ``getrusage(RUSAGE_SELF).ru_maxrss`` survives exec on Linux: a worker started by a
    pytest process of 2 GB reports 2 GB before reading anything. VmHWM belongs to the
    address space exec made, so it is this process's own peak."""
    import resource

    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def worker(folder: str) -> None:
    """Read ``folder`` through read_inputs and print one JSON line per item, then a last
    line with the peak RSS."""
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (WORKER_MEMORY, WORKER_MEMORY))
    from sayso.ingest import read_inputs
    from sayso.ingest.limits import ReadOptions
    from sayso.model import Failure

    last = time.monotonic()
    for item in read_inputs([folder], ReadOptions()):
        record = {"source": item.source, "seconds": time.monotonic() - last}
        if isinstance(item, Failure):
            record |= {"type": "failure", "reason": item.reason}
        else:
            record |= {"type": "article", "secret": SECRET in item.text}
        record["maxrss_kb"] = peak_rss_kb()
        print(json.dumps(record), flush=True)
        last = time.monotonic()
    print(json.dumps({"maxrss_kb": peak_rss_kb()}), flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=10_000, help="inputs to generate")
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker)
        return 0
    with tempfile.TemporaryDirectory(prefix="sayso-fuzz-") as tmp:
        report = run_batch(args.count, args.seed, Path(tmp) / "batch")
    print(figures(report))
    found = problems(report)
    for problem in found[:50]:
        print("PROBLEM:", problem)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
