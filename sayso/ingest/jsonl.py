"""Reader for the jsonl format (registers itself in sayso.ingest.registry)."""
