"""`sayso serve` refuses to start, with a reason, when it could not serve safely."""

from __future__ import annotations

from typer.testing import CliRunner

from sayso.cli import app


def test_short_admin_token_is_a_usage_error() -> None:
    result = CliRunner().invoke(
        app, ["serve", "--db", "sqlite://"], env={"SAYSO_ADMIN_TOKEN": "secret"}
    )
    assert result.exit_code == 2
    assert "SAYSO_ADMIN_TOKEN is shorter than 16" in result.output


def test_unreachable_database_is_named(tmp_path) -> None:  # noqa: ANN001
    url = f"sqlite:///{tmp_path / 'missing-folder' / 'sayso.db'}"
    result = CliRunner().invoke(app, ["serve", "--db", url], env={"SAYSO_ADMIN_TOKEN": ""})
    assert result.exit_code == 1
    assert "cannot open the database" in result.output


def test_defaults_bind_to_localhost() -> None:
    result = CliRunner().invoke(app, ["serve", "--help"])
    assert result.exit_code == 0
    assert "127.0.0.1" in result.output
