"""`council check FILE...`: run files through the pipeline; show the record or print it as JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from pipeline.cli.app import (
    Verbose,
    app,
    parse_date,
    report_error,
    setup_logging,
    short,
    stderr,
    stdout,
)
from pipeline.errors import ExitCode, PipelineError
from pipeline.model import Document, Options, shown
from pipeline.process import process


def render(doc: Document) -> None:
    """Readable summary of one record on stdout."""
    meta = Table.grid(padding=(0, 2))
    meta.add_column(style="bold")
    meta.add_column()
    meta.add_row("Source", doc.source)
    meta.add_row("Id", doc.id)
    meta.add_row("Type", doc.type or "–")
    meta.add_row("Reference", doc.reference or "–")
    meta.add_row("Title", doc.title or "–")
    meta.add_row("Date", doc.date or "–")
    meta.add_row("Submitters", ", ".join(doc.submitters) or "–")
    stdout.print(meta)

    pages = Table(title="Pages", title_justify="left")
    for col in ("#", "method", "confidence", "characters", "corrections"):
        pages.add_column(col, justify="right" if col != "method" else "left")
    for p in doc.pages:
        fixes = sum(1 for c in doc.corrections if c.page == p.number)
        conf = "–" if p.confidence is None else f"{p.confidence:.1f}"
        pages.add_row(str(p.number), p.method, conf, str(len(p.text)), str(fixes))
    stdout.print(pages)

    bodies = Table(title=f"Bodies ({len(doc.bodies)})", title_justify="left")
    for col in ("name", "kind", "page"):
        bodies.add_column(col)
    seen: set[str] = set()
    for b in doc.bodies:
        if b.name not in seen:
            seen.add(b.name)
            bodies.add_row(b.name, b.kind, str(b.page))
    stdout.print(bodies)

    deadlines = Table(title=f"Deadlines ({len(doc.deadlines)})", title_justify="left")
    for col in ("text", "date", "precision", "relative to"):
        deadlines.add_column(col)
    for d in doc.deadlines:
        date = (d.date or "–") + (f" {d.time}" if d.time else "")
        deadlines.add_row(short(d.text, 50), date, d.precision, d.relative_to or "–")
    stdout.print(deadlines)

    obligations = Table(title=f"Obligations ({len(doc.obligations)})", title_justify="left")
    for col in ("actor", "obligation", "deadline", "conf."):
        obligations.add_column(col)
    for o in doc.obligations:
        due = "–"
        if o.deadline:
            due = o.deadline.date or o.deadline.text
        obligations.add_row(o.actor or "–", short(o.text), short(due, 30), f"{o.confidence:.2f}")
    stdout.print(obligations)
    for warning in doc.warnings:
        stderr.print(f"[yellow]warning:[/yellow] {warning}", highlight=False)
    for err in doc.errors:
        page = f" page {err.page}" if err.page else ""
        stderr.print(f"[yellow]warning:[/yellow] {err.stage}{page}: {err.message}")


def failed_record(path: Path, err: BaseException, code: int) -> dict[str, Any]:
    """The JSON line of an input that failed (record.schema.json, `$defs/failed`)."""
    message = str(err) if isinstance(err, PipelineError) else f"{type(err).__name__}: {err}"
    return {
        "source": shown(str(path)),
        "status": "failed",
        "error": shown(message),
        "exit_code": code,
    }


def _json_line(record: dict[str, Any]) -> None:
    stdout.file.write(json.dumps(record, ensure_ascii=False) + "\n")
    stdout.file.flush()


@app.command()
def check(
    files: Annotated[list[Path], typer.Argument(help="PDF, image (PNG/JPEG/TIFF) or .txt files.")],
    as_json: Annotated[
        bool, typer.Option("--json", help="Print one JSON record per file (JSON Lines).")
    ] = False,
    reference_date: Annotated[
        str | None,
        typer.Option(help="YYYY-MM-DD for year-less deadlines (default: the document's date)."),
    ] = None,
    jobs: Annotated[
        int | None, typer.Option("--jobs", "-j", min=1, help="OCR processes (default: all cores).")
    ] = None,
    no_correct: Annotated[bool, typer.Option("--no-correct", help="Skip OCR correction.")] = False,
    verbose: Verbose = False,
) -> None:
    """Process files and show the record: metadata, pages, bodies, deadlines, obligations.

    Exit codes: 0 all fine; with one file, that file's error code (3 not found, 4 unsupported
    type, 5 corrupt/empty, 6 encrypted, 7 too large, 8 tesseract or deu missing, 9 OCR failed);
    with several files, 1 when any failed (the others are still printed).
    """
    setup_logging(verbose)
    options = Options(jobs=jobs, reference_date=parse_date(reference_date), correct=not no_correct)
    codes: list[int] = []
    for path in files:
        try:
            if as_json or not stderr.is_terminal:
                doc = process(path, options)
            else:
                with stderr.status(f"Processing {path} …"):
                    doc = process(path, options)
        except Exception as err:  # noqa: BLE001 - one file's failure must not stop the others
            prefix = f"{path}: " if not isinstance(err, PipelineError) else ""
            codes.append(report_error(err, verbose, prefix))
            if as_json:  # one line per input, in order: the failed one in its place
                _json_line(failed_record(path, err, codes[-1]))
            continue
        if as_json:
            _json_line(doc.to_record())
        else:
            if len(files) > 1:
                stdout.rule(str(path))
            render(doc)
    if codes:
        raise typer.Exit(codes[0] if len(files) == 1 else int(ExitCode.SOME_FAILED))
