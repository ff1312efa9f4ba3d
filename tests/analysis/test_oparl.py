"""pipeline.analysis.oparl and the user-data path it shares with the extractor."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline import data
from pipeline.analysis import oparl
from pipeline.errors import InputError, InputNotFound
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


ORGANIZATIONS = {
    "data": [
        {
            "id": "https://ris.example/oparl/organization/1",
            "type": "https://schema.oparl.org/1.1/Organization",
            "name": "Ausschuss für Umwelt und Verkehr",
            "shortName": "UVA",
            "organizationType": "Gremium",
            "classification": "Ausschuss",
        },
        {
            "type": "https://schema.oparl.org/1.1/Organization",
            "name": "Fraktion BÜNDNIS 90/DIE GRÜNEN",
            "shortName": "Grüne",
            "organizationType": "Fraktion",
        },
        {"name": "Rat der Stadt", "organizationType": "Gremium", "classification": "Hauptorgan"},
        {"name": "Seniorenbeirat", "organizationType": "Gremium"},
        {"name": "Aufsichtsrat der Stadtwerke", "organizationType": "externes Gremium"},
        {"name": "Ordnungsamt", "organizationType": "Verwaltungsbereich"},
        {"name": "Gruppe Die PARTEI", "organizationType": "Sonstiges"},
        {"name": "Verein Kulturhaus e.V.", "organizationType": "Institution"},
        {"name": "Alter Ausschuss", "classification": "Ausschuss", "deleted": True},
        {"type": "https://schema.oparl.org/1.1/Person", "name": "Erika Mustermann"},
    ]
}


def test_oparl_organizations_become_gazetteer_entries(tmp_path: Path) -> None:
    source = tmp_path / "orgs.json"
    source.write_text(json.dumps(ORGANIZATIONS), encoding="utf-8")
    count, target = oparl.import_oparl(source, tmp_path / "bodies.json")
    entries = {e["name"]: e for e in json.loads(target.read_text(encoding="utf-8"))}
    assert count == len(entries) == 8
    assert entries["Ausschuss für Umwelt und Verkehr"] == {
        "name": "Ausschuss für Umwelt und Verkehr",
        "kind": "committee",
        "aliases": ["UVA"],
    }
    kinds = {name: e["kind"] for name, e in entries.items()}
    assert kinds == {
        "Ausschuss für Umwelt und Verkehr": "committee",
        "Fraktion BÜNDNIS 90/DIE GRÜNEN": "faction",
        "Rat der Stadt": "council",
        "Seniorenbeirat": "board",
        "Aufsichtsrat der Stadtwerke": "board",
        "Ordnungsamt": "administration",
        "Gruppe Die PARTEI": "group",
        "Verein Kulturhaus e.V.": "organisation",
    }
    assert set(kinds.values()) <= set(oparl.KINDS)


def test_import_merges_with_what_is_there_and_accepts_a_bare_list(tmp_path: Path) -> None:
    target = tmp_path / "bodies.json"
    target.write_text(
        json.dumps([{"name": "Ausschuss für Umwelt und Verkehr", "kind": "committee",
                     "aliases": ["Umweltausschuss"]}]),
        encoding="utf-8",
    )  # fmt: skip
    source = tmp_path / "list.json"
    source.write_text(json.dumps(ORGANIZATIONS["data"][:2]), encoding="utf-8")
    oparl.import_oparl(source, target)
    entries = {e["name"]: e for e in json.loads(target.read_text(encoding="utf-8"))}
    assert entries["Ausschuss für Umwelt und Verkehr"]["aliases"] == ["UVA", "Umweltausschuss"]
    assert entries["Fraktion BÜNDNIS 90/DIE GRÜNEN"]["aliases"] == ["Grüne"]


def test_bad_oparl_files_raise_input_errors(tmp_path: Path) -> None:
    with pytest.raises(InputNotFound):
        oparl.import_oparl(tmp_path / "missing.json", tmp_path / "b.json")
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError):
        oparl.import_oparl(broken, tmp_path / "b.json")
    broken.write_text(json.dumps({"items": []}), encoding="utf-8")
    with pytest.raises(InputError):
        oparl.import_oparl(broken, tmp_path / "b.json")


def test_data_dir_follows_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COUNCIL_DATA_DIR", str(tmp_path))
    assert oparl.bodies_path() == tmp_path / "bodies.json"
    monkeypatch.delenv("COUNCIL_DATA_DIR")
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert oparl.bodies_path() == tmp_path / "home/.local/share/council-pipeline/bodies.json"
