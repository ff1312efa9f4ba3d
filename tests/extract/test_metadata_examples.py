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
