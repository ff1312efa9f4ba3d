"""The `times` table (schema V7): every time expression of a document is stored with its
TIMEX3 type, value and anchor; a database of the version before keeps its data when migrated."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from conftest import extract_text

from pipeline import store
from pipeline.model import Time
from pipeline.store import schema

PROV = store.Provenance("0.1.0", "5.3.0", "deu", "abc123")
TEXT = (
    "Datum: 10.03.2025\n"
    "Der Bauausschuss tagt am 24. April 2025. Die Straße wird vom 2. bis 6. Juni 2025 "
    "gesperrt. Die Verwaltung berichtet jährlich und legt innerhalb von drei Monaten ein "
    "Konzept vor."
)


def save(conn: sqlite3.Connection, doc) -> None:
    with store.transaction(conn):
        store.save_document(conn, doc, PROV, [doc.source])


def test_times_of_a_processed_document_are_stored_and_read_back(tmp_path: Path) -> None:
    doc = extract_text(TEXT)
    assert doc.times, "the text has time expressions"
    conn = store.connect(tmp_path / "c.db")
    save(conn, doc)
    rows = store.document_record(conn, doc.id)["times"]
    assert [(r["text"], r["type"], r["value"]) for r in rows] == [
        (t.text, t.type, t.value) for t in doc.times
    ]
    by_text = {r["text"]: r for r in rows}
    assert by_text["24. April 2025"]["date"] == "2025-04-24"
    assert (by_text["2."]["type"], by_text["2."]["value"]) == ("DATE", "2025-06-02")  # a range
    assert by_text["jährlich"]["type"] == "SET"
    assert by_text["innerhalb von drei Monaten"]["value"] == "P3M"
    # a re-ingest replaces the document's times, it does not add to them
    save(conn, doc)
    assert len(store.document_record(conn, doc.id)["times"]) == len(rows)


def test_every_stored_time_lies_where_its_offsets_say(tmp_path: Path) -> None:
    doc = extract_text(TEXT)
    conn = store.connect(tmp_path / "c.db")
    save(conn, doc)
    for r in store.document_record(conn, doc.id)["times"]:
        page = doc.pages[r["page"] - 1].clean_text
        assert " ".join(page[r["start"] : r["end"]].split()) == r["text"]


def test_an_unknown_type_is_refused_by_the_schema(tmp_path: Path) -> None:
    doc = extract_text(TEXT)
    doc.times = [Time("morgen", "WHEN", None, None, None, 1, 0, 6)]
    conn = store.connect(tmp_path / "c.db")
    try:
        save(conn, doc)
    except sqlite3.IntegrityError:
        pass
    else:
        raise AssertionError("a time of type WHEN was stored")
    assert store.document_record(conn, doc.id) is None  # the transaction rolled back whole


def test_a_version_6_database_keeps_its_data_when_times_arrive(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    old = sqlite3.connect(path)
    with old:
        for number, script in enumerate(schema.MIGRATIONS[:6], 1):
            for statement in store._statements(script):
                old.execute(statement)
            old.execute(f"PRAGMA user_version = {number}")
        old.execute(
            "INSERT INTO documents(id, sha256, status, created_at, updated_at)"
            " VALUES ('d1', 'sha-d1', 'done', 'x', 'x')"
        )
        old.execute(
            "INSERT INTO deadlines(document_id, text, date) VALUES ('d1', 'bis 2026', '2026-12-31')"
        )
    old.close()
    conn = store.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
    record = store.document_record(conn, "d1")
    assert record is not None
    assert [d["text"] for d in record["deadlines"]] == ["bis 2026"]
    assert record["times"] == []  # stored before V7: none until it is re-ingested
