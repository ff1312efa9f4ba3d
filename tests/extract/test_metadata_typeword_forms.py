"""The type word decides the type in whatever form it is printed: as a compound whose last part
names the kind ("Sachstandsmitteilung" is a Mitteilung, "Gemeinderatsvorlage" a Vorlage,
"Niederschriftsauszug" minutes), in capitals ("GROSSE ANFRAGE"), spaced out word by word
("K l e i n e   A n f r a g e"), or as the value of a type field ("Vorlagenart: …"). The body
below it is neutral, so only the type word can decide."""

from __future__ import annotations

import pytest

from pipeline.extract import metadata
from pipeline.extract.metadata import layout

BODY = (
    "\nBetreff: Sanierung der Turnhalle\n\nDie Turnhalle der Grundschule ist "
    "sanierungsbedürftig. Die Kosten betragen rund 1,2 Mio. Euro. Die Arbeiten sollen in den "
    "Sommerferien stattfinden.\n"
)
WORDS = {
    "Beschlussvorlage": [
        "Beschlussvorlage",
        "Sitzungsvorlage",
        "Gemeinderatsvorlage",
        "Kreistagsvorlage",
        "Vorlage zur Beschlussfassung",
    ],
    "Mitteilung": [
        "Mitteilungsvorlage",
        "Informationsvorlage",
        "Sachstandsmitteilung",
        "Kenntnisgabe",
        "Unterrichtungsvorlage",
        "Mitteilung der Verwaltung",
    ],
    "Beschluss": ["Beschlussauszug", "Beschluss", "Auszug aus dem Beschlussbuch"],
    "Niederschrift": [
        "Öffentliche Niederschrift",
        "Auszug aus dem Protokoll",
        "Auszug aus der Niederschrift",
        "Niederschriftsauszug",
        "Ergebnisprotokoll",
    ],
    "Antrag": ["Antrag", "Dringlichkeitsantrag", "Gemeinsamer Antrag", "Antrag der CDU-Fraktion"],
    "Änderungsantrag": ["Änderungsantrag", "Ergänzungsantrag"],
    "Anfrage": ["Kleine Anfrage", "Große Anfrage", "Einwohneranfrage", "Mündliche Anfrage"],
    "Sonstiges": ["Pressemitteilung", "Sitzungsbericht", "Aus der Gemeinderatssitzung"],
}
CASES = [(t, w) for t, words in WORDS.items() for w in words]


def _spaced(word: str) -> str:
    return "   ".join(" ".join(part) for part in word.split())


FORMS = {
    "as printed": lambda w: w + BODY,
    "capitals": lambda w: w.upper() + BODY,
    "spaced out": lambda w: _spaced(w) + BODY,
    "type field": lambda w: f"Stadt Musterstadt\nVorlagenart: {w}\nDatum: 03.03.2021" + BODY,
}


@pytest.mark.parametrize("form", sorted(FORMS))
def test_type_word_decides_in_every_form(form: str) -> None:
    wrong = {
        word: (got.type, got.type_evidence)
        for kind, word in CASES
        if form != "type field" or kind != "Sonstiges"  # a press release has no Vorlagenart
        if (got := metadata.read(FORMS[form](word))).type != kind
    }
    assert not wrong


def test_spaced_heading_closes_up_word_by_word() -> None:
    lines = layout.header("K l e i n e   A n f r a g e\nB E S C H L U S S\nText hier.\n")
    assert [ln.text for ln in lines] == ["Kleine Anfrage", "BESCHLUSS", "Text hier."]


def test_columns_of_a_row_are_not_closed_up() -> None:
    lines = layout.header("| 11 | 2 | 0 |\nStadt Musterstadt        Drucksache 045/2022\n")
    assert [ln.text for ln in lines] == ["| 11 | 2 | 0 |", "Stadt Musterstadt Drucksache 045/2022"]


def test_a_label_inside_a_longer_label_starts_no_field() -> None:
    assert layout.inline_fields("Vorlage Nr.: 2021/0212-1") == [
        ("reference", "Vorlage Nr.", "2021/0212-1")
    ]
    assert layout.inline_fields("Gremium: Rat Beschlussart: vertagt") == [
        ("body", "Gremium", "Rat"),
        ("other", "Beschlussart", "vertagt"),
    ]


QUESTIONS = (
    "Einwohnerfrage zur Sitzung des Gemeinderates\n\nFrage von Frau Lena Roth:\n"
    "Wann wird der Spielplatz am Weiher erneuert?\n\n"
)
ANSWER = (
    "Antwort der Verwaltung:\nDie Erneuerung ist für das Frühjahr geplant. Die Mittel stehen "
    "im Haushalt bereit.\n"
)


def test_questions_with_their_answers_are_the_anfrage() -> None:
    m = metadata.read(QUESTIONS + ANSWER)
    assert m.type == "Anfrage", m.type_evidence


def test_the_answer_alone_is_a_mitteilung() -> None:
    text = (
        "Stadt Musterstadt\nDer Bürgermeister\n\nBeantwortung der Anfrage der Fraktion Blau "
        "vom 02.03.2024\n\n" + ANSWER
    )
    assert metadata.read(text).type == "Mitteilung"


def test_a_faction_asking_the_administration_writes_an_anfrage() -> None:
    text = (
        "Wie sicher ist der Schulweg an der B 12?\n\nDie Fraktion fragt die Verwaltung: Wie "
        "viele Unfälle gab es in den letzten fünf Jahren? Ist eine Ampel geplant?\n"
    )
    m = metadata.read(text)
    assert m.type == "Anfrage", m.type_evidence


def test_an_announcement_reads_across_the_verb_bracket() -> None:
    """ "gab … bekannt" with the whole object between the two parts of the separable verb."""
    text = (
        "Frau Dr. Lang gab folgende Mitteilung des Kämmerers bekannt: Die Anträge zum Haushalt "
        "sind bis zum 10. November einzureichen.\n"
    )
    m = metadata.read(text)
    assert m.type == "Mitteilung", m.type_evidence


def test_a_longer_document_of_the_same_register_reads_the_same() -> None:
    """Counted cues ("Herr …", reported speech) are scaled to a density beyond 2,000
    characters: a Vorlage twice as long does not turn into minutes by its many names."""
    from pipeline.extract.metadata import doctype

    part = (
        "Herr Maier vom Bauamt hat die Planung mit Frau Schulz abgestimmt. Herr Braun vom "
        "Planungsbüro hat die Kosten geschätzt. "
    ) * 9
    one, two = part * 2, part * 3
    persons = [c.name for c in doctype.cues()].index("register persons")
    x1 = doctype.features(one, layout.header(one))[0][persons]
    x2 = doctype.features(two, layout.header(two))[0][persons]
    assert x1 > 0 and abs(x1 - x2) < 0.05


@pytest.mark.parametrize("heading", ["Gemeinderat kompakt", "Stadtrat aktuell", "Kurz notiert"])
def test_a_gazette_column_on_the_session_is_a_report(heading: str) -> None:
    """A municipal gazette's column retells the session in the past tense, with the body
    after its verb ("vergab der Gemeinderat"): a report for the public, not the minutes."""
    text = (
        f"{heading}\nIn der Sitzung am 25. Januar vergab der Gemeinderat die Arbeiten für die "
        "neue Heizung im Rathaus an die Firma Wärmetechnik Maier. Außerdem nahm das Gremium den "
        "Bericht der Revierförsterin entgegen. Herr Braun erläutert den Haushalt.\n"
    )
    m = metadata.read(text)
    assert m.type == "Sonstiges", m.type_evidence


def test_the_decision_text_under_its_label_records_the_decision() -> None:
    """ "Beschluss:" over the decision's own text is the decision's page, also with a remark
    recorded below it; over a result only ("einstimmig beschlossen") with the debate, minutes."""
    decision = (
        "Beschluss:\nDer Gemeinderat stimmt der Planung der Kindertagesstätte zu. Die "
        "Haushaltsmittel werden bereitgestellt.\nFrau Gersemann weist darauf hin, dass die "
        "Lage angespannt sei.\n"
    )
    minutes = (
        "Beschluss: einstimmig beschlossen\nHerr Knauer erläutert das Konzept. Frau Roth fragt "
        "nach den Kosten. Herr Knauer antwortet, sie lägen im Plan. Herr Beck erkundigt sich "
        "nach dem Zeitplan.\n"
    )
    assert metadata.read(decision).type == "Beschluss"
    assert metadata.read(minutes).type == "Niederschrift"


def test_a_label_with_a_label_word_as_its_value_is_no_row_of_labels() -> None:
    lines = layout.header("Vorlagenart: Drucksache\nVorlage-Nr.: Datum:\n")
    assert layout.label_row(lines[0]) is None
    assert layout.label_row(lines[1]) == [("reference", "Vorlage-Nr."), ("date", "Datum")]
    assert metadata.read("Vorlagenart: Drucksache" + BODY).type == "Beschlussvorlage"


def test_a_compound_type_word_is_no_title() -> None:
    text = (
        "Sachstandsmitteilung\nBreitbandausbau in den Ortsteilen – Stand Juni 2023\n"
        "Der Ausbau ist weitgehend abgeschlossen. Bis Ende Mai wurden 1.842 Anschlüsse gelegt.\n"
    )
    assert metadata.read(text).title == "Breitbandausbau in den Ortsteilen – Stand Juni 2023"
