"""pipeline.analysis.oparl and the user-data path it shares with the extractor."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline import data
from pipeline.analysis import oparl
from pipeline.extract import resources

ORGS = [
    {
        "type": "https://schema.oparl.org/1.1/Organization",
        "name": "Ausschuss für Klimaschutz und Mobilität",
        "shortName": "AKM",
        "organizationType": "Gremium",
        "classification": "Ausschuss",
    }
]


@pytest.mark.parametrize("xdg", [True, False])
def test_import_lands_where_the_extractor_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, xdg: bool
) -> None:
    monkeypatch.delenv("COUNCIL_DATA_DIR", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    if xdg:
        monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    else:
        monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    source = tmp_path / "orgs.json"
    source.write_text(json.dumps(ORGS), encoding="utf-8")
    _, written = oparl.import_oparl(source)
    expected = (tmp_path / "xdg" if xdg else tmp_path / "home/.local/share") / "council-pipeline"
    assert written == expected / "bodies.json"
    assert resources.user_bodies_path() == written == data.user_bodies_path()
    names = [name for name, _, _ in resources.user_bodies()]
    assert names == ["Ausschuss für Klimaschutz und Mobilität"]


def test_council_data_dir_wins_over_xdg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("COUNCIL_DATA_DIR", str(tmp_path / "own"))
    assert oparl.bodies_path() == resources.user_bodies_path() == tmp_path / "own/bodies.json"
