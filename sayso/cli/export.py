"""`sayso export`: registered on the app when implemented."""
