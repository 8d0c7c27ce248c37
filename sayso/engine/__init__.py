"""Batch running: ``ingest(inputs, store, workers=N)`` analyses in N local processes and
writes through one writer (see ``batch.py``)."""

from sayso.engine.batch import IngestSummary, ingest

__all__ = ["IngestSummary", "ingest"]
