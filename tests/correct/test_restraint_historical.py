"""Restraint on real historical German and Latin (tests/resources/historical): period spelling
stays, Latin is not made German, and a degraded page is not made worse."""

from __future__ import annotations

import pytest

from pipeline.correct import corrector
from pipeline.correct.tokens import tokenize
from scripts.eval_restraint import corrector_fn, degrade, long_s, measure, texts

NAMES = sorted(texts())


@pytest.fixture(scope="module")
def correct():
    return corrector_fn()


@pytest.mark.parametrize("name", NAMES)
def test_historical_text_is_hardly_changed_and_its_degraded_page_not_made_worse(correct, name):
    m = measure(correct, texts()[name], name)
    assert m["changed_per_1000"] <= 50, m
    assert m["cer_after"] <= m["cer_before"], m
    assert "not modern standard German" in m["note"]


@pytest.mark.parametrize(
    "word", ["getheilt", "seyn", "bey", "zwey", "Urtheil", "revidiren", "publiciren", "thun"]
)
def test_period_spellings_of_the_protocol_stay(correct, word):
    text = texts()["period spelling 1838"]
    assert word in text
    fixed, _ = correct(text)
    assert fixed.count(word) == text.count(word)


def test_latin_is_not_made_german(correct):
    text = texts()["Latin (Livy)"]
    fixed, _ = correct(text)
    for word in ("uxoribus", "quisque", "Lucretia", "uiderant", "castitas"):
        assert fixed.count(word) == text.count(word)


def test_long_s_words_are_single_tokens():
    words = [t.text for t in tokenize(long_s("Das Christenthum ist ein Theil dieses Systems."))]
    assert "Chriſtenthum" in words and "dieſes" in words and "Syſtems" in words


def test_a_misread_cue_word_still_marks_the_text_as_historical():
    """ "Urthcil", "getheıilt": the period spelling seen through OCR's confusions."""
    notes: list[str] = []
    text = "Das Urthcil ist gefällt; der Rath hat die Sache getheılt und wird sie revidıren."
    corrector().correct_texts([text], notes)
    assert "not modern standard German" in notes[0]


def test_degradation_is_deterministic_and_changes_the_text():
    text = texts()["Nietzsche 1888"]
    assert degrade(text, "k") == degrade(text, "k") != text


def test_a_misread_modern_word_is_no_period_spelling():
    """ "Enthaltungcn" reads as the valid "Enthaltungen" (and "Entaltungen" is a compound): a
    modern word misread, no cue of a historical text."""
    notes: list[str] = []
    text = "Es gab zwei Enthaltungcn. Nach den Enthaltungcn wurde die Vorlage beschlossen."
    corrector().correct_texts([text], notes)
    assert "modern German: full correction" in notes[0]


@pytest.mark.parametrize("name", ["period spelling 1838", "Nietzsche 1888"])
def test_degraded_period_text_is_corrected_without_modernising_it(correct, name):
    """The page's own dominant confusions are near-certain too: the degraded page gets better,
    and no period spelling is turned into its modern form ("Urtheil" → "Urteil")."""
    text = texts()[name]
    noisy = degrade(text, name)
    fixed, note = correct(noisy)
    assert "not modern standard German" in note
    m = measure(correct, text, name)
    assert m["cer_after"] < 0.6 * m["cer_before"], m
    for modern in ("Urteil", "Teil", "geteilt", "sein", "bei", "tun", "Christentum", "Wert"):
        assert fixed.count(modern) <= text.count(modern), modern
