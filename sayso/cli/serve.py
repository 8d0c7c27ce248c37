"""`sayso serve`: registered on the app when implemented."""
