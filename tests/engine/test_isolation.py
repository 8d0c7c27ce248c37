"""Every input is its own unit (issue 16, item 1): an input that breaks reading, analysis
or storing is that input's failure, named on stderr; the good inputs are stored; a run
that cannot finish exits 3, not 1. Analysis runs in sandboxed processes: an article over
its time limit is stopped and named, an analysing process killed mid-run is replaced and
its articles are analysed again, and none is left behind when the client dies."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import psutil
import pytest

from tests.engine.test_ingest_cli import (
    FIXTURES,
    make_corpus,
    run,
    sayso,
    sentences,
    stored,
    summary,
    wait_for_articles,
)

# The per-article limit the poison-article tests set. 2 s was too tight: on a machine at
# load 10 and more, the three short articles went over it too.
SLOW_LIMIT_SECONDS = 6


def corpus_with_a_slow_article(folder: Path) -> Path:
    """Three short articles, and one real text that takes far longer than
    ``SLOW_LIMIT_SECONDS`` to parse (6,000 sentences, ~25 s on a quiet machine; under the
    characters analysed per article): ``article-0001-long.txt``."""
    make_corpus(folder, 3)
    pool = sentences()
    (folder / "article-0001-long.txt").write_text(
        "\n\n".join(pool[i % len(pool)] for i in range(6000)), encoding="utf-8"
    )
    return folder


def over_the_limit(name: str) -> str:
    """The line that names an article stopped at ``SLOW_LIMIT_SECONDS``."""
    return f"{name}: analysis took longer than {SLOW_LIMIT_SECONDS} s (SAYSO_ARTICLE_SECONDS)"


def sandboxes_of(pid: int) -> list[psutil.Process]:
    """The analysing processes (sayso.engine.sandbox) under process ``pid``."""
    try:
        children = psutil.Process(pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []
    return [p for p in children if "sayso.engine.sandbox" in " ".join(safe_cmdline(p))]


def safe_cmdline(proc: psutil.Process) -> list[str]:
    try:
        return proc.cmdline()
    except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
        return []


def test_issue_16_reproductions_store_every_good_input(sqlite_url: str, tmp_path: Path) -> None:
    good = (FIXTURES / "kremlin-42141.txt").read_text(encoding="utf-8")
    (tmp_path / "good.txt").write_text(good, encoding="utf-8")
    (tmp_path / "s.jsonl").write_text('{"text":"\\ud800 Putin said \\"we are ready\\"."}\n')
    (tmp_path / "alias.md").write_text('---\ntitle: T\ntags: &x [*x]\n---\nPutin said "go".\n')
    (tmp_path / "date.md").write_text(
        '---\ntitle: T\ndate: 0001-01-01T00:00:00+14:00\n---\nPutin said "we go now".\n'
    )
    walked = tmp_path / "walk"
    walked.mkdir()
    (walked / os.fsdecode(b"b\xff.txt")).write_text('Biden said "hello there, friends".\n')
    names = ["good.txt", "s.jsonl", "alias.md", "date.md", "walk"]
    code, out, err = run("ingest", *(str(tmp_path / n) for n in names), "--db", sqlite_url)
    assert code == 1, err  # some inputs failed, the rest stored
    assert "internal error" not in err and "Traceback" not in err
    assert "alias.md: " in err and "YAML alias" in err
    assert summary(out)[0] == 4 and summary(out)[-1] == 1
    assert stored(sqlite_url)["articles"] == 4


def test_an_article_over_its_time_limit_is_named_and_the_run_goes_on(
    sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = corpus_with_a_slow_article(tmp_path / "in")
    monkeypatch.setenv("SAYSO_ARTICLE_SECONDS", str(SLOW_LIMIT_SECONDS))
    started = time.monotonic()
    code, out, err = run("ingest", str(folder), "--db", sqlite_url, timeout=600)
    assert code == 1, err
    assert over_the_limit("article-0001-long.txt") in err
    assert summary(out)[0] == 3 and summary(out)[-1] == 1
    assert stored(sqlite_url)["articles"] == 3
    assert time.monotonic() - started < 400


def test_an_analysing_process_killed_mid_run_loses_nothing(
    sqlite_url: str, tmp_path: Path
) -> None:
    n = 100  # still busy when the first article is stored, on a quiet machine too
    folder = tmp_path / "in"
    make_corpus(folder, n)
    proc = sayso("ingest", str(folder), "--db", sqlite_url, "--workers", "2")
    assert wait_for_articles(sqlite_url, 1, proc, timeout=300) > 0
    killed = sandboxes_of(proc.pid)
    assert killed, "no analysing process found"
    killed[0].send_signal(signal.SIGKILL)
    out, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err
    assert summary(out)[:2] == (n, n)
    after = stored(sqlite_url)
    assert after["articles"] == after["distinct_ids"] == n and after["incomplete"] == 0


def test_no_analysing_process_outlives_a_killed_client(sqlite_url: str, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    make_corpus(folder, 200)  # a run still busy when the first article is stored
    proc = sayso("ingest", str(folder), "--db", sqlite_url, "--workers", "2")
    assert wait_for_articles(sqlite_url, 1, proc, timeout=300) > 0
    children = sandboxes_of(proc.pid)
    assert children
    proc.send_signal(signal.SIGKILL)  # the client alone, not its process group
    proc.wait()
    gone, alive = psutil.wait_procs(children, timeout=30)
    assert not alive, f"analysing processes left behind: {[p.pid for p in alive]}"
