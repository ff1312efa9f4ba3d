"""Input errors through `council check`: one exit code and one message per kind of failure."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from factories import (
    PAGE_LINES,
    render,
    text_pdf,
)
from PIL import Image

from pipeline.cli import app

pytestmark = pytest.mark.usefixtures("recorded_ocr")  # scans replay recorded tesseract


def _error_input(kind: str, tmp_path: Path) -> Path:
    if kind == "empty":
        path = tmp_path / "empty.pdf"
        path.write_bytes(b"")
    elif kind == "corrupt":
        path = tmp_path / "bad.pdf"
        path.write_bytes(b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF")
    elif kind == "encrypted":
        path = text_pdf(tmp_path / "locked.pdf", PAGE_LINES, password="geheim")
    elif kind == "unsupported":
        path = tmp_path / "a.gif"
        Image.new("L", (10, 10)).save(path, format="GIF")
    else:
        path = tmp_path / kind
    return path


@pytest.mark.parametrize(
    ("kind", "code", "message"),
    [
        ("missing.pdf", 3, "no such file"),
        ("unsupported", 4, "not supported"),
        ("empty", 5, "empty"),
        ("corrupt", 5, "damaged"),
        ("encrypted", 6, "password"),
    ],
)
def test_cli_error_codes(runner, tmp_path: Path, kind: str, code: int, message: str) -> None:
    result = runner.invoke(app, ["check", str(_error_input(kind, tmp_path)), "--json"])
    assert result.exit_code == code, result.output
    assert message in result.stderr
    failed = json.loads(result.stdout)  # the input's line, marked failed (issue 13, item 9)
    assert failed["status"] == "failed" and failed["exit_code"] == code
    assert "Traceback" not in result.output


def test_cli_engine_missing(runner, tmp_path: Path, fake_ocr) -> None:
    fake_ocr("missing")
    render(PAGE_LINES[0]).save(tmp_path / "a.png")
    result = runner.invoke(app, ["check", str(tmp_path / "a.png")])
    assert result.exit_code == 8
    assert "install" in result.stderr


def test_cli_ocr_failure(runner, tmp_path: Path, fake_ocr) -> None:
    fake_ocr("crash")
    render(PAGE_LINES[0]).save(tmp_path / "a.png")
    result = runner.invoke(app, ["check", str(tmp_path / "a.png"), "--json"])
    assert result.exit_code == 9
    assert "fake crash" in result.stderr


def test_cli_subprocess_encrypted(tmp_path: Path) -> None:
    path = text_pdf(tmp_path / "locked.pdf", PAGE_LINES, password="geheim")
    done = subprocess.run(
        [sys.executable, "-m", "pipeline", "check", str(path), "--json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 6
    assert json.loads(done.stdout)["status"] == "failed" and "Traceback" not in done.stderr
    assert "password" in done.stderr
