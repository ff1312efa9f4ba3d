"""Analysts' commands on the store: obligations, search, show, track, export, serve, bodies."""

from __future__ import annotations

import json
import sys
from functools import partial
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from pipeline import outfile
from pipeline.analysis import export, oparl, query, search, web
from pipeline.cli.app import Verbose, app, guarded, parse_date, setup_logging, short, stderr, stdout
from pipeline.cli.render import obligation_table, print_document, print_obligation, snippet_text
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
        stdout.print(obligation_table(rows))


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
            snippet_text(h["snippet"]),
        )
    stdout.print(table)


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
        print_obligation(record)
    else:
        print_document(record)


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
