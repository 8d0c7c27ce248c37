"""`sayso ingest`: registered on the app when implemented."""
