"""The shipped samples: real tesseract on the scans, the text layer on the born-digital PDF,
and (when the lead has generated them) agreement with samples/*/expected.json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PIL import Image, ImageChops

from pipeline.cli import app
from pipeline.model import Document, Options
from pipeline.ocr.quality import cer
from pipeline.process import process
from scripts import make_samples

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
NAMES = sorted(p.name for p in SAMPLES.iterdir() if p.is_dir()) if SAMPLES.is_dir() else []
pytestmark = pytest.mark.tesseract  # real tesseract on the shipped scans
OCR_CER_BOUND = 0.02  # raw OCR against the text as drawn (office scans and photocopies)


def _input(name: str) -> Path:
    (path,) = (SAMPLES / name).glob("input.*")
    return path


@pytest.fixture(scope="module")
def docs() -> dict[str, Document]:
    """Every sample through ingest and layout once (no correction/extraction)."""
    return {name: process(_input(name), Options(correct=False, extract=False)) for name in NAMES}


def test_there_is_a_sample_of_every_kind() -> None:
    suffixes = sorted(_input(name).suffix for name in NAMES)
    assert suffixes.count(".pdf") >= 3 and ".png" in suffixes and suffixes.count(".txt") >= 2


@pytest.mark.parametrize("name", [n for n in NAMES if (SAMPLES / n / "truth.gt").exists()])
def test_scanned_samples_are_ocred_within_the_cer_bound(docs, name: str) -> None:
    doc = docs[name]
    truth = (SAMPLES / name / "truth.gt").read_text(encoding="utf-8").replace("\f", "")
    assert {p.method for p in doc.pages} == {"ocr"}
    assert all(p.confidence is not None and p.confidence > 80 for p in doc.pages)
    assert cer(truth, "\n".join(p.raw_text for p in doc.pages)) <= OCR_CER_BOUND
    assert all(p.words for p in doc.pages)


def test_letter_header_fields_survive_ocr(docs) -> None:
    text = docs["mitteilung-png"].pages[0].raw_text
    for field in ("Datum", "12.04.2024", "Aktenzeichen", "40.1/2024-17"):
        assert field in text


def test_born_digital_sample(docs) -> None:
    doc = docs["antrag-born-digital"]
    assert [p.method for p in doc.pages] == ["text-layer", "text-layer"]
    first, second = doc.pages
    assert "Seite 1 von 2" in first.raw_text and "Seite" not in first.clean_text
    assert "Drucksache 2024/117" in second.raw_text
    assert "Drucksache" not in second.clean_text
    assert first.clean_text.startswith("Fraktion Bürgerliste")  # header kept once, on page 1
    # the page break splits "Haushalts-" / "planung berücksichtigen": mended on page 1
    assert first.clean_text.endswith("frühzeitig in der Haushaltsplanung")
    assert second.clean_text.startswith("berücksichtigen. Die Beteiligung")
    assert "eine Digitalisierungsstrategie\nmit konkreten Ziel- und Zeitpunkten" in first.clean_text
    assert "im Haupt-\nund Finanzausschuss" in first.clean_text


@pytest.mark.parametrize("name", [n for n in NAMES if n.endswith("-text")])
def test_text_samples(docs, name: str) -> None:
    doc = docs[name]
    assert {p.method for p in doc.pages} == {"text-file"}
    assert doc.pages[0].raw_text == _input(name).read_text(encoding="utf-8")


def test_cli_on_the_png_sample(runner) -> None:
    result = runner.invoke(app, ["check", str(_input("mitteilung-png")), "--json"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert record["pages"][0]["method"] == "ocr"
    assert record["pages"][0]["confidence"] > 80


@pytest.mark.parametrize("name", [n for n in NAMES if (SAMPLES / n / "expected.json").exists()])
def test_expected_record(name: str) -> None:
    """OCR text within a tolerant edit distance; everything else exactly (text inputs) or by
    content (OCR inputs, whose offsets move with any OCR difference)."""
    expected = json.loads((SAMPLES / name / "expected.json").read_text(encoding="utf-8"))
    record = process(_input(name)).to_record()
    assert record["document"]["id"] == expected["document"]["id"]
    assert [p["method"] for p in record["pages"]] == [p["method"] for p in expected["pages"]]
    for got, want in zip(record["pages"], expected["pages"], strict=True):
        assert cer(want["text"], got["text"]) <= 0.01
    ocred = any(p["method"] == "ocr" for p in record["pages"])
    for key in ("bodies", "deadlines", "obligations"):
        if ocred:
            field = "name" if key == "bodies" else "text"
            got_items = {" ".join(item[field].split()) for item in record[key]}
            want_items = {" ".join(item[field].split()) for item in expected[key]}
            assert len(got_items ^ want_items) <= max(1, len(want_items) // 10)
        else:
            assert record[key] == expected[key]
    if not ocred:
        assert record["document"] == {
            **expected["document"],
            "source": record["document"]["source"],
        }


def test_make_samples_is_deterministic(tmp_path: Path, monkeypatch) -> None:
    """The committed image and born-digital PDF are what the script makes."""
    monkeypatch.setattr(make_samples, "SAMPLES", tmp_path)
    make_samples.image("mitteilung-png", make_samples.MITTEILUNG, "photocopy", seed=13)
    made = Image.open(tmp_path / "mitteilung-png" / "input.png")
    shipped = Image.open(_input("mitteilung-png"))
    assert ImageChops.difference(made.convert("L"), shipped.convert("L")).getbbox() is None
    make_samples.born_digital("antrag-born-digital")
    ours = process(
        tmp_path / "antrag-born-digital" / "input.pdf", Options(correct=False, extract=False)
    )
    theirs = process(_input("antrag-born-digital"), Options(correct=False, extract=False))
    assert [p.raw_text for p in ours.pages] == [p.raw_text for p in theirs.pages]
