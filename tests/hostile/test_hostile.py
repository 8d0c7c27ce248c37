"""A bounded fuzz run: a few hundred generated hostile inputs (every kind of issue 16 at
full size among them) read as one folder through ``sayso.ingest.read_inputs``, in a
separate process. ``make fuzz`` runs the same check on 10,000 inputs and prints figures.
"""

from __future__ import annotations

from pathlib import Path

from tests.hostile.generate import KINDS
from tests.hostile.run import figures, problems, run_batch

# Enough for every kind once and a few hundred drawn by weight; seconds, not minutes.
COUNT = 250


def test_hostile_batch_is_read_without_a_problem(tmp_path: Path) -> None:
    report = run_batch(COUNT, seed=16, folder=tmp_path / "batch")
    assert {case.kind for case in report.batch} == set(KINDS)
    found = problems(report)
    assert not found, "\n".join([figures(report), *found[:20]])
    # every good input came out, every bad one was named: nothing silently lost
    assert all(report.outcomes[c.name].articles for c in report.batch if c.expect == "article")
    assert all(report.outcomes[c.name].failures for c in report.batch if c.expect == "failure")
