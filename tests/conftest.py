"""Shared fixtures: paths, a CLI runner, the fake OCR engine, and the `tesseract` marker.

Record builders (documents, databases) are in tests/factories.py; the fake OCR engine is in
tests/fake_ocr.py. Tests marked `tesseract` run the real engine: `make test` runs them (it
installs tesseract); where tesseract is missing they are skipped with a reason.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from factories import build_db, council_documents
from fake_ocr import FakeOcr, Mode
from PIL import Image
from typer.testing import CliRunner

from pipeline.extract import extract_document
from pipeline.model import Document, Page
from pipeline.ocr import pages

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
RESOURCES = Path(__file__).resolve().parent / "resources"  # inputs and recordings tests ship
HAS_TESSERACT = shutil.which("tesseract") is not None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if HAS_TESSERACT:
        return
    skip = pytest.mark.skip(reason="needs the real tesseract (make setup installs it)")
    for item in items:
        if "tesseract" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def council_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Path]:
    """The one database fixture: `council_db(40, seed=5)` is a store of 40 generated
    obligations (scripts/synthetic.py), `council_db(docs=[...])` one of the given documents.
    The user-data directory and $COUNCIL_DB point into the test's own folder."""
    monkeypatch.setenv("COUNCIL_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("COUNCIL_DB", raising=False)

    def make(
        obligations: int = 40,
        seed: int = 5,
        docs: list[Document] | None = None,
        name: str = "council.db",
    ) -> Path:
        chosen = council_documents(obligations, seed=seed) if docs is None else docs
        return build_db(tmp_path / name, chosen)

    return make


@pytest.fixture
def recorded_ocr(fake_ocr) -> FakeOcr:
    """The OCR stage replays recorded tesseract output (see tests/fake_ocr.py)."""
    return fake_ocr("recorded")


FakeOcrFactory = Callable[..., FakeOcr]


@pytest.fixture
def fake_ocr(monkeypatch: pytest.MonkeyPatch) -> FakeOcrFactory:
    """Put a fake engine into the OCR stage: `fake_ocr("crash", bad_pages=...)`."""

    def use(mode: Mode = "recorded", bad_pages: Callable[[Image.Image], bool] | None = None):
        engine = FakeOcr(mode, bad_pages)
        monkeypatch.setattr(pages, "ENGINE", engine)
        return engine

    return use


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
