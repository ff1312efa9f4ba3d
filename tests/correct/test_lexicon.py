"""The shipped lexicon: validity with case and compounds, frequencies, text quality share."""

from __future__ import annotations

import pytest

from pipeline.correct.lexicon import known_share, load_lexicon


@pytest.fixture(scope="module")
def lex():
    return load_lexicon()


def test_loaded_once(lex):
    assert load_lexicon() is lex
    assert len(lex) > 300_000


@pytest.mark.parametrize(
    "word",
    [
        "Stadtrat",
        "beschließt",
        "Ihnen",
        "Abläufe",
        "Oberbürgermeister",
        "Beschlussvorlage",
        "Kreisschülerrat",
        "Digitalisierungsstrategie",
        "SPD",
        "SPD-Fraktion",
        "Plauen",
        "dass",
    ],
)
def test_valid_words(lex, word):
    assert word in lex


@pytest.mark.parametrize(
    "word",
    [
        "Stodtrot",
        "lhnen",
        "Hie#ür",
        "Proiekte",
        "gonzheitliche",
        "Digitqlstrqtegie",
        "doss",
        "stadtrat",
        "beschliesst",
    ],
)
def test_ocr_junk_and_wrong_case_are_invalid(lex, word):
    assert word not in lex


def test_frequency_orders_common_above_rare(lex):
    assert lex.frequency("aber") > lex.frequency("ober") > 0
    assert lex.frequency("Stodtrot") == 0.0
    assert 0 < lex.frequency("Kreisschülerrat") <= lex.frequency("Schüler")


def test_compound_parts(lex):
    assert lex.split_compound("Digitalisierungsstrategie") == ("digitalisierung", "strategie")
    assert lex.split_compound("Stodtrot") is None


def test_known_share_separates_ocr_noise_from_clean_text():
    clean = (
        "Der Stadtrat beschließt: Die Stadtverwaltung wird beauftragt, bis Mitte Mai zu berichten."
    )
    noisy = (
        "Der Stodtrot beschließt: Die Stodtverwoltung wird beouftrogt, bis Mitte Mai zu berichten."
    )
    assert known_share(clean) == 1.0
    assert known_share(noisy) < 0.8
    assert known_share("1234 ...") == 0.0


def test_nested_modifier_takes_the_linking_s_its_ending_needs(lex):
    assert lex.split_compound("Restnutzungsdauer") == ("rest", "nutzung", "dauer")
    assert "Restnutzungdauer" not in lex  # "-ung" needs its "s" inside a compound too
    assert "Wermalskirchen" not in lex  # no "wer|mal|s|kirchen" from function words


def test_frequency_ceiling_falls_with_length(lex):
    # What bounds the search for readings: no long word is as frequent as "die".
    assert lex.ceiling("dxe") >= lex.frequency("die")
    assert lex.ceiling("Haushaltsplanentwurf") < lex.ceiling("dxe") - 2
    assert lex.ceiling("x" * 200) >= 0  # longer than any listed word: nothing to reach


def test_compound_of_a_listed_word_without_its_umlaut_dots_is_invalid(lex):
    assert "Burgermeister" not in lex  # "burger" + "meister", but "Bürgermeister" is listed
    assert "Gebuhren" not in lex
    assert "Bekanntgäben" not in lex  # dots added: "Bekanntgaben" is listed and more frequent
    assert "Mütterzentrum" in lex and "Mutterzentrum" in lex  # neither twin is listed
    assert "Teilhaushalt" in lex  # "Teilhaushält" is only a compound: no reason to doubt it
    assert "Gartenpflege" in lex
