"""`sayso ingest --cluster` (issue 15): the same records whichever way analysis runs, and
faults on a dask LocalCluster: a worker SIGKILLed mid-run loses nothing and stores each
article once; a client killed mid-run resumes on the next run with nothing duplicated."""

from __future__ import annotations

import os
import shutil
import signal
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest
from sqlalchemy import create_engine, text

from tests.conftest import FIXTURES, fresh_pg_schema
from tests.engine.test_ingest_cli import make_corpus, run, sayso, stored, summary
from tests.engine.test_ingest_cli import wait_for_articles as wait_for
from tests.engine.test_isolation import (
    SLOW_LIMIT_SECONDS,
    corpus_with_a_slow_article,
    over_the_limit,
    sandboxes_of,
)

pytest.importorskip("distributed")

QUERIES = {
    "articles": "SELECT id, source, url, title, published, language, quote_count FROM articles",
    "quotes": "SELECT a.id, q.qid, q.kind, q.start, q.\"end\", q.speaker_key, q.statement_key, "
    "q.confidence FROM quotes q JOIN articles a ON a.pk = q.article_pk",
    "about": "SELECT a.id, q.qid, qa.key FROM quote_about qa JOIN quotes q ON q.pk = "
    "qa.quote_pk JOIN articles a ON a.pk = q.article_pk",
    "actors": "SELECT id, name, type, country, in_kb FROM actors",
}


def records(url: str) -> dict[str, list[tuple[object, ...]]]:
    """Everything public the store holds, ids included, in a fixed order."""
    engine = create_engine(url)
    with engine.connect() as conn:
        found = {
            name: sorted((tuple(row) for row in conn.execute(text(sql))), key=repr)
            for name, sql in QUERIES.items()
        }
    engine.dispose()
    return found


def corpus(folder: Path) -> Path:
    """Real articles with speakers and actors, and generated mixes of real sentences."""
    make_corpus(folder, 8)
    for name in ("kremlin-42141.txt", "kremlin-29538.txt", "wire-capital-wire.txt"):
        shutil.copy(FIXTURES / "store" / name, folder / name)
    return folder


@pytest.fixture(params=["sqlite", "postgresql"])
def three_urls(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[list[str]]:
    if request.param == "sqlite":
        yield [f"sqlite:///{tmp_path / f'{n}.db'}" for n in range(3)]
        return
    with fresh_pg_schema() as a, fresh_pg_schema() as b, fresh_pg_schema() as c:
        yield [a, b, c]


def test_workers_and_cluster_store_identical_records(
    three_urls: list[str], tmp_path: Path
) -> None:
    folder = str(corpus(tmp_path / "in"))
    ways = (["--workers", "1"], ["--workers", "2"], ["--cluster", "local:2"])
    for url, way in zip(three_urls, ways, strict=True):
        code, out, err = run("ingest", folder, "--db", url, "--quiet", *way, timeout=900)
        assert code == 0, err
        assert summary(out)[:2] == (11, 11)
    one, two, cluster = (records(url) for url in three_urls)
    assert one["quotes"] and one["actors"] and one["about"]
    assert two == one
    assert cluster == one


def dask_workers_of(pid: int) -> list[psutil.Process]:
    """The dask worker processes of the client ``pid``: the parents of its sandboxes."""
    parents = {p.ppid() for p in sandboxes_of(pid)}
    return [psutil.Process(p) for p in parents if p != pid]


def test_a_cluster_worker_killed_mid_run_loses_nothing(sqlite_url: str, tmp_path: Path) -> None:
    # Enough work that a fast machine is still analysing when the first batch is stored.
    n = 120
    folder = tmp_path / "in"
    make_corpus(folder, n)
    proc = sayso("ingest", str(folder), "--db", sqlite_url, "--cluster", "local:2")
    assert wait_for(sqlite_url, 1, proc, timeout=600) > 0
    workers = dask_workers_of(proc.pid)
    assert workers, "no dask worker with an analysing process found"
    os.kill(workers[0].pid, signal.SIGKILL)
    out, err = proc.communicate(timeout=900)
    assert proc.returncode == 0, err
    assert summary(out)[:2] == (n, n)
    after = stored(sqlite_url)
    assert after["articles"] == after["distinct_ids"] == after["locations"] == n
    assert after["incomplete"] == 0


def test_a_cluster_client_killed_mid_run_resumes_without_duplicates(
    db_url: str, tmp_path: Path
) -> None:
    # The client stores up to 32 articles at a time: 200 leave several stores to kill between
    # on a fast machine (40 were all analysed before the first store in CI).
    n = 200
    folder = tmp_path / "in"
    make_corpus(folder, n)
    proc = sayso("ingest", str(folder), "--db", db_url, "--cluster", "local:2")
    assert wait_for(db_url, 3, proc, timeout=600) > 0
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    partial = stored(db_url)["articles"]
    assert 0 < partial < n
    code, out, err = run("ingest", str(folder), "--db", db_url, "--cluster", "local:2",
                         timeout=900)
    assert code == 0, err
    total, new, _updated, unchanged = summary(out)[:4]
    assert total == n and unchanged >= partial and new == n - unchanged
    after = stored(db_url)
    assert after["articles"] == after["distinct_ids"] == after["locations"] == n
    assert after["incomplete"] == 0


def test_a_poison_article_on_the_cluster_is_named_and_the_run_goes_on(
    sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = corpus_with_a_slow_article(tmp_path / "in")
    monkeypatch.setenv("SAYSO_ARTICLE_SECONDS", str(SLOW_LIMIT_SECONDS))
    code, out, err = run("ingest", str(folder), "--db", sqlite_url, "--cluster", "local:2",
                         timeout=900)
    assert code == 1, err
    assert over_the_limit("article-0001-long.txt") in err
    assert summary(out)[0] == 3 and summary(out)[-1] == 1
    assert stored(sqlite_url)["articles"] == 3
