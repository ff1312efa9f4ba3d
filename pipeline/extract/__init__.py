"""Extraction stage (placeholder until the extractor lands)."""

from __future__ import annotations

from pipeline.model import Document


def extract_document(doc: Document) -> Document:
    return doc
