"""Shared helpers of the event coder's tests: real documents analysed by sayso's own
pipeline, and ../shared (PLOVER gold records, Kremlin pages) when it is there."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sayso.model import Article, Event

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"


def shared(sub: str) -> Path | None:
    """``$SAYSO_SHARED/sub``, else ``../shared/sub`` beside the repo or its worktree."""
    cands = [Path(os.environ["SAYSO_SHARED"])] if os.environ.get("SAYSO_SHARED") else []
    cands += [REPO.parent / "shared", REPO.parent.parent / "shared"]
    return next((c / sub for c in cands if (c / sub).exists()), None)


def need_shared(sub: str) -> Path:
    """The path under ../shared, or skip (fail under SAYSO_REQUIRE_SERVICES=1)."""
    path = shared(sub)
    if path is None:
        reason = f"../shared/{sub} not found (set SAYSO_SHARED)"
        if os.environ.get("SAYSO_REQUIRE_SERVICES") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    return path


def coded(source: str | Path) -> tuple[Article, list[Event]]:
    """One document through the whole pipeline, then the event coder."""
    import sayso
    from sayso.events import code_events
    from sayso.nlp.pipeline import get_nlp

    (article,) = sayso.extract(source)
    return article, code_events(article, get_nlp()(article.text))
