"""Item 2 of issue 13: a file name that is not UTF-8 is stored losslessly; the batch goes on."""

from __future__ import annotations

import json
import os
import sqlite3
import sys
from pathlib import Path

import pytest

from pipeline.model import shown
from reliability.faults import TEXT, council

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="byte file names: Linux")


def test_shown_escapes_only_the_odd_bytes() -> None:
    latin1 = os.fsdecode(b"Beschl\xfcsse/B\xe4r.txt")
    assert shown(latin1) == "Beschl\\xfcsse/B\\xe4r.txt"
    assert shown("Beschlüsse/Bär.txt") == "Beschlüsse/Bär.txt"
    assert shown("lone \ud800") == "lone \\ud800"


def test_ingest_stores_a_latin1_name_losslessly(tmp_path: Path) -> None:
    folder = tmp_path / "eingang"
    folder.mkdir()
    raw = os.fsencode(folder) + b"/Beschl\xfcsse-B\xe4r.txt"
    with open(raw, "w", encoding="utf-8") as fh:
        fh.write(TEXT)
    (folder / "gut.txt").write_text(TEXT.replace("2025", "2026"), encoding="utf-8")
    db = tmp_path / "c.db"
    for _ in range(2):  # the re-run too (it used to fail on every run)
        result = council("ingest", str(folder), "--db", str(db), "--workers", "1", "--json")
        assert result.returncode == 0, result.stderr
        summary = json.loads(result.stdout)
        assert summary["failed"] == 0 and summary["documents"] == 2
    with sqlite3.connect(db) as conn:
        rows = dict(conn.execute("SELECT path, raw_path FROM document_paths").fetchall())
    text = shown(os.fsdecode(raw))
    assert "\\xfc" in text and rows[text] == raw  # shown with escapes, bytes kept exactly
    assert rows[str(folder / "gut.txt")] is None
    shown_doc = council("obligations", "--db", str(db), "-f", "json")
    assert shown_doc.returncode == 0 and "\\\\xe4" in shown_doc.stdout


def test_check_json_of_a_latin1_name(tmp_path: Path) -> None:
    raw = os.fsencode(tmp_path) + b"/Antr\xe4ge.txt"
    with open(raw, "w", encoding="utf-8") as fh:
        fh.write(TEXT)
    result = council("check", os.fsdecode(raw), "--json", "--no-correct")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["document"]["source"].endswith("Antr\\xe4ge.txt")
