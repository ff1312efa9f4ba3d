"""Long documents and pathological tokens (issue 13, items 3 and 6): extraction is linear in
the text, keeps offsets across chunks, and stays within spaCy's limits."""

from __future__ import annotations

import time

import pytest
from conftest import extract_text

from pipeline.extract import text as textmod
from pipeline.extract.pipeline import nlp

SENTENCE = "Die Verwaltung wird beauftragt, dem Bauausschuss bis zum 30.06.2031 zu berichten."


@pytest.mark.parametrize(
    "run",
    ["_", "—", "a", "A", ".", "x/", "A/", "1.", "§", "\u200b", "am 1.1.2030 ", "GmbH ", "- "],
)
def test_any_10_kb_text_extracts_within_a_second(run: str) -> None:
    extract_text("x")  # build the pipeline outside the timing
    text = "Unterschrift: " + run * (10_000 // len(run))
    started = time.process_time()  # CPU time: the bound holds on a loaded machine too
    doc = extract_text(text)
    assert time.process_time() - started < 1.0
    for o in doc.obligations:
        assert o.text.replace(" ", "") in text.replace(" ", "").replace("\n", "")


def test_long_runs_are_split_into_tokens_and_the_text_is_kept() -> None:
    text = "Ort, Datum " + "_" * 1000 + " Unterschrift"
    doc = nlp().make_doc(text)
    assert doc.text == text
    assert max(len(t) for t in doc) <= textmod.LONG_TOKEN


def test_chunks_cut_at_blank_lines_and_cover_the_text() -> None:
    text = ("Absatz eins.\n\n" * 5000)[:-2]
    pieces = textmod.chunks(text, limit=10_000)
    assert pieces[0][0] == 0 and pieces[-1][1] == len(text)
    assert all(b == c for (_, b), (c, _) in zip(pieces, pieces[1:], strict=False))
    assert all(b - a <= 10_000 for a, b in pieces)
    assert all(text[b - 2 : b] == "\n\n" for _, b in pieces[:-1])


def test_a_single_line_without_breaks_is_cut_at_spaces() -> None:
    text = "wort " * 10_000
    pieces = textmod.chunks(text, limit=1000)
    assert all(text[b - 1] == " " for _, b in pieces[:-1])


def test_document_over_a_million_characters_keeps_every_obligation_and_its_offset() -> None:
    filler = "Der Sachstand ist unverändert und wird hier nur wiedergegeben.\n\n" * 17_000
    text = filler + SENTENCE + "\n\n" + filler + SENTENCE + "\n"
    assert len(text) > 2 * 1_000_000
    doc = extract_text(text, reference_date="2030-01-01")
    hits = [o for o in doc.obligations if "beauftragt" in o.text]
    assert len(hits) == 2
    for o in hits:
        assert text[o.start : o.end] == SENTENCE  # one page: page offsets are text offsets
        assert o.actor == "Verwaltung"
    assert {d.date for d in doc.deadlines} == {"2031-06-30"}
