"""`council correct FILE...`: print the OCR-corrected text, its changes (--diff) or JSON."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer

from pipeline import outfile
from pipeline.cli.app import Verbose, app, report_error, setup_logging, stderr, stdout
from pipeline.errors import ExitCode, OutputError, PipelineError
from pipeline.model import Document, Options
from pipeline.process import process


def show_diff(doc: Document) -> None:
    """One line per change: page, offset in the corrected text, original → corrected, confidence."""
    if not doc.corrections:
        stdout.print("no corrections", highlight=False)
    for c in doc.corrections:
        stdout.print(
            f"p{c.page}:{c.start}\t{c.original!r} → {c.corrected!r}\t{c.confidence:.2f}",
            highlight=False,
            markup=False,
            soft_wrap=True,
        )


def as_record(doc: Document) -> dict:
    return {
        "source": doc.source,
        "pages": [{"number": p.number, "text": p.text} for p in doc.pages],
        "corrections": [asdict(c) for c in doc.corrections],
    }


@app.command()
def correct(
    files: Annotated[list[Path], typer.Argument(help="Text, PDF or image files to correct.")],
    diff: Annotated[
        bool, typer.Option("--diff", help="Show each change with its confidence.")
    ] = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print corrected text and corrections as JSON lines.")
    ] = False,
    out_dir: Annotated[
        Path | None,
        typer.Option("--out-dir", help="Write each corrected text to DIR/<same file name>."),
    ] = None,
    jobs: Annotated[
        int | None, typer.Option("--jobs", "-j", help="OCR processes per file.")
    ] = None,
    verbose: Verbose = False,
) -> None:
    """Correct OCR errors and print the corrected text (scans are OCRed first).

    Exit codes: 0 all fine; with one file, that file's error code; with several, 1 when any
    failed (the others are still corrected).
    """
    setup_logging(verbose)
    options = Options(jobs=jobs, extract=False)
    if out_dir is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
    codes: list[int] = []
    for path in files:
        try:
            doc = process(path, options)
        except Exception as err:  # noqa: BLE001 - one file's failure must not stop the others
            prefix = f"{path}: " if not isinstance(err, PipelineError) else ""
            codes.append(report_error(err, verbose, prefix))
            continue
        if out_dir is not None:
            target = out_dir / Path(path).name
            try:
                if outfile.check_target(target) == Path(path).resolve():
                    raise OutputError(f"{target} is the input file itself: give another --out-dir")
                outfile.write_text(target, doc.text, force=True)
            except OutputError as err:
                codes.append(report_error(err, verbose))
                continue
            stderr.print(f"{path} → {target} ({len(doc.corrections)} corrections)", highlight=False)
        if as_json:
            stdout.file.write(json.dumps(as_record(doc), ensure_ascii=False) + "\n")
            stdout.file.flush()
        elif diff:
            if len(files) > 1:
                stdout.rule(str(path))
            show_diff(doc)
        elif out_dir is None:
            stdout.file.write(doc.text if doc.text.endswith("\n") else doc.text + "\n")
            stdout.file.flush()
    if codes:
        raise typer.Exit(codes[0] if len(files) == 1 else int(ExitCode.SOME_FAILED))
