"""The issue's positives and negatives in our own phrasing, in several municipalities'
styles: each negative is ruled out by its grammar (purpose, opinion, state, classification,
hypothetical, past, statute, question), not by a listed sentence."""

from __future__ import annotations

import pytest
from conftest import extract_text


def found(text: str) -> list[tuple[str | None, str | None]]:
    return [(o.actor, o.kind) for o in extract_text(text).obligations]


@pytest.mark.parametrize(
    "sentence",
    [
        # purposes, opinions
        "Die Maßnahme soll dazu beitragen, den Verkehr im Ortskern zu beruhigen.",
        "Aus Sicht der Fraktion sollte die Verwaltung mehr Personal einsetzen.",
        "Es wäre wünschenswert, wenn der Landkreis die Kosten übernähme.",
        "Wir halten es für notwendig, die Gebühren zu senken.",
        # descriptions of a state, classifications: "ist … zu" of a verb of finding
        "Im Bereich der Innenstadt ist ein Anstieg der Unfallzahlen zu verzeichnen.",
        "In den Unterlagen sind Hinweise auf Altlasten zu finden.",
        "Seit 2019 ist ein deutlicher Rückgang der Schülerzahlen festzustellen.",
        "Das Grundstück ist der Gruppe B zuzuordnen.",
        "Die Straße ist als Gemeindestraße einzustufen.",
        "Es ist davon auszugehen, dass nicht alle Nachträge geklärt werden können.",
        # hypotheticals in Konjunktiv II
        "Bei einem Neubau müssten die Leitungen verlegt werden.",
        "Ohne Zuschuss würde der Betrieb eingestellt werden.",
        # past facts
        "Die Verwaltung hat im März einen Bericht vorgelegt.",
        "Der Ausschuss beauftragte die Verwaltung im Jahr 2021, ein Konzept zu erstellen.",
        "Der Vorsitzende berichtete, dass die Verwaltung sich mit dem Thema befasse.",
        "Der Rat hat in seiner Sitzung beschlossen, zunächst die Rechtslage zu prüfen.",
        # quoted statutes
        "Gemäß § 5 Abs. 2 der Satzung sind die Gebühren jährlich zu überprüfen.",
        # questions, permissions, suggestions
        "Wird die Verwaltung den Bericht bis Juni vorlegen?",
        "Die Fraktionen können bis Freitag Vorschläge einreichen.",
        "Es bietet sich an, dort einen Trinkbrunnen aufzustellen.",
    ],
)
def test_background_sentences_bind_nobody(sentence: str) -> None:
    assert found("Sachverhalt:\n" + sentence) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "Bei einem Neubau müssten die Leitungen verlegt werden.",
        "Ohne Zuschuss würde der Betrieb eingestellt werden.",
        "Das Grundstück ist der Gruppe B zuzuordnen.",
        "Wann wird der Radweg saniert?",
    ],
)
def test_hypotheticals_classifications_and_questions_bind_nobody_even_in_a_decision(
    sentence: str,
) -> None:
    assert found("Beschlussvorschlag:\n" + sentence) == []


def test_quoted_rule_after_heisst_es_is_not_a_duty_of_this_text() -> None:
    text = (
        "Sachverhalt:\nIn § 12 der Geschäftsordnung heißt es:\n"
        "„Anträge sind schriftlich beim Vorsitzenden einzureichen.“"
    )
    assert found(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Beschluss:\nDer Antrag der Fraktion Freie Wähler vom 4. März 2024 wird dem "
            "Ausschuss für Schule und Sport zur weiteren Beratung zugeleitet.",
            [("Ausschuss für Schule und Sport", "referral")],
        ),
        (
            "Beschluss:\nDer Antrag ist dem Werkausschuss zuzuleiten.",
            [("Werkausschuss", "referral")],
        ),
        (
            "Antrag der SPD-Fraktion\n\nWir beantragen, an der Grundschule Nord eine "
            "Ganztagsbetreuung einzurichten.",
            [(None, "request")],
        ),
        (
            "Niederschrift\n\nTOP 5 Mitteilungen\nDie Verwaltung werde bis zur Sitzung im "
            "Herbst ein Konzept erarbeiten.",
            [("Verwaltung", "commitment")],
        ),
        (
            "Protokoll\n\nHerr Albers bot an, die Moderation zu übernehmen, und bat die "
            "Fraktionen, bis Ende Mai Namen zu nennen.",
            [("Fraktionen", "commitment")],
        ),
        (
            "Beschluss:\nDer Ortsbeirat beschließt, in seiner nächsten Sitzung einen "
            "Ortstermin durchzuführen.",
            [("Ortsbeirat", "mandate")],
        ),
    ],
)
def test_issue_positives(text: str, expected: list[tuple[str | None, str]]) -> None:
    assert found(text) == expected
