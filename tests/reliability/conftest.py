"""Fixtures of the fault-injection suite (helpers in faults.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

import pipeline.cli  # noqa: F401  (registers the commands)
from scripts.bench_query import build_db, council_documents


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A database of 12 generated council documents (one obligation each)."""
    monkeypatch.setenv("COUNCIL_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("COUNCIL_DB", raising=False)
    return build_db(tmp_path / "council.db", council_documents(12, seed=3))
