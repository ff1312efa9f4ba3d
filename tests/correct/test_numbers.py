"""Abbreviations misread before numbers (pipeline/correct/numbers.py)."""

from __future__ import annotations

import pytest

from pipeline.correct import correct_text


@pytest.mark.parametrize("seen", ["N", "N?", "N:", "N&"])
def test_garbled_nr_before_a_reference_number_is_restored(seen):
    fixed, corrections = correct_text(f"Der Rat beschließt die Vorlage {seen} 131/2023 einstimmig.")
    assert "Vorlage Nr. 131/2023" in fixed
    assert [c.original for c in corrections] == [seen]


@pytest.mark.parametrize(
    "text",
    [
        "Ab 3 Uhr ist das Rathaus geschlossen.",  # a word before a number
        "Die Werte 12 N 5 und 14 N 7 stehen in der Tabelle.",  # a row of figures
        "Gemäß Nr. 4 der Satzung und Abs. 2 wird verfahren.",  # already right
        "Er kam am 5. Mai.",
        "Das Bauteil T 3 wird im Mai saniert.",  # a lone letter before a plain number
    ],
)
def test_words_and_figures_before_numbers_stay(text):
    assert correct_text(text)[0] == text
