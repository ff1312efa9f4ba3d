"""pipeline.store.schema: the migrations apply one by one, and the schema holds the record."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from pipeline import store
from pipeline.model import Document, Page
from pipeline.store import schema


def columns(conn: sqlite3.Connection, table: str) -> set[str]:
    return {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}


def test_each_migration_applies_alone_and_bumps_the_version_by_one(tmp_path: Path) -> None:
    conn = sqlite3.connect(tmp_path / "steps.db")
    for number, script in enumerate(schema.MIGRATIONS, 1):
        statements = store._statements(script)
        assert statements and all(sqlite3.complete_statement(s + ";") for s in statements)
        with conn:
            for statement in statements:
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {number}")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
    conn.close()
    again = store.connect(tmp_path / "steps.db")  # nothing left to migrate
    assert store.migrate(again) == schema.SCHEMA_VERSION


def test_statements_keep_trigger_bodies_whole() -> None:
    script = """
    -- a comment line
    CREATE TABLE t (a TEXT);
    CREATE TRIGGER t_ai AFTER INSERT ON t BEGIN
        UPDATE t SET a = upper(new.a) WHERE rowid = new.rowid;
        SELECT 1;
    END;
    """
    statements = store._statements(script)
    assert len(statements) == 2 and statements[1].endswith("END;")


def test_the_document_record_has_a_column_for_every_field(tmp_path: Path) -> None:
    conn = store.connect(tmp_path / "c.db")
    record = Document(source="a.txt", sha256="a" * 64, pages=[Page(1, "text-file", "x")])
    fields = set(record.to_record()["document"]) - {"source", "pages"}  # paths, page rows
    assert fields <= columns(conn, "documents")
    assert {"number", "method", "confidence", "raw_text", "text"} <= columns(conn, "pages")
    assert {"page", "start", "end", "original", "corrected"} <= columns(conn, "corrections")
