"""Helpers of the fault-injection suite: the CLI in a subprocess (for faults that need a real
process: resource limits, signals, PATH) and fake tesseracts placed first on PATH."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TEXT = (
    "Beschlussvorlage\n\nDer Ausschuss für Umwelt beschließt: Die Verwaltung wird beauftragt, "
    "bis zum 31.03.2025 einen Bericht vorzulegen.\n"
)


def council(
    *args: str,
    env: dict[str, str] | None = None,
    timeout: float = 120,
    preexec_fn=None,
    cwd: Path | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run `council ARGS` in a subprocess (stdout, stderr as text)."""
    return subprocess.run(
        [sys.executable, "-c", "from pipeline.cli import app; app(prog_name='council')", *args],
        capture_output=True,
        text=True,
        errors="replace",
        timeout=timeout,
        env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
        preexec_fn=preexec_fn,
        cwd=cwd,
    )


def fake_tesseract(folder: Path, body: str) -> dict[str, str]:
    """A `tesseract` shell script with `body` first on PATH; returns the environment to use.

    `--list-langs` answers deu so that only the behaviour written in `body` is under test.
    """
    folder.mkdir(parents=True, exist_ok=True)
    script = folder / "tesseract"
    script.write_text("#!/bin/sh\n" + body + "\n", encoding="utf-8")
    script.chmod(0o755)
    return {"PATH": f"{folder}{os.pathsep}{os.environ.get('PATH', '')}"}
