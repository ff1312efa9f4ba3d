"""Metadata of documents written in the styles of many council systems and states.

dictionaries/extraction/doctype_examples/: print layouts of SessionNet, ALLRIS, more!rubin and
SD.NET, letter-style Anträge and Anfragen, Mitteilungs- and Informationsvorlagen, decision and
minutes excerpts, press and session reports, speeches, notices (also training data for the type
weights: `make train`). tests/extract/heldout/: documents of the same kinds written after the
method was set and never trained or tuned on; their figures are what generalisation looks like.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.extract import metadata
from scripts.train_doctype import EXAMPLES

HELDOUT = Path(__file__).parent / "heldout"


def _load(folder: Path) -> list[tuple[str, str, dict]]:
    return [
        (p.stem, p.with_suffix(".txt").read_text(encoding="utf-8"), json.loads(p.read_text()))
        for p in sorted(folder.glob("*.json"))
    ]


@pytest.mark.parametrize(("name", "text", "gold"), _load(EXAMPLES), ids=lambda v: str(v)[:30])
def test_examples_type_and_reference(name: str, text: str, gold: dict) -> None:
    m = metadata.read(text)
    assert (m.type, m.reference) == (gold["doc_type"], gold["reference"]), m.type_evidence
    assert m.type_evidence


def test_examples_cover_every_type() -> None:
    kinds = {g["doc_type"] for _, _, g in _load(EXAMPLES)}
    assert kinds == set(metadata.doctype.types())


def test_heldout_documents_reach_the_targets() -> None:
    docs = _load(HELDOUT)
    if not docs:
        pytest.skip("no held-out documents")
    reads = [(metadata.read(t), g) for _, t, g in docs]
    n = len(reads)
    assert sum(m.type == g["doc_type"] for m, g in reads) / n >= 0.85
    assert sum(m.reference == g["reference"] for m, g in reads) / n >= 0.85
    assert sum(m.date == g["date"] for m, g in reads) / n >= 0.8


@pytest.mark.parametrize(
    "name", ["h03-ratsinfo-antrag", "h30-mitteilungsvorlage-allris", "h09-anfrage-drucksache"]
)
def test_heldout_born_digital_pdfs_with_columns(tmp_path: Path, name: str) -> None:
    """The form block set in two columns, each value 2.5 mm below its label, as a council
    system's PDF prints it: read through the text layer, the fields still pair."""
    from test_metadata_layouts import _pdf

    from pipeline.model import Options
    from pipeline.process import process

    source = tmp_path / f"{name}.pdf"
    _pdf((HELDOUT / f"{name}.txt").read_text(encoding="utf-8"), source, 2.5)
    doc = process(source, Options(correct=False))
    gold = json.loads((HELDOUT / f"{name}.json").read_text(encoding="utf-8"))
    assert all(p.method == "text-layer" for p in doc.pages)
    assert (doc.type, doc.reference, doc.date) == (
        gold["doc_type"],
        gold["reference"],
        gold["date"],
    )


def test_heldout_documents_as_pdfs_reach_the_targets(tmp_path: Path) -> None:
    """Every held-out document as a born-digital PDF whose form block is in two columns."""
    from test_metadata_layouts import _pdf

    from pipeline.model import Options
    from pipeline.process import process

    docs = _load(HELDOUT)
    if not docs:
        pytest.skip("no held-out documents")
    ok = {"type": 0, "reference": 0, "date": 0}
    for name, text, gold in docs:
        source = tmp_path / f"{name}.pdf"
        _pdf(text, source, 2.5)
        doc = process(source, Options(correct=False))
        ok["type"] += doc.type == gold["doc_type"]
        ok["reference"] += doc.reference == gold["reference"]
        ok["date"] += doc.date == gold["date"]
    assert ok["type"] / len(docs) >= 0.85
    assert ok["reference"] / len(docs) >= 0.85
    assert ok["date"] / len(docs) >= 0.8
