"""The Kremlin and White House samples (../shared/corpora) as one store, for the browser
tests and the web bench: what a media researcher would ingest first.

Building it analyses ~200 pages (minutes), so the store is kept in pytest's cache folder
under a key made of the inputs and of the code that analyses and stores them (everything
in sayso/ but the web and CLI layers): a change there builds it anew.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def shared_corpora() -> Path:
    """$SAYSO_SHARED/corpora, else ../shared/corpora beside the repository or its parent."""
    if os.environ.get("SAYSO_SHARED"):
        return Path(os.environ["SAYSO_SHARED"]) / "corpora"
    for parent in (REPO.parent, REPO.parent.parent):
        if (parent / "shared" / "corpora").is_dir():
            return parent / "shared" / "corpora"
    return REPO.parent / "shared" / "corpora"


CORPORA = shared_corpora()
SAMPLES = [
    CORPORA / "kremlin-en" / "pages",
    CORPORA / "whitehouse-md",
    CORPORA / "whitehouse-2017-html" / "speeches-html",
]
NOT_ANALYSIS = ("web", "cli")  # layers that only show what the store holds


def samples_present() -> bool:
    return all(p.is_dir() for p in SAMPLES)


def fingerprint() -> str:
    digest = hashlib.sha256()
    for root in SAMPLES:
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            digest.update(str(path.relative_to(CORPORA)).encode())
            digest.update(path.read_bytes())
    package = REPO / "sayso"
    for path in sorted(p for p in package.rglob("*") if p.is_file()):
        relative = path.relative_to(package)
        if relative.parts[0] in NOT_ANALYSIS or "__pycache__" in relative.parts:
            continue
        digest.update(str(relative).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def samples_store(cache_dir: Path, workers: int = 2) -> Path:
    """The SQLite file holding the samples, built (with `sayso ingest`'s engine) unless a
    file built from the same inputs and code is in ``cache_dir``."""
    from sayso.engine.batch import ingest
    from sayso.store import Store

    path = cache_dir / f"samples-{fingerprint()}.db"
    if path.exists():
        return path
    for old in cache_dir.glob("samples-*.db*"):
        old.unlink()
    building = path.with_suffix(".building")
    for leftover in cache_dir.glob(building.name + "*"):
        leftover.unlink()
    with Store(f"sqlite:///{building}") as store:
        summary = ingest([str(p) for p in SAMPLES], store, workers=workers)
        assert not summary.failures, summary.failures
        with store.engine.connect() as conn:  # one file: fold the WAL in before moving it
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.move(building, path)
    return path


if __name__ == "__main__":  # build it ahead: python -m tests.web.samples CACHE_DIR
    import sys

    print(samples_store(Path(sys.argv[1])))
