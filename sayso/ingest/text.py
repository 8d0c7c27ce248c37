"""Reader for the text format (registers itself in sayso.ingest.registry)."""
