"""The version of sayso, in a leaf module so that anything (the HTTP User-Agent, the CLI)
can read it without importing the package's API; pyproject.toml reads it from here too
(setuptools dynamic version), so this is the one place to change it."""

__version__ = "0.1.0"
