"""`sayso serve` refuses to start, with a reason, when it could not serve safely; with
several processes they answer together and stop together."""

from __future__ import annotations

import signal
import time
from pathlib import Path

import httpx
import pytest
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


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGKILL])
def test_several_server_processes_answer_and_stop_together(tmp_path, how) -> None:  # noqa: ANN001
    """``--workers 2``: two processes over one store answer the API; stopping the server,
    or killing it, stops both (none left behind holding the port)."""
    from tests.web.conftest import fill_gold
    from tests.web.test_browser import start_server, stop

    url = f"sqlite:///{tmp_path / 'gold.db'}"
    fill_gold(url)
    proc, base = start_server(url, extra=["--workers", "2"])
    try:
        children = child_pids(proc.pid)
        assert len(children) >= 2  # uvicorn's worker processes
        for _ in range(20):
            assert httpx.get(base + "/api/v1/quotes?limit=1", timeout=30).json()["items"]
    finally:
        if how == signal.SIGKILL:
            proc.kill()
            proc.wait(30)
        stop(proc)
    deadline = time.monotonic() + 60  # the workers end as they see their parent go
    while [pid for pid in children if alive(pid)] and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not [(pid, command(pid)) for pid in children if alive(pid)]


def alive(pid: int) -> bool:
    try:
        return "\nState:\tZ" not in Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False


def command(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_text().replace("\0", " ")
    except OSError:
        return ""


def child_pids(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (Linux /proc)."""
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        if f"\nPPid:\t{pid}\n" in text:
            found.append(int(status.parent.name))
    return found


def test_connections_of_the_shared_socket_send_without_delay() -> None:
    """asyncio (as uvicorn's processes run it) sets TCP_NODELAY on each connection of the
    socket the processes share; without it an answer written in two parts waited for the
    client's delayed ACK."""
    import asyncio
    import socket

    from sayso.cli.serve import listening_socket

    async def accepted_nodelay() -> int:
        sock = listening_socket("127.0.0.1", 0)
        seen: list[int] = []

        async def handle(_reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            conn = writer.get_extra_info("socket")
            seen.append(conn.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
            writer.close()

        server = await asyncio.start_server(handle, sock=sock)
        async with server:
            _, writer = await asyncio.open_connection(*sock.getsockname()[:2])
            while not seen:
                await asyncio.sleep(0.01)
            writer.close()
        return seen[0]

    assert asyncio.run(asyncio.wait_for(accepted_nodelay(), 30)) != 0
