"""Rich rendering of the store's records for the terminal: obligation tables, one obligation or
document in full, search snippets. Kept apart from the commands so they stay short."""

from __future__ import annotations

import json
import re
from typing import Any

from rich.table import Table
from rich.text import Text

from pipeline.analysis import search
from pipeline.cli.app import short, stdout


def obligation_table(rows: list[dict[str, Any]]) -> Table:
    table = Table(title=f"Obligations ({len(rows)})", title_justify="left")
    columns = ("id", "requester", "date", "reference", "topic", "obligation", "actor", "deadline")
    for col in (*columns, "status"):
        table.add_column(
            col, justify="right" if col == "id" else "left", overflow="fold", min_width=len(col)
        )
    for r in rows:
        deadline = r["effective_due"] or ((r["deadline"] or {}).get("text") or "–")
        style = "red" if r["overdue"] else None
        doc = r["document"]
        table.add_row(
            str(r["id"]),
            short(r["requester"], 30) or "–",
            doc["date"] or "–",
            doc["reference"] or "–",
            short(doc["title"], 30) or "–",
            short(r["text"], 60),
            short(r["actor"], 30) or "–",
            Text(short(deadline, 24), style=style or ""),
            r["status"] + (" (overdue)" if r["overdue"] else ""),
        )
    return table


def snippet_text(snippet: str) -> Text:
    out = Text()
    for i, part in enumerate(
        snippet.replace(search.HIT_END, search.HIT_START).split(search.HIT_START)
    ):
        out.append(re.sub(r"\s+", " ", part), "bold yellow" if i % 2 else "")
    return out


def grid(pairs: list[tuple[str, Any]]) -> Table:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold")
    grid.add_column(overflow="fold")
    for name, value in pairs:
        grid.add_row(name, "–" if value in (None, "", []) else str(value))
    return grid


def print_obligation(record: dict[str, Any]) -> None:
    doc, prov, dl = record["document"], record["provenance"], record["deadline"] or {}
    stdout.print(
        grid(
            [
                ("Obligation", record["id"]),
                ("Status", record["status"] + (" (overdue)" if record["overdue"] else "")),
                ("Note", record["status_note"]),
                ("Actor", record["actor"]),
                ("Action", record["action"]),
                ("Requester", record["requester"]),
                ("Deadline", " ".join(x for x in (dl.get("text"), dl.get("date")) if x)),
                ("Due (tracked)", record["due"]),
                ("Document", f"{doc['id']} {doc['type'] or ''} {doc['reference'] or ''}".strip()),
                ("Title", doc["title"]),
                ("Date", doc["date"]),
                ("Source", doc["source"]),
                ("Provenance", f"page {prov['page']}, characters {prov['start']}–{prov['end']}"),
            ]
        )
    )
    p = record["passage"]
    side = Table(title="Passage", title_justify="left", expand=True)
    side.add_column("OCR text (before correction)", ratio=1, overflow="fold")
    side.add_column("Corrected text", ratio=1, overflow="fold")
    side.add_row(p["ocr"], p["corrected"])
    stdout.print(side)
    for c in p["corrections"]:
        stdout.print(f"  corrected {c['original']!r} → {c['corrected']!r} ({c['confidence']})")
    history = Table(title=f"History ({len(record['history'])})", title_justify="left")
    for col in ("time", "from", "to", "due", "note"):
        history.add_column(col, overflow="fold")
    for h in record["history"]:
        history.add_row(
            h["changed_at"], h["old_status"] or "–", h["new_status"] or "–", h["due"] or "–",
            h["note"] or "",
        )  # fmt: skip
    stdout.print(history)


def print_oparl(source: dict[str, Any]) -> None:
    """The OParl Paper a harvested document came from, beside what the extractor found above."""
    stdout.print("[bold]OParl source[/bold] (as the council's system publishes it)")
    stdout.print(
        grid(
            [
                ("Paper", source["paper_id"]),
                ("Web", source["web"]),
                ("Reference", source["reference"]),
                ("Name", source["name"]),
                ("Paper type", source["paper_type"]),
                ("Date", source["date"]),
                ("Originator", ", ".join(source["originators"])),
                ("Under direction of", ", ".join(source["under_direction_of"])),
                ("File", f"{source['file_id']} ({source['role']})"),
                ("Checksum", source["checksum"] or f"sha256 {source['sha256']}"),
            ]
        )
    )


def warnings_of(doc: dict[str, Any]) -> list[str]:
    try:
        return list(json.loads(doc.get("warnings") or "[]"))
    except (TypeError, json.JSONDecodeError):
        return []


def print_document(doc: dict[str, Any]) -> None:
    stdout.print(
        grid(
            [
                (k.replace("_", " ").capitalize(), doc.get(k))
                for k in ("id", "type", "reference", "title", "date", "status", "error")
            ]
            + [
                ("Submitters", ", ".join(doc.get("submitters") or [])),
                ("Warnings", "; ".join(warnings_of(doc))),
                ("Paths", "\n".join(doc["paths"])),
            ]
            + [("Pipeline", f"{doc.get('pipeline_version')} ({doc.get('ocr_language')})")]
        )
    )
    if doc.get("oparl"):
        print_oparl(doc["oparl"])
    pages = Table(title="Pages", title_justify="left")
    for col in ("#", "method", "confidence", "characters", "corrections"):
        pages.add_column(col)
    for p in doc["pages"]:
        conf = "–" if p["confidence"] is None else f"{p['confidence']:.1f}"
        pages.add_row(
            str(p["number"]), p["method"], conf, str(p["characters"]), str(p["corrections"])
        )
    stdout.print(pages)
    bodies = Table(title=f"Bodies ({len(doc['bodies'])})", title_justify="left")
    for col in ("name", "kind", "page", "mentions"):
        bodies.add_column(col)
    for b in doc["bodies"]:
        bodies.add_row(b["name"], b["kind"] or "–", str(b["page"]), str(b["mentions"]))
    stdout.print(bodies)
    times = Table(title=f"Time expressions ({len(doc.get('times') or [])})", title_justify="left")
    for col in ("text", "type", "value", "date", "page"):
        times.add_column(col, overflow="fold")
    for t in doc.get("times") or []:
        times.add_row(t["text"], t["type"], t["value"] or "–", t["date"] or "–", str(t["page"]))
    stdout.print(times)
    stdout.print(obligation_table(doc["obligations"]))


def print_pairs(title: str, columns: tuple[str, str], rows: list[tuple[str, str]]) -> None:
    """A titled two-column table (skipped paths, failures with their error), if there are rows."""
    if not rows:
        return
    table = Table(title=title, title_justify="left")
    for col in columns:
        table.add_column(col, overflow="fold")
    for row in rows:
        table.add_row(*row)
    stdout.print(table)
