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
            value = n / size
            return f"{value:.0f} {unit}" if value == int(value) else f"{value:.1f} {unit}"
    return f"{n} bytes"


def too_big_reason(size: int | None, cap: int) -> str:
    """The Failure reason for an input over the cap (``size`` None when only known to be over)."""
    what = f"is {human_size(size)}" if size is not None else f"is larger than {human_size(cap)}"
    return (f"too large: {what}, over the {human_size(cap)} size cap "
            "(split it, or raise the cap with SAYSO_MAX_BYTES=<bytes>)")
