"""`sayso actors`: registered on the app when implemented."""
