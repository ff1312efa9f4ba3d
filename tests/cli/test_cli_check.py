"""`council check` through the CLI: the JSON contract and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from pipeline.cli import app

RECORD_KEYS = {
    "document": {"id", "source", "type", "reference", "title", "date", "submitters", "pages"},
    "pages": {"number", "method", "confidence", "raw_text", "text"},
}
TEXT = "Der Rat beschließt:\nDie Verwaltung wird beauftragt, bis Ende 2023 zu berichten.\n"


def test_check_json_has_the_record_keys(runner, tmp_path: Path) -> None:
    source = tmp_path / "antrag.txt"
    source.write_text(TEXT, encoding="utf-8")
    result = runner.invoke(app, ["check", str(source), "--json"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    for key in ("document", "pages", "corrections", "bodies", "deadlines", "obligations"):
        assert key in record
    assert RECORD_KEYS["document"] <= set(record["document"])
    assert record["document"]["source"] == str(source)
    assert RECORD_KEYS["pages"] <= set(record["pages"][0])
    assert record["pages"][0]["method"] == "text-file"
    assert "Verwaltung wird beauftragt" in record["pages"][0]["text"]


def test_missing_file_has_its_own_exit_code(runner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["check", str(tmp_path / "nope.pdf")])
    assert result.exit_code == 3
    assert "no such file" in result.stderr
    assert "Traceback" not in result.output


def test_several_files_one_missing_prints_the_others(runner, tmp_path: Path) -> None:
    good = tmp_path / "a.txt"
    good.write_text(TEXT, encoding="utf-8")
    missing = str(tmp_path / "gone.txt")
    result = runner.invoke(app, ["check", str(good), missing, str(good), "--json"])
    assert result.exit_code == 1
    lines = [json.loads(line) for line in result.stdout.strip().splitlines()]
    assert len(lines) == 3  # one per input, in order; the missing one marked failed
    assert [line.get("status") for line in lines] == ["done", "failed", "done"]
    assert lines[0]["document"]["source"] == lines[2]["document"]["source"] == str(good)
    assert lines[1]["source"] == missing


def test_real_subprocess_keeps_stdout_clean(tmp_path: Path) -> None:
    source = tmp_path / "antrag.txt"
    source.write_text(TEXT, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "pipeline", "check", str(source), "--json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["document"]["pages"] == 1


def test_record_validates_against_the_documented_schema(runner, tmp_path: Path) -> None:
    import jsonschema

    schema = json.loads((Path(__file__).parents[2] / "pipeline/record.schema.json").read_text())
    source = tmp_path / "antrag.txt"
    source.write_text(TEXT, encoding="utf-8")
    result = runner.invoke(app, ["check", str(source), "--json", "--reference-date", "2023-05-01"])
    assert result.exit_code == 0, result.output
    jsonschema.validate(json.loads(result.stdout), schema)


def test_bad_reference_date_is_a_usage_error(runner, tmp_path: Path) -> None:
    source = tmp_path / "antrag.txt"
    source.write_text(TEXT, encoding="utf-8")
    result = runner.invoke(app, ["check", str(source), "--reference-date", "1.5.2023"])
    assert result.exit_code == 2
