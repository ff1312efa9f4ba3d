"""OCR correction stage (placeholder until the corrector lands): text = clean_text."""

from __future__ import annotations

from pipeline.model import Document


def correct_document(doc: Document) -> Document:
    for page in doc.pages:
        page.text = page.clean_text
    return doc
