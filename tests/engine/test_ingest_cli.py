"""`sayso ingest` end to end with the real pipeline: summary, exit codes, idempotence,
crash safety (SIGKILL mid-run, then rerun) and two concurrent ingests on PostgreSQL."""

from __future__ import annotations

import json
import os
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text

from sayso.store import schema

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures" / "store"
SUMMARY = re.compile(
    r"ingested (\d+) articles \((\d+) new, (\d+) updated, (\d+) unchanged\), (\d+) quotes; "
    r"(\d+) failed"
)


def readers_available() -> bool:
    import sayso.ingest.sources as sources

    return hasattr(sources, "open_inputs")


pytestmark = pytest.mark.skipif(
    not readers_available(),
    reason="the ingest readers (sayso.ingest.sources) are not in "
    "this checkout yet; these tests need the real pipeline",
)


def sayso(*args: str, **kwargs) -> subprocess.Popen:  # type: ignore[no-untyped-def]
    env = dict(os.environ, PYTHONPATH=str(REPO))
    return subprocess.Popen(
        [sys.executable, "-c", "from sayso.cli import main; main()", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=REPO,
        start_new_session=True,
        **kwargs,
    )


def run(*args: str, timeout: float = 300) -> tuple[int, str, str]:
    proc = sayso(*args)
    out, err = proc.communicate(timeout=timeout)
    return proc.returncode, out, err


def summary(out: str) -> tuple[int, ...]:
    match = SUMMARY.search(out)
    assert match, f"no summary line in {out!r}"
    return tuple(int(g) for g in match.groups())


def sentences() -> list[str]:
    found: list[str] = []
    for path in sorted(FIXTURES.glob("*.txt")):
        body = " ".join(path.read_text(encoding="utf-8").split())
        found += [s for s in re.split(r"(?<=[.!?”])\s+", body) if len(s.split()) > 5]
    return found


def make_corpus(folder: Path, n: int) -> list[Path]:
    """``n`` distinct plain-text articles, each a different mix of real sentences."""
    pool = sentences()
    rng = random.Random(5)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        body = "\n\n".join(rng.sample(pool, 6))
        path = folder / f"article-{i:04d}.txt"
        path.write_text(body + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def stored(url: str) -> dict[str, int]:
    engine = create_engine(url)
    with engine.connect() as conn:
        counts = {
            name: int(conn.execute(select(func.count()).select_from(table)).scalar() or 0)
            for name, table in (
                ("articles", schema.articles),
                ("locations", schema.article_locations),
                ("quotes", schema.quotes),
            )
        }
        counts["distinct_ids"] = int(
            conn.execute(select(func.count(func.distinct(schema.articles.c.id)))).scalar() or 0
        )
        # every article's quotes are all there (quote_count was written with the article)
        counts["incomplete"] = int(
            conn.execute(
                text(
                    "SELECT count(*) FROM articles a WHERE a.quote_count <> "
                    "(SELECT count(*) FROM quotes q WHERE q.article_pk = a.pk)"
                )
            ).scalar()
            or 0
        )
    engine.dispose()
    return counts


def test_ingest_prints_summary_and_is_idempotent(sqlite_url: str, tmp_path: Path) -> None:
    inputs = [str(p) for p in sorted(FIXTURES.glob("*.txt"))]
    code, out, err = run("ingest", *inputs, "--db", sqlite_url)
    assert code == 0, err
    assert summary(out) == (6, 6, 0, 0, summary(out)[4], 0)
    code, out, _ = run("ingest", *inputs, "--db", sqlite_url)
    assert code == 0 and summary(out)[:4] == (6, 0, 0, 6)
    assert stored(sqlite_url)["articles"] == 6


def test_failed_inputs_are_named_and_the_rest_is_kept(sqlite_url: str, tmp_path: Path) -> None:
    missing = tmp_path / "no-such-file.txt"
    code, out, err = run(
        "ingest", str(FIXTURES / "kremlin-42141.txt"), str(missing), "--db", sqlite_url
    )
    assert code == 1
    assert str(missing) in err
    assert summary(out)[0] == 1 and summary(out)[-1] == 1
    assert stored(sqlite_url)["articles"] == 1


def test_workers_store_the_same_as_one_process(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "in", 12)
    one, two = f"sqlite:///{tmp_path / 'one.db'}", f"sqlite:///{tmp_path / 'two.db'}"
    assert run("ingest", str(corpus[0].parent), "--db", one)[0] == 0
    code, out, err = run("ingest", str(corpus[0].parent), "--db", two, "--workers", "2")
    assert code == 0, err
    assert summary(out)[:2] == (12, 12)
    assert stored(one) == stored(two)


def wait_for_articles(url: str, at_least: int, proc: subprocess.Popen, timeout: float) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return -1
        try:
            n = stored(url)["articles"]
        except Exception:  # noqa: BLE001 - database not created yet
            n = 0
        if n >= at_least:
            return n
        time.sleep(0.05)
    return 0


def test_sigkill_mid_run_then_rerun_stores_every_article_exactly_once(
    db_url: str, tmp_path: Path
) -> None:
    n = 150
    corpus = make_corpus(tmp_path / "in", n)
    url = db_url
    proc = sayso("ingest", str(corpus[0].parent), "--db", url)
    seen = wait_for_articles(url, 5, proc, timeout=600)  # model loading on a loaded machine
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert seen > 0, "ingest finished (or never stored anything) before it could be killed"
    partial = stored(url)["articles"]
    assert partial < n, "ingest finished before the kill; make the corpus bigger"

    code, out, err = run("ingest", str(corpus[0].parent), "--db", url)
    assert code == 0, err
    total, new, updated, unchanged = summary(out)[:4]
    assert total == n and unchanged >= partial and new == n - unchanged
    after = stored(url)
    assert after["articles"] == after["distinct_ids"] == after["locations"] == n
    assert after["incomplete"] == 0


def test_two_concurrent_ingests_on_postgresql_do_not_clash(pg_url: str, tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "in", 60)
    folder = str(corpus[0].parent)
    assert run("db", "upgrade", "--db", pg_url)[0] == 0
    procs = [sayso("ingest", folder, "--db", pg_url) for _ in range(2)]
    results = [p.communicate(timeout=300) for p in procs]
    for proc, (out, err) in zip(procs, results, strict=True):
        assert proc.returncode == 0, err
        assert summary(out)[0] == 60
    news = [summary(out)[1] for out, _ in results]
    assert sum(news) == 60  # each article stored new by exactly one of them
    after = stored(pg_url)
    assert after["articles"] == after["distinct_ids"] == after["locations"] == 60
    assert after["incomplete"] == 0


def test_concurrent_schema_creation_on_postgresql(pg_url: str) -> None:
    procs = [sayso("db", "upgrade", "--db", pg_url) for _ in range(3)]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err


def test_wire_story_in_three_outlets_is_one_statement_with_three_reports(db_url: str) -> None:
    """The duplicate-heavy fixture through the real pipeline: one wire story syndicated by
    three outlets (one of them hard-wraps its lines) is one story, one statement, three
    reports."""
    wire = [str(p) for p in sorted(FIXTURES.glob("wire-*.txt"))]
    code, out, err = run("ingest", *wire, "--db", db_url)
    assert code == 0, err
    code, out, err = run("quotes", "--db", db_url, "--format", "json", "--limit", "50")
    assert code == 0, err
    hits = json.loads(out)["quotes"]
    assert len(hits) == 3
    assert len({h["statement_id"] for h in hits}) == 1
    assert {h["reports"] for h in hits} == {3}
    assert {h["speaker_name"] for h in hits} == {"First Lady"}


def group_gone(pgid: int, timeout: float) -> bool:
    """True once no process of the group ``pgid`` is left (within ``timeout`` seconds)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.1)
    return False


def test_sigkill_at_ten_random_moments_loses_and_duplicates_nothing(
    db_url: str, tmp_path: Path
) -> None:
    """`sayso ingest --workers 2` killed with SIGKILL (the main process only, as the OOM
    killer does) at 10 random moments: reading, analysing, writing a batch. After each kill
    the store holds whole articles only and no worker is left; a last run completes it with
    every article exactly once."""
    # Enough articles that a run cut short still has work left on a fast, quiet machine
    # (the skip ledger makes each re-run start where the last one stopped).
    n = 200
    corpus = make_corpus(tmp_path / "in", n)
    folder = str(corpus[0].parent)
    rng = random.Random(16)
    kills = 0
    for moment in range(10):
        before = stored(db_url)["articles"] if moment else 0
        proc = sayso("ingest", folder, "--db", db_url, "--workers", "2")
        if moment % 2:  # at a random time in start-up, model loading or the first articles
            deadline = time.monotonic() + rng.uniform(0.3, 4.0)
            while time.monotonic() < deadline and proc.poll() is None:
                time.sleep(0.05)
        else:  # once a random number of articles more has been written
            wait_for_articles(db_url, before + rng.randint(1, 8), proc, timeout=600)
        if proc.poll() is None:
            proc.kill()
            kills += 1
        proc.communicate()
        assert group_gone(proc.pid, timeout=15), "a worker outlived its killed ingest"
        after = stored(db_url)
        assert after["articles"] == after["distinct_ids"] == after["locations"] >= before
        assert after["incomplete"] == 0
    # A run that found little left to do may finish first; most must be cut short.
    assert kills >= 6, f"only {kills} of 10 runs were killed before finishing"

    code, out, err = run("ingest", folder, "--db", db_url)
    assert code == 0, err
    total, new, updated, unchanged = summary(out)[:4]
    assert total == n and updated == 0 and new + unchanged == n
    final = stored(db_url)
    assert final["articles"] == final["distinct_ids"] == final["locations"] == n
    assert final["incomplete"] == 0
