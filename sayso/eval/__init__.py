"""Evaluation of the attribution pipeline against annotated corpora (PolNeAR)."""
