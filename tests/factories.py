"""Builders the tests share: input files (PDFs with and without a text layer, page images),
council documents and a store holding them.

The document generator itself is scripts/synthetic.py (the query benchmark uses it too); the
database fixture built from it is `council_db` in tests/conftest.py.
"""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF
from fpdf.enums import TextMode
from PIL import Image, ImageDraw

from pipeline import ingest
from pipeline.model import Document, Options
from pipeline.ocr import pages
from scripts.scans import _font
from scripts.synthetic import PROVENANCE, build_db, council_document, council_documents, save

__all__ = [
    "FONT",
    "GARBAGE",
    "OPTIONS",
    "PAGE_LINES",
    "PROVENANCE",
    "build_db",
    "council_document",
    "council_documents",
    "garbage_layer_pdf",
    "image_pdf",
    "mixed_pdf",
    "read",
    "render",
    "save",
    "text_pdf",
]

OPTIONS = Options(correct=False, extract=False)


def read(path: Path, options: Options = OPTIONS) -> Document:
    """Ingest, then the OCR stage on the pages ingest left for it (as process() runs them)."""
    return pages.run(ingest.load(path, options), options)


FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


PAGE_LINES = [
    ["Der Stadtrat beschließt:", "Die Verwaltung wird beauftragt, einen Bericht vorzulegen."],
    ["Die Kosten der Maßnahme sind im Haushalt darzustellen.", "Begründung folgt mündlich."],
]


GARBAGE = "xq3#f Tlkw;; Rrrn8 ,.;jjj qqz~ 3a4b5c ffr!l ÄÄÄx9 zzkx" * 4


def render(lines: list[str]) -> Image.Image:
    """A small page image (300 dpi) with the lines drawn."""
    image = Image.new("L", (1600, 120 + 60 * len(lines)), 255)
    draw = ImageDraw.Draw(image)
    for n, line in enumerate(lines):
        draw.text((60, 60 + n * 60), line, font=_font(), fill=0)
    return image


def text_pdf(path: Path, pages: list[list[str]], password: str | None = None) -> Path:
    pdf = FPDF(format=(148, 210))
    if FONT.exists():
        pdf.add_font("DejaVu", fname=str(FONT))
        pdf.set_font("DejaVu", size=10)
    else:
        pdf.set_font("helvetica", size=10)
    for lines in pages:
        pdf.add_page()
        for line in lines:
            pdf.cell(text=line, new_x="LMARGIN", new_y="NEXT")
    if password:
        pdf.set_encryption(owner_password="owner", user_password=password)
    pdf.output(str(path))
    return path


def image_pdf(path: Path, images: list[Image.Image]) -> Path:
    images[0].save(path, "PDF", resolution=300, save_all=True, append_images=images[1:])
    return path


def garbage_layer_pdf(path: Path, tmp: Path) -> Path:
    """A scan with an old scanner's bad OCR layer: invisible garbage text over the image."""
    picture = tmp / "page.png"
    render(PAGE_LINES[0]).save(picture, dpi=(300, 300))
    pdf = FPDF(format=(1600 * 72 / 300, 240 * 72 / 300), unit="pt")
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.image(str(picture), x=0, y=0, w=pdf.w, h=pdf.h)
    pdf.set_font("helvetica", size=4)
    pdf.text_mode = TextMode.INVISIBLE
    pdf.set_xy(5, 5)
    pdf.multi_cell(w=pdf.w - 10, text=GARBAGE)
    pdf.output(str(path))
    return path


def mixed_pdf(path: Path, tmp: Path) -> Path:
    """Page 1 born digital, page 2 a scanned image without text."""
    picture = tmp / "scan.png"
    render(PAGE_LINES[1]).save(picture, dpi=(300, 300))
    pdf = FPDF(format=(148, 210))
    pdf.set_font("helvetica", size=10)
    pdf.add_page()
    for line in PAGE_LINES[0]:
        pdf.cell(text=line.replace("ß", "ss"), new_x="LMARGIN", new_y="NEXT")
    pdf.add_page()
    pdf.image(str(picture), x=5, y=5, w=138)
    pdf.output(str(path))
    return path
