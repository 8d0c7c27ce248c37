"""The ``sayso`` command: thin wrappers that parse arguments and call the stages.

Each command group lives in its own module and registers itself on ``app``.
Exit status: 0 all good; 1 some inputs failed (each named on stderr, the rest done);
2 usage error, or the store cannot be opened; 3 the run could not finish (the store or the
cluster stopped answering, no model, an internal error): what was stored is kept; 130
interrupted (Ctrl-C).
"""

from __future__ import annotations

import importlib

import typer

EXIT_ABORTED = 3
EXIT_INTERRUPTED = 130

app = typer.Typer(
    name="sayso",
    help="Who said what, about whom, when: attributed quotes from political news.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _print_version(value: bool) -> None:
    if value:
        from sayso.version import __version__

        typer.echo(f"sayso {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False,
        "--version",
        callback=_print_version,
        is_eager=True,
        help="Print sayso's version and exit.",
    ),
) -> None:
    """Who said what, about whom, when: attributed quotes from political news."""
    # A callback keeps `sayso extract ...` a named sub-command even if it is the only one.


COMMAND_MODULES = (
    "extract",
    "ingest",
    "quotes",
    "export",
    "db",
    "serve",
    "eval",
    "actors",
    "corrections",
)

for _name in COMMAND_MODULES:
    importlib.import_module(f"sayso.cli.{_name}")


def main() -> None:
    """Run the CLI; an unexpected error becomes one line on stderr, not a traceback."""
    import os
    import sys

    try:
        app()
    except Exception as exc:  # noqa: BLE001 - last line of defence for the user
        if os.environ.get("SAYSO_DEBUG"):
            raise
        print(
            f"sayso: internal error: {type(exc).__name__}: {exc} "
            "(set SAYSO_DEBUG=1 to see the traceback)",
            file=sys.stderr,
        )
        sys.exit(EXIT_ABORTED)
