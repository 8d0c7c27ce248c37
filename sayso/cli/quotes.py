"""`sayso quotes`: registered on the app when implemented."""
