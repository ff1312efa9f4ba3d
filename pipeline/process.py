"""Run one file through the stages: ingest → ocr → layout → correct → extract.

Each stage is a plain function `(Document, Options) -> Document` that times itself into
`doc.timings` (`pipeline.model.stage`) and decides itself whether it has work to do. To add a
stage, write such a function in its package and put it into `STAGES` at its place.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from pipeline import correct, data, ingest, model
from pipeline.model import Document, Options, Stage
from pipeline.ocr import layout, pages

__all__ = ["STAGES", "Options", "process", "warm"]


@model.stage("extract")
def extract(doc: Document, options: Options) -> Document:
    """The extraction stage (pipeline.extract). Its package loads spaCy (about a second), so
    it is imported only when the stage has work to do."""
    if not options.extract:
        return doc
    from pipeline.extract import extract_document  # noqa: PLC0415

    # meetings harvested from the council's OParl endpoint date "in der nächsten Sitzung des X"
    return extract_document(doc, calendar=data.load_meeting_calendar() or None)


STAGES: tuple[Stage, ...] = (ingest.run, pages.run, layout.run, correct.run, extract)


def process(
    path: str | Path, options: Options | None = None, sha256: str | None = None
) -> Document:
    """Process one file into a Document; raises a PipelineError subclass when it cannot.

    `sha256` is the file's hash when the caller has already identified and size-checked it
    (the batch runner), so that a file is hashed and checked once.
    """
    options = options or Options()
    doc = Document(source=str(path), sha256=sha256 or "", reference_date=options.reference_date)
    for stage in STAGES:
        doc = stage(doc, options)
    doc.status = "done" if not doc.errors else "partial"
    return doc


WARM_TEXT = (
    "Der Ausschuss für Umwelt beschließt: Die Verwaltung wird beauftragt, "
    "bis zum 31.03.2025 einen Bericht vorzulegen."
)


def warm(options: Options | None = None) -> None:
    """Load every stage's dictionaries and models once (a worker does this before its first
    document) by running a short council text through `process` itself."""
    with tempfile.TemporaryDirectory(prefix="council-warm-") as tmp:
        path = Path(tmp) / "warm.txt"
        path.write_text(WARM_TEXT, encoding="utf-8")
        process(path, options or Options(jobs=1))
