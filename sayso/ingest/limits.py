"""Limits every input path shares (files, stdin, URLs), so one huge input cannot stall a batch."""

from __future__ import annotations

from sayso.config import env_int

DEFAULT_MAX_BYTES = 20 * 1024 * 1024


def max_bytes() -> int:
    """Largest input sayso reads, in bytes: env SAYSO_MAX_BYTES, default 20 MB."""
    return env_int("SAYSO_MAX_BYTES", DEFAULT_MAX_BYTES)


def human_size(n: int) -> str:
    """``20971520`` → ``"20 MB"``; ``1536`` → ``"1.5 KB"``; small counts stay in bytes."""
    for unit, size in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if n >= size:
            return f"{n / size:.1f}".removesuffix(".0") + f" {unit}"
    return f"{n} bytes"


def too_big_reason(size: int | None, cap: int) -> str:
    """The Failure reason for an input over the cap (``size`` None when only known to be over)."""
    if size is None:
        what = ""
    elif human_size(size) == human_size(cap):  # "20 MB, over the 20 MB cap" would puzzle
        what = f" ({size:,} bytes)"
    else:
        what = f" ({human_size(size)})"
    return (
        f"too large{what}: over the {human_size(cap)} size cap "
        "(split it, or raise the cap with SAYSO_MAX_BYTES=<bytes>)"
    )
