"""What reading and analysing an input depend on besides its bytes, as one digest.

The same bytes give the same article and analysis as long as the code and data that read
and analyse them (``ingest/``, ``nlp/``, ``actors/``, the pipeline, the vocabulary), the
spaCy model and the user's actor overlay (``$SAYSO_ACTORS``) are the same. ``sayso ingest``
stores this digest with every input it stored (``ingested_inputs``), so that after any
change to them, even one without a new version number, every input is read and analysed
again. Hashing the ~2 MB of files takes a few milliseconds, once per run.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
from functools import lru_cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1]
# Folders and files of the package whose code or data decide what an input becomes.
DEPENDS_ON = ("ingest", "nlp", "actors", "engine/pipeline.py", "model.py", "dates.py")


@lru_cache(maxsize=1)
def analyser_fingerprint() -> str:
    from sayso.actors.overlay import overlay_file
    from sayso.config import SPACY_MODELS, spacy_model

    digest = hashlib.sha256()
    for path in package_files():
        digest.update(str(path.relative_to(PACKAGE)).encode() + b"\0" + path.read_bytes())
    for name in ("spacy", spacy_model() or "", *SPACY_MODELS):
        digest.update(f"{name}={installed_version(name)}\0".encode())
    overlay = overlay_file()
    if overlay.is_file():
        digest.update(b"overlay\0" + overlay.read_bytes())
    return digest.hexdigest()[:32]


def package_files() -> list[Path]:
    found: list[Path] = []
    for name in DEPENDS_ON:
        path = PACKAGE / name
        if path.is_dir():
            found += [p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
        elif path.is_file():
            found.append(path)
    return sorted(found)


def installed_version(name: str) -> str:
    if not name:
        return ""
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return "-"


def input_digest(data: bytes) -> str:
    """The digest stored for an input: of its bytes and of the analyser."""
    return hashlib.sha256(analyser_fingerprint().encode() + data).hexdigest()[:32]
