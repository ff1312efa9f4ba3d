"""Exports parse back with their standard libraries; OParl lists import into the gazetteer."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from icalendar import Calendar

from pipeline.analysis import export, oparl, query

NOW = dt.datetime(2024, 5, 1, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def conn(council_db):
    connection = query.open_db(council_db(60, seed=11))
    yield connection
    connection.close()


def test_jsonl_is_one_object_per_obligation(conn) -> None:
    rows = query.obligations(conn)
    lines = export.to_jsonl(rows).splitlines()
    assert len(lines) == len(rows) == 60
    parsed = [json.loads(line) for line in lines]
    assert [p["id"] for p in parsed] == [r["id"] for r in rows]
    assert all(p["document"]["source"].startswith("generated/") for p in parsed)


def test_csv_round_trips_through_the_csv_module(conn) -> None:
    rows = query.obligations(conn)
    table = list(csv.DictReader(io.StringIO(export.to_csv(rows), newline="")))
    assert len(table) == len(rows)
    assert list(table[0]) == export.CSV_COLUMNS
    for got, row in zip(table, rows, strict=True):
        assert got["text"] == row["text"]
        assert got["effective_due"] == (row["effective_due"] or "")
        assert got["reference"] == row["document"]["reference"]


def test_ics_is_valid_and_has_one_todo_per_dated_obligation(conn) -> None:
    rows = query.obligations(conn)
    first = rows[0]
    query.track(conn, first["id"], status="done", note="erledigt am 2.5.")
    rows = query.obligations(conn)
    text = export.to_ics(rows, now=NOW)
    # RFC 5545: CRLF line ends, content lines folded at 75 octets.
    assert "\r\n" in text and "\n" not in text.replace("\r\n", "")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    cal = Calendar.from_ical(text)
    assert str(cal["VERSION"]) == "2.0" and "PRODID" in cal
    todos = [c for c in cal.walk() if c.name == "VTODO"]
    dated = [r for r in rows if r["effective_due"]]
    assert len(todos) == len(dated) > 0
    assert len({str(t["UID"]) for t in todos}) == len(todos)
    by_uid = {str(t["UID"]): t for t in todos}
    for row in dated:
        todo = by_uid[f"{row['key']}@council-pipeline"]
        assert todo.decoded("DUE").isoformat()[:10] == row["effective_due"]
        assert "DTSTAMP" in todo
        assert row["text"] in str(todo["DESCRIPTION"])
    assert str(by_uid[f"{first['key']}@council-pipeline"]["STATUS"]) == "COMPLETED"


def test_ics_uses_the_tracked_due_date(conn) -> None:
    row = query.obligations(conn)[0]
    query.track(conn, row["id"], due="2031-01-15")
    cal = Calendar.from_ical(export.to_ics(query.obligations(conn), now=NOW))
    dues = {str(t["UID"]): t.decoded("DUE") for t in cal.walk("VTODO")}
    assert dues[f"{row['key']}@council-pipeline"] == dt.date(2031, 1, 15)


def test_oparl_papers_and_organizations(conn) -> None:
    rows = query.obligations(conn)
    data = json.loads(json.dumps(export.to_oparl(conn, rows, "https://example.org/oparl")))
    orgs = export.to_oparl_organizations(conn, rows, "https://example.org/oparl")["data"]
    papers = data["data"]
    n_docs = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    assert len(papers) == n_docs
    org_ids = {o["id"] for o in orgs}
    assert all(o["type"] == "https://schema.oparl.org/1.1/Organization" for o in orgs)
    for paper in papers:
        assert paper["type"] == "https://schema.oparl.org/1.1/Paper"
        assert paper["id"].startswith("https://example.org/oparl/paper/")
        for key in ("reference", "name", "paperType", "date", "originatorOrganization"):
            assert paper[key], key
        assert set(paper["originatorOrganization"]) <= org_ids
        main = paper["mainFile"]
        assert main["type"] == "https://schema.oparl.org/1.1/File"
        assert main["accessUrl"] and main["mimeType"] == "application/pdf"
        assert "Der Rat möge beschließen" in main["text"]
    carried = [o for p in papers for o in p[export.EXTENSION]]
    assert sorted(o["id"] for o in carried) == sorted(r["id"] for r in rows)
    kinds = {o["name"]: o["classification"] for o in orgs}
    assert kinds["Jugendhilfeausschuss"] == "Ausschuss"
    assert kinds["SPD-Fraktion"] == "Fraktion"


def test_exported_organizations_import_back_with_their_kinds(conn, tmp_path: Path) -> None:
    data = export.to_oparl_organizations(conn, query.obligations(conn))
    source = tmp_path / "export.json"
    source.write_text(json.dumps(data), encoding="utf-8")
    oparl.import_oparl(source, tmp_path / "bodies.json")
    kinds = {e["name"]: e["kind"] for e in oparl.load_bodies(tmp_path / "bodies.json")}
    stored = {r["name"]: r["kind"] for r in conn.execute("SELECT DISTINCT name, kind FROM bodies")}
    for name, kind in stored.items():
        assert kinds[name] == kind
