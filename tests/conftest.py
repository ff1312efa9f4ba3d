"""Shared fixtures: paths to the shipped samples and a CLI runner."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.extract import extract_document
from pipeline.model import Document, Page

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
RESOURCES = Path(__file__).resolve().parent / "resources"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def write_texts(folder: Path, n: int, name: str, text: str) -> list[Path]:
    """Write n small text documents; `name` and `text` are formatted with the index `i`."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        path = folder / name.format(i=i)
        path.write_text(text.replace("{i}", str(i)), encoding="utf-8")
        paths.append(path)
    return paths


def extract_text(text: str, reference_date: str | None = None) -> Document:
    """Run extraction on one page of text, as the pipeline does after correction."""
    doc = Document(source="t.txt", pages=[Page(1, "text-file", text, text=text, clean_text=text)])
    doc.reference_date = reference_date
    return extract_document(doc)
