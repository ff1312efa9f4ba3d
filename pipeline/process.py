"""Run one file through the stages: ingest → layout → correct → extract."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pipeline import correct, ingest
from pipeline.model import Document
from pipeline.ocr import layout


@dataclass(frozen=True)
class Options:
    jobs: int | None = None  # OCR processes per document; None: all cores
    reference_date: str | None = None  # ISO date for year-less deadlines; default: document date
    correct: bool = True
    extract: bool = True
    max_pages: int = 1000
    max_pixels: int = 80_000_000  # per rendered page; guards against decompression bombs
    max_bytes: int = 500 * 1024 * 1024
    page_timeout: float = 180.0  # seconds tesseract may spend on one page
    language: str = "deu"


def _timed(doc: Document, stage: str, run: Callable[[], object]) -> None:
    started = time.perf_counter()
    run()
    doc.timings[stage] = doc.timings.get(stage, 0.0) + time.perf_counter() - started


def process(path: str | Path, options: Options = Options()) -> Document:
    """Process one file into a Document; raises a PipelineError subclass when it cannot."""
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
