"""`sayso --version` prints the one version string (sayso/version.py) and exits 0."""

from __future__ import annotations

from typer.testing import CliRunner

from sayso.cli import app
from sayso.version import __version__


def test_version_flag_prints_the_package_version() -> None:
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == f"sayso {__version__}"
