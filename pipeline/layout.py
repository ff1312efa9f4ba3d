"""Page layout clean-up (placeholder): clean_text = raw_text."""

from __future__ import annotations

from pipeline.model import Document


def clean(doc: Document) -> Document:
    for page in doc.pages:
        page.clean_text = page.raw_text
    return doc
