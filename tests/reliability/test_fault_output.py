"""Item 1 of issue 13: `export --out` never destroys the database or an unrelated file."""

from __future__ import annotations

import json
import resource
import sqlite3
from pathlib import Path

import pytest

from pipeline.cli import app
from reliability.faults import TEXT, council


def _obligations(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT count(*) FROM obligations").fetchone()[0]


@pytest.mark.parametrize("how", ["itself", "symlink", "-wal", "-shm", "-journal"])
def test_export_onto_the_database_is_refused(runner, db: Path, how: str) -> None:
    before = db.read_bytes()
    if how == "itself":
        target = db
    elif how == "symlink":
        target = db.parent / "link.jsonl"
        target.symlink_to(db)
    else:
        target = Path(f"{db}{how}")
    result = runner.invoke(app, ["export", "--db", str(db), "--out", str(target)])
    assert result.exit_code == 13, result.output
    assert "database" in result.output
    assert db.read_bytes() == before and _obligations(db) == 12
    # and the database still works for the next command
    assert runner.invoke(app, ["obligations", "--db", str(db), "-f", "json"]).exit_code == 0


def test_export_refuses_an_unrelated_file_unless_forced(runner, db: Path, tmp_path: Path) -> None:
    notes = tmp_path / "notes.csv"
    notes.write_text("my own spreadsheet\n", encoding="utf-8")
    refused = runner.invoke(app, ["export", "--db", str(db), "-f", "csv", "--out", str(notes)])
    assert refused.exit_code == 13 and "--force" in refused.output
    assert notes.read_text(encoding="utf-8") == "my own spreadsheet\n"
    forced = runner.invoke(
        app, ["export", "--db", str(db), "-f", "csv", "--out", str(notes), "--force"]
    )
    assert forced.exit_code == 0, forced.output
    assert notes.read_text(encoding="utf-8").startswith("id,status")


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "ics", "oparl", "oparl-organizations"])
def test_an_earlier_export_is_replaced_atomically(runner, db: Path, tmp_path: Path, fmt) -> None:
    out = tmp_path / f"export.{fmt}"
    args = ["export", "--db", str(db), "-f", fmt, "--out", str(out)]
    assert runner.invoke(app, args).exit_code == 0
    first = out.read_bytes()
    again = runner.invoke(app, args)
    assert again.exit_code == 0, again.output
    assert out.read_bytes().count(b"\n") == first.count(b"\n")
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_export_into_a_folder_is_a_clear_error(runner, db: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["export", "--db", str(db), "--out", str(tmp_path)])
    assert result.exit_code == 13
    assert "is a folder" in result.output and "Traceback" not in result.output


def _limit_file_size() -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (2048, 2048))


def test_export_on_a_full_disk_keeps_the_old_file(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "export.jsonl"
    out.write_text("", encoding="utf-8")  # an (empty) earlier export
    result = council("export", "--db", str(db), "--out", str(out), preexec_fn=_limit_file_size)
    assert result.returncode == 13, result.stderr
    assert "disk is full" in result.stderr and "Traceback" not in result.stderr
    assert out.read_text(encoding="utf-8") == ""
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_correct_out_dir_never_overwrites_its_input(runner, tmp_path: Path) -> None:
    source = tmp_path / "vorlage.txt"
    source.write_text(TEXT, encoding="utf-8")
    result = runner.invoke(app, ["correct", str(source), "--out-dir", str(tmp_path)])
    assert result.exit_code == 13, result.output
    assert source.read_text(encoding="utf-8") == TEXT
    ok = runner.invoke(app, ["correct", str(source), "--out-dir", str(tmp_path / "out")])
    assert ok.exit_code == 0 and (tmp_path / "out" / "vorlage.txt").exists()


def test_stdout_export_still_works(runner, db: Path) -> None:
    result = runner.invoke(app, ["export", "--db", str(db)])
    assert result.exit_code == 0
    assert len([json.loads(line) for line in result.stdout.splitlines()]) == 12


def test_a_municipality_oparl_file_is_not_taken_for_an_export(runner, db: Path, tmp_path) -> None:
    source = tmp_path / "organizations.json"
    orgs = {"data": [{"id": "https://ris.example/oparl/organization/12", "name": "Rat"}]}
    source.write_text(json.dumps(orgs), encoding="utf-8")
    args = ["export", "--db", str(db), "-f", "oparl-organizations", "--out", str(source)]
    assert runner.invoke(app, args).exit_code == 13
    assert json.loads(source.read_text(encoding="utf-8")) == orgs
