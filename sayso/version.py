"""The version of sayso, in a leaf module so that anything (the HTTP User-Agent, the CLI)
can read it without importing the package's API."""

__version__ = "0.1.0"
