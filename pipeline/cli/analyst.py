"""Analysts' commands on the store: obligations, search, show, track, export, serve, bodies."""

from __future__ import annotations

import json
import re
import sys
from functools import partial
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table
from rich.text import Text

from pipeline import outfile
from pipeline.analysis import export, oparl, query, search, web
from pipeline.cli.app import Verbose, app, guarded, parse_date, setup_logging, short, stderr, stdout
from pipeline.store import DEFAULT_DB

bodies_app = typer.Typer(help="Manage the gazetteer of bodies the extractor recognises.")
app.add_typer(bodies_app, name="bodies")

Db = Annotated[
    Path,
    typer.Option("--db", envvar="COUNCIL_DB", help="SQLite database filled by `council ingest`."),
]
FORMATS = ("table", "json", "csv")


def _choice(value: str, allowed: tuple[str, ...], name: str) -> str:
    if value not in allowed:
        raise typer.BadParameter(f"{name} must be one of {', '.join(allowed)}, not {value!r}")
    return value


def _statuses(values: list[str] | None) -> list[str]:
    out = [s.strip() for v in values or [] for s in v.split(",") if s.strip()]
    for status in out:
        _choice(status, query.STATUSES, "--status")
    return out


def _write(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


def _json(data: Any) -> None:
    _write(json.dumps(data, ensure_ascii=False, indent=1) + "\n")


def _table(rows: list[dict[str, Any]]) -> Table:
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


@app.command("obligations")
def obligations_cmd(
    db: Db = Path(DEFAULT_DB),
    actor: Annotated[
        str | None, typer.Option("--actor", "--body", help="Responsible body (name or alias).")
    ] = None,
    requester: Annotated[str | None, typer.Option(help="Who asked (faction, body).")] = None,
    due_before: Annotated[
        str | None, typer.Option(help="Deadline on or before YYYY-MM-DD.")
    ] = None,
    due_after: Annotated[str | None, typer.Option(help="Deadline on or after YYYY-MM-DD.")] = None,
    overdue: Annotated[bool, typer.Option(help="Deadline passed, not done or dropped.")] = False,
    status: Annotated[
        list[str] | None, typer.Option(help="open, in_progress, done, dropped (repeatable).")
    ] = None,
    doc_type: Annotated[
        str | None, typer.Option("--type", help="Document type (Antrag, Beschluss, …).")
    ] = None,
    text: Annotated[str | None, typer.Option(help="Words in the obligation (word forms).")] = None,
    since: Annotated[str | None, typer.Option(help="Documents dated on/after YYYY-MM-DD.")] = None,
    sort: Annotated[
        str, typer.Option(help=f"{', '.join(query.SORTS)}; prefix - to reverse.")
    ] = "deadline",
    limit: Annotated[int | None, typer.Option(min=1, help="At most this many rows.")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table, json or csv.")] = "table",
    today: Annotated[str | None, typer.Option(help="Date that counts as today (tests).")] = None,
    verbose: Verbose = False,
) -> None:
    """List obligations (requester, date, reference, topic, actor, deadline, status), filtered.

    The deadline is the due date set by `council track --due`, else the extracted one.
    """
    setup_logging(verbose)
    _choice(fmt, FORMATS, "--format")
    if sort.lstrip("-") not in query.SORTS:
        raise typer.BadParameter(f"--sort must be one of {', '.join(query.SORTS)}")
    filters = query.Filters(
        actor=actor,
        requester=requester,
        due_before=parse_date(due_before),
        due_after=parse_date(due_after),
        overdue=overdue,
        status=_statuses(status),
        type=doc_type,
        text=text,
        since=parse_date(since),
        today=parse_date(today),
    )
    rows = guarded(
        lambda: query.obligations(query.open_db(db, readonly=True), filters, sort, limit), verbose
    )
    if fmt == "json":
        _json(rows)
    elif fmt == "csv":
        _write(export.to_csv(rows))
    else:
        stdout.print(_table(rows))


def _snippet(snippet: str) -> Text:
    out = Text()
    for i, part in enumerate(
        snippet.replace(search.HIT_END, search.HIT_START).split(search.HIT_START)
    ):
        out.append(re.sub(r"\s+", " ", part), "bold yellow" if i % 2 else "")
    return out


@app.command("search")
def search_cmd(
    words: Annotated[str, typer.Argument(help='Words or "a phrase"; word forms are found too.')],
    db: Db = Path(DEFAULT_DB),
    limit: Annotated[int, typer.Option(min=1, help="At most this many pages.")] = 20,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
    verbose: Verbose = False,
) -> None:
    """Full-text search over the corrected page text, best hits first, with snippets.

    "Digitalisierung" also finds "Digitalisierungsstrategie", "Strategie" finds
    "Radverkehrsstrategie"; inflected forms (Radwege, Radwegen) are found from any of them.
    """
    setup_logging(verbose)
    _choice(fmt, ("table", "json"), "--format")
    if not search.has_words(words):
        raise typer.BadParameter("give at least one word")
    marks = ("«", "»") if fmt == "json" else (search.HIT_START, search.HIT_END)
    hits = guarded(
        lambda: search.search(query.open_db(db, readonly=True), words, limit, marks), verbose
    )
    if fmt == "json":
        _json(hits)
        return
    table = Table(title=f"{len(hits)} pages match {words!r}", title_justify="left")
    for col in ("document", "page", "reference", "title", "snippet"):
        table.add_column(col, overflow="fold")
    for h in hits:
        table.add_row(
            h["document_id"],
            str(h["page"]),
            h["reference"] or "–",
            short(h["title"], 30) or "–",
            _snippet(h["snippet"]),
        )
    stdout.print(table)


def _grid(pairs: list[tuple[str, Any]]) -> Table:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold")
    grid.add_column(overflow="fold")
    for name, value in pairs:
        grid.add_row(name, "–" if value in (None, "", []) else str(value))
    return grid


def _show_obligation(record: dict[str, Any]) -> None:
    doc, prov, dl = record["document"], record["provenance"], record["deadline"] or {}
    stdout.print(
        _grid(
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


def _show_oparl(source: dict[str, Any]) -> None:
    """The OParl Paper a harvested document came from, beside what the extractor found above."""
    stdout.print("[bold]OParl source[/bold] (as the council's system publishes it)")
    stdout.print(
        _grid(
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


def _warnings(doc: dict[str, Any]) -> list[str]:
    try:
        return list(json.loads(doc.get("warnings") or "[]"))
    except (TypeError, json.JSONDecodeError):
        return []


def _show_document(doc: dict[str, Any]) -> None:
    stdout.print(
        _grid(
            [
                (k.replace("_", " ").capitalize(), doc.get(k))
                for k in ("id", "type", "reference", "title", "date", "status", "error")
            ]
            + [
                ("Submitters", ", ".join(doc.get("submitters") or [])),
                ("Warnings", "; ".join(_warnings(doc))),
                ("Paths", "\n".join(doc["paths"])),
            ]
            + [("Pipeline", f"{doc.get('pipeline_version')} ({doc.get('ocr_language')})")]
        )
    )
    if doc.get("oparl"):
        _show_oparl(doc["oparl"])
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
    stdout.print(_table(doc["obligations"]))


@app.command("show")
def show_cmd(
    ident: Annotated[
        str, typer.Argument(metavar="ID", help="Obligation id or document id prefix.")
    ],
    db: Db = Path(DEFAULT_DB),
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    verbose: Verbose = False,
) -> None:
    """Show an obligation (integer id) with provenance and history, or a document (id prefix).

    For an obligation the passage is shown twice: the OCR reading and the corrected text.
    """
    setup_logging(verbose)
    kind, record = guarded(lambda: query.lookup(query.open_db(db, readonly=True), ident), verbose)
    if as_json:
        _json({kind: record})
    elif kind == "obligation":
        _show_obligation(record)
    else:
        _show_document(record)


@app.command("track")
def track_cmd(
    obligation_id: Annotated[
        int, typer.Argument(help="Obligation id (see `council obligations`).")
    ],
    db: Db = Path(DEFAULT_DB),
    status: Annotated[str | None, typer.Option(help="open, in_progress, done or dropped.")] = None,
    note: Annotated[str | None, typer.Option(help="Why (reason for a delay, decision, …).")] = None,
    due: Annotated[str | None, typer.Option(help="New due date YYYY-MM-DD (overrides).")] = None,
    verbose: Verbose = False,
) -> None:
    """Record a status change, note or new due date; every change is kept in the history.

    Tracking survives a re-ingest of the document.
    """
    setup_logging(verbose)
    if status is not None:
        _choice(status, query.STATUSES, "--status")
    if status is None and note is None and due is None:
        raise typer.BadParameter("give --status, --note or --due")
    due = parse_date(due)
    record = guarded(
        lambda: query.track(query.open_db(db), obligation_id, status, note, due), verbose
    )
    last = record["history"][-1]
    stdout.print(
        f"obligation {record['id']}: {last['old_status']} → {last['new_status']}"
        + (f", due {record['effective_due']}" if record["effective_due"] else "")
        + f" ({len(record['history'])} changes recorded)"
    )


@app.command("export")
def export_cmd(
    db: Db = Path(DEFAULT_DB),
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="jsonl, csv, ics, oparl, oparl-organizations.")
    ] = "jsonl",
    out: Annotated[Path | None, typer.Option("--out", "-o", help="File (default: stdout).")] = None,
    status: Annotated[list[str] | None, typer.Option(help="Only these statuses.")] = None,
    base_url: Annotated[
        str, typer.Option(help="oparl: URL prefix of the object ids.")
    ] = "https://oparl.invalid",
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite --out even if it is not an earlier export.")
    ] = False,
    verbose: Verbose = False,
) -> None:
    """Export obligations: JSON Lines, CSV, iCalendar tasks (VTODO) or OParl 1.1 Papers.

    ics holds the obligations with a deadline (open in Outlook or Thunderbird as tasks).
    --out is written atomically (a temporary file, then a rename); it may not be the database
    (or its -wal/-shm), and an existing file that is not an earlier export needs --force.
    Exit codes: 0 done, 11 database error, 13 output refused or not writable.
    """
    setup_logging(verbose)
    _choice(fmt, export.FORMATS, "--format")
    filters = query.Filters(status=_statuses(status))

    def run() -> tuple[str, int]:
        if out is not None:  # refuse a bad target before reading anything
            outfile.check_target(out, protect=[db])
        conn = query.open_db(db, readonly=True)
        text, count = export.export(
            conn, query.obligations(conn, filters, sort="id"), fmt, base_url
        )
        conn.close()
        if out is None:
            _write(text)
        else:
            outfile.write_text(out, text, protect=[db], force=force, replaceable=export.is_export)
        return text, count

    _, count = guarded(run, verbose)
    if out is not None:
        stderr.print(f"wrote {count} obligations to {out}")


@app.command("serve")
def serve_cmd(
    db: Db = Path(DEFAULT_DB),
    port: Annotated[
        int, typer.Option(min=1, max=65535, help="Port on 127.0.0.1.")
    ] = web.DEFAULT_PORT,
    allow_host: Annotated[
        list[str] | None,
        typer.Option(help="Another host name the view may be reached under (repeatable)."),
    ] = None,
    verbose: Verbose = False,
) -> None:
    """Browse the database in Datasette on 127.0.0.1 (read-only): open, overdue, by body, …

    Only requests for 127.0.0.1, localhost or an --allow-host name are answered (403 otherwise:
    no DNS rebinding); anything but GET/HEAD gets 405.
    """
    setup_logging(verbose)
    stderr.print(f"serving http://{web.HOST}:{port}/{db.stem} (read-only; Ctrl-C stops)")
    guarded(lambda: web.serve(db, port, tuple(allow_host or ())), verbose)


@bodies_app.command("import-oparl")
def import_oparl_cmd(
    sources: Annotated[
        list[Path], typer.Argument(metavar="FILE...", help="OParl Organization lists (JSON).")
    ],
    verbose: Verbose = False,
) -> None:
    """Load a municipality's OParl Organization list into the gazetteer (bodies.json).

    Each object is checked against the OParl Organization schema; invalid ones are skipped and
    listed. Exit codes: 0 imported, 3 no such file, 5 not an OParl JSON file, 7 over 64 MiB.

    The file is $COUNCIL_DATA_DIR/bodies.json (default ~/.local/share/council-pipeline/);
    entries are merged by name, shortName becomes an alias. Give every page of a paginated list.
    """
    setup_logging(verbose)
    for source in sources:
        skipped: list[str] = []
        count, target = guarded(partial(oparl.import_oparl, source, None, skipped), verbose)
        stdout.print(
            f"imported {count} bodies from {source} into {target}"
            + (f"; skipped {len(skipped)} invalid objects" if skipped else ""),
            highlight=False,
        )
        for why in skipped[:20]:
            stderr.print(f"[yellow]skipped:[/yellow] {why}", highlight=False, soft_wrap=True)
        if len(skipped) > 20:
            stderr.print(f"… and {len(skipped) - 20} more", highlight=False)


@bodies_app.command("list")
def list_bodies_cmd(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    verbose: Verbose = False,
) -> None:
    """Show the gazetteer: the bodies imported with `council bodies import-oparl`."""
    setup_logging(verbose)
    entries = guarded(oparl.load_bodies, verbose)
    if as_json:
        _json(entries)
        return
    table = Table(title=f"{len(entries)} bodies in {oparl.bodies_path()}", title_justify="left")
    for col in ("name", "kind", "aliases"):
        table.add_column(col, overflow="fold")
    for e in entries:
        table.add_row(e["name"], e.get("kind") or "–", ", ".join(e.get("aliases") or []))
    stdout.print(table)
