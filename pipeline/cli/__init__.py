"""Thin command-line interface: each command module parses options, calls the library, renders."""

from pipeline.cli import analyst, check, correct, harvest, ingest  # noqa: F401  (each registers its commands)
from pipeline.cli.app import app

__all__ = ["app"]
