"""Reader for the html format (registers itself in sayso.ingest.registry)."""
