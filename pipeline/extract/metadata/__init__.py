"""Document metadata from the layout of council documents: type, own reference number, title,
date and submitters, each with where it was found.

`read(text)` first joins the lines a PDF's layout broke and drops print furniture (wrap.py), so
that a document reads the same from its text and from its PDF; then it reads the header zone
once (layout.py: lines, letterhead, form block with its label–value pairs in either column
order), then decides the type from scored cues (doctype.py,
weights learned by `make train`), finds the reference (reference.py) and the title and date
(fields.py). The single-field functions below are kept for callers that want one value.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from pipeline.extract.metadata import doctype, fields, layout, wrap
from pipeline.extract.metadata import reference as _reference

__all__ = [
    "Metadata",
    "doc_type",
    "document_date",
    "read",
    "reference",
    "submitters",
    "title",
]


@dataclass
class Metadata:
    type: str
    type_confidence: float
    type_evidence: str
    reference: str | None
    title: str | None
    date: str | None
    submitters: list[str] = field(default_factory=list)
    found: dict[str, str] = field(default_factory=dict)  # field → where it was read


@lru_cache(maxsize=8)
def _form(text: str, printed: bool = False) -> tuple[list[layout.Line], list[layout.Field]]:
    """The header lines and form fields, read once for `read` and `submitters` of one text."""
    lines = layout.header(wrap.unwrap(text, printed))
    return lines, layout.form_fields(lines, layout.type_heading())


def read(text: str, faction_names: list[str] | None = None, printed: bool = False) -> Metadata:
    """All metadata of one document text (as ingest gives it: text layer, OCR or plain);
    `printed` when it was read from pages (PDF, scan) rather than a text file."""
    lines, form = _form(text, printed)
    text = wrap.unwrap(text, printed)
    decision = doctype.decide(text, lines, form=form)
    ref, ref_where = _reference.find(lines, form)
    if ref is None:
        ref, ref_where = _reference.inline(text)
    ttl, title_where = fields.title(lines, form)
    if ref is None:
        ref, ref_where = _reference.before_title(lines, ttl)
    if ref is None:
        ref, ref_where = _reference.alone(lines)
    date, date_where = fields.document_date(lines, form, decision.type)
    subs = fields.submitters(text, form, faction_names or [])
    found = {"reference": ref_where, "title": title_where, "date": date_where}
    return Metadata(
        decision.type,
        decision.confidence,
        decision.evidence,
        ref,
        ttl,
        date,
        subs,
        {k: v for k, v in found.items() if v},
    )


def doc_type(text: str) -> str:
    """One of the model's DocType values."""
    text = wrap.unwrap(text)
    return doctype.decide(text, layout.header(text)).type


def reference(text: str) -> str | None:
    """The document's own number as printed ("ZD/1355/2021", "167-17"), or None."""
    return read(text).reference


def title(text: str) -> str | None:
    return read(text).title


def document_date(text: str) -> str | None:
    """The document's own date (ISO), never a meeting date from the body."""
    return read(text).date


def submitters(text: str, faction_names: list[str], printed: bool = False) -> list[str]:
    """Who submitted: a labelled field, else factions in the header or the signature."""
    form = _form(text, printed)[1]
    return fields.submitters(wrap.unwrap(text, printed), form, faction_names)
