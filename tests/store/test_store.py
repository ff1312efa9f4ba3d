"""pipeline.store: schema and migrations, one document per transaction, FTS sync, and tracking
state that survives re-ingest."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline import store
from pipeline.errors import StoreError
from pipeline.model import Body, Correction, Deadline, Document, Obligation, Page

PROV = store.Provenance("0.1.0", "5.3.0", "deu", "abc123")
TEXT = (
    "Der Ausschuss für Umwelt beschließt:\n"
    "Die Verwaltung wird beauftragt, bis zum 31.03.2025 einen Bericht vorzulegen."
)


def make_doc(
    sha: str = "ab" * 32, obligations: list[str] | None = None, text: str = TEXT
) -> Document:
    deadline = Deadline("bis zum 31.03.2025", "2025-03-31", None, "day", None, 1, 40, 58)
    doc = Document(
        source="antrag.txt", sha256=sha, type="Antrag", title="Lärmschutz", date="2024-11-05"
    )
    doc.submitters = ["Fraktion B"]
    doc.pages = [Page(1, "ocr", text.replace("für", "fur"), 91.5, text, text)]
    doc.corrections = [Correction(1, 14, 17, "fur", "für", 0.9)]
    doc.bodies = [Body("Ausschuss für Umwelt", "Der Ausschuss für Umwelt", "committee", 1, 0, 24)]
    doc.deadlines = [deadline]
    texts = obligations if obligations is not None else ["Bericht vorlegen"]
    doc.obligations = [
        Obligation(t, "Verwaltung", "vorlegen", "Fraktion B", deadline, 1, 37, 100, 0.8)
        for t in texts
    ]
    doc.timings = {"ocr": 1.25}
    doc.status = "done"
    return doc


def save(conn: sqlite3.Connection, doc: Document, paths: list[str] | None = None) -> int:
    with store.transaction(conn):
        return store.save_document(conn, doc, PROV, paths or [doc.source])


@pytest.fixture
def conn(council_db) -> sqlite3.Connection:
    connection = store.connect(council_db(docs=[]))
    yield connection
    connection.close()


def test_connect_creates_the_contract_schema(conn: sqlite3.Connection, tmp_path: Path) -> None:
    assert conn.execute("PRAGMA user_version").fetchone()[0] == store.SCHEMA_VERSION
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    names = {r["name"] for r in conn.execute("SELECT name FROM sqlite_master")}
    for table in (
        "documents",
        "document_paths",
        "pages",
        "pages_fts",
        "corrections",
        "bodies",
        "deadlines",
        "obligations",
        "obligation_history",
    ):
        assert table in names
    columns = {r["name"] for r in conn.execute("PRAGMA table_info(obligations)")}
    assert {"key", "requester", "topic", "document_date", "status", "due", "status_note"} <= columns
    # Reopening runs no migration twice and keeps the data.
    save(conn, make_doc())
    again = store.connect(tmp_path / "council.db")
    assert again.execute("SELECT count(*) FROM documents").fetchone()[0] == 1


def test_a_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    sqlite3.connect(path).execute(f"PRAGMA user_version = {store.SCHEMA_VERSION + 1}")
    with pytest.raises(StoreError, match="newer"):
        store.connect(path)


def test_a_file_that_is_not_a_database_is_a_store_error(tmp_path: Path) -> None:
    path = tmp_path / "junk.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="cannot open database") as err:
        store.connect(path)
    assert "give another --db path" in str(err.value)  # and says what to do


def test_document_round_trips_with_provenance(conn: sqlite3.Connection) -> None:
    doc = make_doc()
    assert save(conn, doc, ["/a/antrag.txt", "/b/kopie.txt"]) == 1
    record = store.document_record(conn, doc.id)
    assert record is not None
    meta = record["document"]
    assert (meta["sha256"], meta["type"], meta["title"], meta["date"]) == (
        doc.sha256,
        "Antrag",
        "Lärmschutz",
        "2024-11-05",
    )
    assert meta["submitters"] == ["Fraktion B"] and meta["page_count"] == 1
    assert (meta["pipeline_version"], meta["tesseract_version"], meta["ocr_language"]) == (
        "0.1.0",
        "5.3.0",
        "deu",
    )
    assert meta["dictionary_checksum"] == "abc123" and meta["status"] == "done"
    assert record["paths"] == ["/a/antrag.txt", "/b/kopie.txt"]
    assert record["pages"][0]["text"] == TEXT and record["pages"][0]["method"] == "ocr"
    assert record["corrections"][0]["corrected"] == "für"
    assert record["bodies"][0]["kind"] == "committee"
    assert record["deadlines"][0]["date"] == "2025-03-31"
    ob = record["obligations"][0]
    assert (ob["actor"], ob["requester"], ob["topic"], ob["document_date"]) == (
        "Verwaltung",
        "Fraktion B",
        "Lärmschutz",
        "2024-11-05",
    )
    assert (ob["deadline_date"], ob["status"], ob["end"]) == ("2025-03-31", "open", 100)
    timed = store.document_record(conn, doc.id, volatile=True)
    assert timed is not None and timed["document"]["timings"] == {"ocr": 1.25}


def fts(conn: sqlite3.Connection, query: str) -> list[str]:
    return [
        r["document_id"]
        for r in conn.execute(
            "SELECT pages.document_id FROM pages_fts JOIN pages ON pages.rowid = pages_fts.rowid"
            " WHERE pages_fts MATCH ?",
            (query,),
        )
    ]


def test_full_text_index_follows_corrected_text(conn: sqlite3.Connection) -> None:
    doc = make_doc()
    save(conn, doc)
    assert fts(conn, "verwaltung") == [doc.id]
    assert fts(conn, "fur") == [doc.id]  # diacritics removed: "für" matches "fur"
    redo = make_doc(text="Der Rat vertagt die Sache.")
    save(conn, redo)
    assert fts(conn, "verwaltung") == []  # the old page text left the index
    assert fts(conn, "vertagt") == [doc.id]
    assert conn.execute("SELECT count(*) FROM pages").fetchone()[0] == 1
    store.rebuild_fts(conn)
    assert fts(conn, "vertagt") == [doc.id]


def test_obligation_keys_are_stable_and_count_occurrences() -> None:
    sha = "cd" * 32
    first = store.obligation_key(sha, "Bericht  vorlegen", 1)
    assert first == store.obligation_key(sha, "bericht vorlegen", 1)
    assert first != store.obligation_key(sha, "Bericht vorlegen", 2)
    assert first != store.obligation_key("ef" * 32, "Bericht vorlegen", 1)
    assert len(first) == 20


def track(conn: sqlite3.Connection, key_text: str, status: str) -> int:
    """What `council track` does: set the status and append history, in one transaction."""
    with store.transaction(conn):
        row = conn.execute(
            "SELECT id, status FROM obligations WHERE text = ?", (key_text,)
        ).fetchone()
        conn.execute(
            "UPDATE obligations SET status = ?, due = '2025-06-30', status_note = 'läuft'"
            " WHERE id = ?",
            (status, row["id"]),
        )
        conn.execute(
            "INSERT INTO obligation_history(obligation_id, changed_at, old_status, new_status)"
            " VALUES (?, '2025-01-01', ?, ?)",
            (row["id"], row["status"], status),
        )
    return row["id"]


def test_reingest_keeps_tracking_and_drops_only_untouched_vanished(
    conn: sqlite3.Connection,
) -> None:
    doc = make_doc(obligations=["Bericht vorlegen", "Kosten prüfen", "Bericht vorlegen", "Alt"])
    save(conn, doc)
    assert conn.execute("SELECT count(DISTINCT key) FROM obligations").fetchone()[0] == 4
    tracked = track(conn, "Kosten prüfen", "in_progress")
    track(conn, "Alt", "open")  # touched: has history although still open
    # The new pipeline version finds one "Bericht vorlegen" fewer, no "Kosten prüfen", no "Alt".
    save(conn, make_doc(obligations=["Bericht vorlegen", "Neu"]))
    rows = {r["text"]: r for r in conn.execute("SELECT * FROM obligations")}
    assert set(rows) == {"Bericht vorlegen", "Neu", "Kosten prüfen", "Alt"}
    assert conn.execute("SELECT count(*) FROM obligations").fetchone()[0] == 4
    kept = rows["Kosten prüfen"]
    assert (kept["id"], kept["status"], kept["due"], kept["status_note"]) == (
        tracked,
        "in_progress",
        "2025-06-30",
        "läuft",
    )
    assert conn.execute("SELECT count(*) FROM obligation_history").fetchone()[0] == 2


def test_reingest_upserts_extraction_fields_but_not_status(conn: sqlite3.Connection) -> None:
    save(conn, make_doc(obligations=["Kosten prüfen"]))
    ident = track(conn, "Kosten prüfen", "done")
    doc = make_doc(obligations=["Kosten  prüfen"])  # same key after normalisation
    doc.obligations[0].actor = "Kämmerei"
    save(conn, doc)
    row = conn.execute("SELECT * FROM obligations").fetchone()
    assert (row["id"], row["status"], row["actor"]) == (ident, "done", "Kämmerei")


def test_failure_never_replaces_a_good_record(conn: sqlite3.Connection) -> None:
    doc = make_doc()
    save(conn, doc)
    with store.transaction(conn):
        kept = store.save_failure(conn, doc.sha256, ["/c/other.txt"], "ocr: timeout", PROV)
    assert kept is False
    record = store.document_record(conn, doc.id)
    assert record["document"]["status"] == "done" and len(record["pages"]) == 1
    assert "/c/other.txt" in record["paths"]
    with store.transaction(conn):
        assert store.save_failure(conn, "99" * 32, ["/x.pdf"], "ingest: encrypted", PROV)
    assert store.stored_state(conn, "99" * 32) == ("failed", "0.1.0", "ingest: encrypted")


def test_a_failed_transaction_leaves_no_half_document(conn: sqlite3.Connection) -> None:
    doc = make_doc()
    doc.pages.append(Page(1, "ocr", "duplicate page number", None, "x", "x"))
    with pytest.raises(sqlite3.IntegrityError):
        save(conn, doc)
    assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM obligations").fetchone()[0] == 0
    assert fts(conn, "verwaltung") == []


page_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=200)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    texts=st.lists(page_text, min_size=1, max_size=4), obligations=st.lists(page_text, max_size=5)
)
def test_store_then_load_round_trips(
    conn: sqlite3.Connection, texts: list[str], obligations: list[str]
) -> None:
    doc = make_doc(obligations=obligations)
    doc.pages = [Page(i + 1, "text-file", t, None, t, t) for i, t in enumerate(texts)]
    save(conn, doc)
    record = store.document_record(conn, doc.id)
    assert [p["text"] for p in record["pages"]] == texts
    assert sorted(o["text"] for o in record["obligations"]) == sorted(obligations)
    assert len({o["key"] for o in record["obligations"]}) == len(obligations)


def test_disk_full_is_a_store_error_and_keeps_what_was_stored(conn: sqlite3.Connection) -> None:
    save(conn, make_doc())
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages}")  # SQLITE_FULL, as on a full disk
    big = make_doc("cd" * 32, text="Verwaltung " * 20_000)
    with pytest.raises(StoreError, match="full.*free some space"):
        save(conn, big)
    assert store.stored_state(conn, big.sha256) is None
    assert store.document_record(conn, make_doc().id)["pages"][0]["text"] == TEXT


def test_a_read_only_database_is_a_store_error(conn: sqlite3.Connection) -> None:
    conn.execute("PRAGMA query_only = ON")  # SQLITE_READONLY, as for a read-only file or folder
    with pytest.raises(StoreError, match="readonly.*writable"):
        save(conn, make_doc())


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write to read-only folders")
def test_a_read_only_folder_is_a_store_error(tmp_path: Path) -> None:
    store.connect(tmp_path / "ro" / "council.db").close()
    (tmp_path / "ro").chmod(0o555)
    try:
        with pytest.raises(StoreError, match="writable"):
            store.connect(tmp_path / "ro" / "council.db")
    finally:
        (tmp_path / "ro").chmod(0o755)
