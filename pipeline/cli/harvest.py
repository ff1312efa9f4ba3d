"""`council harvest URL`: a council's OParl papers and their files into the store, incrementally."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Annotated

import typer
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
from pipeline.cli.ingest import INTERRUPTED, _Progress
from pipeline.cli.render import print_pairs
from pipeline.errors import ExitCode
from pipeline.harvest import ClientSettings, HarvestSettings, HarvestSummary, harvest
from pipeline.model import Options
from pipeline.store import DEFAULT_DB

CLIENT = ClientSettings()


class _Walked:
    """A line on stderr every few seconds while the walk and the downloads run (a first harvest
    of a city at a polite rate takes hours); silent when stderr is not a terminal."""

    def __init__(self, every: float = 3.0) -> None:
        self.every = every
        self.last = time.monotonic()

    def __call__(self, s: HarvestSummary) -> None:
        if not stderr.is_terminal or time.monotonic() - self.last < self.every:
            return
        self.last = time.monotonic()
        stderr.print(
            f"harvest: {s.papers_seen} papers seen, {s.papers_changed} new or changed · files: "
            f"{s.files_downloaded} downloaded, {s.files_not_modified} not modified, "
            f"{s.files_failed} failed",
            highlight=False,
        )


def render(summary: HarvestSummary) -> None:
    table = Table(title="Harvest summary", title_justify="left", show_header=False)
    table.add_column(style="bold")
    table.add_column(justify="right")
    ingest = summary.ingest
    rows = [
        ("endpoint", summary.endpoint),
        ("changes since", summary.since or "– (first run)"),
        ("bodies", summary.bodies),
        ("organizations / meetings", f"{summary.organizations} / {summary.meetings}"),
        ("papers seen", summary.papers_seen),
        ("papers new or changed", summary.papers_changed),
        ("papers unchanged", summary.papers_unchanged),
        ("papers without a file", summary.papers_without_file),
        ("files downloaded", summary.files_downloaded),
        ("files not modified", summary.files_not_modified),
        ("files failed", summary.files_failed),
        ("documents processed", ingest.processed if ingest else 0),
        ("documents failed", ingest.failed if ingest else 0),
        ("obligations found", ingest.obligations if ingest else 0),
        ("tracking carried to new versions", summary.tracking_carried),
        ("requests", summary.requests),
        ("complete (next run continues from here)", "yes" if summary.complete else "no"),
        ("wall time", f"{summary.seconds:.1f} s"),
    ]
    for name, value in rows:
        table.add_row(name, str(value))
    stdout.print(table)
    failures = summary.failures + (ingest.failures if ingest else [])
    print_pairs("Failed", ("file", "error"), [(f.path, f.error) for f in failures])


@app.command("harvest")
def harvest_cmd(
    url: Annotated[str, typer.Argument(help="OParl System (or Body) URL of the council.")],
    db: WritableDb = Path(DEFAULT_DB),
    body: Annotated[
        str | None, typer.Option(help="Only this body of the System (id, shortName or name).")
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(help="Only papers modified on/after YYYY-MM-DD [default: since last run]."),
    ] = None,
    limit: Annotated[
        int | None, typer.Option(min=1, help="At most this many new or changed papers.")
    ] = None,
    attachments: Annotated[
        bool, typer.Option("--attachments", help="Also the auxiliaryFiles (Anlagen).")
    ] = False,
    rate: Annotated[
        float, typer.Option(min=0, help="Requests per second to the server (0: no limit).")
    ] = CLIENT.rate,
    connections: Annotated[
        int, typer.Option(min=1, help="Downloads at the same time.")
    ] = CLIENT.connections,
    timeout: Annotated[
        float, typer.Option(min=0.1, help="Seconds to wait for the server before retrying.")
    ] = CLIENT.timeout,
    retries: Annotated[
        int, typer.Option(min=0, help="Retries after a 5xx answer or a timeout.")
    ] = CLIENT.retries,
    files: Annotated[
        Path | None,
        typer.Option(help="Folder for the downloaded files [default: DB path + .files]."),
    ] = None,
    workers: Workers = None,
    scheduler: Annotated[
        str | None,
        typer.Option(help="Dask scheduler (tcp://HOST:PORT); the files folder must be shared."),
    ] = None,
    as_json: SummaryJson = False,
    verbose: Verbose = False,
) -> None:
    """Harvest papers and their files from an OParl endpoint; re-runs fetch only what changed.

    Walks System → body → papers (and the body's organizations into the bodies gazetteer, its
    meetings into the database), downloads each paper's mainFile and processes it as `council
    ingest` does, keeping the OParl paper id, web link, reference, name, type and date beside what
    the extractor found. Exit codes: 0 everything stored; 1 some files failed (the rest is stored);
    5 the endpoint cannot be read; 11 the database cannot be written; 130 interrupted.
    """
    setup_logging(verbose)
    settings = HarvestSettings(
        body=body,
        since=parse_date(since),
        limit=limit,
        attachments=attachments,
        files=files,
        client=ClientSettings(rate=rate, connections=connections, timeout=timeout, retries=retries),
    )
    progress = _Progress()
    walked = _Walked()

    def run() -> HarvestSummary:
        with progress.bar:
            return harvest(
                url, db, settings, Options(), batch.Settings(workers=workers, scheduler=scheduler),
                on_event=progress, on_progress=walked,
            )  # fmt: skip

    try:
        summary = guarded(run, verbose)
    except KeyboardInterrupt:
        stderr.print(
            "[yellow]interrupted:[/yellow] what was fetched and processed so far is stored; "
            "run the same command again to continue",
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
