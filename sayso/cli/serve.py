"""`sayso serve`: the web UI and REST API over the store, on 127.0.0.1 unless told otherwise."""

from __future__ import annotations

import os
import socket
import sys
from typing import Annotated

import typer

from sayso.cli import app
from sayso.cli.db import refuse_missing

ADMIN_TOKEN_ENV = "SAYSO_ADMIN_TOKEN"
MIN_TOKEN_LENGTH = 16
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
HOST_HELP = "Address to bind; 0.0.0.0 exposes it to the network."
DB_HELP = "Database URL (default: SAYSO_DB, else sqlite:///sayso.db)."
MAX_DEFAULT_WORKERS = 4


@app.command()
def serve(
    host: Annotated[str, typer.Option(help=HOST_HELP)] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.", min=1, max=65535)] = 8000,
    db: Annotated[str | None, typer.Option(help=DB_HELP)] = None,
    log_level: Annotated[str, typer.Option(help="uvicorn log level.")] = "info",
    workers: Annotated[
        int | None,
        typer.Option(
            help="Server processes (default: one per available core, at most 4; one when "
            "uploads are enabled, as each would load the analysis models).",
            min=1,
            max=64,
        ),
    ] = None,
) -> None:
    """Serve the web UI and the REST API (/api/v1, schema at /openapi.json).

    Read-only unless SAYSO_ADMIN_TOKEN is set; then /upload and POST /api/v1/articles
    analyse and store new articles for whoever presents that token.
    """
    import uvicorn

    from sayso.web import create_app
    from sayso.web.app import APP_DB_ENV

    token = os.environ.get(ADMIN_TOKEN_ENV) or None
    if token and len(token) < MIN_TOKEN_LENGTH:
        print(
            f"sayso serve: {ADMIN_TOKEN_ENV} is shorter than {MIN_TOKEN_LENGTH} characters; "
            "use a long random value (e.g. `openssl rand -hex 24`)",
            file=sys.stderr,
        )
        raise typer.Exit(2)
    # A read-only server over a database that does not exist could only show empty pages;
    # an admin may start from an empty store and upload into it.
    refuse_missing(db, must_exist=not token)
    try:
        web_app = create_app(db, admin_token=token)
    except Exception as exc:  # noqa: BLE001 - e.g. unreachable database: say so, no traceback
        if os.environ.get("SAYSO_DEBUG"):
            raise
        print(f"sayso serve: cannot open the database: {exc}", file=sys.stderr)
        raise typer.Exit(1) from None
    mode = (
        "admin uploads enabled" if token else f"read-only (set {ADMIN_TOKEN_ENV} to allow uploads)"
    )
    if token and host not in LOCAL_HOSTS:
        print(
            f"sayso serve: warning: uploads are enabled on {host}; the admin token crosses "
            "the network in clear text unless a TLS proxy sits in front",
            file=sys.stderr,
        )
    store = web_app.state.catalog.store.display_url
    if web_app.state.catalog.store.stats().articles == 0:
        print(
            f"sayso serve: {store} holds no articles yet; add some with "
            "`sayso ingest PATH` (with the same --db)",
            file=sys.stderr,
        )
    print(f"sayso: serving {store} on http://{host}:{port}/ — {mode}", file=sys.stderr, flush=True)
    processes = workers or (1 if token else default_workers())
    if processes == 1:
        uvicorn.run(web_app, host=host, port=port, log_level=log_level, server_header=False)
        return
    # Each process answers requests with its own app over the same store (one Python
    # process runs one core's worth of Python); uvicorn starts them from this factory.
    os.environ[APP_DB_ENV] = web_app.state.catalog.store.url
    web_app.state.catalog.store.close()
    print(f"sayso: {processes} server processes", file=sys.stderr, flush=True)
    from uvicorn.supervisors import Multiprocess

    config = uvicorn.Config(
        "sayso.web.app:app_from_env",
        factory=True,
        workers=processes,
        host=host,
        port=port,
        log_level=log_level,
        server_header=False,
    )
    Multiprocess(config, sockets=[listening_socket(host, port)]).run()


def listening_socket(host: str, port: int) -> socket.socket:
    """The socket the server processes share, made as uvicorn's own would be but declared
    TCP: asyncio sets TCP_NODELAY only on connections of a socket whose protocol says TCP,
    and without it every answer sent in two writes waited ~40 ms for the client's delayed
    ACK (uvicorn's ``--workers`` socket says protocol 0)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        print(f"sayso serve: cannot listen on {host}:{port}: {exc}", file=sys.stderr)
        raise typer.Exit(1) from None
    sock.set_inheritable(True)
    return sock


def default_workers() -> int:
    """One server process per core this process may run on, at most MAX_DEFAULT_WORKERS."""
    from sayso.config import usable_cores

    return max(1, min(usable_cores(), MAX_DEFAULT_WORKERS))
