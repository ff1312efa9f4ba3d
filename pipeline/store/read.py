"""Read back what the batch stored: skip decisions and whole records (for checks and tests)."""

from __future__ import annotations

import json
import sqlite3
from typing import Any, NamedTuple

VOLATILE = {"timings", "created_at", "updated_at"}  # differ between two runs of the same input


class StoredState(NamedTuple):
    status: str
    pipeline_version: str | None
    error: str | None


def stored_state(conn: sqlite3.Connection, sha256: str) -> StoredState | None:
    """Status, pipeline version and error of the stored document with this content, or None."""
    row = conn.execute(
        "SELECT status, pipeline_version, error FROM documents WHERE sha256 = ?", (sha256,)
    ).fetchone()
    return None if row is None else StoredState(*row)


def _rows(conn: sqlite3.Connection, sql: str, doc_id: str, drop: set[str]) -> list[dict[str, Any]]:
    return [
        {k: v for k, v in dict(r).items() if k not in drop} for r in conn.execute(sql, (doc_id,))
    ]


def document_record(
    conn: sqlite3.Connection, doc_id: str, volatile: bool = False
) -> dict[str, Any] | None:
    """Everything stored about one document; without timings and timestamps unless `volatile`."""
    row = conn.execute("SELECT * FROM documents WHERE id = ?", (doc_id,)).fetchone()
    if row is None:
        return None
    drop = set() if volatile else VOLATILE
    document = {k: v for k, v in dict(row).items() if k not in drop}
    document["submitters"] = json.loads(document["submitters"] or "[]")
    if "timings" in document:
        document["timings"] = json.loads(document["timings"] or "{}")
    ids = {"id"} | drop
    return {
        "document": document,
        "paths": sorted(
            r["path"]
            for r in conn.execute(
                "SELECT path FROM document_paths WHERE document_id = ?", (doc_id,)
            )
        ),
        "pages": _rows(
            conn, "SELECT * FROM pages WHERE document_id = ? ORDER BY number", doc_id, drop
        ),
        "corrections": _rows(
            conn, "SELECT * FROM corrections WHERE document_id = ? ORDER BY id", doc_id, ids
        ),
        "bodies": _rows(
            conn, "SELECT * FROM bodies WHERE document_id = ? ORDER BY id", doc_id, ids
        ),
        "deadlines": _rows(
            conn, "SELECT * FROM deadlines WHERE document_id = ? ORDER BY id", doc_id, ids
        ),
        "times": _rows(conn, "SELECT * FROM times WHERE document_id = ? ORDER BY id", doc_id, ids),
        "obligations": _rows(
            conn, "SELECT * FROM obligations WHERE document_id = ? ORDER BY id", doc_id, ids
        ),
    }
