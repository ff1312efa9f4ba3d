"""pipeline.ingest: the one check of a file (exists, size, hash), the type sniffer and the
one list of supported types."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from factories import (
    OPTIONS,
    PAGE_LINES,
    render,
    text_pdf,
)
from factories import read as load

from pipeline.errors import (
    InputError,
    InputNotFound,
    InputTooLarge,
    UnsupportedType,
)
from pipeline.ingest import sniff
from pipeline.model import Options

pytestmark = pytest.mark.usefixtures("recorded_ocr")  # scans replay recorded tesseract


def test_content_decides_not_the_name(tmp_path: Path) -> None:
    path = tmp_path / "really-a-png.pdf"
    render(PAGE_LINES[0]).save(path, format="PNG")
    assert sniff(path) == "png"
    assert load(path, OPTIONS).pages[0].method == "ocr"


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputNotFound, match="no such file"):
        load(tmp_path / "nope.pdf", OPTIONS)


def test_zero_byte_file(tmp_path: Path) -> None:
    (tmp_path / "empty.pdf").write_bytes(b"")
    with pytest.raises(InputError, match="empty"):
        load(tmp_path / "empty.pdf", OPTIONS)


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


def test_too_many_bytes(tmp_path: Path) -> None:
    with pytest.raises(InputTooLarge, match="MiB"):
        load(text_pdf(tmp_path / "a.pdf", PAGE_LINES), Options(max_bytes=100))
