"""The measured OCR channel: alignment of OCR output with its truth, the estimate, the shipped
table, and the corrector's use of it (symbols before numbers, restraint, dotless i)."""

from __future__ import annotations

from collections import Counter

from pipeline.correct import correct_text, corrector
from pipeline.correct.channel import Channel, measured, shape_rules
from scripts.channel import char_runs, confusions, estimate


def test_a_letter_read_as_two_is_one_confusion():
    assert ("rn", "m") in confusions("Gemeinde", "Gerneinde")
    assert ("m", "rn") in confusions("Gerneinde", "Gemeinde")


def test_dropped_and_doubled_letters_take_their_neighbour_as_context():
    assert confusions("Verwaltung", "Verwatung") == [("a", "al")]
    assert confusions("Haushaltsplan", "Haushalltsplan") == [("ll", "l")]


def test_char_runs_keep_equal_characters_apart():
    runs = char_runs("erhöht", "erböht")
    assert ("h", "b") in runs
    assert "".join(t for t, _ in runs) == "erhöht"
    assert "".join(o for _, o in runs) == "erböht"


def test_estimate_counts_confusions_against_occurrences():
    pages = [
        {"ocr": "Die Gerneinde hat den Antrag gemäß 8 34 GO beraten.", "truth": ""},
        {"ocr": "Die Gerneinde und die Gemeinde nach 8 12 KAG.", "truth": ""},
    ]
    pages[0]["truth"] = "Die Gemeinde hat den Antrag gemäß § 34 GO beraten."
    pages[1]["truth"] = "Die Gemeinde und die Gemeinde nach § 12 KAG."
    rules, stats = estimate(pages)
    table = {(s, t, ctx): (n, total) for s, t, n, total, ctx in rules}
    assert table[("rn", "m", "")] == (2, 2)
    assert table[("8", "§", "num")] == (2, 2)
    assert stats["misread words"] == 4


def test_shipped_channel_blends_measurement_and_shape_priors():
    counts = measured().rules
    channel = Channel.default()
    assert counts, "dictionaries/ocr_channel.tsv has rules"
    # every shape prior keeps a probability, and measured rules appear beside them
    assert {(s, t) for s, t, _p in shape_rules()} <= set(channel.probs)
    assert any(rule not in dict.fromkeys((s, t) for s, t, _ in shape_rules()) for rule in counts)
    for (s, t), (n, total) in counts.items():
        if total >= 1000 and n == 0 and (s, t) in channel.probs:
            assert channel.probs[(s, t)] < 0.02  # a confusion the renders never showed is rare


def test_section_sign_read_as_a_digit_before_a_number_is_restored():
    symbols = corrector().symbols
    if "8" not in symbols:  # the measured table decides; nothing is assumed here
        return
    fixed, corrections = correct_text("Der Beschluss ergeht gemäß 8 34 GO in der Sitzung.")
    assert "gemäß § 34 GO" in fixed
    assert [c.original for c in corrections] == ["8"]
    table = "Ergebnisse 2019 8 12 und 2020 9 14"
    assert correct_text(table)[0] == table  # a row of figures stays


def test_period_spelling_and_latin_are_left_as_they_are():
    old = "Der Rath hat getheilt, daß die Stadt frey seyn soll, und die Noth ist groß."
    latin = "Gallia est omnis divisa in partes tres, quarum unam incolunt Belgae, et munera vana."
    for text in (old, latin):
        fixed, corrections = correct_text(text)
        assert fixed == text, corrections


def test_restraint_is_recorded_on_the_pages():
    notes: list[str] = []
    corrector().correct_texts(["Der Rath hat getheilt, daß die Noth groß sey."], notes)
    assert notes and "not modern standard German" in notes[0]
    notes = []
    corrector().correct_texts(["Der Rat hat geteilt, dass die Not groß sei."], notes)
    assert "modern German" in notes[0] and "not modern" not in notes[0]


def test_dotless_i_inside_a_word_is_read_as_one_word():
    fixed, _ = correct_text("Die Verwalıung legt den Bericht vor.")
    assert "Verwal" not in fixed.replace("Verwaltung", "")
    assert Counter(fixed.split())["Verwaltung"] == 1


def test_spelling_of_1901_to_1996_is_kept_and_the_rest_corrected():
    text = "Der Ausschuß stellt fest, daß die Verwaltung den Berlcht vorlegen muß."
    fixed, corrections = correct_text(text)
    assert "daß" in fixed and "muß" in fixed and "Ausschuß" in fixed
    assert "Bericht" in fixed
    assert [c.original for c in corrections] == ["Berlcht"]


def test_capitals_at_a_line_start_stay_when_no_line_shows_the_misreading():
    verse = "Ich weiß nicht, was soll es bedeuten\nIch bin so traurig und müde\nIm Abendrot"
    assert correct_text(verse)[0] == verse
    heading = (
        "Antrag der Fraktion\nIch beantrage, dass das Ist gut und das Ist auch so bleibt, "
        "wie es ist."
    )
    fixed, _ = correct_text(heading)
    assert fixed.startswith("Antrag der Fraktion\nIch beantrage")
    assert "das ist gut" in fixed
