"""A PDF's text layer read with pdfium's text page, assembled into lines as pdfplumber does.

pdfminer interprets every content stream in Python (~45 ms per dense page); pdfium does it in
C, and pulling each character's code point, advance box ("loose" box: origin, advance width,
font ascent/descent, like pdfminer's) and matrix through its API costs ~5 ms per page.
pdfium's own text assembly (`get_text_range`) is not used: it inserts its own spaces and line
breaks and drops the hyphen of a word split at a line end ("Haupt-\\nund" → "Hauptund").
Here only the characters that are in the PDF count (pdfium's generated ones are skipped) and
lines and words are formed with pdfplumber's rules (defaults of `extract_text_lines`):

- characters are grouped by uprightness (runs in content order), clustered into lines by their
  top (chained, tolerance 3 pt) and sorted by x within a line;
- a word ends at a blank character, when the next character starts left of the previous one's
  start, more than 3 pt right of its end, or more than 3 pt above or below it;
- words are clustered into lines again by their top (order kept), joined by one space.

Pages with a /Rotate are left to pdfminer (it turns the coordinate system, pdfium does not).
"""

from __future__ import annotations

import ctypes
import itertools
from collections.abc import Iterator

import pypdfium2 as pdfium
import pypdfium2.raw as raw

TOLERANCE = 3.0  # pdfplumber's x and y tolerance, in points
# pdfplumber spells these out (its `expand_ligatures` default)
LIGATURES = {
    "ﬀ": "ff",
    "ﬃ": "ffi",
    "ﬄ": "ffl",
    "ﬁ": "fi",
    "ﬂ": "fl",
    "ﬆ": "st",
    "ﬅ": "st",
}

# a character: (text, x0, top, x1, bottom, pdfium saw a word gap before it)
Char = tuple[str, float, float, float, float, bool]


class RotatedPage(Exception):
    """The page has a /Rotate: pdfium's coordinates are not the reading orientation."""


def _cluster_ids(values: list[float]) -> dict[float, int]:
    """pdfplumber's `make_cluster_dict`: chained clusters of the sorted distinct values."""
    ids: dict[float, int] = {}
    last: float | None = None
    k = -1
    for v in sorted(set(values)):
        if last is None or v > last + TOLERANCE:
            k += 1
        ids[v] = k
        last = v
    return ids


def _words(chars: list[Char], upright: bool) -> Iterator[tuple[str, float, float]]:
    """Words of one group of equally upright characters: (text, top, height), line by line.

    Upright text: lines by top, characters left to right; rotated text: lines by x0,
    characters top to bottom (pdfplumber's defaults for both)."""
    # per character: (line key, start along the line, end along the line, the character)
    placed = [(c[2], c[1], c[3], c) if upright else (c[1], c[2], c[4], c) for c in chars]
    ids = _cluster_ids([p[0] for p in placed])
    # stable sort: content order kept among equal positions
    placed.sort(key=lambda p: (ids[p[0]], p[1]))
    for _, line in itertools.groupby(placed, key=lambda p: ids[p[0]]):
        word: list[Char] = []
        prev: tuple[float, float, float, Char] | None = None
        for p in line:
            c = p[3]
            if c[0].isspace():
                if word:
                    yield _merge(word)
                word = []
                continue
            if (
                word
                and prev is not None
                and (
                    c[5]
                    or p[1] < prev[1]
                    or p[1] > prev[2] + TOLERANCE
                    or abs(p[0] - prev[0]) > TOLERANCE
                )
            ):
                yield _merge(word)
                word = []
            word.append(c)
            prev = p
        if word:
            yield _merge(word)


def _merge(word: list[Char]) -> tuple[str, float, float]:
    text = "".join(LIGATURES.get(c[0], c[0]) for c in word)
    return text, min(c[2] for c in word), max(c[4] - c[2] for c in word)


def lines(groups: list[tuple[bool, list[Char]]]) -> list[tuple[str, float, float]]:
    """Text lines (text, top, height) from character groups, as pdfplumber's
    `extract_text_lines`; the height (the largest font size in the line) tells a heading or a
    letterhead in another size from the body text."""
    words = [w for upright, chars in groups for w in _words(chars, upright)]
    ids = _cluster_ids([w[1] for w in words])
    out = []
    for _, line in itertools.groupby(words, key=lambda w: ids[w[1]]):
        items = list(line)
        text = " ".join(w[0] for w in items)
        out.append((text, min(w[1] for w in items), max(w[2] for w in items)))
    return out


def page_chars(page: pdfium.PdfPage) -> list[tuple[bool, list[Char]]]:
    """The page's characters in content order, split into runs of equal uprightness."""
    if page.get_rotation() % 360:
        raise RotatedPage
    left, _, _, top_edge = page.get_cropbox()
    textpage = page.get_textpage()
    try:
        tp = textpage.raw
        rect = raw.FS_RECTF()
        matrix = raw.FS_MATRIX()
        p_rect, p_matrix = ctypes.byref(rect), ctypes.byref(matrix)
        groups: list[tuple[bool, list[Char]]] = []
        current: list[Char] = []
        upright_now: bool | None = None
        gap = False
        # ~4,000 characters a page and five C calls each: look the functions up once
        unicode, generated = raw.FPDFText_GetUnicode, raw.FPDFText_IsGenerated
        loose_box, char_matrix = raw.FPDFText_GetLooseCharBox, raw.FPDFText_GetMatrix
        font_size = raw.FPDFText_GetFontSize
        for k in range(raw.FPDFText_CountChars(tp)):
            code = unicode(tp, k)
            # pdfium only generates spaces and line breaks
            if code <= 0x20 and generated(tp, k) == 1:
                gap = code == 0x20  # pdfium's own space: it measured a word gap here
                continue  # its own spaces and line breaks are not in the PDF
            if code == 2:
                code = 0x2D  # pdfium's mark for a hyphen that ends a line: it is in the PDF
            elif not code or code in (0xFFFE, 0xFFFF):
                continue
            loose_box(tp, k, p_rect)
            char_matrix(tp, k, p_matrix)
            # pdfminer's rule: no rotation by ±90° and no mirroring
            upright = matrix.a * matrix.d > 0 and matrix.b * matrix.c <= 0
            if upright is not upright_now and current:
                groups.append((bool(upright_now), current))
                current = []
            upright_now = upright
            bottom = top_edge - rect.bottom  # baseline + font descent, as pdfminer has it
            # pdfminer's top is one font size above that (pdfium's is the font's ascent,
            # which differs between fonts and so would move paragraph breaks)
            top = bottom - font_size(tp, k) if upright else top_edge - rect.top
            current.append((chr(code), rect.left - left, top, rect.right - left, bottom, gap))
            gap = False
        if current:
            groups.append((bool(upright_now), current))
        return groups
    finally:
        textpage.close()


def image_cover(page: pdfium.PdfPage) -> float:
    """Share of the page covered by images (their bounding boxes, summed, at most 1)."""
    x0, y0, x1, y1 = page.get_cropbox()
    area = abs((x1 - x0) * (y1 - y0)) or 1.0
    covered = 0.0
    for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE]):
        left, bottom, right, top = obj.get_bounds()
        covered += abs((right - left) * (top - bottom))
    return min(covered / area, 1.0)


def read(pdf: pdfium.PdfDocument) -> list[tuple[list[tuple[str, float, float]], float]]:
    """Per page: text lines (text, top, height) and image cover. Raises RotatedPage."""
    out = []
    for i in range(len(pdf)):
        page = pdf[i]
        try:
            out.append((lines(page_chars(page)), image_cover(page)))
        finally:
            page.close()
    return out
