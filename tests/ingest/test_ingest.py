"""Ingest of every input kind and every error case, through `load` and through the CLI.

Inputs are generated here (fpdf2 for PDFs with a text layer, Pillow for images); OCR runs on
small pages so that real tesseract stays fast.
"""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
import pytest
from fpdf import FPDF
from fpdf.enums import TextMode
from PIL import Image, ImageDraw

from pipeline.cli import app
from pipeline.errors import (
    EncryptedInput,
    InputError,
    InputNotFound,
    InputTooLarge,
    OcrEngineMissing,
    OcrError,
    UnsupportedType,
)
from pipeline.ingest import load, pdfium_text, sniff
from pipeline.ingest import pdf as pdf_module
from pipeline.model import Options
from pipeline.ocr import tesseract as ocr
from pipeline.process import process
from scripts.scans import _font

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
OPTIONS = Options(correct=False, extract=False)
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


# --- input kinds --------------------------------------------------------------------------


def test_born_digital_pdf_uses_the_text_layer(tmp_path: Path) -> None:
    doc = load(text_pdf(tmp_path / "a.pdf", PAGE_LINES), OPTIONS)
    assert [p.method for p in doc.pages] == ["text-layer", "text-layer"]
    assert "Verwaltung wird beauftragt" in doc.pages[0].raw_text
    assert all(p.confidence is None for p in doc.pages)
    assert "text layer" in doc.pages[0].notes[0]


def test_image_only_pdf_is_ocred(tmp_path: Path) -> None:
    doc = load(image_pdf(tmp_path / "scan.pdf", [render(PAGE_LINES[0])]), OPTIONS)
    (page,) = doc.pages
    assert page.method == "ocr" and page.confidence is not None and page.confidence > 70
    assert "Verwaltung wird beauftragt" in page.raw_text
    assert page.words and page.notes[:2] == [
        "no text layer: OCR",
        "page image taken as is (300 dpi)",
    ]
    assert doc.timings["ocr"] > 0


def test_garbage_text_layer_is_reocred(tmp_path: Path) -> None:
    doc = load(garbage_layer_pdf(tmp_path / "bad.pdf", tmp_path), OPTIONS)
    (page,) = doc.pages
    assert page.method == "ocr"
    assert "garbage" in page.notes[0]
    assert "Verwaltung" in page.raw_text and "xq3" not in page.raw_text


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


def test_mixed_pdf_is_decided_page_by_page(tmp_path: Path) -> None:
    doc = load(mixed_pdf(tmp_path / "mixed.pdf", tmp_path), OPTIONS)
    assert [p.method for p in doc.pages] == ["text-layer", "ocr"]
    assert "Haushalt" in doc.pages[1].raw_text
    assert "rendered at 300 dpi" in doc.pages[1].notes  # the image does not fill the page


def test_failed_scan_page_beside_a_text_page_is_recorded(tmp_path: Path, monkeypatch) -> None:
    def broken(*args, **kwargs):
        raise OcrError("tesseract failed on this page: simulated crash")

    monkeypatch.setattr(ocr, "ocr_image", broken)
    doc = load(mixed_pdf(tmp_path / "mixed.pdf", tmp_path), OPTIONS)
    assert doc.pages[0].raw_text.startswith("Der Stadtrat")
    assert [(e.stage, e.page) for e in doc.errors] == [("ocr", 2)]


def test_fast_text_layer_equals_pdfplumber(tmp_path: Path) -> None:
    from pipeline.ingest import textlayer

    path = text_pdf(tmp_path / "a.pdf", PAGE_LINES)
    assert textlayer._fast(path) == textlayer._plumber(path)
    assert textlayer.read_layers(tmp_path / "a.pdf", 2)[1][0].startswith("Die Kosten")


def _pdfium_layers(path: Path) -> list[tuple[str, float]]:
    import pypdfium2

    from pipeline.ingest import textlayer

    pdf = pypdfium2.PdfDocument(str(path))
    try:
        return textlayer._pdfium(pdf)
    finally:
        pdf.close()


def hyphenated_pdf(path: Path) -> Path:
    """Flowing text with paragraph breaks, a heading in a bigger font and words split by a
    hyphen at the line end (what pdfium's own text assembly loses)."""
    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", fname=str(FONT))
    pdf.add_page()
    pdf.set_font("DejaVu", size=14)
    pdf.multi_cell(0, 8, "Beschlussvorschlag:", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", size=10)
    body = (
        "Der Haupt-\nund Finanzausschuss wird gebeten, die Digitalisie-\nrungsstrategie bis zum "
        "30. September 2024 zu beraten. " + "Die Mittel stehen im Haushalt bereit. " * 8
    )
    pdf.multi_cell(0, 5, body, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(8)
    pdf.multi_cell(0, 5, "Begründung: " + "Der Sachverhalt wurde ausführlich beraten. " * 6)
    pdf.output(str(path))
    return path


@pytest.mark.skipif(not FONT.exists(), reason="needs DejaVu Sans")
def test_pdfium_text_layer_equals_pdfplumber(tmp_path: Path) -> None:
    from pipeline.ingest import textlayer

    simple = text_pdf(tmp_path / "a.pdf", PAGE_LINES)
    assert _pdfium_layers(simple) == textlayer._plumber(simple)
    flowing = hyphenated_pdf(tmp_path / "b.pdf")
    layers = _pdfium_layers(flowing)
    assert layers == textlayer._plumber(flowing)
    text = layers[0][0]
    assert "Der Haupt-\nund Finanzausschuss" in text
    assert "Digitalisie-\nrungsstrategie" in text
    assert "\n\nBegründung:" in text  # the paragraph break survives


@pytest.mark.skipif(not FONT.exists(), reason="needs DejaVu Sans")
def test_rotated_page_is_read_by_pdfminer(tmp_path: Path) -> None:
    import pypdfium2

    from pipeline.ingest import textlayer

    path = text_pdf(tmp_path / "a.pdf", PAGE_LINES)
    pdf = pypdfium2.PdfDocument(str(path))
    pdf[0].set_rotation(90)
    pdf.save(str(tmp_path / "rotated.pdf"))
    pdf.close()
    rotated = tmp_path / "rotated.pdf"
    with pytest.raises(pdfium_text.RotatedPage):
        _pdfium_layers(rotated)
    opened = pypdfium2.PdfDocument(str(rotated))
    assert textlayer.read_layers(rotated, 2, opened) == textlayer._fast(rotated)
    opened.close()


def test_unreadable_text_layer_means_ocr(tmp_path: Path, monkeypatch) -> None:
    from pipeline.ingest import textlayer

    def broken(path: Path):
        raise ValueError("simulated parser failure")

    monkeypatch.setattr(textlayer, "_fast", broken)
    monkeypatch.setattr(textlayer, "_plumber", broken)
    assert textlayer.read_layers(text_pdf(tmp_path / "a.pdf", PAGE_LINES), 2) == [("", 1.0)] * 2


def test_decision_is_per_page(tmp_path: Path) -> None:
    """Measured text quality decides: real words keep the layer, garbage does not."""
    assert pdf_module.decide("Der Rat beschließt die Vorlage der Verwaltung.", 0.0)[0]
    assert not pdf_module.decide(GARBAGE, 0.0)[0]
    assert not pdf_module.decide("", 0.0)[0]
    assert not pdf_module.decide("Seite 3", 1.0)[0]  # a stray word over a full-page scan


def test_old_scanner_ocr_layer_over_an_image_is_reocred() -> None:
    """An old OCR layer with systematic confusions (a→o/q, I→l) over a full-page scan."""
    old = (
        "Die Stodtverwoltung wird beouftrogt eine gonzheitliche Digitqlisierungsstrqtegie "
        "oufzustellen mit konkreten Ziel- und Zeitpunkten. Fördergelder sind oft nur für die "
        "Anfongsinvestition vorhonden, nicht ober um loufende Kosten zu decken. lhnen wird "
        "der Stodtrot eine Dorstellung bis Mitte Dezember vorlegen."
    )
    assert not pdf_module.decide(old, 1.0)[0]
    assert pdf_module.decide(old, 0.0)[0]  # born digital (no image): typos are the author's


def test_png_and_jpeg(tmp_path: Path) -> None:
    image = render(PAGE_LINES[1])
    image.save(tmp_path / "a.png", dpi=(300, 300))
    image.convert("RGB").save(tmp_path / "a.jpg", quality=90, dpi=(300, 300))
    for name in ("a.png", "a.jpg"):
        (page,) = load(tmp_path / name, OPTIONS).pages
        assert page.method == "ocr" and "Haushalt" in page.raw_text


def test_multi_page_tiff(tmp_path: Path) -> None:
    frames = [render(lines).convert("1") for lines in PAGE_LINES]
    path = tmp_path / "two.tif"
    frames[0].save(
        path, save_all=True, append_images=frames[1:], compression="group4", dpi=(300, 300)
    )
    doc = load(path, OPTIONS)
    assert [p.number for p in doc.pages] == [1, 2]
    assert "Stadtrat" in doc.pages[0].raw_text and "Haushalt" in doc.pages[1].raw_text


def test_content_decides_not_the_name(tmp_path: Path) -> None:
    path = tmp_path / "really-a-png.pdf"
    render(PAGE_LINES[0]).save(path, format="PNG")
    assert sniff(path) == "png"
    assert load(path, OPTIONS).pages[0].method == "ocr"


def test_text_utf8_with_form_feeds(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("\ufeffSeite eins\fSeite zwei – Schluss\f", encoding="utf-8")
    doc = load(path, OPTIONS)
    assert [p.raw_text for p in doc.pages] == ["Seite eins", "Seite zwei – Schluss"]
    assert {p.method for p in doc.pages} == {"text-file"}


@pytest.mark.parametrize(
    ("data", "expected", "encoding"),
    [
        ("Gemäß § 5 – Beschluss".encode("cp1252"), "Gemäß § 5 – Beschluss", "cp1252"),
        (b"Gr\xfc\xdfe \x81", "Grüße \x81", "latin-1"),
        ("Straße\r\nZeile".encode(), "Straße\nZeile", "utf-8"),
    ],
)
def test_text_encodings(tmp_path: Path, data: bytes, expected: str, encoding: str) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(data)
    (page,) = load(path, OPTIONS).pages
    assert page.raw_text == expected
    assert encoding in page.notes[0]


def test_utf16_text_with_bom(tmp_path: Path) -> None:
    path = tmp_path / "notepad.txt"
    path.write_bytes("Beschluss über Straßen".encode("utf-16"))
    assert load(path, OPTIONS).pages[0].raw_text == "Beschluss über Straßen"


def test_16_bit_grey_png(tmp_path: Path) -> None:
    grey = np.asarray(render(PAGE_LINES[0]), dtype=np.uint16) * 257
    Image.fromarray(grey).save(tmp_path / "deep.png")
    (page,) = load(tmp_path / "deep.png", OPTIONS).pages
    assert "Verwaltung" in page.raw_text


@pytest.mark.skipif(not FONT.exists(), reason="needs DejaVu Sans for the ligature glyph")
def test_text_layer_ligatures_are_spelled_out(tmp_path: Path) -> None:
    doc = load(
        text_pdf(tmp_path / "a.pdf", [["Die \ufb01nanzielle Au\ufb02age ist geprüft."]]), OPTIONS
    )
    assert "finanzielle Auflage" in doc.pages[0].raw_text


# --- errors through load ------------------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputNotFound, match="no such file"):
        load(tmp_path / "nope.pdf", OPTIONS)


def test_zero_byte_file(tmp_path: Path) -> None:
    (tmp_path / "empty.pdf").write_bytes(b"")
    with pytest.raises(InputError, match="empty"):
        load(tmp_path / "empty.pdf", OPTIONS)


def test_whitespace_only_text(tmp_path: Path) -> None:
    (tmp_path / "blank.txt").write_text(" \n\u00a0\n", encoding="utf-8")
    with pytest.raises(InputError, match="no text"):
        load(tmp_path / "blank.txt", OPTIONS)


def test_corrupt_pdf(tmp_path: Path) -> None:
    good = text_pdf(tmp_path / "good.pdf", PAGE_LINES).read_bytes()
    (tmp_path / "bad.pdf").write_bytes(good[: len(good) // 2])
    with pytest.raises(InputError, match="damaged") as info:
        load(tmp_path / "bad.pdf", OPTIONS)
    assert type(info.value) is InputError


def test_encrypted_pdf(tmp_path: Path) -> None:
    with pytest.raises(EncryptedInput, match="password"):
        load(text_pdf(tmp_path / "locked.pdf", PAGE_LINES, password="geheim"), OPTIONS)


@pytest.mark.parametrize("kind", ["docx", "binary"])
def test_unsupported_type(tmp_path: Path, kind: str) -> None:
    path = tmp_path / f"file.{kind}"
    if kind == "docx":
        with zipfile.ZipFile(path, "w") as z:
            z.writestr("word/document.xml", "<w:document/>")
    else:
        path.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(UnsupportedType, match="not supported"):
        load(path, OPTIONS)


def test_too_many_pages(tmp_path: Path) -> None:
    with pytest.raises(InputTooLarge, match="pages"):
        load(text_pdf(tmp_path / "a.pdf", PAGE_LINES), Options(max_pages=1))


def test_too_many_bytes(tmp_path: Path) -> None:
    with pytest.raises(InputTooLarge, match="MiB"):
        load(text_pdf(tmp_path / "a.pdf", PAGE_LINES), Options(max_bytes=100))


def test_pixel_limit_is_checked_before_rendering(tmp_path: Path, monkeypatch) -> None:
    def no_render(*args, **kwargs):
        raise AssertionError("rendered although over the limit")

    monkeypatch.setattr(pdf_module, "_render", no_render)
    path = image_pdf(tmp_path / "scan.pdf", [render(PAGE_LINES[0])])
    with pytest.raises(InputTooLarge, match="pixels"):
        load(path, Options(max_pixels=100_000))


def test_image_pixel_limit(tmp_path: Path) -> None:
    render(PAGE_LINES[0]).save(tmp_path / "a.png")
    with pytest.raises(InputTooLarge, match="pixels"):
        load(tmp_path / "a.png", Options(max_pixels=100_000))


def test_one_failing_page_does_not_stop_the_others(tmp_path: Path, monkeypatch) -> None:
    real = ocr.ocr_image

    def flaky(image: Image.Image, language: str = "deu", timeout: float = 180.0):
        if image.getpixel((0, 0)) == 254:  # the marked page
            raise OcrError("tesseract failed on this page: simulated crash")
        return real(image, language, timeout)

    monkeypatch.setattr(ocr, "ocr_image", flaky)
    bad = render(PAGE_LINES[1])
    bad.putpixel((0, 0), 254)
    path = tmp_path / "two.tif"
    render(PAGE_LINES[0]).save(path, save_all=True, append_images=[bad], dpi=(300, 300))
    doc = process(path, OPTIONS)
    assert doc.status == "partial"
    assert [(e.stage, e.page) for e in doc.errors] == [("ocr", 2)]
    assert "Stadtrat" in doc.pages[0].raw_text and doc.pages[1].raw_text == ""


def test_all_pages_failing_raises(tmp_path: Path, monkeypatch) -> None:
    def broken(*args, **kwargs):
        raise OcrError("tesseract failed on this page: simulated crash")

    monkeypatch.setattr(ocr, "ocr_image", broken)
    render(PAGE_LINES[0]).save(tmp_path / "a.png")
    with pytest.raises(OcrError, match="simulated"):
        load(tmp_path / "a.png", OPTIONS)


def test_missing_tesseract_only_matters_for_ocr(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(ocr.pytesseract.pytesseract, "tesseract_cmd", "/nonexistent/tesseract")
    assert load(text_pdf(tmp_path / "a.pdf", PAGE_LINES), OPTIONS).pages[0].method == "text-layer"
    render(PAGE_LINES[0]).save(tmp_path / "a.png")
    with pytest.raises(OcrEngineMissing, match="tesseract-ocr"):
        load(tmp_path / "a.png", OPTIONS)


# --- errors through the CLI ---------------------------------------------------------------


def _error_input(kind: str, tmp_path: Path) -> Path:
    if kind == "empty":
        path = tmp_path / "empty.pdf"
        path.write_bytes(b"")
    elif kind == "corrupt":
        path = tmp_path / "bad.pdf"
        path.write_bytes(b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF")
    elif kind == "encrypted":
        path = text_pdf(tmp_path / "locked.pdf", PAGE_LINES, password="geheim")
    elif kind == "unsupported":
        path = tmp_path / "a.gif"
        Image.new("L", (10, 10)).save(path, format="GIF")
    else:
        path = tmp_path / kind
    return path


@pytest.mark.parametrize(
    ("kind", "code", "message"),
    [
        ("missing.pdf", 3, "no such file"),
        ("unsupported", 4, "not supported"),
        ("empty", 5, "empty"),
        ("corrupt", 5, "damaged"),
        ("encrypted", 6, "password"),
    ],
)
def test_cli_error_codes(runner, tmp_path: Path, kind: str, code: int, message: str) -> None:
    result = runner.invoke(app, ["check", str(_error_input(kind, tmp_path)), "--json"])
    assert result.exit_code == code, result.output
    assert message in result.stderr
    failed = json.loads(result.stdout)  # the input's line, marked failed (issue 13, item 9)
    assert failed["status"] == "failed" and failed["exit_code"] == code
    assert "Traceback" not in result.output


def test_cli_engine_missing(runner, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(ocr.pytesseract.pytesseract, "tesseract_cmd", "/nonexistent/tesseract")
    render(PAGE_LINES[0]).save(tmp_path / "a.png")
    result = runner.invoke(app, ["check", str(tmp_path / "a.png")])
    assert result.exit_code == 8
    assert "install" in result.stderr


def test_cli_ocr_failure(runner, tmp_path: Path, monkeypatch) -> None:
    def broken(*args, **kwargs):
        raise OcrError("tesseract failed on this page: simulated crash")

    monkeypatch.setattr(ocr, "ocr_image", broken)
    render(PAGE_LINES[0]).save(tmp_path / "a.png")
    result = runner.invoke(app, ["check", str(tmp_path / "a.png"), "--json"])
    assert result.exit_code == 9
    assert "simulated crash" in result.stderr


def test_cli_subprocess_encrypted(tmp_path: Path) -> None:
    path = text_pdf(tmp_path / "locked.pdf", PAGE_LINES, password="geheim")
    done = subprocess.run(
        [sys.executable, "-m", "pipeline", "check", str(path), "--json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 6
    assert json.loads(done.stdout)["status"] == "failed" and "Traceback" not in done.stderr
    assert "password" in done.stderr
