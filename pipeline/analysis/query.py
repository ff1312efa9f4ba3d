"""Questions analysts ask of the store: which obligations, filtered and sorted, and tracking them.

Everything works on a connection from `pipeline.store.connect` (schema: the database contract).
The effective deadline of an obligation is the manual `due` set by tracking, else the extracted
`deadline_date`; an obligation is overdue when that day has passed and it is neither done nor
dropped. Name filters compare folded text (lower case, no diacritics, ß = ss), so "Ausschuss
für Umwelt" matches "AUSSCHUSS FUR UMWELT"; an abbreviation (UVA) is looked up in the mentions of
the bodies table and in the user's gazetteer (bodies.json). Full-text search lives in
`pipeline.analysis.search`, the OCR reading behind a record in `pipeline.analysis.provenance`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline import store
from pipeline.analysis.oparl import load_bodies
from pipeline.analysis.provenance import with_passage
from pipeline.analysis.search import stem
from pipeline.analysis.text import fold
from pipeline.errors import RecordNotFound, StoreError
from pipeline.store.oparl import document_identity

log = logging.getLogger(__name__)

SQLITE_MAX_INT = 2**63 - 1  # larger Python ints do not fit an SQLite INTEGER (OverflowError)
STATUSES = ("open", "in_progress", "done", "dropped")
CLOSED = ("done", "dropped")
# The SQL of the two rules above, shared with the canned queries of the web view.
EFFECTIVE_DUE = "COALESCE(o.due, o.deadline_date)"
NOT_CLOSED = "o.status NOT IN ('done', 'dropped')"  # CLOSED
SORTS = {
    "deadline": "effective_due IS NULL, effective_due",
    "date": "o.document_date IS NULL, o.document_date",
    "actor": "o.actor IS NULL, council_fold(o.actor)",
    "requester": "o.requester IS NULL, council_fold(o.requester)",
    "status": "o.status",
    "reference": "o.reference IS NULL, o.reference",
    "id": "o.id",
}


@dataclass
class Filters:
    """What `council obligations` narrows the list by; None/empty means no restriction."""

    actor: str | None = None
    requester: str | None = None
    due_before: str | None = None
    due_after: str | None = None
    overdue: bool = False
    status: list[str] = field(default_factory=list)
    type: str | None = None
    text: str | None = None
    since: str | None = None
    document: str | None = None
    today: str | None = None  # ISO date; default: the local date today


def _today(day: str | None) -> str:
    return day or dt.date.today().isoformat()


def _no_obligation(obligation_id: int) -> RecordNotFound:
    return RecordNotFound(f"no obligation with id {obligation_id} (see `council obligations`)")


def open_db(path: str | Path, readonly: bool = False) -> sqlite3.Connection:
    """Open an existing store (never create one for a query); raises StoreError when absent.

    `readonly` for the commands that only read: they then work on read-only media too.
    """
    path = Path(path)
    if not path.exists():
        raise StoreError(f"no database at {path}: run `council ingest FILES --db {path}` first")
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a database: give the database file")
    conn = store.connect_readonly(path) if readonly else store.connect(path)
    prepare(conn)
    return conn


def prepare(conn: sqlite3.Connection) -> None:
    """Register the SQL function `council_fold` the queries use."""
    conn.create_function("council_fold", 1, fold, deterministic=True)


def check_status(status: str) -> str:
    if status not in STATUSES:
        raise ValueError(f"status must be one of {', '.join(STATUSES)}, not {status!r}")
    return status


def body_names(conn: sqlite3.Connection, term: str) -> set[str]:
    """Folded names a body filter stands for: the term itself plus bodies it is an alias of."""
    wanted = fold(term)
    names = {wanted}
    # A mention that is, or holds as a whole word, the term. DISTINCT first: there are few
    # different mentions, so folding them in Python is cheaper than folding every row in SQL.
    for row in conn.execute("SELECT DISTINCT name, mention FROM bodies"):
        if f" {wanted} " in f" {fold(row['mention'])} ":
            names.add(fold(row["name"]))
    for entry in load_bodies():
        aliases = {fold(a) for a in entry.get("aliases") or []}
        if wanted in aliases:
            names.add(fold(entry["name"]))
    return {n for n in names if n}


_SELECT = f"""
SELECT o.*, {EFFECTIVE_DUE} AS effective_due,
       COALESCE(d.type, op.paper_type, o.document_type) AS doc_type,
       COALESCE(d.reference, op.reference, o.reference) AS doc_reference,
       COALESCE(d.title, op.name, o.topic) AS doc_title,
       COALESCE(d.date, op.date, o.document_date) AS doc_date,
       op.paper_id AS oparl_id, op.web AS oparl_web,
       (SELECT min(path) FROM document_paths p WHERE p.document_id = o.document_id) AS source
FROM obligations o LEFT JOIN documents d ON d.id = o.document_id
LEFT JOIN oparl_documents op ON op.document_id = o.document_id
"""
# What the extractor found first; for a harvested document the OParl Paper's value where the
# text gave nothing (pipeline.store.oparl).


def _where(conn: sqlite3.Connection, f: Filters, today: str) -> tuple[str, list[Any]]:
    """The WHERE clause of `f`; every value the user gave travels as a parameter."""
    clauses: list[str] = []
    params: list[Any] = []
    names = sorted(body_names(conn, f.actor)) if f.actor else []
    if names:
        clauses.append(
            "(" + " OR ".join("instr(council_fold(o.actor), ?) > 0" for _ in names) + ")"
        )
        params += names
    if f.requester:
        clauses.append("instr(council_fold(o.requester), ?) > 0")
        params.append(fold(f.requester))
    if f.due_before:
        clauses.append(f"{EFFECTIVE_DUE} <= ?")
        params.append(f.due_before)
    if f.due_after:
        clauses.append(f"{EFFECTIVE_DUE} >= ?")
        params.append(f.due_after)
    if f.overdue:
        clauses.append(f"{EFFECTIVE_DUE} < ? AND {NOT_CLOSED}")
        params.append(today)
    if f.status:
        clauses.append(f"o.status IN ({', '.join('?' for _ in f.status)})")
        params += [check_status(s) for s in f.status]
    if f.type:
        clauses.append("council_fold(COALESCE(d.type, op.paper_type, o.document_type)) = ?")
        params.append(fold(f.type))
    if f.since:
        clauses.append("COALESCE(d.date, op.date, o.document_date) >= ?")
        params.append(f.since)
    if f.document:
        clauses.append("instr(o.document_id, ?) = 1")  # a prefix; no LIKE wildcards from users
        params.append(f.document.lower())
    if f.text:
        # Each word, reduced to its stem, must occur in the text; a substring test also finds
        # it inside compounds ("Radweg" in "Fahrradwegenetz").
        for word in f.text.split():
            clauses.append("instr(council_fold(o.text), ?) > 0")
            params.append(stem(word))
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def obligations(
    conn: sqlite3.Connection,
    filters: Filters | None = None,
    sort: str = "deadline",
    limit: int | None = None,
) -> list[dict[str, Any]]:
    """Obligations matching the filters as JSON-ready dicts (see `as_dict`).

    `sort` is one of SORTS, with a leading "-" for descending order; raises ValueError otherwise.
    """
    f = filters or Filters()
    today = _today(f.today)
    descending = sort.startswith("-")
    key = sort.lstrip("-")
    if key not in SORTS:
        raise ValueError(f"sort must be one of {', '.join(SORTS)} (prefix - to reverse)")
    order = SORTS[key]
    if descending:
        order = ", ".join(
            part if part.endswith("IS NULL") else f"{part} DESC" for part in order.split(", ")
        )
    where, params = _where(conn, f, today)
    sql = f"{_SELECT}{where} ORDER BY {order}, o.id"
    if limit is not None:
        sql += " LIMIT ?"
        params.append(min(int(limit), SQLITE_MAX_INT))  # a huge --limit means all
    cursor = conn.cursor()
    cursor.row_factory = None  # plain tuples: a quarter faster than sqlite3.Row on 10,000 rows
    cursor.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [as_dict(dict(zip(names, row, strict=True)), today) for row in cursor]


def as_dict(row: sqlite3.Row | dict[str, Any], today: str) -> dict[str, Any]:
    """The JSON shape of one obligation (`council obligations --format json`, jsonl export)."""
    has_deadline = row["deadline_text"] is not None or row["deadline_date"] is not None
    due = row["effective_due"]
    return {
        "id": row["id"],
        "key": row["key"],
        "status": row["status"],
        "text": row["text"],
        "actor": row["actor"],
        "action": row["action"],
        "requester": row["requester"],
        "topic": row["topic"],
        "deadline": {
            "text": row["deadline_text"],
            "date": row["deadline_date"],
            "time": row["deadline_time"],
            "precision": row["deadline_precision"],
            "relative_to": row["deadline_relative_to"],
        }
        if has_deadline
        else None,
        "due": row["due"],
        "effective_due": due,
        "overdue": bool(due and due < today and row["status"] not in CLOSED),
        "status_note": row["status_note"],
        "updated_at": row["updated_at"],
        "confidence": row["confidence"],
        "document": {
            "id": row["document_id"],
            "type": row["doc_type"],
            "reference": row["doc_reference"],
            "title": row["doc_title"],
            "date": row["doc_date"],
            "source": row["source"],
            "oparl_id": row["oparl_id"],  # the OParl Paper it was harvested from
            "web": row["oparl_web"],
        },
        "provenance": {"page": row["page"], "start": row["start"], "end": row["end"]},
    }


def get_obligation(conn: sqlite3.Connection, obligation_id: int, today: str | None = None) -> dict:
    """One obligation as `as_dict` plus its history; raises RecordNotFound."""
    if not 0 <= obligation_id <= SQLITE_MAX_INT:
        raise _no_obligation(obligation_id)
    row = conn.execute(f"{_SELECT} WHERE o.id = ?", (obligation_id,)).fetchone()
    if row is None:
        raise _no_obligation(obligation_id)
    record = as_dict(row, _today(today))
    record["history"] = history(conn, obligation_id)
    return record


def history(conn: sqlite3.Connection, obligation_id: int) -> list[dict[str, Any]]:
    rows = conn.execute(
        "SELECT changed_at, old_status, new_status, note, due FROM obligation_history "
        "WHERE obligation_id = ? ORDER BY changed_at, id",
        (obligation_id,),
    )
    return [dict(r) for r in rows]


def track(
    conn: sqlite3.Connection,
    obligation_id: int,
    status: str | None = None,
    note: str | None = None,
    due: str | None = None,
    now: dt.datetime | None = None,
) -> dict[str, Any]:
    """Set status/due/note of an obligation and append a history row, in one transaction.

    Raises RecordNotFound for an unknown id and ValueError for a bad status or date.
    """
    if status is not None:
        check_status(status)
    if due is not None:
        due = dt.date.fromisoformat(due).isoformat()
    if status is None and note is None and due is None:
        raise ValueError("give at least one of status, note or due")
    if not 0 <= obligation_id <= SQLITE_MAX_INT:
        raise _no_obligation(obligation_id)
    stamp = (now or dt.datetime.now(dt.UTC)).isoformat(timespec="seconds")
    with store.transaction(conn):
        row = conn.execute(
            "SELECT status, due, status_note FROM obligations WHERE id = ?", (obligation_id,)
        ).fetchone()
        if row is None:
            raise _no_obligation(obligation_id)
        new_status = status or row["status"]
        conn.execute(
            "UPDATE obligations SET status = ?, due = ?, status_note = ?, updated_at = ? "
            "WHERE id = ?",
            (
                new_status,
                due if due is not None else row["due"],
                note if note is not None else row["status_note"],
                stamp,
                obligation_id,
            ),
        )
        conn.execute(
            "INSERT INTO obligation_history (obligation_id, changed_at, old_status, new_status, "
            "note, due) VALUES (?, ?, ?, ?, ?, ?)",
            (obligation_id, stamp, row["status"], new_status, note, due),
        )
    log.info("obligation %s: %s -> %s", obligation_id, row["status"], new_status)
    return get_obligation(conn, obligation_id)


def find_document(conn: sqlite3.Connection, prefix: str) -> sqlite3.Row:
    """The document whose id (or sha256) starts with `prefix`; RecordNotFound if none or many."""
    prefix = prefix.strip().lower()
    if len(prefix) < 4:
        raise RecordNotFound("give at least 4 characters of a document id")
    column = "sha256" if len(prefix) > 16 else "id"
    rows = conn.execute(
        f"SELECT * FROM documents WHERE instr({column}, ?) = 1 LIMIT 3", (prefix,)
    ).fetchall()
    if not rows:
        raise RecordNotFound(f"no document with id {prefix}… (see `council obligations`)")
    if len(rows) > 1:
        raise RecordNotFound(f"{prefix} matches several documents: give more characters")
    return rows[0]


def _rows(conn: sqlite3.Connection, sql: str, *params: Any) -> list[dict[str, Any]]:
    return [dict(r) for r in conn.execute(sql, params)]


def document_summary(conn: sqlite3.Connection, prefix: str) -> dict[str, Any]:
    """A document with its paths, pages, bodies, deadlines, time expressions and obligations
    (for `council show`)."""
    doc = dict(find_document(conn, prefix))
    doc_id = doc["id"]
    for key in ("submitters", "timings"):
        if doc.get(key):
            with contextlib.suppress(TypeError, json.JSONDecodeError):
                doc[key] = json.loads(doc[key])
    doc["paths"] = [
        r["path"]
        for r in _rows(
            conn, "SELECT path FROM document_paths WHERE document_id = ? ORDER BY path", doc_id
        )
    ]
    doc["pages"] = _rows(
        conn,
        "SELECT p.number, p.method, p.confidence, length(p.text) AS characters, "
        "(SELECT count(*) FROM corrections c WHERE c.document_id = p.document_id "
        " AND c.page = p.number) AS corrections "
        "FROM pages p WHERE p.document_id = ? ORDER BY p.number",
        doc_id,
    )
    doc["bodies"] = _rows(
        conn,
        "SELECT name, kind, min(page) AS page, count(*) AS mentions FROM bodies "
        "WHERE document_id = ? GROUP BY name, kind ORDER BY min(page), min(start)",
        doc_id,
    )
    doc["deadlines"] = _rows(
        conn,
        'SELECT text, date, time, precision, relative_to, page, start, "end" FROM deadlines '
        "WHERE document_id = ? ORDER BY page, start",
        doc_id,
    )
    doc["times"] = _rows(
        conn,
        'SELECT text, type, value, anchor, date, page, start, "end" FROM times '
        "WHERE document_id = ? ORDER BY page, start",
        doc_id,
    )
    doc["obligations"] = obligations(conn, Filters(document=doc_id), sort="id")
    doc["oparl"] = document_identity(conn, doc_id)
    return doc


def lookup(conn: sqlite3.Connection, ident: str) -> tuple[str, dict[str, Any]]:
    """What `council show ID` shows: ("obligation", record with its passage) or ("document", …).

    An all-digit ident is an obligation id; document ids are hex, so a digit string of 4+
    characters that names no obligation is tried as a document id prefix. Raises RecordNotFound.
    """
    if ident.isdigit():
        try:
            record = get_obligation(conn, int(ident))
        except RecordNotFound:
            if len(ident) < 4:
                raise
        else:
            return "obligation", with_passage(conn, record)
    return "document", document_summary(conn, ident)
