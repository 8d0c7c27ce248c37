"""Heavy read requests, limited in number at once: CSV downloads of every matching row
and the network. Each costs seconds of database time on a large store (the CSV of 100,000
quotes takes ~10 s); a few at once from anyone would starve every other request. Past
``SAYSO_MAX_HEAVY_REQUESTS`` at once (default 2), another one is 503 with ``Retry-After``,
at once, without touching the database."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from fastapi import HTTPException, Request

from sayso.config import env_int

MAX_HEAVY_REQUESTS = 2
RETRY_AFTER_SECONDS = 5
BUSY = (
    "too many downloads and network requests are running; try again in a few seconds "
    "(or narrow the filters)"
)
T = TypeVar("T")


class HeavyGate:
    """At most ``slots`` heavy requests at once."""

    def __init__(self, slots: int | None = None) -> None:
        self.slots = slots or env_int("SAYSO_MAX_HEAVY_REQUESTS", MAX_HEAVY_REQUESTS) or 1
        self._free = threading.BoundedSemaphore(self.slots)

    def enter(self) -> None:
        if not self._free.acquire(blocking=False):
            raise HTTPException(503, BUSY, headers={"retry-after": str(RETRY_AFTER_SECONDS)})

    def leave(self) -> None:
        self._free.release()

    @contextmanager
    def held(self) -> Iterator[None]:
        """A slot for a request answered at once (the network as JSON)."""
        self.enter()
        try:
            yield
        finally:
            self.leave()

    def releasing(self, rows: Iterable[T]) -> Iterator[T]:
        """``rows`` of a response that took a slot (``enter``): the slot is given back when
        they are all sent, or when the response is dropped (a client that went away)."""
        return _Releasing(self, rows)


class _Releasing(Iterator[T]):
    def __init__(self, gate: HeavyGate, rows: Iterable[T]) -> None:
        self._gate: HeavyGate | None = gate
        self._rows = iter(rows)

    def __next__(self) -> T:
        try:
            return next(self._rows)
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        gate, self._gate = self._gate, None
        if gate is not None:
            gate.leave()

    def __del__(self) -> None:
        self.close()


def gate(request: Request) -> HeavyGate:
    found = getattr(request.app.state, "heavy", None)
    if not isinstance(found, HeavyGate):
        found = request.app.state.heavy = HeavyGate()
    return found
