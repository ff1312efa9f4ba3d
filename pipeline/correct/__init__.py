"""OCR correction stage: page.text from page.clean_text, every change kept as a Correction.

`correct_document` corrects all pages of a document together, because what the corrector learns
about a document's confusions (engine.py) holds for all its pages. Offsets of each Correction
refer to the corrected page text; the raw and clean texts stay on the page untouched.
"""

from __future__ import annotations

import logging

from pipeline.correct.engine import Change, Corrector
from pipeline.model import Correction, Document, Options, stage

log = logging.getLogger(__name__)

_corrector: Corrector | None = None


def corrector() -> Corrector:
    """The process-wide corrector (its lexicon is loaded once)."""
    global _corrector
    if _corrector is None:
        _corrector = Corrector()
    return _corrector


def to_corrected_offsets(page: int, changes: list[Change]) -> list[Correction]:
    """Corrections with offsets shifted from the original text into the corrected text."""
    out, shift = [], 0
    for c in changes:
        start = c.start + shift
        out.append(
            Correction(page, start, start + len(c.corrected), c.original, c.corrected, c.confidence)
        )
        shift += len(c.corrected) - (c.end - c.start)
    return out


def correct_text(text: str) -> tuple[str, list[Correction]]:
    """Correct one text (as page 1); for callers outside the document pipeline."""
    [(fixed, changes)] = corrector().correct_texts([text])
    return fixed, to_corrected_offsets(1, changes)


def correct_document(doc: Document) -> Document:
    """Set each page's text from its clean_text and append the corrections to the document."""
    pages = [p for p in doc.pages if p.clean_text.strip()]
    for p in doc.pages:
        p.text = p.clean_text
    if not pages:
        return doc
    notes: list[str] = []
    results = corrector().correct_texts([p.clean_text for p in pages], notes)
    for page, (fixed, changes) in zip(pages, results, strict=True):
        page.text = fixed
        page.notes.extend(notes)
        doc.corrections.extend(to_corrected_offsets(page.number, changes))
    log.debug("%s: %d corrections", doc.source, len(doc.corrections))
    return doc


@stage("correct")
def run(doc: Document, options: Options) -> Document:
    """The correction stage; with `options.correct` off each page's text is its clean text."""
    if not options.correct:
        for page in doc.pages:
            page.text = page.clean_text
        return doc
    return correct_document(doc)
