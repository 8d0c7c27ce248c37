"""`sayso db`: registered on the app when implemented."""
