"""Write one processed (or failed) document in one transaction, keeping obligation tracking state.

A re-ingest (new pipeline version, or `--force`) rewrites pages, corrections, bodies, deadlines
and times, but upserts obligations by a stable key so that their id, status, due date, note and
history survive; an obligation no longer produced is deleted only while nobody has touched it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sqlite3
from collections import Counter
from collections.abc import Iterable
from functools import cache

from pipeline.model import Document, Obligation, Provenance, shown


def now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def normalise(text: str) -> str:
    return " ".join(text.split()).casefold()


def obligation_key(sha256: str, text: str, occurrence: int) -> str:
    """sha256(document sha256 + normalised text + n-th occurrence, 1-based)[:20]."""
    payload = f"{sha256}\n{normalise(text)}\n{occurrence}".encode()
    return hashlib.sha256(payload).hexdigest()[:20]


def add_paths(conn: sqlite3.Connection, document_id: str, paths: Iterable[str]) -> None:
    """Record paths of a document; a non-UTF-8 name also as its exact bytes (`raw_path`)."""
    rows = []
    for path in paths:
        text = shown(path)
        rows.append((document_id, text, None if text == path else os.fsencode(path)))
    conn.executemany(
        "INSERT OR IGNORE INTO document_paths(document_id, path, raw_path) VALUES (?, ?, ?)",
        rows,
    )


def _upsert_document(
    conn: sqlite3.Connection,
    values: dict[str, object],
) -> None:
    stamp = now()
    values = {**values, "created_at": stamp, "updated_at": stamp}
    columns = ", ".join(values)
    marks = ", ".join(f":{c}" for c in values)
    updates = ", ".join(f"{c} = excluded.{c}" for c in values if c not in ("id", "created_at"))
    conn.execute(
        f"INSERT INTO documents({columns}) VALUES ({marks})"
        f" ON CONFLICT(id) DO UPDATE SET {updates}",
        values,
    )


def _run_columns(provenance: Provenance, timings: dict[str, float]) -> dict[str, object]:
    """The columns that say how a record was made (same for stored and failed documents)."""
    return {
        "pipeline_version": provenance.pipeline_version,
        "tesseract_version": provenance.tesseract_version,
        "ocr_language": provenance.ocr_language,
        "dictionary_checksum": provenance.dictionary_checksum,
        "timings": json.dumps({k: round(v, 4) for k, v in timings.items()}),
    }


def _clear_content(conn: sqlite3.Connection, document_id: str) -> None:
    for table in ("pages", "corrections", "bodies", "deadlines", "times"):
        conn.execute(f"DELETE FROM {table} WHERE document_id = ?", (document_id,))


def save_document(
    conn: sqlite3.Connection, doc: Document, provenance: Provenance, paths: Iterable[str]
) -> int:
    """Store a processed document (inside the caller's transaction); return obligations stored."""
    doc_id = doc.id
    _upsert_document(
        conn,
        {
            "id": doc_id,
            "sha256": doc.sha256,
            "type": doc.type,
            "type_confidence": doc.type_confidence,
            "type_evidence": doc.type_evidence,
            "reference": doc.reference,
            "title": doc.title,
            "date": doc.date,
            "submitters": json.dumps(list(doc.submitters), ensure_ascii=False),
            "page_count": len(doc.pages),
            "status": "partial" if doc.status == "partial" or doc.errors else "done",
            "error": shown("; ".join(_error_line(e.stage, e.message, e.page) for e in doc.errors))
            or None,
            "warnings": json.dumps([shown(w) for w in doc.warnings], ensure_ascii=False),
            **_run_columns(provenance, doc.timings),
        },
    )
    add_paths(conn, doc_id, paths)
    _clear_content(conn, doc_id)
    conn.executemany(
        "INSERT INTO pages(document_id, number, method, confidence, raw_text, text)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [(doc_id, p.number, p.method, p.confidence, p.raw_text, p.text) for p in doc.pages],
    )
    conn.executemany(
        'INSERT INTO corrections(document_id, page, start, "end", original, corrected,'
        " confidence) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (doc_id, c.page, c.start, c.end, c.original, c.corrected, c.confidence)
            for c in doc.corrections
        ],
    )
    conn.executemany(
        'INSERT INTO bodies(document_id, name, mention, kind, page, start, "end")'
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(doc_id, b.name, b.mention, b.kind, b.page, b.start, b.end) for b in doc.bodies],
    )
    conn.executemany(
        "INSERT INTO deadlines(document_id, text, date, time, precision, relative_to, page,"
        ' start, "end") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
        [
            (doc_id, d.text, d.date, d.time, d.precision, d.relative_to, d.page, d.start, d.end)
            for d in doc.deadlines
        ],
    )
    conn.executemany(
        'INSERT INTO times(document_id, text, type, value, anchor, date, page, start, "end")'
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (doc_id, t.text, t.type, t.value, t.anchor, t.date, t.page, t.start, t.end)
            for t in doc.times
        ],
    )
    return _sync_obligations(conn, doc)


@cache
def _upsert_obligation_sql(columns: tuple[str, ...]) -> str:
    """Re-ingest overwrites what extraction produced; status, due, note and history stay."""
    quoted = ", ".join(f'"{c}"' for c in columns)  # "end" is an SQL keyword
    marks = ", ".join(f":{c}" for c in columns)
    updates = ", ".join(f'"{c}" = excluded."{c}"' for c in columns if c != "key")
    return (
        f"INSERT INTO obligations({quoted}, updated_at) VALUES ({marks}, :stamp)"
        f" ON CONFLICT(key) DO UPDATE SET {updates}"
    )


def _obligation_row(doc: Document, o: Obligation, key: str) -> dict[str, object]:
    d = o.deadline
    return {
        "key": key,
        "document_id": doc.id,
        "text": o.text,
        "actor": o.actor,
        "action": o.action,
        "requester": o.requester,
        "topic": doc.title,
        "document_date": doc.date,
        "document_type": doc.type,
        "reference": doc.reference,
        "deadline_text": d.text if d else None,
        "deadline_date": d.date if d else None,
        "deadline_time": d.time if d else None,
        "deadline_precision": d.precision if d else None,
        "deadline_relative_to": d.relative_to if d else None,
        "page": o.page,
        "start": o.start,
        "end": o.end,
        "confidence": o.confidence,
        "kind": o.kind,
    }


def _sync_obligations(conn: sqlite3.Connection, doc: Document) -> int:
    """Upsert by key (tracking columns untouched); drop vanished ones nobody has tracked."""
    seen: Counter[str] = Counter()
    rows: list[dict[str, object]] = []
    for o in doc.obligations:
        norm = normalise(o.text)
        seen[norm] += 1
        rows.append(_obligation_row(doc, o, obligation_key(doc.sha256, o.text, seen[norm])))
    if rows:
        stamp = now()
        sql = _upsert_obligation_sql(tuple(rows[0]))
        conn.executemany(sql, [{**row, "stamp": stamp} for row in rows])
    keys = [row["key"] for row in rows]
    vanished = f"AND key NOT IN ({', '.join('?' for _ in keys)})" if keys else ""
    conn.execute(
        f"DELETE FROM obligations WHERE document_id = ? {vanished} AND status = 'open'"
        " AND NOT EXISTS (SELECT 1 FROM obligation_history h"
        " WHERE h.obligation_id = obligations.id)",
        [doc.id, *keys],
    )
    return len(rows)


def _error_line(stage: str, message: str, page: int | None) -> str:
    return f"{stage}{f' page {page}' if page else ''}: {message}"


def save_failure(
    conn: sqlite3.Connection,
    sha256: str,
    paths: Iterable[str],
    error: str,
    provenance: Provenance,
    timings: dict[str, float] | None = None,
) -> bool:
    """Record a document that could not be processed; return False when an earlier good record
    of the same content exists (it is kept: a failed redo never destroys stored work)."""
    doc_id = sha256[:16]
    row = conn.execute("SELECT status FROM documents WHERE id = ?", (doc_id,)).fetchone()
    if row is not None and row["status"] != "failed":
        add_paths(conn, doc_id, paths)
        return False
    _upsert_document(
        conn,
        {
            "id": doc_id,
            "sha256": sha256,
            "page_count": None,
            "status": "failed",
            "error": shown(error),
            **_run_columns(provenance, timings or {}),
        },
    )
    add_paths(conn, doc_id, paths)
    return True
