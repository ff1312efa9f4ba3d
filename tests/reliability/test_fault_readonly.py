"""Item 13 of issue 13: the reading commands work on a database on read-only media."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline import store
from reliability.faults import ROOT

READ = "from pipeline.cli import app; app(prog_name='council')"


def _can_mount() -> bool:
    if not shutil.which("unshare") or os.geteuid() != 0:
        return False
    probe = subprocess.run(["unshare", "-m", "true"], capture_output=True)
    return probe.returncode == 0


def _read_only(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run council with `folder` read-only: a read-only bind mount (root) or chmod (others)."""
    cli = shlex.join([sys.executable, "-c", READ, *args])
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    if os.geteuid() != 0:
        folder.chmod(0o555)
        try:
            return subprocess.run(cli, shell=True, capture_output=True, text=True, env=env)
        finally:
            folder.chmod(0o755)
    where = shlex.quote(str(folder))
    script = f"mount --bind {where} {where} && mount -o remount,bind,ro {where} && {cli}"
    return subprocess.run(
        ["unshare", "-m", "sh", "-c", script], capture_output=True, text=True, env=env
    )


@pytest.mark.skipif(
    os.geteuid() == 0 and not _can_mount(), reason="needs a read-only mount (unshare -m) as root"
)
@pytest.mark.parametrize(
    "args",
    [("obligations", "-f", "json"), ("search", "Bericht", "-f", "json"), ("export",)],
)
def test_reading_commands_work_on_read_only_media(db: Path, tmp_path: Path, args) -> None:
    media = tmp_path / "dvd"
    media.mkdir()
    shutil.copy(db, media / "council.db")  # a WAL database, closed: no -shm beside it
    result = _read_only(media, *args, "--db", str(media / "council.db"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() and "error" not in result.stderr
    if args[0] == "obligations":
        assert len(json.loads(result.stdout)) == 12
    assert sorted(p.name for p in media.iterdir()) == ["council.db"]


def test_connect_readonly_never_writes(db: Path) -> None:
    before = db.read_bytes()
    conn = store.connect_readonly(db)
    with pytest.raises(Exception, match="readonly"):
        conn.execute("DELETE FROM obligations")
    assert conn.execute("SELECT count(*) FROM obligations").fetchone()[0] == 12
    conn.close()
    assert db.read_bytes() == before


@pytest.mark.skipif(
    os.geteuid() == 0 and not _can_mount(), reason="needs a read-only mount (unshare -m) as root"
)
def test_an_older_schema_on_read_only_media_says_what_to_do(tmp_path: Path) -> None:
    media = tmp_path / "dvd"
    media.mkdir()
    old = sqlite3.connect(media / "council.db")
    old.execute("PRAGMA journal_mode = WAL")
    old.executescript(store.MIGRATIONS[0] + "\nPRAGMA user_version = 1;")
    old.close()
    result = _read_only(media, "obligations", "-f", "json", "--db", str(media / "council.db"))
    assert result.returncode == 11, result.stderr
    assert "cannot be migrated where it is" in result.stderr and "Traceback" not in result.stderr
