"""The OCR corrector on texts written for these tests: fixes, protection, adaptation, offsets."""

from __future__ import annotations

import pytest

from pipeline.correct import correct_document, correct_text
from pipeline.correct.tokens import camel_split, is_acronym, tokenize
from pipeline.model import Document, Page

# A motion in the style of council papers, written for these tests.
CLEAN = (
    "Antrag der Fraktion: Der Gemeinderat beschließt, die Verwaltung zu beauftragen, bis zum "
    "Ende des Jahres ein Konzept für die Sanierung der Grundschule vorzulegen. Die Kosten sind "
    "im Haushaltsplan darzustellen. Begründung: Das Gebäude ist in einem schlechten Zustand, "
    "und die Eltern haben sich mehrfach an den Oberbürgermeister gewandt. Wir bitten daher um "
    "Zustimmung zu diesem Antrag und um eine Vorlage im zuständigen Fachausschuss."
)


def a_to_o(text: str) -> str:
    """What seed 004's OCR did: nearly every "a" read as "o"."""
    return text.replace("a", "o")


def test_clean_text_is_left_alone():
    fixed, corrections = correct_text(CLEAN)
    assert fixed == CLEAN
    assert corrections == []


def test_document_wide_a_to_o_confusion_is_learned_and_undone():
    noisy = a_to_o(CLEAN)
    fixed, corrections = correct_text(noisy)
    before = sum(a != b for a, b in zip(noisy.split(), CLEAN.split(), strict=True))
    after = sum(a != b for a, b in zip(fixed.split(), CLEAN.split(), strict=True))
    assert before > 15
    assert after <= 2, fixed
    assert len(corrections) >= before - 2


def test_common_single_misreadings():
    fixed, _ = correct_text("Hiermit übersende ich lhnen den Antrog. Hie#ür bedanken wir uns.")
    assert fixed == "Hiermit übersende ich Ihnen den Antrag. Hierfür bedanken wir uns."


def test_offsets_point_into_the_corrected_text():
    fixed, corrections = correct_text(a_to_o(CLEAN))
    assert corrections
    for c in corrections:
        assert fixed[c.start : c.end] == c.corrected
        assert 0 < c.confidence <= 1
        assert c.page == 1


@pytest.mark.parametrize(
    "text",
    [
        "Vorlage ZD/1355/2021 und 167-17 vom 12.03.2021",
        "Die SPD, die AfD und der ÖPNV",
        "Kontakt: buero@stadtrot.de oder www.stodtrot.de",
        "Wir grüßen die BürgerInnen herzlich",
    ],
)
def test_protected_tokens_survive(text):
    assert correct_text(text)[0] == text


def test_recurring_names_are_kept():
    text = "Herr Krosnick sprach. Dann antwortete Herr Krosnick auf die Frage der Verwaltung."
    assert correct_text(text)[0] == text


def test_valid_compound_is_never_split():
    text = "Der Kreisschülerrat und die Digitalisierungsstrategie der Stadtverwaltung"
    assert correct_text(text)[0] == text


def test_glued_words_are_split_and_each_part_corrected():
    text = a_to_o("Die Initiative und die Stadtratsfraktion, und die Fraktion hat den Antrag")
    glued = text.replace("Initiotive und die ", "InitiotiveDie ", 1)
    fixed, _ = correct_text(glued)
    assert "Initiative Die" in fixed


def test_correct_document_sets_text_and_keeps_raw():
    page = Page(number=1, method="text-file", raw_text="x", clean_text=a_to_o(CLEAN))
    doc = correct_document(Document(source="t.txt", pages=[page]))
    assert page.clean_text == a_to_o(CLEAN)
    assert page.text != page.clean_text
    assert doc.corrections and all(c.page == 1 for c in doc.corrections)


def test_empty_document_is_fine():
    doc = correct_document(Document(source="e.txt", pages=[Page(1, "text-file", "", None, "")]))
    assert doc.pages[0].text == "" and doc.corrections == []


def test_tokenizer_keeps_offsets_and_flags():
    text = "Die SPD-Fraktion (ZD/12/2021) beantragt: Tel. 0341"
    toks = tokenize(text)
    assert all(text[t.start : t.end] == t.text for t in toks)
    flags = {t.text: t.protected for t in toks}
    assert flags["SPD"] and flags["ZD"] and flags["Tel"]
    assert not flags["Fraktion"] and not flags["beantragt"]


def test_shapes():
    assert is_acronym("ÖPNV") and is_acronym("AfD") and not is_acronym("Antrag")
    assert camel_split("lntitiotiveStodtrotsfroktion") == 11
    assert camel_split("BürgerInnen") is None


def test_closing_quote_after_german_opener_is_restored():
    text = "Der Ausschuss berät den „Bericht des Landrates” und den “Report” der Firma."
    fixed, corrections = correct_text(text)
    assert "„Bericht des Landrates“" in fixed
    assert "“Report”" in fixed  # English-style quoting stays
    quote = [c for c in corrections if c.original == "”"]
    assert len(quote) == 1 and fixed[quote[0].start : quote[0].end] == "“"


def test_capitalised_closed_class_word_inside_sentence_is_lowered():
    # "Ist." would be protected as an abbreviation; a closed-class word never is a noun.
    text = "Die Vorlage wurde beraten, weil dies notwendig Ist. Insbesondere die Kosten fehlen."
    fixed, _ = correct_text(text)
    assert "notwendig ist." in fixed
    assert "Insbesondere die Kosten" in fixed  # sentence start keeps its capital


def test_slight_glyph_confusion_beats_name_reading():
    # i/l differ by a dot: a capitalised unknown word one such confusion away from a listed
    # word is that word, even when it recurs.
    text = "Die Varlante A ist teurer als die Varlante B, sagte die Verwaltung im Ausschuss."
    fixed, _ = correct_text(text)
    assert fixed.count("Variante") == 2


def test_dollar_before_paragraph_number_is_a_section_sign():
    fixed, _ = correct_text("Antrag gem. $ 6 Abs. 1 der Geschäftsordnung über US$ 5 und 5 $.")
    assert fixed == "Antrag gem. § 6 Abs. 1 der Geschäftsordnung über US$ 5 und 5 $."


def test_unlisted_compound_yields_to_the_documents_dominant_confusion():
    # "Kreisschülerrot" splits into listed parts, but in a document that reads "a" as "o"
    # throughout, the compound's guessed frequency does not protect it.
    noisy = a_to_o(CLEAN) + " Beteiligt wird der Kreisschülerrot."
    fixed, _ = correct_text(noisy)
    assert fixed.endswith("Beteiligt wird der Kreisschülerrat.")


def test_long_word_one_edit_from_a_listed_word_is_fixed_in_clean_text():
    fixed, _ = correct_text(CLEAN + " Er wurde nachträglch geprüft.")
    assert fixed == CLEAN + " Er wurde nachträglich geprüft."
    assert correct_text(CLEAN + " Herr Wermelskirchen")[0].endswith("Wermelskirchen")


def test_umlaut_lost_in_a_compound_is_restored():
    fixed, _ = correct_text(CLEAN + " Der Burgermeister stimmt zu.")
    assert fixed == CLEAN + " Der Bürgermeister stimmt zu."


def test_faint_l_read_as_a_full_stop_inside_a_word():
    fixed, _ = correct_text(CLEAN + " Der Besch.uss wurde nachträg.ich gefasst.")
    assert fixed == CLEAN + " Der Beschluss wurde nachträglich gefasst."
    missing_space = CLEAN + " Am Ende.der Sitzung"
    assert correct_text(missing_space)[0] == missing_space


def test_doubled_letter_hiding_a_long_compound():
    fixed, _ = correct_text(CLEAN + " Die Gesamttfertigstellung ist 2026.")
    assert fixed == CLEAN + " Die Gesamtfertigstellung ist 2026."


@pytest.mark.parametrize(
    ("seen", "meant"),
    [
        ("Die Gebühr wird erböht.", "Die Gebühr wird erhöht."),  # h read as b
        ("Die Umsetzumg beginnt bald.", "Die Umsetzung beginnt bald."),  # n read as m
        ("Die Gerneinde zahlt.", "Die Gemeinde zahlt."),  # m read as rn
        ("Der Strallenbau beginnt.", "Der Straßenbau beginnt."),  # ß read as ll
        ("Die Verwalıung prüft.", "Die Verwaltung prüft."),  # t read as a dotless i
        ("Der Haushalltsplan liegt vor.", "Der Haushaltsplan liegt vor."),  # a doubled letter
        ("Die Verwatung prüft.", "Die Verwaltung prüft."),  # a dropped letter, not a name
        ("Frau Brosig prüft.", "Frau Brosig prüft."),  # a name
        ("Dies gilt gemäß 8 34 GO und $ 5 KAG.", "Dies gilt gemäß § 34 GO und § 5 KAG."),
        ("Ich beantrage die Prüfung.", "Ich beantrage die Prüfung."),  # a capital kept
    ],
)
def test_the_error_kinds_of_photocopied_council_pages(seen, meant):
    assert correct_text(f"{CLEAN} {seen}")[0] == f"{CLEAN} {meant}"


def test_capitalised_rare_verb_form_inside_a_sentence_is_a_misread_noun():
    # Seed 004: "… auf die Ablaufe und Prozesse": "ablaufe" is a verb form, "Abläufe" the noun.
    text = CLEAN + " Der Blick wird auf die Ablaufe und Prozesse gerichtet."
    assert (
        correct_text(text)[0] == CLEAN + " Der Blick wird auf die Abläufe und Prozesse gerichtet."
    )
    start = CLEAN + "\n\nAblaufe prüfen wir."  # at a sentence start the capital is the writer's
    assert correct_text(start)[0] == start


def test_misread_short_word_before_a_full_stop_is_no_abbreviation():
    fixed, _ = correct_text(CLEAN + " Die Kosten sınd.")
    assert fixed == CLEAN + " Die Kosten sind."
    assert correct_text(CLEAN + " Tel. und bzw.")[0] == CLEAN + " Tel. und bzw."


def test_capital_l_whose_foot_broke_off_at_a_word_start():
    """ "l.andeshauptstadt": tesseract read the foot of a capital L as a full stop."""
    fixed, corrections = correct_text("Die l.andeshauptstadt legt den Bericht des l.andes vor.")
    assert fixed == "Die Landeshauptstadt legt den Bericht des Landes vor."
    assert {c.original for c in corrections} == {"l.andeshauptstadt", "l.andes"}


def test_short_token_in_noisy_text_is_not_read_as_web_noise():
    """In a noisy page short tokens are read too; "fr" and "fg" (initials, codes) have no
    reading among the curated words, and wordfreq's "tr" and "tg" are no such reading."""
    text = (
        "Dle Verwaltunq hat dle Vorlaqe zur Haushaltsplanunq beraten und beschlossen. "
        "Dle Sitzunq wurde um 19 Uhr qeschlossen, dle Nlederschrift foigt.\n"
        "Protokollführung: Frau Klemm fr\nBetreff: Außenqastronomie am Marktplatz fg"
    )
    fixed, _ = correct_text(text)
    assert "Die Verwaltung" in fixed and "Niederschrift folgt" in fixed  # a noisy page, read
    assert fixed.endswith("Frau Klemm fr\nBetreff: Außengastronomie am Marktplatz fg")
