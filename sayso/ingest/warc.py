"""Reader for the warc format (registers itself in sayso.ingest.registry)."""
