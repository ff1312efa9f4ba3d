"""`council correct` through the CLI: plain text, --diff, --json and --out-dir."""

from __future__ import annotations

import json
from pathlib import Path

import pipeline.cli.correct  # noqa: F401  (registers the command until pipeline.cli imports it)
from pipeline.cli import app

NOISY = "Der Stodtrot beschließt: Die Verwoltung wird beouftrogt, den Antrog zu prüfen.\n"
FIXED = "Der Stadtrat beschließt: Die Verwaltung wird beauftragt, den Antrag zu prüfen.\n"


def write(tmp_path: Path, name: str = "antrag.txt") -> Path:
    path = tmp_path / name
    path.write_text(NOISY, encoding="utf-8")
    return path


def test_prints_corrected_text(runner, tmp_path):
    result = runner.invoke(app, ["correct", str(write(tmp_path))])
    assert result.exit_code == 0, result.output
    assert result.stdout == FIXED


def test_diff_shows_changes_with_confidence(runner, tmp_path):
    result = runner.invoke(app, ["correct", str(write(tmp_path)), "--diff"])
    assert result.exit_code == 0, result.output
    assert "'Stodtrot' → 'Stadtrat'" in result.stdout
    assert "'Antrog' → 'Antrag'" in result.stdout


def test_json_gives_corrections_with_offsets(runner, tmp_path):
    result = runner.invoke(app, ["correct", str(write(tmp_path)), "--json"])
    record = json.loads(result.stdout)
    text = record["pages"][0]["text"]
    assert text.rstrip("\n") == FIXED.rstrip("\n")
    assert {c["original"] for c in record["corrections"]} >= {"Stodtrot", "Antrog"}
    for c in record["corrections"]:
        assert text[c["start"] : c["end"]] == c["corrected"]


def test_out_dir_writes_each_file(runner, tmp_path):
    sources = [write(tmp_path, "a.txt"), write(tmp_path, "b.txt")]
    out = tmp_path / "out"
    result = runner.invoke(app, ["correct", *map(str, sources), "--out-dir", str(out)])
    assert result.exit_code == 0, result.output
    for src in sources:
        assert (out / src.name).read_text(encoding="utf-8").rstrip("\n") == FIXED.rstrip("\n")


def test_missing_file_fails_with_its_code(runner, tmp_path):
    result = runner.invoke(app, ["correct", str(tmp_path / "nope.txt")])
    assert result.exit_code != 0
