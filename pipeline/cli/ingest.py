"""`council ingest PATH...`: process files and folders into the SQLite store, resumably."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from pipeline import batch
from pipeline.cli.app import (
    SummaryJson,
    Verbose,
    Workers,
    WritableDb,
    app,
    guarded,
    parse_date,
    setup_logging,
    stderr,
    stdout,
)
from pipeline.cli.render import print_pairs
from pipeline.errors import ExitCode
from pipeline.model import Options
from pipeline.store import DEFAULT_DB

DEFAULTS = Options()
INTERRUPTED = 130  # the shell's code for SIGINT


class _Progress:
    """Documents bar with pages and rate on stderr; silent when stderr is not a terminal."""

    def __init__(self) -> None:
        self.bar = Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("docs · {task.fields[pages]} pages · {task.fields[rate]} pages/s"),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=stderr,
            disable=not stderr.is_terminal,
            transient=False,
        )
        self.task = self.bar.add_task("ingest", total=None, pages=0, rate="–")
        self.pages = 0

    def __call__(self, event: batch.Event) -> None:
        if event.kind == "start":
            self.bar.update(self.task, total=event.total)
            return
        self.pages += event.pages
        elapsed = self.bar.tasks[0].elapsed or 0.0
        rate = f"{self.pages / elapsed:.1f}" if elapsed > 0 else "–"
        self.bar.update(self.task, advance=1, pages=self.pages, rate=rate)
        if event.kind == "failed":
            where = "" if event.path in event.message else f"{event.path}: "
            self.bar.console.print(
                f"[yellow]failed:[/yellow] {where}{event.message}", highlight=False, soft_wrap=True
            )


def render(summary: batch.Summary) -> None:
    table = Table(title="Ingest summary", title_justify="left", show_header=False)
    table.add_column(style="bold")
    table.add_column(justify="right")
    rows = [
        ("database", summary.database),
        ("documents found", summary.documents),
        ("processed", f"{summary.processed} ({summary.partial} partial)"),
        ("skipped (already stored)", summary.skipped),
        ("skipped (not files)", len(summary.not_files)),
        ("failed", summary.failed),
        ("pages OCRed", summary.pages_ocr),
        ("pages from text layer/file", summary.pages_text),
        ("obligations found", summary.obligations),
        ("workers", summary.workers),
        ("wall time", f"{summary.seconds:.1f} s"),
    ]
    for name, value in rows:
        table.add_row(name, str(value))
    stdout.print(table)
    skipped = [(entry.path, entry.reason) for entry in summary.not_files]
    print_pairs("Skipped (not files)", ("path", "reason"), skipped)
    print_pairs("Failed", ("path", "error"), [(f.path, f.error) for f in summary.failures])


@app.command()
def ingest(
    paths: Annotated[
        list[Path], typer.Argument(help="Files and folders (PDF, PNG/JPEG/TIFF, .txt).")
    ],
    db: WritableDb = Path(DEFAULT_DB),
    workers: Workers = None,
    scheduler: Annotated[
        str | None,
        typer.Option(help="Dask scheduler address (tcp://HOST:PORT) to run the work on."),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Redo documents already stored (keeps tracking).")
    ] = False,
    retry_failed: Annotated[
        bool, typer.Option("--retry-failed", help="Redo documents stored as failed.")
    ] = False,
    exclude: Annotated[
        list[str] | None,
        typer.Option(help="Leave out files in folders whose name matches this glob (repeatable)."),
    ] = None,
    as_json: SummaryJson = False,
    max_pages: Annotated[
        int, typer.Option(min=1, help="Pages per document; longer ones fail.")
    ] = DEFAULTS.max_pages,
    max_pixels: Annotated[
        int, typer.Option(min=1, help="Pixels per rendered page (decompression bombs).")
    ] = DEFAULTS.max_pixels,
    max_bytes: Annotated[
        int, typer.Option(min=1, help="Bytes per file; bigger ones fail.")
    ] = DEFAULTS.max_bytes,
    page_timeout: Annotated[
        float, typer.Option(min=1, help="Seconds tesseract may spend on one page.")
    ] = DEFAULTS.page_timeout,
    doc_timeout: Annotated[
        float, typer.Option(min=1, help="Wall-clock seconds per document before it is stopped.")
    ] = batch.Settings.doc_timeout,
    reference_date: Annotated[
        str | None,
        typer.Option(help="YYYY-MM-DD for year-less deadlines (default: the document's date)."),
    ] = None,
    verbose: Verbose = False,
) -> None:
    """Process files and folders into the database; re-runs skip what is already stored.

    Default database: ./council.db (or $COUNCIL_DB). Exit codes: 0 every document stored; 1 some
    documents failed (the others are stored; see the summary); 11 the database cannot be written;
    130 interrupted (Ctrl-C; run again to continue).
    """
    setup_logging(verbose)
    options = Options(
        reference_date=parse_date(reference_date),
        max_pages=max_pages,
        max_pixels=max_pixels,
        max_bytes=max_bytes,
        page_timeout=page_timeout,
    )
    settings = batch.Settings(
        workers=workers,
        scheduler=scheduler,
        force=force,
        retry_failed=retry_failed,
        doc_timeout=doc_timeout,
        exclude=tuple(exclude or ()),
    )
    progress = _Progress()

    def run() -> batch.Summary:
        with progress.bar:
            return batch.ingest(paths, db, options, settings, on_event=progress)

    try:
        summary = guarded(run, verbose)
    except KeyboardInterrupt:
        stderr.print(
            "[yellow]interrupted:[/yellow] the documents finished so far are stored; "
            "run the same command again to do the rest",
            soft_wrap=True,
        )
        raise typer.Exit(INTERRUPTED) from None
    if as_json:
        stdout.file.write(json.dumps(summary.as_dict(), ensure_ascii=False) + "\n")
        stdout.file.flush()
    else:
        render(summary)
    if summary.failed:
        raise typer.Exit(int(ExitCode.SOME_FAILED))
