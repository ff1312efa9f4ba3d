"""A PDF's text layer, page by page, as lines (pdfplumber's text assembly) plus image cover.

The first choice is pdfium (`pdfium_text`: ~5 ms per dense page, same lines as pdfplumber).
For pages pdfium cannot lay out like pdfplumber (a /Rotate) the pdfminer reader below is used.
pdfplumber turns every character into a dict of resolved PDF attributes before it assembles
lines, which made it cost ~85 ms per dense page. Here pdfminer (pdfplumber's own parser) lays
out the page and only the few attributes that line assembly needs are passed on to
pdfplumber's `chars_to_textmap`: the same lines at about half the cost. Any failure falls
back to the plain pdfplumber page API.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pdfplumber
from pdfminer.converter import PDFPageAggregator
from pdfminer.layout import LTChar, LTContainer, LTImage, LTItem
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfplumber.utils.text import chars_to_textmap

from pipeline.ingest import pdfium_text
from pipeline.ocr.lines import breaks, line_pitch

if TYPE_CHECKING:
    import pypdfium2 as pdfium

log = logging.getLogger(__name__)

SIZE_CHANGE = 1.2  # a line set this much larger or smaller than the last starts a block
SAME_SIZE = 1.05  # lines within this ratio of the body's font size are body text


def join_lines(lines: list[dict[str, Any]]) -> str:
    """The lines' text, with a blank line where the layout shows a paragraph break."""
    return _join(
        [(line["text"], float(line["top"]), float(line["bottom"] - line["top"])) for line in lines]
    )


def _join(items: list[tuple[str, float, float]]) -> str:
    """Lines (text, top, height) joined; a blank line at a paragraph gap (`ocr.lines`) or where
    the font size changes (a letterhead, running header or heading set smaller or larger than
    the text is never part of the next sentence)."""
    kept = [item for item in items if item[0].strip()]
    pitch = line_pitch([(top, height) for _, top, height in kept], SAME_SIZE)
    gaps = breaks([top for _, top, _ in kept], pitch)
    out: list[str] = []
    for i, (line, _, height) in enumerate(kept):
        if gaps[i] or (i and _other_size(height, kept[i - 1][2])):
            out.append("")
        out.append(line)
    return "\n".join(out)


def _other_size(a: float, b: float) -> bool:
    return min(a, b) > 0 and max(a, b) > SIZE_CHANGE * min(a, b)


def _walk(items: LTContainer) -> Iterator[LTItem]:
    for item in items:
        yield item
        if isinstance(item, LTContainer):
            yield from _walk(item)


def _fast(path: Path) -> list[tuple[str, float]]:
    out: list[tuple[str, float]] = []
    with path.open("rb") as fh:
        resources = PDFResourceManager(caching=True)
        device = PDFPageAggregator(resources, laparams=None)
        interpreter = PDFPageInterpreter(resources, device)
        for page in PDFPage.get_pages(fh):
            interpreter.process_page(page)
            layout = device.get_result()
            x0, y0, x1, y1 = page.cropbox or page.mediabox
            area = abs((x1 - x0) * (y1 - y0)) or 1.0
            chars: list[dict[str, Any]] = []
            covered = 0.0
            for item in _walk(layout):
                if isinstance(item, LTChar):
                    top, bottom = y1 - item.y1, y1 - item.y0
                    chars.append(
                        {
                            "text": item.get_text(),
                            "x0": item.x0 - x0,
                            "x1": item.x1 - x0,
                            "top": top,
                            "bottom": bottom,
                            "doctop": top,
                            "upright": item.upright,
                            "size": item.size,
                            "fontname": item.fontname,
                            "matrix": item.matrix,
                            "width": item.width,
                            "height": item.height,
                        }
                    )
                elif isinstance(item, LTImage):
                    covered += item.width * item.height
            lines = chars_to_textmap(chars).extract_text_lines() if chars else []
            out.append((join_lines(lines), min(covered / area, 1.0)))
    return out


def _plumber(path: Path) -> list[tuple[str, float]]:
    out: list[tuple[str, float]] = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            area = float(page.width * page.height) or 1.0
            covered = sum(
                abs(float(im["x1"] - im["x0"]) * float(im["bottom"] - im["top"]))
                for im in page.images
            )
            lines = page.extract_text_lines(return_chars=False)
            out.append((join_lines(lines), min(covered / area, 1.0)))
            page.close()
    return out


def _pdfium(pdf: pdfium.PdfDocument) -> list[tuple[str, float]]:
    return [(_join(lines), cover) for lines, cover in pdfium_text.read(pdf)]


def read_layers(
    path: Path, count: int, pdf: pdfium.PdfDocument | None = None
) -> list[tuple[str, float]]:
    """Per page: the text layer (may be empty) and the share of the page covered by images.

    `pdf`: the document already open in pdfium (the fast reader). Never raises: a text
    layer that cannot be read means every page is OCRed.
    """
    if pdf is not None:
        try:
            return _pdfium(pdf)
        except pdfium_text.RotatedPage:
            log.debug("%s: a rotated page; text layer via pdfminer", path)
        except Exception as err:  # noqa: BLE001 - pdfminer may still read it
            log.info("%s: text layer via pdfium failed (%s)", path, err)
    for reader in (_fast, _plumber):
        try:
            layers = reader(path)
        except Exception as err:  # noqa: BLE001 - pdfium opened the file; OCR still works
            log.info("%s: text layer via %s failed (%s)", path, reader.__name__, err)
            continue
        if len(layers) == count:
            return layers
        log.info("%s: text layer has %d pages, pdfium %d", path, len(layers), count)
    log.warning("%s: text layer unreadable; OCR of every page", path)
    return [("", 1.0)] * count
