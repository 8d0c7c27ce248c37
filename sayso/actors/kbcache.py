"""The built knowledge base kept on disk, so that a process loads it instead of building it.

Building the KB normalises and indexes some 27,000 names from the files in ``data/`` (about
3.5 s of CPU); every command that resolves actors and every analysing worker paid it again.
The built KB is pickled once in the user's cache folder (``$SAYSO_CACHE_DIR``, else
``$XDG_CACHE_HOME/sayso``, else ``~/.cache/sayso``) and loaded in about 0.3 s.

The file's name is a digest of everything the KB is built from: the analyser fingerprint
(the code and data of ``actors/``, ``nlp/``, ``model.py`` …, see
``sayso.engine.fingerprint``), the Python version (pickles follow the interpreter) and the
bytes of the overlay file it is built with. Any change gives a new name, hence one rebuild;
nothing has to be invalidated by hand. A cache that cannot be read or written is ignored:
the KB is then built in memory as before, so the cache can only save time, never change a
result. The folder is the user's own (created 0700), so unpickling from it trusts nothing
the user's own code does not already trust.
"""

from __future__ import annotations

import gc
import hashlib
import logging
import os
import pickle
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sayso.actors.kb import KnowledgeBase

log = logging.getLogger(__name__)
KEEP = 4  # newest cache files kept: a few overlays (folders) or versions side by side


def cache_dir() -> Path:
    if os.environ.get("SAYSO_CACHE_DIR"):
        return Path(os.environ["SAYSO_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "sayso"


def kb_key(overlay: Path) -> str:
    from sayso.engine.fingerprint import analyser_fingerprint

    digest = hashlib.sha256(analyser_fingerprint().encode())
    digest.update(f"\0python={sys.version_info[:3]}\0".encode())
    if overlay.is_file():
        digest.update(overlay.read_bytes())
    return digest.hexdigest()[:32]


def cached_kb(overlay: Path, build: Callable[[Path], KnowledgeBase]) -> KnowledgeBase:
    """The KB built from ``overlay`` by ``build``: from the cache when it holds it, else
    built and written there for the next process."""
    path = cache_dir() / f"kb-{kb_key(overlay)}.pickle"
    kb = read_cached(path)
    if kb is None:
        kb = build(overlay)
        write_cached(path, kb)
    return kb


def read_cached(path: Path) -> KnowledgeBase | None:
    from sayso.actors.kb import KnowledgeBase

    try:
        data = path.read_bytes()
    except OSError:
        return None
    # Unpickling ~1M small objects: the collector would walk them all several times
    # (1.05 s instead of 0.35 s) although none of them is garbage yet.
    gc.disable()
    try:
        kb = pickle.loads(data)
    except Exception as err:  # noqa: BLE001 - a truncated or foreign file: rebuild
        log.info("ignoring the knowledge-base cache %s (%s); building it", path, err)
        return None
    finally:
        gc.enable()
    return kb if isinstance(kb, KnowledgeBase) else None


def write_cached(path: Path, kb: KnowledgeBase) -> None:
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        # Written beside and renamed: a process reading it never sees half a file, and two
        # processes building at once both write whole files.
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".kb-", delete=False) as tmp:
            pickle.dump(kb, tmp, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp.name, path)
        prune(path.parent)
    except OSError as err:  # a read-only home, a full disk: the KB stays in memory
        log.info("could not keep the knowledge base in %s (%s)", path.parent, err)


def prune(folder: Path) -> None:
    """Keep the newest KEEP cache files: each version or overlay leaves one behind."""
    files = sorted(folder.glob("kb-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in files[KEEP:]:
        old.unlink(missing_ok=True)
