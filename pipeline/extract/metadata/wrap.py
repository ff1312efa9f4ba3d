"""A PDF's text layer as the metadata reader needs it: paragraphs and headings on one line.

A typeset page breaks a paragraph (and a long title or heading) into lines of the column's
width; the text layer keeps those breaks, and pages add print furniture (a running header
"Druckansicht aus dem Ratsinformationssystem", "Seite 2 von 5"). Read as it stands, a title's
second line is lost, a sentence's first line no longer ends like a sentence and is taken for a
heading, and the furniture stands where the heading should. `unwrap` joins the lines that the
layout broke and drops furniture lines, so that text and PDF readings of one document give the
same lines.

A line was broken by the layout when the next line's first word would not have fitted on it:
its length plus that word reaches the column width (the longest lines of the document, which
fill the column). A document whose lines do not fill a common width (a plain text, where a
paragraph is one line) is left as it is. Lines are never joined across a blank line, onto a
line that ends a sentence or a label, or when the next line opens a form field, list item or
table row.
"""

from __future__ import annotations

import re
from functools import cache

from pipeline.extract.metadata.layout import bare_label, data, inline_fields

FIT = 0.9  # a proportional font: a full line is at least this share of the column width
MAX_COLUMN = 130  # wider "columns" are paragraphs of a plain text, not a typeset page
MIN_FULL = 0.2  # share of the lines that fill the column in a typeset text


NARROW = frozenset("iljtfrI.,;:'!|()[]/ -·")
WIDE = frozenset("mwMWÄÖÜ")


def width_of(line: str) -> float:
    """A line's printed width in average characters: a proportional font sets "i" narrower
    than "m" and capitals wider than small letters, so character counts alone misjudge
    which lines fill the column."""
    return sum(
        0.55 if c in NARROW else 1.45 if c in WIDE else 1.2 if c.isupper() else 1.0 for c in line
    )


@cache
def _furniture() -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in data()["furniture"]["patterns"]), re.I)


@cache
def _opens_item() -> re.Pattern[str]:
    return re.compile(data()["furniture"]["opens_item"])


def is_furniture(line: str) -> bool:
    """A running header or page footer line of a printed page, not part of the document."""
    return _furniture().fullmatch(line.strip()) is not None


def column(lines: list[str], printed: bool = False) -> float | None:
    """The width (`width_of`) the layout wrapped to, or None when the text is not wrapped.
    A printed page (PDF, scan) always has a column: one full line shows its width; a text
    file must show two, or its paragraphs are lines of their own."""
    lengths = [width_of(s) for s in lines if len(s) > 20]
    width = max(lengths, default=0)
    if not lengths or width > MAX_COLUMN:
        return None
    full = sum(n >= FIT * width for n in lengths)
    return width if full >= max(1 if printed else 2, MIN_FULL * len(lengths)) else None


TABLE_ROW = re.compile(r"\S(?:\t|[ \u00a0]{3,}|\s\|\s)\S")


def _wrapped(line: str, nxt: str, width: float) -> bool:
    if (
        not line
        or not nxt
        or re.search(r"[.!?:;]\s*$", line)
        and not re.search(r"\b\w{1,4}\.$", line)
    ):
        return False
    if TABLE_ROW.search(line) or TABLE_ROW.search(nxt):
        return False  # a row of table cells ("Vorlage-Nr.   Datum"): a layout, not a wrapped line
    label = bare_label(nxt) and not nxt.endswith(".")  # "Raum." ends a sentence, "Raum" is a label
    if _opens_item().match(nxt) or label or inline_fields(nxt):
        return False
    return width_of(f"{line} {nxt.split(' ')[0]}") >= FIT * width


def unwrap(text: str, printed: bool = False) -> str:
    """`text` with furniture lines dropped and layout line breaks joined (see module doc);
    `printed`: the text was read from a page (a PDF's text layer or OCR), not a text file."""
    lines = [s.strip() for s in text.split("\n")]
    lines = [s for s in lines if not (s and is_furniture(s))]
    width = column(lines, printed)
    if width is None:
        return "\n".join(lines)
    out: list[str] = []
    for i, s in enumerate(lines):
        if out and _wrapped(lines[i - 1], s, width):  # the line as printed, not the joined one
            joint = "" if re.search(r"\w-$", out[-1]) and s[:1].islower() else " "
            out[-1] = out[-1] + joint + s
        else:
            out.append(s)
    return "\n".join(out)
