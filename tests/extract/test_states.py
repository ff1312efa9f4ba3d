"""Council language across the Länder: our own sentences in the style of Hessen, Bayern, NRW,
Niedersachsen, Brandenburg/MV, the Kreise and Baden-Württemberg, with the issue's hard cases.

None of them comes from the dev corpus; they test the grammar, not memorised documents.
"""

from __future__ import annotations

import pytest
from conftest import extract_text

from pipeline.extract import metadata, timex
from pipeline.model import Document

extract = extract_text


def decision(sentence: str) -> Document:
    return extract("Datum: 12.03.2025\nBeschlussvorschlag:\n" + sentence)


@pytest.mark.parametrize(
    ("sentence", "actor"),
    [
        # Hessen
        ("Der Ortsbeirat bittet den Magistrat, die Gehwege im Ortskern zu sanieren.", "Magistrat"),
        (
            "Die Stadtverordnetenversammlung beauftragt den Magistrat, ein Gutachten einzuholen.",
            "Magistrat",
        ),
        # Bayern
        (
            "Der Stadtrat beauftragt den Ersten Bürgermeister, mit dem Landratsamt zu verhandeln.",
            "Erster Bürgermeister",
        ),
        (
            "Der Marktgemeinderat beauftragt die Verwaltung, die Friedhofssatzung zu überarbeiten.",
            "Verwaltung",
        ),
        # NRW
        (
            "Die Bezirksvertretung Süd bittet die Verwaltung, die Beleuchtung zu verbessern.",
            "Verwaltung",
        ),
        (
            "Der Rat beauftragt die Bürgermeisterin, eine Kita-Bedarfsplanung vorzulegen.",
            "Bürgermeisterin",
        ),
        # Niedersachsen
        ("Der Ortsrat bittet die Verwaltung, einen Bolzplatz zu planen.", "Verwaltung"),
        # Brandenburg / Mecklenburg-Vorpommern
        (
            "Die Gemeindevertretung beauftragt den Amtsdirektor, Fördermittel zu beantragen.",
            "Amtsdirektor",
        ),
        (
            "Der Amtsausschuss bittet den Amtsdirektor, eine Kostenschätzung vorzulegen.",
            "Amtsdirektor",
        ),
        # Kreise
        (
            "Der Kreistag beauftragt den Landrat, dem Kreisausschuss jährlich zu berichten.",
            "Landrat",
        ),
        (
            "Der Kreisausschuss bittet die Landrätin, den Nahverkehrsplan fortzuschreiben.",
            "Landrätin",
        ),
        # Baden-Württemberg
        (
            "Der Gemeinderat beauftragt den Oberbürgermeister, dem Ortschaftsrat zu berichten.",
            "Oberbürgermeister",
        ),
    ],
)
def test_requests_of_each_state_name_the_addressed_body(sentence: str, actor: str) -> None:
    doc = decision(sentence)
    assert [(o.text, o.actor) for o in doc.obligations] == [(sentence, actor)]
    assert actor in [b.name for b in doc.bodies]


def test_offices_of_brandenburg_and_bavaria_are_bodies_in_base_form() -> None:
    doc = decision(
        "Der Erste Bürgermeister wird beauftragt, die Ausschreibung vorzubereiten. "
        "Der Amtsdirektor sagt zu, die Unterlagen nachzureichen."
    )
    names = [b.name for b in doc.bodies]
    assert "Erster Bürgermeister" in names and "Erste Bürgermeister" not in names
    assert "Amtsdirektor" in names
    assert [o.actor for o in doc.obligations] == ["Erster Bürgermeister", "Amtsdirektor"]


def test_dative_of_aufgegeben_is_the_actor_but_dative_of_vorzulegen_receives() -> None:
    doc = decision(
        "Der Oberbürgermeisterin wird aufgegeben, dem Ausschuss für Umwelt und Technik im "
        "3. Quartal 2025 zu berichten.\nDas Konzept ist dem Gemeinderat bis spätestens "
        "31.03.2026 vorzulegen."
    )
    assert [o.actor for o in doc.obligations] == ["Oberbürgermeisterin", "Oberbürgermeisterin"]
    assert [o.deadline.date for o in doc.obligations if o.deadline] == ["2025-09-30", "2026-03-31"]
    assert "Ausschuss für Umwelt und Technik" in [b.name for b in doc.bodies]


def test_active_header_with_its_object_carries_the_actor_to_each_item() -> None:
    doc = decision(
        "Der Marktgemeinderat beauftragt den Ersten Bürgermeister,\n"
        "1. Angebote einzuholen,\n"
        "2. dem Bauausschuss in der nächsten Sitzung zu berichten."
    )
    assert [(o.text, o.actor) for o in doc.obligations] == [
        ("Angebote einzuholen,", "Erster Bürgermeister"),
        ("dem Bauausschuss in der nächsten Sitzung zu berichten.", "Erster Bürgermeister"),
    ]


def test_lettered_items_after_a_passive_header() -> None:
    doc = decision(
        "Die Verwaltung wird beauftragt,\na) ein Radverkehrskonzept zu erstellen,\n"
        "b) dem Mobilitätsausschuss im 3. Quartal 2025 zu berichten,\n"
        "c) Fördermittel zu beantragen."
    )
    assert [o.actor for o in doc.obligations] == ["Verwaltung"] * 3
    assert doc.obligations[1].deadline is not None
    assert doc.obligations[1].deadline.date == "2025-09-30"


def test_referral_to_a_compound_committee_binds_the_receiving_committee() -> None:
    doc = decision("Der Antrag wird dem Bau- und Umweltausschuss zur Beratung zugeleitet.")
    assert [o.actor for o in doc.obligations] == ["Bau- und Umweltausschuss"]
    doc = decision(
        "Der Antrag wird in den Ausschuss für Stadtentwicklung, Bauen und Verkehr überwiesen."
    )
    assert [o.actor for o in doc.obligations] == [
        "Ausschuss für Stadtentwicklung, Bauen und Verkehr"
    ]


def test_reporting_duty_in_decision_text_but_not_a_report_in_minutes() -> None:
    doc = decision(
        "Die Verwaltung berichtet dem Haupt- und Finanzausschuss halbjährlich über den Stand."
    )
    assert [o.actor for o in doc.obligations] == ["Verwaltung"]
    assert doc.obligations[0].deadline is not None
    assert doc.obligations[0].deadline.text == "halbjährlich"
    minutes = extract("Niederschrift\nTOP 4\nDie Verwaltung berichtet über den Stand der Planung.")
    assert minutes.obligations == []


def test_adverbial_between_commas_keeps_the_zu_infinitive() -> None:
    doc = decision(
        "Der Schulausschuss ist regelmäßig, mindestens vierteljährlich, zu unterrichten."
    )
    assert len(doc.obligations) == 1
    # the committee is informed, not acting; the text names no acting body, so no actor is
    # invented (the old extractor defaulted to "Verwaltung")
    assert doc.obligations[0].actor is None
    assert decision("Es ist wichtig, die Eltern frühzeitig zu informieren.").obligations == []


@pytest.mark.parametrize(
    "sentence",
    [
        "Der Antrag der SPD-Fraktion wird abgelehnt.",
        "Der Tagesordnungspunkt wird vertagt.",
        "Der Bericht der Verwaltung wird zur Kenntnis genommen.",
        "Der Ortschaftsrat nimmt den Sachstandsbericht zur Kenntnis.",
        "Der Antrag der CDU, die Verwaltung mit einer Studie zu beauftragen, wurde abgelehnt.",
    ],
)
def test_rejections_adjournments_and_noted_reports_bind_nobody(sentence: str) -> None:
    assert decision(sentence).obligations == []


@pytest.mark.parametrize(
    "sentence",
    [
        "Nach § 80 GemO ist der Haushaltsplan innerhalb von drei Monaten aufzustellen.",
        "Nach § 28 Abs. 2 KVG LSA ist der Haushaltsplan dem Rat vor Jahresbeginn vorzulegen.",
        "Gemäß § 58 NKomVG hat der Rat über die Jahresrechnung zu beschließen.",
    ],
)
def test_statute_quotes_in_the_background_bind_nobody(sentence: str) -> None:
    assert extract("Sachverhalt:\n" + sentence).obligations == []


def test_reported_speech_and_commitments_in_minutes() -> None:
    doc = extract(
        "Niederschrift über die Sitzung des Ortschaftsrates am 14.05.2024\n"
        "Frau Schulz erklärt, die Verwaltung werde die Ampelschaltung bis Jahresende überprüfen.\n"
        "Der Amtsdirektor sagt zu, die Unterlagen bis zur nächsten Sitzung nachzureichen."
    )
    assert [o.actor for o in doc.obligations] == ["Verwaltung", "Amtsdirektor"]
    assert doc.obligations[0].deadline is not None
    assert doc.obligations[0].deadline.text == "bis Jahresende"
    assert doc.obligations[0].deadline.date == "2024-12-31"


@pytest.mark.parametrize(
    ("text", "phrase", "date"),
    [
        ("Bericht bis spätestens 31.03.2025 vorlegen.", "bis spätestens 31.03.2025", "2025-03-31"),
        ("Sachstand zum 1. Quartal 2026 vorlegen.", "zum 1. Quartal 2026", "2026-03-31"),
        (
            "Entwurf bis zur Sitzung am 12. Mai vorlegen.",
            "bis zur Sitzung am 12. Mai",
            "2025-05-12",
        ),
        ("Umsetzung im 3. Quartal beginnen.", "im 3. Quartal", "2025-09-30"),
        ("Bericht bis Jahresende erstellen.", "bis Jahresende", "2025-12-31"),
        ("Übersicht bis spätestens 30.4. vorlegen.", "bis spätestens 30.4.", "2025-04-30"),
        (
            "Bericht bis Ende des ersten Halbjahres 2026 vorlegen.",
            "bis Ende des ersten Halbjahres 2026",
            "2026-06-30",
        ),
        ("Planung im Frühjahr vorstellen.", "im Frühjahr", "2025-05-31"),
    ],
)
def test_due_date_forms_resolve_against_the_document_date(
    text: str, phrase: str, date: str
) -> None:
    import datetime as dt

    ref = dt.date(2025, 3, 12)
    found = [(text[timex.with_prefix(text, e) : e.end], e.date) for e in timex.find(text, ref)]
    assert (phrase, date) in found


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        (
            "Der Ortsbeirat ist spätestens zwei Wochen vor der Sitzung zu unterrichten.",
            "spätestens zwei Wochen vor der Sitzung",
        ),
        ("Dem Ausschuss ist halbjährlich zu berichten.", "halbjährlich"),
    ],
)
def test_relative_and_recurring_forms_have_no_date(text: str, phrase: str) -> None:
    found = [(text[timex.with_prefix(text, e) : e.end], e.date) for e in timex.find(text, None)]
    assert (phrase, None) in found


def test_preposition_inside_a_place_name_is_no_prefix() -> None:
    text = "dem Ortschaftsrat Hohenheim bis Ende des 2. Quartals 2025 zu berichten"
    found = [text[timex.with_prefix(text, e) : e.end] for e in timex.find(text, None)]
    assert found == ["bis Ende des 2. Quartals 2025"]


def test_section_numbers_are_no_year_less_dates() -> None:
    assert timex.find("Siehe Abschnitt 3.4. der Anlage.", None) == []


def test_document_number_date_beats_the_meeting_date() -> None:
    for head in (
        "Drucksache 2024/117 vom 14.02.2024\nzur Sitzung am 7. März 2024\nBetreff: Radweg",
        "zur Sitzung am 7. März 2024\nDrucksache 2024/117 vom 14.02.2024\nBetreff: Radweg",
    ):
        assert metadata.document_date(head) == "2024-02-14"
        assert metadata.reference(head) == "2024/117"
    doc = extract(
        "Drucksache 2024/117 vom 14.02.2024\nzur Sitzung am 7. März 2024\nBeschlussvorschlag:\n"
        "Der Magistrat wird beauftragt, bis Jahresende ein Konzept vorzulegen."
    )
    assert doc.date == "2024-02-14"
    assert doc.obligations[0].deadline is not None
    assert doc.obligations[0].deadline.date == "2024-12-31"


def test_a_motion_dates_itself_in_its_opening_line_only() -> None:
    assert metadata.document_date("Antrag der CDU-Fraktion vom 10.01.2025\nText") == "2025-01-10"
    head = "Beschlussvorlage\nBezug: Antrag der CDU-Fraktion vom 10.01.2025\nText"
    assert metadata.document_date(head) is None


def test_meeting_date_is_the_fallback_when_nothing_else_dates_the_paper() -> None:
    assert (
        metadata.document_date("Vorlage für die Sitzung des Kreistages am 20.02.2025")
        == "2025-02-20"
    )


def test_organisation_names_lose_the_sentence_article() -> None:
    doc = decision("Die Stadtwerke Musterstadt GmbH werden beauftragt, ein Angebot vorzulegen.")
    assert [b.name for b in doc.bodies] == ["Stadtwerke Musterstadt GmbH"]
    assert doc.obligations[0].actor == "Stadtwerke Musterstadt GmbH"


def test_named_local_councils_and_citizen_meetings() -> None:
    doc = decision(
        "Der Ortschaftsrat Hohenheim bittet die Verwaltung, im Herbst eine Bürgerversammlung "
        "durchzuführen."
    )
    names = [b.name for b in doc.bodies]
    assert "Ortschaftsrat Hohenheim" in names
    assert "Bürgerversammlung" not in names


@pytest.mark.parametrize(
    ("text", "phrase", "date"),
    [
        (
            "Umsetzung in der ersten Jahreshälfte 2026.",
            "in der ersten Jahreshälfte 2026",
            "2026-06-30",
        ),
        ("Umsetzung in der zweiten Jahreshälfte.", "in der zweiten Jahreshälfte", "2025-12-31"),
        ("Inbetriebnahme bis Ende Q2/2026.", "bis Ende Q2/2026", "2026-06-30"),
        ("Bericht zum nächstmöglichen Zeitpunkt.", "zum nächstmöglichen Zeitpunkt", None),
        ("Evaluation alle zwei Jahre.", "alle zwei Jahre", None),
        ("Start zum Schuljahresbeginn 2026/27.", "zum Schuljahresbeginn 2026/27", None),
    ],
)
def test_planning_shorthand_and_recurring_forms(text: str, phrase: str, date: str | None) -> None:
    import datetime as dt

    found = [
        (text[timex.with_prefix(text, e) : e.end], e.date)
        for e in timex.find(text, dt.date(2025, 3, 12))
    ]
    assert (phrase, date) in found


def test_quarter_shorthand_needs_its_own_token() -> None:
    assert timex.find("Die Baureihe AQ2 und Q25-Modelle", None) == []
