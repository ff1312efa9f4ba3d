"""Thin command-line interface: each command module parses options, calls the library, renders."""

from pipeline.cli import check  # noqa: F401  (registers the command)
from pipeline.cli.app import app

__all__ = ["app"]
