"""The analysts' commands through the CLI: options, output formats, exit codes."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from icalendar import Calendar

import pipeline.cli.analyst  # noqa: F401  (registers the commands)
from pipeline.cli import app


@pytest.fixture
def db(council_db) -> Path:
    return council_db(40, seed=5, name="cli.db")


def run(runner, *args: str):
    result = runner.invoke(app, list(args))
    return result


def as_json(runner, *args: str) -> list[dict]:
    result = run(runner, *args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_obligations_table_has_the_beschlusskontrolle_columns(runner, db: Path) -> None:
    result = run(runner, "obligations", "--db", str(db), "--limit", "3")
    assert result.exit_code == 0, result.output
    header = result.stdout.split("\n")[:6]
    for column in ("requester", "date", "topic", "actor", "deadline", "status"):
        assert any(column in line for line in header), column
    assert "Obligations (3)" in result.stdout


def test_obligations_filters_combine(runner, db: Path) -> None:
    everything = as_json(runner, "obligations", "--db", str(db))
    assert len(everything) == 40
    committee = as_json(runner, "obligations", "--db", str(db), "--body", "Jugendhilfe")
    assert committee and all(r["actor"] == "Jugendhilfeausschuss" for r in committee)
    assert len(committee) == sum(r["actor"] == "Jugendhilfeausschuss" for r in everything)
    today = "2023-09-01"
    overdue = as_json(runner, "obligations", "--db", str(db), "--overdue", "--today", today)
    expected = [r for r in everything if r["effective_due"] and r["effective_due"] < today]
    assert sorted(r["id"] for r in overdue) == sorted(r["id"] for r in expected)
    window = as_json(
        runner, "obligations", "--db", str(db), "--due-after", "2023-01-01",
        "--due-before", "2023-12-31", "--requester", "fraktion", "--sort", "-deadline",
    )  # fmt: skip
    dues = [r["effective_due"] for r in window]
    assert dues == sorted(dues, reverse=True)
    assert all("2023-01-01" <= d <= "2023-12-31" for d in dues)
    texts = as_json(runner, "obligations", "--db", str(db), "--text", "Konzept")
    assert texts and all("konzept" in r["text"].lower() for r in texts)


def test_obligations_csv_parses(runner, db: Path) -> None:
    result = run(runner, "obligations", "--db", str(db), "--format", "csv", "--status", "open")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 40 and rows[0]["status"] == "open"


def test_track_then_filter_by_status_and_show_history(runner, db: Path) -> None:
    first = as_json(runner, "obligations", "--db", str(db))[0]
    ident = str(first["id"])
    result = run(
        runner, "track", ident, "--db", str(db), "--status", "in_progress",
        "--note", "Vorlage in Arbeit", "--due", "2030-06-30",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "open → in_progress" in result.stdout
    moved = as_json(runner, "obligations", "--db", str(db), "--status", "in_progress")
    assert [r["id"] for r in moved] == [first["id"]]
    assert moved[0]["effective_due"] == "2030-06-30"
    shown = run(runner, "show", ident, "--db", str(db), "--json")
    record = json.loads(shown.stdout)["obligation"]
    assert record["history"][0]["note"] == "Vorlage in Arbeit"
    assert record["passage"]["corrected"] == first["text"]
    table = run(runner, "show", ident, "--db", str(db))
    assert "Vorlage in Arbeit" in table.stdout and "Corrected text" in table.stdout


def test_track_rejects_bad_input(runner, db: Path) -> None:
    assert run(runner, "track", "1", "--db", str(db), "--status", "finished").exit_code == 2
    assert run(runner, "track", "1", "--db", str(db), "--due", "31.12.2024").exit_code == 2
    assert run(runner, "track", "1", "--db", str(db)).exit_code == 2
    missing = run(runner, "track", "99999", "--db", str(db), "--status", "done")
    assert missing.exit_code == 11 and "no obligation" in missing.stderr


def test_show_document_by_prefix(runner, db: Path) -> None:
    doc_id = as_json(runner, "obligations", "--db", str(db))[0]["document"]["id"]
    result = run(runner, "show", doc_id[:8], "--db", str(db), "--json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)["document"]
    assert doc["id"] == doc_id and doc["obligations"]
    assert run(runner, "show", "zzzzzzzz", "--db", str(db)).exit_code == 11


def test_search_prints_hits_with_reference(runner, db: Path) -> None:
    result = run(runner, "search", "Digitalisierung", "--db", str(db), "--format", "json")
    assert result.exit_code == 0, result.output
    hits = json.loads(result.stdout)
    assert hits and all({"document_id", "page", "reference", "snippet"} <= set(h) for h in hits)
    assert all("«" in h["snippet"] for h in hits)
    table = run(runner, "search", "Hallenbad", "--db", str(db))
    assert table.exit_code == 0 and "pages match" in table.stdout


def test_export_formats_to_files(runner, db: Path, tmp_path: Path) -> None:
    for fmt in ("jsonl", "csv", "ics", "oparl"):
        out = tmp_path / f"export.{fmt}"
        result = run(runner, "export", "--db", str(db), "--format", fmt, "--out", str(out))
        assert result.exit_code == 0, result.output
        assert "wrote" in result.stderr
    assert len((tmp_path / "export.jsonl").read_text(encoding="utf-8").splitlines()) == 40
    assert len(list(csv.DictReader((tmp_path / "export.csv").open(newline="")))) == 40
    cal = Calendar.from_ical((tmp_path / "export.ics").read_bytes())
    assert len(cal.walk("VTODO")) == sum(
        1 for line in (tmp_path / "export.jsonl").open() if json.loads(line)["effective_due"]
    )
    papers = json.loads((tmp_path / "export.oparl").read_text(encoding="utf-8"))["data"]
    assert sum(len(p["council:obligations"]) for p in papers) == 40
    assert run(runner, "export", "--db", str(db), "--format", "xml").exit_code == 2


def test_missing_database_is_a_store_error(runner, tmp_path: Path) -> None:
    result = run(runner, "obligations", "--db", str(tmp_path / "none.db"))
    assert result.exit_code == 11
    assert "council ingest" in result.stderr
    assert not (tmp_path / "none.db").exists()


def test_bodies_import_oparl_writes_the_data_dir(runner, db: Path, tmp_path: Path) -> None:
    source = tmp_path / "orgs.json"
    orgs = [
        {"name": "Haupt- und Finanzausschuss", "shortName": "HFA", "classification": "Ausschuss"}
    ]
    source.write_text(json.dumps({"data": orgs}), encoding="utf-8")
    result = run(runner, "bodies", "import-oparl", str(source))
    assert result.exit_code == 0, result.output
    written = json.loads((tmp_path / "data" / "bodies.json").read_text(encoding="utf-8"))
    assert written == [
        {"name": "Haupt- und Finanzausschuss", "kind": "committee", "aliases": ["HFA"]}
    ]
    # The alias now works as a body filter.
    rows = as_json(runner, "obligations", "--db", str(db), "--body", "HFA")
    assert rows and {r["actor"] for r in rows} == {"Haupt- und Finanzausschuss"}
    assert run(runner, "bodies", "import-oparl", str(tmp_path / "nope.json")).exit_code == 3
    listed = json.loads(run(runner, "bodies", "list", "--json").stdout)
    assert listed == written
    assert "Haupt- und Finanzausschuss" in run(runner, "bodies", "list").stdout


def test_real_subprocess_prints_clean_json(db: Path) -> None:
    code = "import pipeline.cli.analyst; from pipeline.cli import app; app()"
    done = subprocess.run(
        [sys.executable, "-c", code, "obligations", "--db", str(db), "--format", "json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)) == 40


def test_after_a_real_ingest_search_show_and_export_work(runner, tmp_path: Path) -> None:
    import pipeline.cli.ingest  # noqa: F401  (registers `council ingest`)

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "antrag.txt").write_text(
        "Antrag der SPD-Fraktion\nDer Rat beschließt:\nDie Verwaltung wird beauftragt, bis zum "
        "30.06.2025 eine Digitalisierungsstrategie für die Grundschulen vorzulegen.\n",
        encoding="utf-8",
    )
    (folder / "anfrage.txt").write_text(
        "Anfrage zum Lärmschutz an der Bahnstrecke\nWann wird die Lärmschutzwand gebaut?\n",
        encoding="utf-8",
    )
    db = tmp_path / "real.db"
    ingest = run(runner, "ingest", str(folder), "--db", str(db), "--workers", "1")
    assert ingest.exit_code == 0, ingest.output
    hits = json.loads(
        run(runner, "search", "Digitalisierung", "--db", str(db), "-f", "json").stdout
    )
    assert len(hits) == 1
    assert "«Digitalisierungsstrategie»" in hits[0]["snippet"]
    assert len(json.loads(run(runner, "search", "Lärm", "--db", str(db), "-f", "json").stdout)) == 1
    shown = json.loads(
        run(runner, "show", hits[0]["document_id"], "--db", str(db), "--json").stdout
    )
    assert shown["document"]["paths"] == [str(folder / "antrag.txt")]
    times = shown["document"]["times"]
    assert [(t["text"], t["type"], t["date"]) for t in times] == [
        ("30.06.2025", "DATE", "2025-06-30")
    ]
    table = run(runner, "show", hits[0]["document_id"], "--db", str(db))
    assert "Time expressions (1)" in table.stdout and "2025-06-30" in table.stdout
    out = tmp_path / "oparl.json"
    assert run(runner, "export", "--db", str(db), "-f", "oparl", "-o", str(out)).exit_code == 0
    papers = json.loads(out.read_text(encoding="utf-8"))["data"]
    assert sorted(p["mainFile"]["fileName"] for p in papers) == ["anfrage.txt", "antrag.txt"]
    assert all(p["mainFile"]["mimeType"] == "text/plain" for p in papers)


def test_tracking_survives_a_forced_reingest(runner, tmp_path: Path) -> None:
    import pipeline.cli.ingest  # noqa: F401  (registers `council ingest`)

    source = tmp_path / "beschluss.txt"
    source.write_text(
        "Beschluss des Rates vom 12.03.2024\nDer Rat beschließt:\nDie Verwaltung wird "
        "beauftragt, bis zum 30.09.2024 ein Konzept für sichere Schulwege vorzulegen.\n",
        encoding="utf-8",
    )
    db = tmp_path / "track.db"
    assert run(runner, "ingest", str(source), "--db", str(db), "--workers", "1").exit_code == 0
    found = as_json(runner, "obligations", "--db", str(db))
    assert found, "the extractor found no obligation in a plain council decision"
    ident = str(found[0]["id"])
    assert (
        run(runner, "track", ident, "--db", str(db), "--status", "done", "--note", "ok").exit_code
        == 0
    )
    again = run(runner, "ingest", str(source), "--db", str(db), "--workers", "1", "--force")
    assert again.exit_code == 0, again.output
    record = json.loads(run(runner, "show", ident, "--db", str(db), "--json").stdout)["obligation"]
    assert record["status"] == "done"
    assert [h["note"] for h in record["history"]] == ["ok"]
