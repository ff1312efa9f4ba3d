"""PDF input: the per-page choice between text layer and OCR, the text-layer readers, and
the PDF errors. Inputs are generated here (fpdf2 for text layers, Pillow for scans)."""

from __future__ import annotations

from pathlib import Path

import pytest
from factories import (
    FONT,
    GARBAGE,
    OPTIONS,
    PAGE_LINES,
    garbage_layer_pdf,
    image_pdf,
    mixed_pdf,
    render,
    text_pdf,
)
from factories import read as load
from fpdf import FPDF

from pipeline.errors import (
    EncryptedInput,
    InputError,
    InputTooLarge,
)
from pipeline.ingest import pdf as pdf_module
from pipeline.ingest import pdfium_text
from pipeline.model import Options

pytestmark = pytest.mark.usefixtures("recorded_ocr")  # scans replay recorded tesseract


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


def test_mixed_pdf_is_decided_page_by_page(tmp_path: Path) -> None:
    doc = load(mixed_pdf(tmp_path / "mixed.pdf", tmp_path), OPTIONS)
    assert [p.method for p in doc.pages] == ["text-layer", "ocr"]
    assert "Haushalt" in doc.pages[1].raw_text
    assert "rendered at 300 dpi" in doc.pages[1].notes  # the image does not fill the page


def test_failed_scan_page_beside_a_text_page_is_recorded(tmp_path: Path, fake_ocr) -> None:
    fake_ocr("crash")
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


@pytest.mark.skipif(not FONT.exists(), reason="needs DejaVu Sans for the ligature glyph")
def test_text_layer_ligatures_are_spelled_out(tmp_path: Path) -> None:
    doc = load(
        text_pdf(tmp_path / "a.pdf", [["Die \ufb01nanzielle Au\ufb02age ist geprüft."]]), OPTIONS
    )
    assert "finanzielle Auflage" in doc.pages[0].raw_text


def test_corrupt_pdf(tmp_path: Path) -> None:
    good = text_pdf(tmp_path / "good.pdf", PAGE_LINES).read_bytes()
    (tmp_path / "bad.pdf").write_bytes(good[: len(good) // 2])
    with pytest.raises(InputError, match="damaged") as info:
        load(tmp_path / "bad.pdf", OPTIONS)
    assert type(info.value) is InputError


def test_encrypted_pdf(tmp_path: Path) -> None:
    with pytest.raises(EncryptedInput, match="password"):
        load(text_pdf(tmp_path / "locked.pdf", PAGE_LINES, password="geheim"), OPTIONS)


def test_too_many_pages(tmp_path: Path) -> None:
    with pytest.raises(InputTooLarge, match="pages"):
        load(text_pdf(tmp_path / "a.pdf", PAGE_LINES), Options(max_pages=1))


def test_pixel_limit_is_checked_before_rendering(tmp_path: Path, monkeypatch) -> None:
    def no_render(*args, **kwargs):
        raise AssertionError("rendered although over the limit")

    monkeypatch.setattr(pdf_module, "_render", no_render)
    path = image_pdf(tmp_path / "scan.pdf", [render(PAGE_LINES[0])])
    with pytest.raises(InputTooLarge, match="pixels"):
        load(path, Options(max_pixels=100_000))


def test_short_paragraphs_and_a_small_header_keep_their_breaks(tmp_path: Path) -> None:
    """A page of one- and two-line items (most line gaps are paragraph gaps) under a running
    header in a smaller font: every item stays its own paragraph, the header apart from the
    first one (else it would be read as the start of the first obligation)."""
    pdf = FPDF(format="A4", unit="mm")
    pdf.add_page()
    pdf.set_font("helvetica", size=8)
    pdf.set_xy(25, 10)
    pdf.cell(text="Druckansicht aus dem Ratsinformationssystem")
    pdf.set_font("helvetica", size=11)
    rows = ["Beschlussvorschlag:", "", "Die Verwaltung wird beauftragt,", "einen Plan vorzulegen.",
            "", "Der Plan ist zu", "veroeffentlichen.", "", "Der Rat entscheidet danach.", "",
            "Der Ausschuss wird informiert."]  # fmt: skip
    for i, row in enumerate(rows):
        if row:
            pdf.set_xy(25, 25 + i * 9)
            pdf.cell(text=row)
    path = tmp_path / "items.pdf"
    pdf.output(str(path))
    paragraphs = load(path).pages[0].raw_text.split("\n\n")
    assert paragraphs[0] == "Druckansicht aus dem Ratsinformationssystem"
    assert paragraphs[1] == "Beschlussvorschlag:"
    assert paragraphs[2] == "Die Verwaltung wird beauftragt,\neinen Plan vorzulegen."
    assert paragraphs[3:] == [
        "Der Plan ist zu\nveroeffentlichen.",
        "Der Rat entscheidet danach.",
        "Der Ausschuss wird informiert.",
    ]
