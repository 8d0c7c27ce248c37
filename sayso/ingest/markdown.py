"""Reader for the markdown format (registers itself in sayso.ingest.registry)."""
