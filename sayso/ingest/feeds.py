"""Reader for the feeds format (registers itself in sayso.ingest.registry)."""
