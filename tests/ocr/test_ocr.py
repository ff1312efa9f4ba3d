"""OCR with real tesseract on small rendered pages; engine checks, timeouts, layout probe."""

from __future__ import annotations

import os

import pytesseract
import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image, ImageDraw

from pipeline.errors import OcrEngineMissing, OcrError
from pipeline.model import Word
from pipeline.ocr import geometry as scan_geometry
from pipeline.ocr import quality
from pipeline.ocr import tesseract as ocr
from pipeline.ocr.quality import cer
from scripts.scans import _font

LINES = [
    "Der Stadtrat beschließt:",
    "Die Verwaltung wird beauftragt, bis Ende Juni",
    "einen Bericht über die Sanierung vorzulegen.",
    "",
    "Begründung folgt mündlich.",
]


def render(lines: list[str], width: int = 1600, columns: int = 1) -> Image.Image:
    """A small 300 dpi page with the lines drawn (in `columns` side-by-side columns)."""
    font = _font()
    height = 120 + 60 * len(lines)
    image = Image.new("L", (width * columns, height), 255)
    draw = ImageDraw.Draw(image)
    for c in range(columns):
        for n, line in enumerate(lines):
            draw.text((60 + c * width, 60 + n * 60), line, font=font, fill=0)
    image.info["dpi"] = (300, 300)
    return image


@pytest.mark.tesseract
def test_ocr_reads_words_with_boxes_and_confidence() -> None:
    result = ocr.ocr_image(render(LINES))
    assert cer("\n".join(LINES), result.text) < 0.03
    assert result.confidence is not None and result.confidence > 80
    assert all(0 <= w.conf <= 100 and w.width > 0 and w.height > 0 for w in result.words)
    first = next(w for w in result.words if w.text.startswith("Stadtrat"))
    assert 60 < first.left < 700 and 40 < first.top < 140
    assert "psm 6" in result.notes and "layout: single column" in result.notes


@pytest.mark.tesseract
def test_paragraph_gap_becomes_a_blank_line() -> None:
    text = ocr.ocr_image(render(LINES)).text
    lines = text.split("\n")
    assert lines[-2] == "" and lines[-1].startswith("Begründung")
    assert lines[1].startswith("Die Verwaltung")


def test_multi_column_probe() -> None:
    body = [f"Zeile {n} mit etwas Text im Absatz" for n in range(12)]
    assert not scan_geometry.is_multi_column(render(body))
    assert scan_geometry.is_multi_column(render(body, width=1100, columns=2))
    assert not scan_geometry.is_multi_column(Image.new("L", (800, 800), 255))


@pytest.mark.tesseract
def test_short_isolated_lines_are_kept() -> None:
    """The letter header fields that tesseract's default segmentation tends to drop."""
    lines = ["Stadt Musterstadt", "", "Datum", "12.04.2024", "Aktenzeichen", "40.1/2024-17"]
    result = ocr.ocr_image(render(lines))
    for field in ("Datum", "12.04.2024", "Aktenzeichen"):
        assert field in result.text


def test_rebuild_text_orders_lines_and_blocks() -> None:
    words = [
        Word("Kopf", 90, 10, 10, 50, 20, block=1, line=1),
        Word("Eins", 90, 10, 50, 50, 20, block=2, line=1),
        Word("zwei", 90, 70, 50, 50, 20, block=2, line=1),
        Word("Drei", 90, 10, 90, 50, 20, block=2, line=2),
    ]
    assert ocr.rebuild_text(words) == "Kopf\n\nEins zwei\nDrei"
    assert ocr.rebuild_text([]) == ""


def test_missing_tesseract(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", "/nonexistent/tesseract")
    with pytest.raises(OcrEngineMissing, match="install"):
        ocr.check_engine("deu")


@pytest.mark.tesseract
def test_missing_language_says_which_package() -> None:
    with pytest.raises(OcrEngineMissing, match="tesseract-ocr-xqz"):
        ocr.check_engine("xqz")


@pytest.mark.tesseract
def test_timeout_is_an_ocr_error() -> None:
    with pytest.raises(OcrError, match="longer than"):
        ocr.ocr_image(render(LINES * 4), timeout=0.01)


@pytest.mark.tesseract
def test_pages_run_in_parallel_in_page_order(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str | None] = []

    def fake(image: Image.Image, language: str, timeout: float) -> ocr.OcrResult:
        seen.append(os.environ.get("OMP_THREAD_LIMIT"))
        if image.width == 13:
            raise OcrError("tesseract failed on this page")
        if image.width == 14:
            raise ValueError("an odd image")
        return ocr.OcrResult(str(image.width), [], 90.0)

    monkeypatch.setattr(ocr, "ocr_image", fake)
    pages = [(n, Image.new("L", (10 + n, 10), 255)) for n in range(1, 6)]
    results = list(ocr.ocr_pages(pages, jobs=2))
    assert [n for n, _ in results] == [1, 2, 3, 4, 5]
    assert isinstance(results[2][1], OcrError)
    assert isinstance(results[3][1], OcrError) and "unexpectedly" in str(results[3][1])
    assert [r.text for _, r in results if isinstance(r, ocr.OcrResult)] == ["11", "12", "15"]
    assert set(seen) == {"1"}


@pytest.mark.parametrize("angle", [0.0, -2.0, 3.5])
def test_skew_estimate(angle: float) -> None:
    body = [f"Zeile {n}: Die Verwaltung wird beauftragt, zu berichten." for n in range(8)]
    page = render(body).rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
    assert abs(scan_geometry.estimate_skew(page) + angle) <= 0.3


@pytest.mark.tesseract
def test_skewed_page_is_deskewed_before_ocr() -> None:
    page = render(LINES).rotate(3.0, resample=Image.Resampling.BICUBIC, fillcolor=255, expand=True)
    result = ocr.ocr_image(page)
    assert any(note.startswith("deskewed by -3") for note in result.notes)
    assert cer("\n".join(LINES), result.text) < 0.03
    assert not any("deskew" in n for n in ocr.ocr_image(render(LINES)).notes)


@pytest.mark.tesseract
def test_two_column_page_is_read_column_by_column() -> None:
    left = ["Linke Spalte beginnt hier", "mit dem Antrag der", "Fraktion zum Haushalt."] * 3
    page = render(left, width=1100, columns=2)
    result = ocr.ocr_image(page)
    assert "layout: multi-column" in result.notes and "psm 3" in result.notes
    lines = [line for line in result.text.split("\n") if line]
    assert lines[0].startswith("Linke Spalte") and lines[1].startswith("mit dem Antrag")


# --- text-quality measures (pipeline/ocr/quality.py) ------------------------------------------


def _dp(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        previous = current
    return previous[-1]


@given(st.text(alphabet="abcä ", max_size=80), st.text(alphabet="abcdä ", max_size=80))
def test_levenshtein_equals_the_textbook_algorithm(a: str, b: str) -> None:
    assert quality.levenshtein(a, b) == _dp(a, b)


def test_cer_ignores_whitespace_layout() -> None:
    assert quality.cer("Der Rat\nbeschließt", "Der  Rat beschließt\n") == 0
    assert quality.cer("abcd", "abed") == 0.25
    assert quality.wer("der Rat tagt", "der Rot tagt") == pytest.approx(1 / 3)


def test_word_share_tells_text_from_garbage() -> None:
    assert quality.word_share("Der Rat beschließt die Vorlage der Verwaltung.") > 0.9
    assert quality.word_share("xq3#f Tlkw;; Rrrn8 qqz~ 3a4b5c ffr!l zzkx") < 0.2
    assert quality.word_share("1.234,56 | 2021 | 17 %") == 0.0  # numbers count neither way


@pytest.mark.tesseract
def test_upside_down_page_is_turned() -> None:
    page = render(LINES).rotate(180)
    result = ocr.ocr_image(page)
    assert "turned by 180°" in result.notes
    assert cer("\n".join(LINES), result.text) < 0.03


@pytest.mark.tesseract
def test_blank_page_is_read_once_and_left_alone() -> None:
    result = ocr.ocr_image(Image.new("L", (1200, 1600), 255))
    assert result.text == "" and result.confidence is None
    assert result.notes == ["layout: single column", "psm 6"]


def test_rebuild_text_breaks_short_items_by_the_recurring_pitch() -> None:
    """A running header, then one- and two-line items in one tesseract block: most gaps are
    paragraph gaps (100 px), the line pitch (50 px) recurs only twice, yet it is the pitch."""

    def row(text: str, top: int, line: int, height: int = 30) -> Word:
        return Word(text, 90, 10, top, 200, height, block=1, line=line)

    words = [
        row("Druckansicht", 0, 1, height=24),
        row("Beschlussvorschlag:", 100, 2),
        row("Die Verwaltung wird beauftragt,", 200, 3),
        row("einen Plan vorzulegen.", 250, 4),
        row("Der Plan ist zu", 350, 5),
        row("veröffentlichen.", 400, 6),
        row("Der Rat entscheidet danach.", 500, 7),
        row("Der Ausschuss wird informiert.", 600, 8),
    ]
    assert ocr.rebuild_text(words).split("\n\n") == [
        "Druckansicht",
        "Beschlussvorschlag:",
        "Die Verwaltung wird beauftragt,\neinen Plan vorzulegen.",
        "Der Plan ist zu\nveröffentlichen.",
        "Der Rat entscheidet danach.",
        "Der Ausschuss wird informiert.",
    ]
