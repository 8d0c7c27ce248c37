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
    # With an admin token a new database may be created (to upload into): here it cannot be.
    url = f"sqlite:///{tmp_path / 'missing-folder' / 'sayso.db'}"
    token = {"SAYSO_ADMIN_TOKEN": "a-long-enough-admin-token"}
    result = CliRunner().invoke(app, ["serve", "--db", url], env=token)
    assert result.exit_code == 1
    assert "cannot open the database" in result.output


def test_defaults_bind_to_localhost() -> None:
    result = CliRunner().invoke(app, ["serve", "--help"])
    assert result.exit_code == 0
    assert "127.0.0.1" in result.output


def test_a_read_only_server_refuses_a_missing_database(tmp_path) -> None:  # noqa: ANN001
    missing = tmp_path / "sayso.db"
    result = CliRunner().invoke(app, ["serve", "--db", str(missing)], env={"SAYSO_ADMIN_TOKEN": ""})
    assert result.exit_code == 2
    assert f"no database at {missing}" in result.output and "sayso ingest" in result.output
    assert not missing.exists()
