"""`council ingest`: JSON summary, exit codes, default database, and kill -9 in mid-batch."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import write_texts
from PIL import Image, ImageDraw

from pipeline.cli import app

TEXT = "Der Rat beschließt:\nDie Verwaltung wird beauftragt, bis Ende 2025 zu berichten.\n"
SUMMARY_KEYS = {
    "processed",
    "skipped",
    "failed",
    "pages_ocr",
    "pages_text",
    "obligations",
    "seconds",
}


def council() -> list[str]:
    """The `council` command as a real subprocess."""
    return [sys.executable, "-m", "pipeline"]


def write_docs(folder: Path, n: int) -> list[Path]:
    return write_texts(folder, n, "vorlage-{i:04d}.txt", "Vorlage {i}\n" + TEXT)


def test_json_summary_and_exit_codes(runner, tmp_path: Path) -> None:
    write_docs(tmp_path / "in", 3)
    db = tmp_path / "out" / "council.db"
    result = runner.invoke(
        app, ["ingest", str(tmp_path / "in"), "--db", str(db), "--json", "-w", "2"]
    )
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)  # stdout is exactly one JSON object
    assert set(summary) >= SUMMARY_KEYS
    assert (summary["processed"], summary["skipped"], summary["failed"]) == (3, 0, 0)
    assert summary["pages_text"] == 3 and db.exists()

    (tmp_path / "in" / "leer.txt").write_bytes(b"")
    result = runner.invoke(app, ["ingest", str(tmp_path / "in"), "--db", str(db), "--json"])
    assert result.exit_code == 1  # ExitCode.SOME_FAILED: the others are stored
    summary = json.loads(result.stdout)
    assert (summary["processed"], summary["skipped"], summary["failed"]) == (0, 3, 1)
    assert "empty file" in summary["failures"][0]["error"]
    assert "empty file" in result.stderr


def test_table_summary_and_default_database(runner, tmp_path: Path, monkeypatch) -> None:
    write_docs(tmp_path / "in", 2)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("COUNCIL_DB", raising=False)
    result = runner.invoke(app, ["ingest", "in", "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "council.db").exists()  # the documented default: ./council.db
    for label in (
        "processed",
        "skipped",
        "failed",
        "pages OCRed",
        "obligations found",
        "wall time",
    ):
        assert label in result.stdout
    monkeypatch.setenv("COUNCIL_DB", str(tmp_path / "env.db"))
    result = runner.invoke(app, ["ingest", "in", "--workers", "1", "--json"])
    assert json.loads(result.stdout)["processed"] == 2 and (tmp_path / "env.db").exists()


def test_help_documents_default_db_and_exit_codes(runner) -> None:
    result = runner.invoke(app, ["ingest", "--help"])
    assert result.exit_code == 0
    for text in ("council.db", "--workers", "--scheduler", "--force", "--json", "--page-timeout"):
        assert text in result.stdout


def count(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=5) as conn:
            return conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    except sqlite3.Error:  # not created yet, or schema not there yet
        return 0


def test_kill_9_mid_batch_then_rerun_loses_and_duplicates_nothing(tmp_path: Path) -> None:
    docs = write_docs(tmp_path / "in", 200)
    db = tmp_path / "council.db"
    cmd = [*council(), "ingest", str(tmp_path / "in"), "--db", str(db), "--workers", "1", "--json"]
    env = {**os.environ, "COUNCIL_DB": ""}
    proc = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=tmp_path
    )
    try:
        deadline = time.monotonic() + 120
        while count(db) < 10 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.005)
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    finally:
        if proc.poll() is None:
            proc.kill()
    stored = count(db)
    assert proc.returncode == -signal.SIGKILL
    assert 0 < stored < len(docs), f"the kill was not mid-batch ({stored} stored)"

    rerun = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    summary = json.loads(rerun.stdout)
    assert summary["skipped"] == stored and summary["processed"] == len(docs) - stored

    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*), count(DISTINCT sha256) FROM documents").fetchone() == (
        len(docs),
        len(docs),
    )
    assert conn.execute("SELECT count(*) FROM documents WHERE status != 'done'").fetchone()[0] == 0
    paths = {r[0] for r in conn.execute("SELECT path FROM document_paths")}
    assert paths == {str(p) for p in docs}
    assert conn.execute("SELECT count(*) FROM document_paths").fetchone()[0] == len(docs)
    half = conn.execute(
        "SELECT count(*) FROM documents d WHERE page_count !="
        " (SELECT count(*) FROM pages p WHERE p.document_id = d.id)"
    ).fetchone()[0]
    assert half == 0  # no document without (all of) its pages
    fts_rows = conn.execute("SELECT count(*) FROM pages_fts WHERE pages_fts MATCH 'verwaltung'")
    assert fts_rows.fetchone()[0] == len(docs)  # the index holds each page once


@pytest.mark.tesseract  # without it, ingest rightly warns on stderr that its version is unknown
@pytest.mark.parametrize("extra", [[], ["--json"]])
def test_quiet_progress_when_stderr_is_not_a_terminal(tmp_path: Path, extra: list[str]) -> None:
    write_docs(tmp_path / "in", 2)
    cmd = [*council(), "ingest", str(tmp_path / "in"), "--db", str(tmp_path / "c.db"), *extra]
    result = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # no progress bar, no ANSI codes in logs
    if extra:
        assert json.loads(result.stdout)["processed"] == 2


def test_ctrl_c_stops_cleanly_and_a_rerun_continues(tmp_path: Path) -> None:
    docs = write_docs(tmp_path / "in", 200)
    db = tmp_path / "council.db"
    cmd = [*council(), "ingest", str(tmp_path / "in"), "--db", str(db), "--workers", "2"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 120
        while count(db) < 10 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.005)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    if count(db) == len(docs):
        pytest.skip("the batch finished before the interrupt arrived")
    assert proc.returncode == 130, err
    assert "run the same command again" in err
    rerun = subprocess.run([*cmd, "--json"], capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    assert count(db) == len(docs)


@pytest.mark.tesseract
@pytest.mark.parametrize(
    ("limits", "reason"),
    [(["--page-timeout", "2"], "tesseract"), (["--doc-timeout", "3"], "per-document limit")],
)
def test_a_hung_tesseract_cannot_stall_the_batch(
    tmp_path: Path, limits: list[str], reason: str
) -> None:
    """A fake `tesseract` first on PATH answers --version/--list-langs but hangs on every page."""
    real = shutil.which("tesseract")
    if real is None:
        pytest.skip("tesseract is not installed")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "tesseract"
    fake.write_text(
        f'#!/bin/sh\ncase "$1" in --*) exec {real} "$@";; esac\necho $$ >> {tmp_path}/hung.pids\n'
        "exec sleep 120\n"
    )
    fake.chmod(0o755)
    folder = tmp_path / "in"
    write_docs(folder, 2)
    image = Image.new("L", (800, 300), 255)
    ImageDraw.Draw(image).text((20, 20), "Der Rat beschliesst", fill=0)
    image.save(folder / "scan.png")
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    cmd = [*council(), "ingest", str(folder), "--db", str(tmp_path / "c.db"), "--json", *limits]
    started = time.monotonic()
    result = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120)
    assert time.monotonic() - started < 60
    assert result.returncode == 1, result.stderr
    summary = json.loads(result.stdout)
    assert (summary["processed"], summary["failed"]) == (2, 1)
    assert reason in summary["failures"][0]["error"]
    pids = (tmp_path / "hung.pids").read_text().split()
    deadline = time.monotonic() + 1  # as long as they may take to go
    while any(alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    for pid in pids:
        assert not alive(pid)


def alive(pid: str) -> bool:
    """A process that exists and is not a zombie (killed, waiting for its parent to reap it)."""
    try:
        return "Z" not in Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
