"""Image input (PNG, JPEG, TIFF incl. multi-page, 16-bit grey): every frame is a page for OCR."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from factories import (
    OPTIONS,
    PAGE_LINES,
    render,
)
from factories import read as load
from PIL import Image

from pipeline.errors import (
    InputTooLarge,
)
from pipeline.model import Options

pytestmark = pytest.mark.usefixtures("recorded_ocr")  # scans replay recorded tesseract


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


def test_16_bit_grey_png(tmp_path: Path) -> None:
    grey = np.asarray(render(PAGE_LINES[0]), dtype=np.uint16) * 257
    Image.fromarray(grey).save(tmp_path / "deep.png")
    (page,) = load(tmp_path / "deep.png", OPTIONS).pages
    assert "Verwaltung" in page.raw_text


def test_image_pixel_limit(tmp_path: Path) -> None:
    render(PAGE_LINES[0]).save(tmp_path / "a.png")
    with pytest.raises(InputTooLarge, match="pixels"):
        load(tmp_path / "a.png", Options(max_pixels=100_000))
