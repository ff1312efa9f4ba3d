"""Take obligations into the tools analysts already use: JSON Lines, CSV, iCalendar, OParl.

Every exporter takes the dicts of `analysis.query.obligations` (so the command-line filters apply
to exports too) and returns text. iCalendar: one VTODO per obligation with an effective
deadline, so Outlook and Thunderbird list them as tasks due that day. OParl: the documents as
an OParl 1.1 list of `Paper` objects (harvested ones keep their source's ids), the obligations of
each paper under the vendor extension property `council:obligations` (documented in
docs/analysts.md); the bodies as a list of `Organization` objects (`oparl-organizations`).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import logging
import mimetypes
import re
import sqlite3
from pathlib import Path
from typing import Any

from pipeline.analysis.oparl import OPARL_TYPES, kind_of
from pipeline.analysis.text import fold

log = logging.getLogger(__name__)

CSV_COLUMNS = [
    "id", "status", "effective_due", "due", "deadline_date", "deadline_text",
    "deadline_precision", "overdue", "actor", "action", "requester", "text", "topic",
    "document_id", "document_type", "reference", "document_date", "page", "start", "end",
    "confidence", "status_note", "source",
]  # fmt: skip
ICS_STATUS = {
    "open": "NEEDS-ACTION",
    "in_progress": "IN-PROCESS",
    "done": "COMPLETED",
    "dropped": "CANCELLED",
}
OPARL = "https://schema.oparl.org/1.1/"
EXTENSION = "council:obligations"
FORMATS = ("jsonl", "csv", "ics", "oparl", "oparl-organizations")


def export(
    conn: sqlite3.Connection,
    rows: list[dict[str, Any]],
    fmt: str,
    base: str = "https://oparl.invalid",
) -> tuple[str, int]:
    """`rows` in one of FORMATS, and how many obligations that text holds (ics: the dated ones).

    Raises ValueError for an unknown format.
    """
    if fmt == "jsonl":
        return to_jsonl(rows), len(rows)
    if fmt == "csv":
        return to_csv(rows), len(rows)
    if fmt == "ics":
        return to_ics(rows), sum(1 for r in rows if r["effective_due"])
    if fmt in ("oparl", "oparl-organizations"):
        data = (to_oparl if fmt == "oparl" else to_oparl_organizations)(conn, rows, base)
        return json.dumps(data, ensure_ascii=False, indent=1) + "\n", len(rows)
    raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")


def is_export(path: Path) -> bool:
    """Whether the file at `path` is an earlier export of ours (any format), or empty.

    `council export --out` replaces only such files without `--force`.
    """
    try:
        with path.open("rb") as fh:
            head = fh.read(4096)
    except OSError:
        return False
    if not head.strip():
        return True
    text = head.decode("utf-8", "replace")
    if text.startswith(",".join(CSV_COLUMNS[:6])):
        return True
    if text.startswith("BEGIN:VCALENDAR") and "-//council-pipeline//" in text:
        return True
    first = text.lstrip().splitlines()[0]
    if first.startswith('{"id": ') and '"document": {' in first:  # JSON Lines of obligations
        return True
    # OParl lists: our Papers carry our vendor key, our Organizations hashed ids.
    compact = "".join(text.split())
    if compact.startswith(('{"data":[', '{"organization":', "[")):
        if compact.startswith('{"data":[]') or re.search(r'/organization/[0-9a-f]{12}"', text):
            return True
        return _mentions(path, EXTENSION)
    return False


def _mentions(path: Path, needle: str, chunk: int = 1 << 20) -> bool:
    """Whether the file holds `needle` (read in chunks: exports may be large)."""
    wanted = f'"{needle}"'.encode()
    tail = b""
    with path.open("rb") as fh:
        while block := fh.read(chunk):
            if wanted in tail + block:
                return True
            tail = block[-len(wanted) :]
    return False


def to_jsonl(rows: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)


def flat(row: dict[str, Any]) -> dict[str, Any]:
    """One obligation as a flat CSV row (the columns of CSV_COLUMNS)."""
    deadline = row.get("deadline") or {}
    doc = row["document"]
    prov = row.get("provenance") or {}
    return {
        **{k: row.get(k) for k in CSV_COLUMNS},
        "overdue": "yes" if row.get("overdue") else "no",
        "deadline_date": deadline.get("date"),
        "deadline_text": deadline.get("text"),
        "deadline_precision": deadline.get("precision"),
        "document_id": doc["id"],
        "document_type": doc["type"],
        "reference": doc["reference"],
        "document_date": doc["date"],
        "source": doc["source"],
        **{k: prov.get(k) for k in ("page", "start", "end")},
    }


def to_csv(rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(flat(row))
    return out.getvalue()


def _summary(row: dict[str, Any], width: int = 120) -> str:
    text = " ".join((row["text"] or "").split())
    if row.get("actor"):
        text = f"{row['actor']}: {text}"
    return text if len(text) <= width else text[: width - 1] + "…"


def to_ics(rows: list[dict[str, Any]], now: dt.datetime | None = None) -> str:
    """An RFC 5545 VCALENDAR with one VTODO per obligation that has an effective deadline."""
    from icalendar import Calendar, Todo

    stamp = now or dt.datetime.now(dt.UTC)
    cal = Calendar()
    cal.add("prodid", "-//council-pipeline//obligations//DE")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Ratsaufträge")
    for row in rows:
        due = row.get("effective_due")
        if not due:
            continue
        todo = Todo()
        todo.add("uid", f"{row.get('key') or row['id']}@council-pipeline")
        todo.add("dtstamp", stamp)
        todo.add("summary", _summary(row))
        day = dt.date.fromisoformat(due)
        deadline = row.get("deadline") or {}
        if deadline.get("time") and not row.get("due"):
            hour, minute = (int(x) for x in deadline["time"].split(":")[:2])
            todo.add("due", dt.datetime.combine(day, dt.time(hour, minute)))
        else:
            todo.add("due", day)
        todo.add("status", ICS_STATUS.get(row["status"], "NEEDS-ACTION"))
        doc = row["document"]
        lines = [row["text"]]
        if row.get("requester"):
            lines.append(f"Antragsteller: {row['requester']}")
        ref = " ".join(x for x in (doc.get("type"), doc.get("reference")) if x)
        if ref or doc.get("title"):
            lines.append(f"Vorlage: {ref} {doc.get('title') or ''}".strip())
        if deadline.get("text"):
            lines.append(f"Frist laut Vorlage: {deadline['text']}")
        if row.get("status_note"):
            lines.append(f"Stand: {row['status_note']}")
        todo.add("description", "\n".join(lines))
        if row.get("actor"):
            todo.add("categories", [row["actor"]])
        cal.add_component(todo)
    return cal.to_ical().decode("utf-8")


def _org_id(base: str, name: str) -> str:
    return f"{base}/organization/{hashlib.sha256(fold(name).encode()).hexdigest()[:12]}"


def _organization(base: str, name: str, kind: str | None) -> dict[str, Any]:
    otype, classification = OPARL_TYPES.get(kind or "", ("Sonstiges", "Sonstiges"))
    return {
        "id": _org_id(base, name),
        "type": OPARL + "Organization",
        "body": f"{base}/body/0",
        "name": name,
        "organizationType": otype,
        "classification": classification,
    }


def _page_texts(conn: sqlite3.Connection) -> dict[str, str]:
    """Every document's text, pages joined by newlines, read in one query."""
    pages: dict[str, list[str]] = {}
    for doc_id, text in conn.execute(
        "SELECT document_id, text FROM pages ORDER BY document_id, number"
    ):
        pages.setdefault(doc_id, []).append(text)
    return {doc_id: "\n".join(texts) for doc_id, texts in pages.items()}


def _collect_organizations(
    conn: sqlite3.Connection, rows: list[dict[str, Any]]
) -> dict[str, tuple[str, str]]:
    """One (name, kind) per folded name: the stored bodies first (they know their kind), then
    the names obligations and papers mention, their kind guessed from the name."""
    kinds: dict[str, tuple[str, str]] = {}
    for r in conn.execute("SELECT name, kind FROM bodies ORDER BY id"):
        kinds.setdefault(fold(r["name"]), (r["name"], r["kind"]))
    names = [n for row in rows for n in (row.get("actor"), row.get("requester")) if n]
    for doc in conn.execute("SELECT submitters FROM documents WHERE status != 'failed'"):
        names += json.loads(doc["submitters"] or "[]")
    for name in names:
        kinds.setdefault(fold(name), (name, kind_of({"name": name})))
    return kinds


def _list(data: list[dict[str, Any]]) -> dict[str, Any]:
    """An OParl 1.1 list object holding everything on one page."""
    return {
        "data": data,
        "pagination": {"totalElements": len(data), "elementsPerPage": len(data) or 1,
                       "currentPage": 1, "totalPages": 1},
        "links": {},
    }  # fmt: skip


def to_oparl_organizations(
    conn: sqlite3.Connection, rows: list[dict[str, Any]], base: str = "https://oparl.invalid"
) -> dict[str, Any]:
    """The bodies as an OParl 1.1 Organization list (what `bodies import-oparl` reads back)."""
    base = base.rstrip("/")
    kinds = _collect_organizations(conn, rows)
    return _list([_organization(base, name, kind) for name, kind in kinds.values()])


_HARVESTED = (
    "SELECT d.*, (SELECT min(path) FROM document_paths p WHERE p.document_id = d.id) AS source,"
    " op.paper_id, op.web, op.file_id, op.role, op.access_url, op.reference AS op_reference,"
    " op.name AS op_name, op.paper_type AS op_type, op.date AS op_date"
    " FROM documents d LEFT JOIN oparl_documents op ON op.document_id = d.id"
    " WHERE d.status != 'failed'"
    " AND d.id NOT IN (SELECT document_id FROM oparl_superseded)"
    " ORDER BY COALESCE(d.date, op.date), d.id"
)


def to_oparl(
    conn: sqlite3.Connection, rows: list[dict[str, Any]], base: str = "https://oparl.invalid"
) -> dict[str, Any]:
    """The stored documents as an OParl 1.1 Paper list object ({"data", "pagination", "links"}).

    Each Paper carries the obligations of `rows` that belong to it under `council:obligations`.
    A harvested document keeps the ids of its source (Paper `id` and `web`, File `id` and
    `accessUrl`); its attachments go into the Paper's `auxiliaryFile`. Other documents get ids
    under `base` (OParl wants URLs; the default .invalid host marks them as local).
    """
    base = base.rstrip("/")
    by_doc: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_doc.setdefault(row["document"]["id"], []).append(row)
    texts = _page_texts(conn)
    papers: dict[str, dict[str, Any]] = {}
    # Main files first, so that a paper's attachments find it, whatever their dates say.
    docs = sorted(conn.execute(_HARVESTED), key=lambda d: d["role"] == "auxiliary")
    for doc in docs:
        file = _file(base, doc, texts.get(doc["id"], ""))
        obligations = [_extension(r) for r in by_doc.get(doc["id"], [])]
        paper_id = doc["paper_id"] or f"{base}/paper/{doc['id']}"
        if paper_id in papers:  # an attachment of a paper already written
            papers[paper_id].setdefault("auxiliaryFile", []).append(file)
            papers[paper_id][EXTENSION] += obligations
            continue
        submitters = json.loads(doc["submitters"] or "[]")
        paper: dict[str, Any] = {
            "id": paper_id,
            "type": OPARL + "Paper",
            "body": f"{base}/body/0",
            "name": doc["title"] or doc["op_name"] or file["name"],
            "reference": doc["reference"] or doc["op_reference"],
            "date": doc["date"] or doc["op_date"],
            "paperType": doc["type"] or doc["op_type"],
            "originatorOrganization": [_org_id(base, n) for n in submitters],
            "mainFile": file,
            "web": doc["web"],
            "created": doc["created_at"],
            "modified": doc["updated_at"],
            EXTENSION: obligations,
        }
        papers[paper_id] = {k: v for k, v in paper.items() if v is not None}
    return _list(list(papers.values()))


def _file(base: str, doc: sqlite3.Row, text: str) -> dict[str, Any]:
    path = Path(doc["source"] or f"{doc['id']}.txt")
    if doc["access_url"]:
        access = doc["access_url"]
    elif path.is_absolute():
        access = path.resolve().as_uri()
    else:
        access = f"{base}/file/{doc['id']}/download"
    return {
        "id": doc["file_id"] or f"{base}/file/{doc['id']}",
        "type": OPARL + "File",
        "name": doc["title"] or doc["op_name"] or path.name,
        "fileName": path.name,
        "mimeType": mimetypes.guess_type(path.name)[0] or "application/octet-stream",
        "accessUrl": access,
        "text": text,
        "created": doc["created_at"],
        "modified": doc["updated_at"],
    }


def _extension(row: dict[str, Any]) -> dict[str, Any]:
    """An obligation inside a Paper: what, who, by when, tracking state, where in the text."""
    return {
        "id": row["id"],
        "text": row["text"],
        "actor": row.get("actor"),
        "requester": row.get("requester"),
        "deadline": row.get("deadline"),
        "due": row.get("effective_due"),
        "status": row["status"],
        "statusNote": row.get("status_note"),
        "page": (row.get("provenance") or {}).get("page"),
    }
