"""Items 4 and 12 of issue 13: hostile OParl files and out-of-range numbers get their
documented exit codes and a message, never a traceback; junk Organizations are reported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.analysis import oparl
from pipeline.cli import app
from pipeline.errors import InputError, InputTooLarge

HUGE = "9" * 23


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("COUNCIL_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "data"


def test_deeply_nested_json_is_bad_input(runner, tmp_path: Path, data_dir: Path) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    result = runner.invoke(app, ["bodies", "import-oparl", str(deep)])
    assert result.exit_code == 5 and "nested too deeply" in result.output
    assert not (data_dir / "bodies.json").exists()


def test_a_folder_as_file_is_bad_input(runner, tmp_path: Path, data_dir: Path) -> None:
    result = runner.invoke(app, ["bodies", "import-oparl", str(tmp_path)])
    assert result.exit_code == 5 and "is not a file" in result.output


def test_an_oversized_list_is_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    big.write_text(json.dumps([{"name": "Rat"}] * 50), encoding="utf-8")
    with pytest.raises(InputTooLarge):
        oparl.read_json(big, limit=100)


def test_junk_organizations_are_skipped_and_reported(runner, tmp_path: Path, data_dir) -> None:
    source = tmp_path / "orgs.json"
    orgs = [
        {"name": 5},
        {"name": "Rat der Stadt", "shortName": ["Rat"]},
        7,
        {"type": "https://schema.oparl.org/1.0/Organization", "name": "Bauausschuss",
         "shortName": "BA", "location": "https://example.org/location/1"},
        {"type": "https://schema.oparl.org/1.1/Organization", "id": "https://x/o/2",
         "name": "Sportausschuss", "memberCount": "elf"},
        {"name": "Fraktion A", "startDate": ""},
    ]  # fmt: skip
    source.write_text(json.dumps({"data": orgs}), encoding="utf-8")
    result = runner.invoke(app, ["bodies", "import-oparl", str(source)])
    assert result.exit_code == 0, result.output
    assert "imported 2 bodies" in result.output and "skipped 4 invalid objects" in result.output
    for why in (
        "#1: name",
        "#2: shortName",
        "#3: not an object",
        "#5 (https://x/o/2): memberCount",
    ):
        assert why in result.output
    names = {e["name"] for e in json.loads((data_dir / "bodies.json").read_text("utf-8"))}
    assert names == {"Bauausschuss", "Fraktion A"}  # OParl 1.0 types and empty dates pass


def test_schema_ships_with_the_package() -> None:
    assert oparl.SCHEMA.is_file() and oparl.problem({"name": "Rat"}) is None
    with pytest.raises(InputError):
        oparl.bodies_from_oparl({"items": []})


@pytest.mark.parametrize(
    "args",
    [
        ["obligations", "--limit", HUGE, "-f", "json"],
        ["search", "Bericht", "--limit", HUGE, "-f", "json"],
    ],
)
def test_a_huge_limit_means_all(runner, db: Path, args: list[str]) -> None:
    result = runner.invoke(app, [*args, "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)


@pytest.mark.parametrize(
    "args", [["show", HUGE], ["track", HUGE, "--status", "done"], ["show", "-" + HUGE[:5]]]
)
def test_a_huge_id_is_not_found(runner, db: Path, args: list[str]) -> None:
    result = runner.invoke(app, [*args, "--db", str(db)])
    assert result.exit_code in (2, 11), result.output  # usage error, or not found
    assert isinstance(result.exception, SystemExit) and "OverflowError" not in result.output
