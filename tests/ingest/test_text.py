"""Plain-text input: encodings, form feeds as page breaks, empty texts."""

from __future__ import annotations

from pathlib import Path

import pytest
from factories import (
    OPTIONS,
)
from factories import read as load

from pipeline.errors import (
    InputError,
)

pytestmark = pytest.mark.usefixtures("recorded_ocr")  # scans replay recorded tesseract


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


def test_whitespace_only_text(tmp_path: Path) -> None:
    (tmp_path / "blank.txt").write_text(" \n\u00a0\n", encoding="utf-8")
    with pytest.raises(InputError, match="no text"):
        load(tmp_path / "blank.txt", OPTIONS)
