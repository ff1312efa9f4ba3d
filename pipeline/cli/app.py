"""The Typer app every command registers on, and the one place errors become exit codes."""

from __future__ import annotations

import datetime as dt
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from rich.console import Console

from pipeline import __version__
from pipeline.errors import ExitCode, PipelineError

app = typer.Typer(
    name="council",
    help="Turn German council records (scans, PDFs, text) into structured, trackable records.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
# Piped output is not cut to 80 columns: tables stay one row per record for grep and less.
stdout = Console(width=None if sys.stdout.isatty() else 160)
stderr = Console(stderr=True)
T = TypeVar("T")
Verbose = Annotated[bool, typer.Option("--verbose", "-v", help="Log and show tracebacks.")]
# options shared by the commands that fill the database (ingest, harvest)
WritableDb = Annotated[
    Path, typer.Option(envvar="COUNCIL_DB", help="SQLite database, created when missing.")
]
Workers = Annotated[
    int | None, typer.Option("--workers", "-w", min=1, help="Worker processes [all cores].")
]
SummaryJson = Annotated[
    bool, typer.Option("--json", help="Print the summary as one JSON object on stdout.")
]


def parse_date(value: str | None) -> str | None:
    """An ISO date option, checked; a usage error (exit 2) when it is not one."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date in the form YYYY-MM-DD") from None


def short(text: str | None, width: int = 90) -> str:
    """One line of at most `width` characters, for table cells."""
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: width - 1] + "…"


def setup_logging(verbose: bool) -> None:
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )


def report_error(err: BaseException, verbose: bool, prefix: str = "") -> int:
    """Print a one-line error (a traceback only when verbose) and return its exit code."""
    if verbose:
        stderr.print_exception()
    if isinstance(err, PipelineError):
        stderr.print(f"[red]error:[/red] {prefix}{err}", highlight=False, soft_wrap=True)
        return int(err.exit_code)
    stderr.print(
        f"[red]internal error:[/red] {prefix}{type(err).__name__}: {err} "
        "(run with --verbose for the traceback, and please report it)",
        highlight=False,
        soft_wrap=True,
    )
    return int(ExitCode.INTERNAL)


def guarded(run: Callable[[], T], verbose: bool) -> T:
    """Run a command body; turn library errors into a one-line message and their exit code."""
    try:
        return run()
    except (typer.Exit, typer.Abort, KeyboardInterrupt):
        raise
    except Exception as err:  # noqa: BLE001 - the CLI is the one place that maps every error
        raise typer.Exit(report_error(err, verbose)) from None


def version_callback(value: bool) -> None:
    if value:
        stdout.print(f"council-pipeline {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: bool = typer.Option(
        False, "--version", callback=version_callback, is_eager=True, help="Show the version."
    ),
) -> None:
    """council: check, correct, ingest and query German council records."""
