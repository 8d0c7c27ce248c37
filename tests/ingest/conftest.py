"""Fixtures for the ingest tests: where the fixture files and the shared corpora are."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures" / "ingest"
EXAMPLE = REPO / "examples" / "lukashenko-allies-2024-08-15.txt"


def shared_dir() -> Path | None:
    """``../shared`` beside the repo, or env SAYSO_SHARED; None when neither exists."""
    for candidate in (os.environ.get("SAYSO_SHARED"), REPO.parent / "shared"):
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    return None


@pytest.fixture
def shared() -> Path:
    found = shared_dir()
    if found is None:
        # Shared corpora are development data, not a service: a user's clone has none.
        pytest.skip("../shared (or SAYSO_SHARED) is absent: shared corpora not available")
    return found


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture
def example() -> Path:
    return EXAMPLE
