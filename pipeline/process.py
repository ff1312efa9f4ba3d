"""Run one file through the stages: ingest → layout → correct → extract."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from pipeline import correct, ingest
from pipeline.model import Document, Options
from pipeline.ocr import layout


def _timed(doc: Document, stage: str, run: Callable[[], object]) -> None:
    started = time.perf_counter()
    run()
    doc.timings[stage] = doc.timings.get(stage, 0.0) + time.perf_counter() - started


def process(path: str | Path, options: Options | None = None) -> Document:
    """Process one file into a Document; raises a PipelineError subclass when it cannot."""
    options = options or Options()
    doc = ingest.load(Path(path), options)
    doc.reference_date = options.reference_date
    _timed(doc, "layout", lambda: layout.clean(doc))
    if options.correct:
        _timed(doc, "correct", lambda: correct.correct_document(doc))
    else:
        for page in doc.pages:
            page.text = page.clean_text
    if options.extract:
        from pipeline import extract  # imports spaCy: only when extraction runs

        _timed(doc, "extract", lambda: extract.extract_document(doc))
    doc.status = "done" if not doc.errors else "partial"
    return doc
