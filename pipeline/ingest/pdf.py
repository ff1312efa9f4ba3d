"""PDF input: per page, the text layer when it holds real text, else OCR of the rendered page.

The decision is made per page from measured text quality (`quality.word_share`), so a PDF
whose scanner put a garbage OCR layer over some pages gets those pages re-OCRed while its
born-digital pages keep their exact text. Each page's notes say what was decided and why.
Pages to OCR are left empty for the OCR stage, which renders them through `PdfScans`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pypdfium2 as pdfium

from pipeline.errors import EncryptedInput, InputError, InputTooLarge
from pipeline.ingest.textlayer import read_layers
from pipeline.model import Document, Options, Page
from pipeline.ocr.quality import word_share

if TYPE_CHECKING:
    from PIL import Image


log = logging.getLogger(__name__)

DPI = 300
MIN_WORD_SHARE = 0.5  # below this share of real words a text layer counts as garbage
# Over a page-sized image the text layer is a scanner's OCR: real council text scores
# 0.81–0.99 (median 0.95) on the dev corpus, the seed's old OCR layer ("Stodtrot") 0.68.
# Re-OCR of a scan is cheap and good, so such a layer must be clearly good to be kept.
MIN_SCANNER_SHARE = 0.8
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


def decide(text: str, image_cover: float) -> tuple[bool, str]:
    """Use the text layer? Returns (use it, note saying why)."""
    tokens = [t for t in text.split() if any(c.isalpha() for c in t)]
    if not tokens:
        return False, "no text layer: OCR"
    share = word_share(text)
    scanned = image_cover > 0.5
    if share < (MIN_SCANNER_SHARE if scanned else MIN_WORD_SHARE):
        kind = "scanner's OCR layer over an image" if scanned else "text layer"
        return False, f"{kind} is garbage ({share:.0%} real words of {len(tokens)}): OCR"
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
        layers = read_layers(path, count, pdf)
        pages: list[Page] = []
        to_ocr: list[int] = []
        for number, (text, cover) in enumerate(layers, 1):
            use, note = decide(text, cover)
            if use:
                pages.append(Page(number, "text-layer", text, None, notes=[note]))
            else:
                to_ocr.append(number)
                pages.append(Page(number, "ocr", "", None, notes=[note]))
        for number in to_ocr:  # limits before rendering anything
            width, height = pdf.get_page_size(number - 1)
            pixels = int(width / 72 * DPI) * int(height / 72 * DPI)
            if pixels > options.max_pixels:
                raise InputTooLarge(
                    f"{path}: page {number} ({width / 72 * 25.4:.0f}×{height / 72 * 25.4:.0f} mm) "
                    f"would render to {pixels:,} pixels at {DPI} dpi, over the limit of "
                    f"{options.max_pixels:,}"
                )
        doc.pages = pages
        doc.scans = PdfScans(str(path), tuple(to_ocr), options.max_pixels) if to_ocr else None
    finally:
        pdf.close()


@dataclass(frozen=True)
class PdfScans:
    """The pages of a PDF to OCR, rendered (or taken from the scan) one at a time on demand."""

    path: str
    numbers: tuple[int, ...]
    max_pixels: int

    def images(self) -> Iterator[tuple[int, Image.Image, list[str]]]:
        pdf = _open(Path(self.path))
        try:
            yield from _render(pdf, self.numbers, self.max_pixels)
        finally:
            pdf.close()


def _page_image(page: pdfium.PdfPage, max_pixels: int) -> tuple[Image.Image, int] | None:
    """The scan itself when the page is nothing but one upright full-page image (what
    scanners write): ten times cheaper than rendering, and at the scan's own resolution."""
    if page.get_rotation() != 0:
        return None
    objects = list(page.get_objects(max_depth=1))
    if len(objects) != 1 or objects[0].type != pdfium.raw.FPDF_PAGEOBJ_IMAGE:
        return None
    image = objects[0]
    a, b, c, d, _, _ = image.get_matrix().get()
    width, height = page.get_size()
    if (
        b
        or c
        or a <= 0
        or d <= 0
        or abs(a - width) > width * 0.01
        or abs(d - height) > height * 0.01
    ):
        return None
    px_width, px_height = image.get_px_size()
    if px_width * px_height > max_pixels:
        return None  # rendering at 300 dpi was checked against the limit
    dpi = round(px_width / (width / 72))
    if not 150 <= dpi <= 600 or abs(px_height / (height / 72) - dpi) > dpi * 0.02:
        return None
    pil = image.get_bitmap(render=False).to_pil()
    if pil.mode not in {"L", "1", "RGB", "RGBX", "CMYK", "P"}:
        return None  # transparency or an odd format: let pdfium compose the page
    return pil.convert("L") if pil.mode != "L" else pil, dpi


def _render(
    pdf: pdfium.PdfDocument, numbers: tuple[int, ...], max_pixels: int
) -> Iterator[tuple[int, Image.Image, list[str]]]:
    for number in numbers:
        page = pdf[number - 1]
        try:
            direct = _page_image(page, max_pixels)
        except Exception as err:  # noqa: BLE001 - unusual image formats: rendering works
            log.debug("page %d: image not extracted (%s); rendering", number, err)
            direct = None
        if direct:
            image, dpi = direct
            note = f"page image taken as is ({dpi} dpi)"
        else:
            image, dpi = page.render(scale=DPI / 72, grayscale=True).to_pil(), DPI
            note = f"rendered at {DPI} dpi"
        page.close()
        image.info["dpi"] = (dpi, dpi)
        yield number, image, [note]
