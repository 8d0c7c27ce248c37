"""What the CLI prints on stderr: one line per failed input, never a traceback."""

from __future__ import annotations

import sys

from sayso.model import Failure


def report_failure(failure: Failure) -> None:
    print(f"sayso: {failure}", file=sys.stderr, flush=True)
