"""`sayso eval`: registered on the app when implemented."""
