"""Items 9, 10 and 11 of issue 13: one JSON line per input; NUL bytes and lying names read
with a warning; FIFOs, folders named like files and symlink loops listed as skipped."""

from __future__ import annotations

import json
import os
import sqlite3
import sys
from pathlib import Path

import jsonschema
import pytest

from pipeline.batch.walk import walk
from pipeline.cli import app
from reliability.faults import ROOT, TEXT, council

SCHEMA = json.loads((ROOT / "pipeline" / "record.schema.json").read_text(encoding="utf-8"))


def test_check_json_prints_one_line_per_input_in_order(runner, tmp_path: Path) -> None:
    good = tmp_path / "a.txt"
    good.write_text(TEXT, encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    word = tmp_path / "brief.pdf"
    word.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    inputs = [good, tmp_path / "missing.txt", empty, word, good]
    result = runner.invoke(app, ["check", *map(str, inputs), "--json", "--no-correct"])
    assert result.exit_code == 1
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == len(inputs)
    for line in lines:
        jsonschema.validate(line, SCHEMA)
    assert [line.get("status") for line in lines] == ["done", "failed", "failed", "failed", "done"]
    assert [line["exit_code"] for line in lines[1:4]] == [3, 5, 4]
    assert lines[1]["source"] == str(inputs[1]) and "no such file" in lines[1]["error"]


def test_a_text_with_nul_bytes_is_read_with_a_warning(runner, tmp_path: Path) -> None:
    source = tmp_path / "export.txt"
    source.write_bytes(TEXT.encode("utf-8").replace(b"Ausschuss", b"Aus\x00schuss", 1) + b"\x00")
    result = runner.invoke(app, ["check", str(source), "--json", "--no-correct"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert "\x00" not in record["pages"][0]["text"] and "Ausschuss" in record["pages"][0]["text"]
    assert record["warnings"] == ["2 NUL byte(s) in the text file were dropped"]


def test_utf16_and_binaries_are_still_told_apart(runner, tmp_path: Path) -> None:
    binary = tmp_path / "blob.txt"
    binary.write_bytes(bytes(range(256)) * 8)
    assert runner.invoke(app, ["check", str(binary), "--no-correct"]).exit_code == 4
    utf16 = tmp_path / "unicode.txt"
    utf16.write_bytes(TEXT.encode("utf-16"))
    result = runner.invoke(app, ["check", str(utf16), "--json", "--no-correct"])
    assert result.exit_code == 0 and json.loads(result.stdout)["warnings"] == []


@pytest.mark.parametrize("name", ["vorlage.pdf", "scan.png", "seite.tif"])
def test_a_name_that_lies_is_read_and_warned_about(runner, tmp_path: Path, name: str) -> None:
    source = tmp_path / name
    source.write_text(TEXT, encoding="utf-8")
    result = runner.invoke(app, ["check", str(source), "--json", "--no-correct"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert record["obligations"]
    assert record["warnings"] == [
        f"the file is named {source.suffix} but holds TEXT; it was read as text"
    ]


def test_warnings_are_stored(tmp_path: Path) -> None:
    source = tmp_path / "in" / "vorlage.pdf"
    source.parent.mkdir()
    source.write_text(TEXT, encoding="utf-8")
    db = tmp_path / "c.db"
    done = council("ingest", str(source.parent), "--db", str(db), "--workers", "1")
    assert done.returncode == 0, done.stderr
    with sqlite3.connect(db) as conn:
        status, warnings = conn.execute("SELECT status, warnings FROM documents").fetchone()
    assert status == "done" and "holds TEXT" in json.loads(warnings)[0]


@pytest.mark.skipif(sys.platform == "win32", reason="FIFOs and symlinks")
def test_odd_entries_are_listed_as_skipped(tmp_path: Path) -> None:
    folder = tmp_path / "eingang"
    (folder / "akte.pdf").mkdir(parents=True)
    (folder / "akte.pdf" / "innen.txt").write_text(TEXT, encoding="utf-8")
    os.mkfifo(folder / "pipe.pdf")
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    (folder / "broken.png").symlink_to(folder / "nowhere.png")
    (folder / "notes.odt").write_text("not a document name", encoding="utf-8")
    files, missing, skipped = walk([folder])
    assert [p.name for p in files] == ["innen.txt"] and not missing
    reasons = {Path(s.path).name: s.message for s in skipped}
    assert reasons == {
        "akte.pdf": "a folder named like a file (its contents are walked as a folder)",
        "pipe.pdf": "a FIFO (named pipe), not a file: reading it would block",
        "loop.txt": "a symbolic link loop",
        "broken.png": "a broken symbolic link",
    }
    result = council("ingest", str(folder), "--db", str(tmp_path / "c.db"), "--json", timeout=180)
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["processed"] == 1
    assert {Path(s["path"]).name: s["reason"] for s in summary["not_files"]} == reasons
