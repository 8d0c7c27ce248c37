"""The user overlay: actors a user added, merged or imported, kept outside the package.

One JSON object per line, applied in order on top of the shipped knowledge base::

    {"op": "add", "actor": {"id": "user:…", "name": …, "type": …, "aliases": […], …}}
    {"op": "merge", "from": "new:…", "into": "wd:Q9188"}

The file is ``$SAYSO_ACTORS`` when set, else ``sayso-actors.jsonl`` in the current directory.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any  # Any: overlay operations are JSON lines

from sayso.actors.types import Actor

ENV = "SAYSO_ACTORS"
DEFAULT_NAME = "sayso-actors.jsonl"


class OverlayError(ValueError):
    """The overlay file cannot be read; the message names the file, line and the fix."""


def overlay_file() -> Path:
    return Path(os.environ.get(ENV) or Path.cwd() / DEFAULT_NAME)


def read_overlay(path: Path) -> tuple[list[Actor], dict[str, str]]:
    """Actors added and merges recorded in ``path`` (missing file: none)."""
    actors: dict[str, Actor] = {}
    redirects: dict[str, str] = {}
    if not path.exists():
        return [], {}
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                op = json.loads(line)
                if op["op"] == "add":
                    actor = Actor.from_dict(op["actor"])
                    actor.source = actor.source or "user"
                    actors[actor.id] = actor
                elif op["op"] == "merge":
                    redirects[op["from"]] = op["into"]
                else:
                    raise KeyError(f"unknown op {op['op']!r}")
            except (ValueError, KeyError, TypeError) as exc:
                raise OverlayError(
                    f"{path}:{number}: not a valid actor record ({exc}); fix or delete that "
                    f"line (the file is written by `sayso actors add|merge|import`)"
                ) from exc
    return list(actors.values()), redirects


def append_ops(ops: Iterable[dict[str, Any]], path: Path | None = None) -> Path:
    """Append operations to the overlay, creating it if needed; returns its path."""
    target = Path(path or overlay_file())
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("a", encoding="utf-8") as handle:
        for op in ops:
            handle.write(json.dumps(op, ensure_ascii=False, sort_keys=True) + "\n")
    return target


def add_actors(actors: Iterable[Actor], path: Path | None = None) -> Path:
    return append_ops(({"op": "add", "actor": a.to_dict()} for a in actors), path)


def record_merge(source_id: str, into_id: str, path: Path | None = None) -> Path:
    return append_ops([{"op": "merge", "from": source_id, "into": into_id}], path)
