"""Where a record came from: the raw OCR passage next to the corrected text it was read as.

The store keeps only the corrected page text plus, in `corrections`, every span the corrector
changed with its original reading; undoing those corrections inside a span gives back what the
OCR saw, so an analyst can judge a surprising obligation against the scan's own reading.
"""

from __future__ import annotations

import logging
import sqlite3
from typing import Any

log = logging.getLogger(__name__)


def _joined_pages(
    conn: sqlite3.Connection, document_id: str, page: int, end: int
) -> tuple[str, dict[int, int]]:
    """The text from `page` up to the page holding offset `end`, and where each page starts."""
    texts, bases, pos = [], {}, 0
    for p in conn.execute(
        "SELECT number, text FROM pages WHERE document_id = ? AND number >= ? ORDER BY number",
        (document_id, page),
    ):
        text = p["text"] or ""
        bases[p["number"]] = pos
        texts.append(text)
        pos += len(text) + 1
        if pos > end:  # the span ends on this page
            break
    return "\n".join(texts), bases


def passage(
    conn: sqlite3.Connection, document_id: str, page: int, start: int, end: int
) -> dict[str, Any]:
    """The corrected text of a span and the OCR reading it was corrected from.

    Offsets count in the corrected page text; a span may run on over the page break (pages
    joined by one newline). The OCR reading is rebuilt by undoing, inside the span, every
    correction the corrections table records (the span is widened to whole corrections).
    """
    text, bases = _joined_pages(conn, document_id, page, end)
    inside = []  # (start, end, correction) in joined-text offsets, overlapping the span
    for c in conn.execute(
        'SELECT page, start, "end", original, corrected, confidence FROM corrections '
        "WHERE document_id = ? AND page BETWEEN ? AND ? ORDER BY page, start",
        (document_id, page, max(bases, default=page)),
    ):
        if c["page"] not in bases:
            continue
        a, b = bases[c["page"]] + c["start"], bases[c["page"]] + c["end"]
        if (a < end and b > start) or start <= a < end:  # overlaps, or an insertion inside
            inside.append((a, b, dict(c)))
    lo = min([start] + [a for a, _, _ in inside])
    hi = max([end] + [b for _, b, _ in inside])
    ocr = text[lo:hi]
    for a, b, c in sorted(inside, key=lambda f: -f[0]):
        ocr = ocr[: a - lo] + (c["original"] or "") + ocr[b - lo :]
    return {
        "page": page,
        "start": start,
        "end": end,
        "corrected": text[start:end],
        "ocr": ocr,
        "corrections": [c for _, _, c in inside],
    }


def with_passage(conn: sqlite3.Connection, record: dict[str, Any]) -> dict[str, Any]:
    """An obligation record (`query.as_dict` shape) with its `passage` added, for `council show`."""
    prov = record["provenance"]
    record["passage"] = passage(
        conn, record["document"]["id"], prov["page"], prov["start"], prov["end"]
    )
    return record
