"""The harvested OParl side of the store: papers, files, organizations, meetings, endpoint state.

The harvester (`pipeline.harvest`) writes these rows; the documents themselves are written by the
batch runner as for `council ingest`, and joined to their Paper through `oparl_files.document_id`
(the view `oparl_documents`). Readers: `document_identity` for `council show` and exports,
`meeting_dates` for deadlines anchored on "the next meeting of" a body.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterable
from typing import Any

from pipeline.store.write import normalise, now

PAPER_COLUMNS = (
    "id", "body", "web", "reference", "name", "paper_type", "date", "originators",
    "under_direction_of", "modified", "deleted", "raw",
)  # fmt: skip
FILE_COLUMNS = (
    "id", "paper_id", "role", "name", "file_name", "mime_type", "access_url", "download_url",
    "modified", "checksum",
)  # fmt: skip
# What a download adds to a file row (NULL until the first attempt).
FETCH_COLUMNS = ("sha256", "document_id", "path", "etag", "last_modified", "error")


def _upsert(conn: sqlite3.Connection, table: str, values: dict[str, Any]) -> None:
    columns = ", ".join(f'"{c}"' for c in values)
    marks = ", ".join(f":{c}" for c in values)
    updates = ", ".join(f'"{c}" = excluded."{c}"' for c in values if c != "id")
    conn.execute(
        f"INSERT INTO {table}({columns}) VALUES ({marks}) ON CONFLICT(id) DO UPDATE SET {updates}",
        values,
    )


def save_paper(conn: sqlite3.Connection, paper: dict[str, Any]) -> None:
    """Insert or update one Paper row (the keys of PAPER_COLUMNS)."""
    _upsert(
        conn, "oparl_papers", {**{c: paper.get(c) for c in PAPER_COLUMNS}, "harvested_at": now()}
    )


def save_file(conn: sqlite3.Connection, file: dict[str, Any]) -> None:
    """Insert or update a File's metadata; what an earlier download found is kept."""
    _upsert(conn, "oparl_files", {c: file.get(c) for c in FILE_COLUMNS})


def paper_modified(conn: sqlite3.Connection, paper_id: str) -> str | None:
    row = conn.execute("SELECT modified FROM oparl_papers WHERE id = ?", (paper_id,)).fetchone()
    return None if row is None else str(row["modified"] or "")


def file_row(conn: sqlite3.Connection, file_id: str) -> sqlite3.Row | None:
    return conn.execute("SELECT * FROM oparl_files WHERE id = ?", (file_id,)).fetchone()


def file_done(conn: sqlite3.Connection, file_id: str) -> bool:
    """Whether this file's bytes were downloaded and stored as a document.

    A document stored as failed counts as done: the same bytes would fail again (`council ingest
    --retry-failed DB.files/` redoes them after an upgrade); a new version is fetched anyway.
    """
    row = conn.execute(
        "SELECT 1 FROM oparl_files f JOIN documents d ON d.id = f.document_id"
        " WHERE f.id = ? AND f.error IS NULL",
        (file_id,),
    ).fetchone()
    return row is not None


def pending_files(conn: sqlite3.Connection, roles: Iterable[str]) -> list[sqlite3.Row]:
    """Files of stored papers without a document yet: failed downloads, killed runs."""
    wanted = list(roles)
    return conn.execute(
        "SELECT f.* FROM oparl_files f JOIN oparl_papers p ON p.id = f.paper_id"
        f" WHERE p.deleted = 0 AND f.role IN ({', '.join('?' for _ in wanted)})"
        " AND (f.error IS NOT NULL OR f.document_id IS NULL OR NOT EXISTS ("
        "  SELECT 1 FROM documents d WHERE d.id = f.document_id))"
        " ORDER BY f.rowid",
        wanted,
    ).fetchall()


def record_fetch(conn: sqlite3.Connection, file_id: str, values: dict[str, Any]) -> None:
    """What a download attempt found (the keys of FETCH_COLUMNS that it gives).

    A new content hash moves the old document id to `previous_document_id`, so that the tracking
    state of its obligations can be carried over once the new version is stored.
    """
    row = file_row(conn, file_id)
    values = {k: v for k, v in values.items() if k in FETCH_COLUMNS}
    old = row["document_id"] if row is not None else None
    new = values.get("document_id")
    if old and new and old != new:
        values["previous_document_id"] = old
    values["fetched_at"] = now()
    sets = ", ".join(f'"{c}" = :{c}' for c in values)
    conn.execute(
        f"UPDATE oparl_files SET {sets} WHERE id = :file_id", {**values, "file_id": file_id}
    )


def save_organizations(conn: sqlite3.Connection, rows: Iterable[dict[str, Any]]) -> int:
    count = 0
    for row in rows:
        _upsert(conn, "oparl_organizations", row)
        count += 1
    return count


def save_meetings(conn: sqlite3.Connection, rows: Iterable[dict[str, Any]]) -> int:
    count = 0
    for row in rows:
        _upsert(conn, "oparl_meetings", row)
        count += 1
    return count


def endpoint_watermark(conn: sqlite3.Connection, url: str) -> str | None:
    """When the last complete harvest of `url` started (server time), or None."""
    row = conn.execute("SELECT last_harvest FROM oparl_endpoints WHERE url = ?", (url,)).fetchone()
    return None if row is None else row["last_harvest"]


def mark_endpoint(
    conn: sqlite3.Connection, url: str, watermark: str | None, papers: int = 0
) -> None:
    """Record an attempt; with `watermark`, a complete walk that the next run continues from."""
    conn.execute(
        "INSERT INTO oparl_endpoints(url, last_harvest, last_attempt, papers)"
        " VALUES (?, ?, ?, ?) ON CONFLICT(url) DO UPDATE SET"
        " last_harvest = COALESCE(excluded.last_harvest, last_harvest),"
        " last_attempt = excluded.last_attempt, papers = papers + excluded.papers",
        (url, watermark, now(), papers),
    )


def document_identity(conn: sqlite3.Connection, document_id: str) -> dict[str, Any] | None:
    """The OParl Paper and File a document was harvested from, or None for an ingested file."""
    row = conn.execute(
        "SELECT * FROM oparl_documents WHERE document_id = ?", (document_id,)
    ).fetchone()
    if row is None:
        return None
    out = dict(row)
    for key in ("originators", "under_direction_of"):
        out[key] = json.loads(out[key] or "[]")
    return out


def meeting_dates(conn: sqlite3.Connection) -> dict[str, list[dt.date]]:
    """Body name (and short name) → sorted dates of its meetings that are not cancelled.

    What resolves "in der nächsten Sitzung des Bauausschusses": the first date after the
    document's (the shape of the time resolver's calendar). Names are as the server writes them.
    """
    names: dict[str, list[str]] = {}
    for row in conn.execute("SELECT id, name, short_name FROM oparl_organizations"):
        names[row["id"]] = [n for n in (row["name"], row["short_name"]) if n]
    calendar: dict[str, set[dt.date]] = {}
    for row in conn.execute(
        "SELECT start, organizations FROM oparl_meetings WHERE cancelled = 0 AND start IS NOT NULL"
    ):
        try:
            day = dt.date.fromisoformat(str(row["start"])[:10])
        except ValueError:
            continue
        for org in json.loads(row["organizations"] or "[]"):
            for name in names.get(org, []):
                calendar.setdefault(name, set()).add(day)
    return {name: sorted(days) for name, days in sorted(calendar.items())}


def next_meeting(calendar: dict[str, list[dt.date]], body: str, after: dt.date) -> dt.date | None:
    """The first meeting of `body` (matched case- and space-insensitively) after `after`."""
    wanted = normalise(body)
    days = [d for name, ds in calendar.items() if normalise(name) == wanted for d in ds]
    return min((d for d in days if d > after), default=None)


_TRACKING = ("status", "due", "status_note", "updated_at")


def carry_tracking(conn: sqlite3.Connection, old_doc: str, new_doc: str, file_id: str) -> int:
    """Move what analysts recorded on the obligations of an earlier version of a harvested file
    onto the same obligations of the new version (same text, same occurrence); return how many.

    The tracked row keeps its id and history and takes the new version's extraction; the new
    duplicate is dropped. Untracked obligations of the old version go (the new version has its
    own); tracked ones that the new version no longer contains stay where they are, so nothing
    recorded is lost. Call inside a transaction.
    """
    new_rows = _by_text(conn, new_doc)
    moved = 0
    for (text, occurrence), old in _by_text(conn, old_doc).items():
        tracked = (
            old["status"] != "open"
            or old["due"]
            or old["status_note"]
            or _has_history(conn, old["id"])
        )
        fresh = new_rows.get((text, occurrence))
        if fresh is None:
            if not tracked:
                conn.execute("DELETE FROM obligations WHERE id = ?", (old["id"],))
            continue
        if not tracked:
            conn.execute("DELETE FROM obligations WHERE id = ?", (old["id"],))
            continue
        copy = {k: fresh[k] for k in fresh.keys() if k not in ("id", *_TRACKING)}  # noqa: SIM118
        conn.execute("DELETE FROM obligations WHERE id = ?", (fresh["id"],))
        sets = ", ".join(f'"{c}" = :{c}' for c in copy)
        conn.execute(
            f"UPDATE obligations SET {sets} WHERE id = :old_id", {**copy, "old_id": old["id"]}
        )
        moved += 1
    conn.execute(
        "INSERT OR REPLACE INTO oparl_superseded(document_id, file_id, superseded_by, at)"
        " VALUES (?, ?, ?, ?)",
        (old_doc, file_id, new_doc, now()),
    )
    conn.execute("UPDATE oparl_files SET previous_document_id = NULL WHERE id = ?", (file_id,))
    return moved


def _by_text(conn: sqlite3.Connection, doc_id: str) -> dict[tuple[str, int], sqlite3.Row]:
    out: dict[tuple[str, int], sqlite3.Row] = {}
    seen: dict[str, int] = {}
    for row in conn.execute(
        "SELECT * FROM obligations WHERE document_id = ? ORDER BY id", (doc_id,)
    ):
        norm = normalise(row["text"])
        seen[norm] = seen.get(norm, 0) + 1
        out[(norm, seen[norm])] = row
    return out


def _has_history(conn: sqlite3.Connection, obligation_id: int) -> bool:
    return (
        conn.execute(
            "SELECT 1 FROM obligation_history WHERE obligation_id = ?", (obligation_id,)
        ).fetchone()
        is not None
    )
