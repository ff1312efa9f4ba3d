"""The document text behind a spaCy `Doc`, shared by the extraction components."""

from __future__ import annotations

from spacy.tokens import Doc


def doc_text(doc: Doc) -> str:
    """The document text, kept once: `Doc.text` rebuilds it from the tokens on every access."""
    if "council_text" not in doc.user_data:
        doc.user_data["council_text"] = doc.text
    return str(doc.user_data["council_text"])
