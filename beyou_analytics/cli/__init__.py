"""The ``beyou`` command line: thin commands that parse, call one library function, print.

Each command group lives in its own module with a ``register(app)`` function; heavy libraries
(papermill, plotly, voila) are imported inside the command that needs them. A ``BeyouError``
(a user's mistake: bad file, unknown patient, missing key) is printed as one line on stderr
with its exit status, never as a traceback.
"""

from __future__ import annotations

import sys

import typer

from beyou_analytics.cli import clean, instruments, report, research, serve, synth
from beyou_analytics.errors import BeyouError

app = typer.Typer(
    name="beyou",
    help="BeYou Analytics: clean exports, score questionnaires, render reports, serve dashboards.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
for _module in (synth, clean, instruments, report, serve, research):
    _module.register(app)


@app.command("version")
def version_command() -> None:
    """Print the package version."""
    from beyou_analytics import __version__

    print(__version__)


def main(argv: list[str] | None = None) -> None:
    """Run the CLI; user errors become one line on stderr and a non-zero exit status."""
    try:
        app(args=argv, prog_name="beyou")
    except BeyouError as exc:
        print(f"error: {exc}", file=sys.stderr)
        raise SystemExit(exc.exit_code) from None


@app.callback()
def _root() -> None:
    """BeYou Analytics: clean exports, score questionnaires, render reports, serve dashboards."""
