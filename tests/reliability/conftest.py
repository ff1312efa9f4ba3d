"""Fixtures of the fault-injection suite (helpers in faults.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

import pipeline.cli  # noqa: F401  (registers the commands)


@pytest.fixture
def db(council_db) -> Path:
    """A database of generated council documents holding 12 obligations (tests/conftest.py)."""
    return council_db(12, seed=3)
