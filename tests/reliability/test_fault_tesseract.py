"""Items 5, 7 and 8 of issue 13: fake tesseracts first on PATH that hang, crash or print
garbage. Every call has a timeout, a crash is called a crash (with tesseract's stderr), and no
tesseract or worker outlives a `kill -9` of the command that started it."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from pipeline.cli import app
from pipeline.errors import OcrEngineMissing, OcrError
from pipeline.ocr import tesseract
from reliability.faults import ROOT, fake_tesseract

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="shell-script fakes: Linux")

LANGS = (
    'if [ "$1" = "--list-langs" ]; then printf "List of available languages (1):\\ndeu\\n"; '
    "exit 0; fi"
)
VERSION = 'if [ "$1" = "--version" ]; then echo "tesseract 5.3.0"; exit 0; fi'


def scan(path: Path) -> Path:
    image = Image.new("L", (600, 300), 255)
    ImageDraw.Draw(image).text((40, 40), "Der Stadtrat beschliesst", fill=0)
    image.save(path, dpi=(300, 300))
    return path


@pytest.fixture
def fake(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Install a fake tesseract for in-process calls; returns a function taking its body."""

    def install(body: str) -> dict[str, str]:
        env = fake_tesseract(tmp_path / "bin", body)
        monkeypatch.setenv("PATH", env["PATH"])
        tesseract._languages.cache_clear()
        tesseract._version.cache_clear()
        return env

    yield install
    tesseract._languages.cache_clear()
    tesseract._version.cache_clear()


def test_a_hanging_version_probe_times_out(fake, monkeypatch: pytest.MonkeyPatch) -> None:
    fake("exec sleep 60")
    monkeypatch.setattr(tesseract, "PROBE_TIMEOUT", 1.0)
    started = time.monotonic()
    assert tesseract.version() is None
    with pytest.raises(OcrEngineMissing, match="does not answer"):
        tesseract.check_engine("deu")
    assert time.monotonic() - started < 10


def test_a_crash_is_a_crash_with_its_stderr(fake, runner, tmp_path: Path) -> None:
    fake(f"{LANGS}\necho 'Error in pixReadStream: Unknown format' >&2\nexit 1")
    result = runner.invoke(app, ["check", str(scan(tmp_path / "a.png")), "--json"])
    assert result.exit_code == 9
    assert "tesseract crashed (exit code 1): Error in pixReadStream" in result.output
    assert "longer than" not in result.output


def test_a_segfault_names_the_signal(fake, tmp_path: Path) -> None:
    fake(f"{LANGS}\nkill -SEGV $$")
    with pytest.raises(OcrError, match=r"crashed \(signal 11\)"):
        tesseract.ocr_image(Image.open(scan(tmp_path / "a.png")))


def test_garbage_output_is_an_ocr_error(fake, tmp_path: Path) -> None:
    fake(f"{LANGS}\nhead -c 3000 /dev/urandom\nexit 0")
    with pytest.raises(OcrError, match="no TSV table"):
        tesseract.ocr_image(Image.open(scan(tmp_path / "a.png")))


def test_a_hanging_page_is_stopped_at_the_page_timeout(fake, tmp_path: Path) -> None:
    fake(f"{LANGS}\nexec sleep 60")
    started = time.monotonic()
    with pytest.raises(OcrError, match="longer than 1 s"):
        tesseract.ocr_image(Image.open(scan(tmp_path / "a.png")), timeout=1)
    assert time.monotonic() - started < 10


def _start(args: list[str], env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", "from pipeline.cli import app; app(prog_name='council')", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT), **env},
    )


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            return fh.read().split()[2] != "Z"
    except OSError:
        return False


def _wait_for(path: Path, seconds: float) -> int:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if path.exists() and path.read_text().strip():
            return int(path.read_text())
        time.sleep(0.2)
    raise AssertionError(f"{path} never appeared")


@pytest.mark.parametrize("command", ["check", "ingest"])
def test_children_die_with_their_parent(tmp_path: Path, command: str) -> None:
    pidfile = tmp_path / "tesseract.pid"
    env = fake_tesseract(
        tmp_path / "bin", f"{LANGS}\n{VERSION}\necho $$ > {pidfile}\nexec sleep 300"
    )
    image = scan(tmp_path / "a.png")
    args = ["check", str(image)] if command == "check" else [
        "ingest", str(image), "--db", str(tmp_path / "c.db"), "--workers", "1"
    ]  # fmt: skip
    proc = _start(args, env)
    try:
        busy = _wait_for(pidfile, 120)
        assert _alive(busy)
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        deadline = time.monotonic() + 15
        while _alive(busy) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not _alive(busy), "tesseract outlived the kill -9"
    finally:
        proc.kill()
        proc.wait()
        if pidfile.exists():
            with contextlib.suppress(ProcessLookupError, ValueError):
                os.kill(int(pidfile.read_text()), signal.SIGKILL)


def test_ingest_with_a_hanging_version_probe_goes_on(tmp_path: Path) -> None:
    """The hang used to be in the worker preload, before --doc-timeout starts."""
    env = fake_tesseract(
        tmp_path / "bin", f"{LANGS}\nif [ \"$1\" = --version ]; then exec sleep 300; fi\n"
        "echo 'Segmentation fault' >&2\nexit 139"
    )  # fmt: skip
    (tmp_path / "in").mkdir()
    scan(tmp_path / "in" / "a.png")
    (tmp_path / "in" / "b.txt").write_text("Die Verwaltung wird beauftragt zu berichten.\n")
    proc = _start(
        ["ingest", str(tmp_path / "in"), "--db", str(tmp_path / "c.db"), "--workers", "1",
         "--json"], env,
    )  # fmt: skip
    try:
        out, err = proc.communicate(timeout=150)
    finally:
        proc.kill()
    assert proc.returncode == 1, err
    summary = json.loads(out)
    assert summary["processed"] == 1 and summary["failed"] == 1
    assert "crashed (exit code 139): Segmentation fault" in summary["failures"][0]["error"]
