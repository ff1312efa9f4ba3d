"""PDF input: per page, the text layer when it holds real text, else OCR of the rendered page.

The decision is made per page from measured text quality (`quality.word_share`), so a PDF
whose scanner put a garbage OCR layer over some pages gets those pages re-OCRed while its
born-digital pages keep their exact text. Each page's notes say what was decided and why.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pdfplumber
import pypdfium2 as pdfium

from pipeline.errors import EncryptedInput, InputError, InputTooLarge
from pipeline.ingest.scanned import ocr_into
from pipeline.model import Document, Page
from pipeline.quality import word_share

if TYPE_CHECKING:
    from PIL import Image

    from pipeline.process import Options

log = logging.getLogger(__name__)

DPI = 300
MIN_WORD_SHARE = 0.5  # below this share of real words a text layer counts as garbage
MIN_TOKENS_OVER_SCAN = 5  # a few stray words (a stamp, a page number) over a full-page image


def _open(path: Path) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as err:
        if "password" in str(err).lower():
            raise EncryptedInput(
                f"{path}: the PDF is encrypted with a password; save an unprotected copy "
                "(e.g. `qpdf --decrypt --password=… in.pdf out.pdf`) and process that"
            ) from err
        raise InputError(
            f"{path}: the PDF is damaged or not a PDF ({err}); re-export or repair it "
            "(e.g. `qpdf in.pdf repaired.pdf`)"
        ) from err


def layer_text(page: pdfplumber.page.Page) -> str:
    """The page's text lines, with a blank line where the gap shows a paragraph break."""
    lines = [line for line in page.extract_text_lines(return_chars=False) if line["text"].strip()]
    tops = [float(line["top"]) for line in lines]
    pitches = sorted(b - a for a, b in zip(tops, tops[1:], strict=False) if b > a)
    pitch = pitches[len(pitches) // 2] if pitches else 0.0
    out: list[str] = []
    for i, line in enumerate(lines):
        if i and pitch and tops[i] - tops[i - 1] > 1.6 * pitch:
            out.append("")
        out.append(line["text"])
    return "\n".join(out)


def _text_layer(path: Path, count: int) -> list[tuple[str, float]]:
    """Per page: the text layer's text and the share of the page covered by images."""
    out: list[tuple[str, float]] = []
    try:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                area = float(page.width * page.height) or 1.0
                covered = sum(
                    abs(float(im["x1"] - im["x0"]) * float(im["bottom"] - im["top"]))
                    for im in page.images
                )
                out.append((layer_text(page), min(covered / area, 1.0)))
                page.close()
    except Exception as err:  # noqa: BLE001 - pdfium opened it: fall back to OCR of every page
        log.warning("%s: text layer unreadable (%s); OCR of every page", path, err)
        return [("", 1.0)] * count
    return out + [("", 1.0)] * (count - len(out))


def decide(text: str, image_cover: float) -> tuple[bool, str]:
    """Use the text layer? Returns (use it, note saying why)."""
    tokens = [t for t in text.split() if any(c.isalpha() for c in t)]
    if not tokens:
        return False, "no text layer: OCR"
    share = word_share(text)
    if share < MIN_WORD_SHARE:
        return False, f"text layer is garbage ({share:.0%} real words of {len(tokens)}): OCR"
    if len(tokens) < MIN_TOKENS_OVER_SCAN and image_cover > 0.5:
        return False, f"only {len(tokens)} words over a page image: OCR"
    return True, f"text layer ({share:.0%} real words of {len(tokens)})"


def load_pdf(path: Path, options: Options, doc: Document) -> None:
    pdf = _open(path)
    try:
        count = len(pdf)
        if count == 0:
            raise InputError(f"{path}: the PDF has no pages")
        if count > options.max_pages:
            raise InputTooLarge(
                f"{path}: {count} pages is over the limit of {options.max_pages}; split the PDF"
            )
        layers = _text_layer(path, count)
        pages: dict[int, Page] = {}
        to_ocr: list[int] = []
        notes: dict[int, list[str]] = {}
        for number, (text, cover) in enumerate(layers, 1):
            use, note = decide(text, cover)
            if use:
                pages[number] = Page(number, "text-layer", text, None, notes=[note])
            else:
                to_ocr.append(number)
                notes[number] = [note]
        for number in to_ocr:  # limits before rendering anything
            width, height = pdf[number - 1].get_size()
            pixels = int(width / 72 * DPI) * int(height / 72 * DPI)
            if pixels > options.max_pixels:
                raise InputTooLarge(
                    f"{path}: page {number} ({width / 72 * 25.4:.0f}×{height / 72 * 25.4:.0f} mm) "
                    f"would render to {pixels:,} pixels at {DPI} dpi, over the limit of "
                    f"{options.max_pixels:,}"
                )
        if to_ocr:
            pages.update(ocr_into(doc, _render(pdf, to_ocr), options, notes))
        doc.pages = [pages[n] for n in sorted(pages)]
    finally:
        pdf.close()


def _render(pdf: pdfium.PdfDocument, numbers: list[int]) -> Iterator[tuple[int, Image.Image]]:
    for number in numbers:
        page = pdf[number - 1]
        image = page.render(scale=DPI / 72, grayscale=True).to_pil()
        page.close()
        image.info["dpi"] = (DPI, DPI)
        yield number, image
