"""The OCR stage (pipeline.ocr.pages): pages read through its engine seam, one bad page is a
recorded error and not a failed document, and every way an engine misbehaves (tests/fake_ocr.py).
None of these needs tesseract: the readable pages replay recorded tesseract output."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from factories import OPTIONS, PAGE_LINES, render, text_pdf
from factories import read as load
from PIL import Image

from pipeline.errors import OcrEngineMissing, OcrError
from pipeline.model import Options
from pipeline.process import process


def marked(image: Image.Image) -> bool:
    return image.getpixel((0, 0)) == 254


def two_page_tiff(path: Path) -> Path:
    """Page 1 a readable scan, page 2 the same kind of scan marked in its corner pixel."""
    bad = render(PAGE_LINES[1])
    bad.putpixel((0, 0), 254)
    render(PAGE_LINES[0]).save(path, save_all=True, append_images=[bad], dpi=(300, 300))
    return path


def test_one_failing_page_does_not_stop_the_others(tmp_path: Path, fake_ocr) -> None:
    fake_ocr("crash", bad_pages=marked)
    doc = process(two_page_tiff(tmp_path / "two.tif"), OPTIONS)
    assert doc.status == "partial"
    assert [(e.stage, e.page) for e in doc.errors] == [("ocr", 2)]
    assert "Segmentation fault" in doc.errors[0].message
    assert "Stadtrat" in doc.pages[0].raw_text and doc.pages[1].raw_text == ""
    assert doc.pages[1].notes[-1] == "OCR failed"


def test_all_pages_failing_raises(tmp_path: Path, fake_ocr) -> None:
    fake_ocr("crash")
    render(PAGE_LINES[0]).save(tmp_path / "a.png")
    with pytest.raises(OcrError, match="fake crash"):
        load(tmp_path / "a.png", OPTIONS)


def test_missing_engine_only_matters_for_ocr(tmp_path: Path, fake_ocr) -> None:
    engine = fake_ocr("missing")
    assert load(text_pdf(tmp_path / "a.pdf", PAGE_LINES), OPTIONS).pages[0].method == "text-layer"
    render(PAGE_LINES[0]).save(tmp_path / "a.png")
    with pytest.raises(OcrEngineMissing, match="tesseract-ocr"):
        load(tmp_path / "a.png", OPTIONS)
    assert engine.reads == []  # refused before any page was read


def test_a_hanging_page_runs_into_the_page_timeout(tmp_path: Path, fake_ocr) -> None:
    fake_ocr("hang", bad_pages=marked)
    options = Options(correct=False, extract=False, page_timeout=0.2)
    doc = process(two_page_tiff(tmp_path / "two.tif"), options)
    assert doc.status == "partial" and [e.page for e in doc.errors] == [2]
    assert "took longer than" in doc.errors[0].message
    assert "Stadtrat" in doc.pages[0].raw_text


def test_an_empty_page_is_a_page_without_text_not_an_error(tmp_path: Path, fake_ocr) -> None:
    fake_ocr("empty")
    Image.new("L", (800, 600), 255).save(tmp_path / "blank.png")
    doc = process(tmp_path / "blank.png", OPTIONS)
    assert doc.status == "done" and not doc.errors
    (page,) = doc.pages
    assert (page.method, page.raw_text, page.confidence, page.words) == ("ocr", "", None, [])


def test_garbage_is_kept_as_read_and_goes_through_the_later_stages(
    tmp_path: Path, fake_ocr
) -> None:
    fake_ocr("garbage")
    render(PAGE_LINES[0]).save(tmp_path / "a.png")
    doc = process(tmp_path / "a.png", Options(extract=False))
    assert doc.status == "done"
    assert doc.pages[0].raw_text.startswith("xq3#f") and doc.pages[0].text


def test_the_stage_is_timed_and_hands_on_a_picklable_document(tmp_path: Path, fake_ocr) -> None:
    engine = fake_ocr("recorded")
    doc = process(two_page_tiff(tmp_path / "two.tif"), OPTIONS)
    assert len(engine.reads) == 2 and doc.timings["ocr"] > 0
    assert doc.scans is None  # no reader of the file travels on with the document
    assert pickle.loads(pickle.dumps(doc)).pages[0].raw_text == doc.pages[0].raw_text
    assert [n.split(",")[0] for n in doc.pages[0].notes][:1] == ["image (TIFF)"]


def test_without_scans_the_engine_is_not_asked(tmp_path: Path, fake_ocr) -> None:
    engine = fake_ocr("crash")
    doc = process(text_pdf(tmp_path / "a.pdf", PAGE_LINES), OPTIONS)
    assert doc.status == "done" and engine.reads == [] and "ocr" in doc.timings
