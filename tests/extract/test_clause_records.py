"""Clause grammar that other municipalities' documents lean on and the dev corpus rarely shows:
two coordinated finite verbs, the narrative past of minutes and session reports, promises in
the perfect, genitive attributes that are no actor, and the subject of a motion's "dass"
clause. Sentences are our own."""

from __future__ import annotations

import pytest
from conftest import extract_text


def found(text: str) -> list[tuple[str | None, str | None]]:
    return [(o.actor, o.kind) for o in extract_text(text).obligations]


MINUTES = (
    "Niederschrift über die öffentliche Sitzung des Bauausschusses am 12.03.2024\n\n"
    "TOP 5 Straßenbeleuchtung\n"
)


def test_second_of_two_coordinated_verbs_carries_the_mandate() -> None:
    text = (
        "Beschluss: Der Bauausschuss stimmt dem Entwurf zu und beauftragt die Verwaltung, "
        "die frühzeitige Beteiligung der Öffentlichkeit durchzuführen."
    )
    assert found(MINUTES + text) == [("Verwaltung", "mandate")]


@pytest.mark.parametrize(
    "sentence",
    [
        "Der Ausschuss beschloss einstimmig, die Verwaltung mit der Ausschreibung zu beauftragen.",
        "Die Verwaltung wurde beauftragt, bis zur nächsten Sitzung ein Angebot einzuholen.",
        "Die Verwaltung sagte eine Prüfung der Kosten zu.",
    ],
)
def test_minutes_record_the_sessions_duties_in_the_past_tense(sentence: str) -> None:
    assert [actor for actor, _ in found(MINUTES + sentence)] == ["Verwaltung"]


@pytest.mark.parametrize(
    "sentence",
    [
        # dated before the document, or marked as earlier: background, not this session's act
        "Der Ausschuss beschloss im Jahr 2019, die Verwaltung mit einer Planung zu beauftragen.",
        "In der letzten Sitzung wurde die Verwaltung beauftragt, ein Angebot einzuholen.",
        # a member's suggestion binds nobody
        "Herr Klein regte an, die Anwohner an der Planung zu beteiligen.",
    ],
)
def test_past_tense_background_in_minutes_binds_nobody(sentence: str) -> None:
    assert found(MINUTES + sentence) == []


def test_past_tense_mandate_in_a_vorlage_background_binds_nobody() -> None:
    text = (
        "Beschlussvorlage\n\nBetreff: Straßenbeleuchtung\n\nSachverhalt:\n"
        "Der Ausschuss beschloss, die Verwaltung mit einer Planung zu beauftragen. "
        "Die Planung liegt nun vor.\n"
    )
    assert found(text) == []


def test_a_promise_in_the_perfect_commits_its_subject() -> None:
    text = (
        "Mitteilungsvorlage\n\nBetreff: Breitbandausbau\n\n"
        "Die Telekom hat zugesagt, die fehlenden Anschlüsse bis Ende 2024 herzustellen."
    )
    assert found(text) == [("Telekom", "commitment")]


def test_a_genitive_attribute_is_no_actor() -> None:
    text = (
        "Anfrage der Fraktion Bündnis 90/Die Grünen\n\nSehr geehrter Herr Oberbürgermeister,\n"
        "wir bitten um schriftliche Beantwortung folgender Fragen:\n"
        "1. Wie viele Radwege sind sanierungsbedürftig?\n"
    )
    assert found(text) == [("Oberbürgermeister", "request")]


def test_the_subject_of_a_motions_dass_clause_acts() -> None:
    text = (
        "Antrag der Gruppe SPD/Grüne\n\nWir beantragen, dass der Ausschuss für Soziales sich in "
        "seiner nächsten Sitzung mit der Lage der Obdachlosen befasst."
    )
    assert found(text) == [("Ausschuss für Soziales", "request")]


def test_a_referrals_recipient_does_not_carry_the_duties_after_it() -> None:
    text = (
        "Beschluss\n\nDer Antrag wird zur weiteren Beratung in den Ausschuss für Finanzen "
        "verwiesen. Über das Ergebnis ist dem Hauptausschuss zu berichten."
    )
    actors = [actor for actor, _ in found(text)]
    assert actors[0] == "Ausschuss für Finanzen"
    assert "Ausschuss für Finanzen" not in actors[1:]


@pytest.mark.parametrize(
    "sentence",
    [
        "Nach Auskunft der Verwaltung soll die Brücke 2025 saniert werden.",
        "Laut Kreisverwaltung soll die Straße im Herbst gesperrt werden.",
        "Dem Bericht der Stadtwerke zufolge sollen die Leitungen erneuert werden.",
    ],
)
def test_sollen_with_a_named_source_reports_a_plan(sentence: str) -> None:
    assert found(MINUTES + sentence) == []


def test_sollen_without_a_source_still_instructs() -> None:
    assert [k for _, k in found(MINUTES + "Die Brücke soll 2025 saniert werden.")] == ["mandate"]


def test_a_first_person_subject_after_the_verb_asks() -> None:
    text = "Anfrage der SPD-Fraktion\n\nVor diesem Hintergrund fragen wir die Verwaltung:\n"
    assert found(text + "1. Wie viele Anträge gingen ein?\n") == [("Verwaltung", "request")]


def test_the_writer_answering_in_the_first_person_asks_nothing() -> None:
    text = "Beantwortung\n\nFür das Bezirksamt beantworte ich Ihre Anfrage wie folgt:\n"
    assert found(text + "Zu 1: Es gingen 14 Anträge ein.\n") == []


def test_a_polite_imperative_asks_the_addressee() -> None:
    text = (
        "Anfrage\n\nSehr geehrte Frau Bürgermeisterin,\nbitte beantworten Sie folgende Fragen "
        "in der nächsten Sitzung des Gemeinderates:\n1. Wie viele Anträge gingen ein?\n"
    )
    assert found(text) == [("Bürgermeisterin", "request")]


def test_each_nominal_item_of_a_motion_is_a_request() -> None:
    text = (
        "Antrag der Fraktion FREIE WÄHLER\n\nSehr geehrter Herr Bürgermeister,\nwir beantragen:\n"
        "1. Die Einrichtung einer Tempo-30-Zone in der Schulstraße.\n"
        "2. Die Aufstellung von zwei Geschwindigkeitsanzeigen.\n\n"
        "Begründung:\nDie Schulstraße ist ein Schulweg.\n"
    )
    assert [k for _, k in found(text)] == ["request", "request"]


def test_an_agenda_item_called_again_names_no_actor() -> None:
    text = MINUTES + "Der Punkt wird in der nächsten Sitzung erneut aufgerufen."
    actors = [actor for actor, _ in found(text)]
    assert actors and "Punkt" not in actors


def test_a_pronoun_subject_promising_is_a_person_answering_for_the_administration() -> None:
    text = (
        MINUTES + "Frau Lehmann vom Tiefbauamt erläutert den Zustand des Radweges. "
        "Sie sagt zu, die Beleuchtung bis zur nächsten Sitzung zu überprüfen."
    )
    assert ("Tiefbauamt", "commitment") in found(text)


def test_every_bullet_under_a_mandate_header_is_one_duty() -> None:
    text = (
        "Die Verwaltung wird gebeten,\n• ein Konzept für die Innenstadt zu erstellen,\n"
        "• die Kosten zu ermitteln und\n• das Ergebnis dem Ausschuss vorzulegen.\n"
    )
    assert found(text) == [("Verwaltung", "mandate")] * 3


@pytest.mark.parametrize(
    "sentence",
    [
        "Der Vorsitzende schlägt vor, die Sitzung für zehn Minuten zu unterbrechen.",
        "Herr Bauer regt an, die Anwohner zu befragen.",
    ],
)
def test_a_proposal_recorded_in_minutes_binds_nobody(sentence: str) -> None:
    assert found(MINUTES + sentence) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "Es wurde vereinbart, dass die Verwaltung bis zur nächsten Sitzung einen Vorschlag "
        "erarbeitet.",
        "Man einigte sich darauf, das Thema im Januar erneut zu beraten.",
    ],
)
def test_an_agreement_in_minutes_sets_the_next_step(sentence: str) -> None:
    assert [k for _, k in found(MINUTES + sentence)] == ["mandate"]


@pytest.mark.parametrize(
    "sentence",
    [
        "Nach § 95 GO ist der Haushaltsplan innerhalb von sechs Monaten aufzustellen.",
        "Gemäß der Hauptsatzung muss der Jahresabschluss öffentlich ausgelegt werden.",
    ],
)
def test_a_rule_cited_from_a_statute_binds_nobody(sentence: str) -> None:
    assert found("Beschlussvorlage\n\nSachverhalt:\n" + sentence) == []


def test_a_duty_that_mentions_a_statute_later_still_binds() -> None:
    text = "Der Bericht ist dem Rat gemäß § 24 der Hauptsatzung bis zum 30. Juni vorzulegen."
    assert [k for _, k in found("Beschluss:\n" + text)] == ["mandate"]


def test_a_sentence_begun_at_the_end_of_a_wrapped_line_keeps_its_article() -> None:
    from pipeline.extract.segment import segments

    text = (
        "Der Gemeinderat beauftragt die Verwaltung, ein Konzept zur\n"
        "Verbesserung der Radwege vorzulegen. Die\n"
        "Ortsbeiräte sind bei der Erarbeitung zu\nbeteiligen.\n"
    )
    spans = [" ".join(text[s.start : s.end].split()) for s in segments(text)]
    assert spans[-1] == "Die Ortsbeiräte sind bei der Erarbeitung zu beteiligen."


def test_a_declared_readiness_promises_the_act() -> None:
    text = MINUTES + "Die Verwaltung erklärte sich bereit, die fehlenden Zahlen nachzuliefern."
    assert found(text) == [("Verwaltung", "commitment")]


def test_the_next_meeting_of_the_minutes_body_is_scheduled_for_it() -> None:
    text = (
        "Niederschrift über die Sitzung des Sozialausschusses am 01.02.2024\n\n"
        "TOP 9 Verschiedenes\nDie nächste Sitzung findet am 14. März 2024 im Rathaus statt.\n"
    )
    assert found(text) == [("Sozialausschuss", "scheduled")]


def test_a_deliberation_passive_in_a_session_report_is_the_councils() -> None:
    text = (
        "Aus der Sitzung des Gemeinderates\n\nÜber die Gestaltung des Dorfplatzes soll in der "
        "Sitzung im September entschieden werden.\n"
    )
    assert [a for a, _ in found(text)] == ["Gemeinderat"]


@pytest.mark.parametrize(
    "text",
    [
        "Aus der Sitzung des Gemeinderates\n\nDie Gestaltung des Dorfplatzes wurde beraten.\n",
        "Niederschrift über die Sitzung des Stadtrates\nSitzungstermin: Montag, 04.03.2024\n",
    ],
)
def test_a_body_at_the_end_of_a_heading_line_is_no_member_named(text: str) -> None:
    assert [b.kind for b in extract_text(text).bodies] == ["council"]


def test_a_council_title_before_a_name_on_its_line_is_a_member() -> None:
    assert extract_text("Stadtrat Müller fragt nach dem Radweg.").bodies == []


def test_a_paper_handed_to_a_body_for_deliberation_is_referred_to_it() -> None:
    text = "Beschluss\nDer Antrag wird zur weiteren Beratung an den Hauptausschuss übergeben.\n"
    assert found(text) == [("Hauptausschuss", "referral")]


def test_a_paper_presented_to_a_body_is_the_administrations_act() -> None:
    text = "Beschluss\nDas Konzept wird dem Jugendhilfeausschuss zur Beratung vorgelegt.\n"
    assert [k for _, k in found(text)] != ["referral"]


@pytest.mark.parametrize(
    ("before", "duty", "actor"),
    [
        (
            "Der Bürgermeister berichtet über die Haushaltslage.",
            "Er wird gebeten, die Kosten zu ermitteln.",
            "Bürgermeister",
        ),
        (
            "Die Arbeitsgruppe Verkehr hat getagt.",
            "Sie wird gebeten, bis Mai einen Vorschlag zu machen.",
            "Arbeitsgruppe Verkehr",
        ),
    ],
)
def test_a_pronoun_subject_acts_for_the_body_named_before(
    before: str, duty: str, actor: str
) -> None:
    assert [a for a, _ in found(MINUTES + before + " " + duty)] == [actor]


def test_a_pronoun_takes_no_body_of_the_other_gender() -> None:
    text = MINUTES + "Der Rat hat die Maßnahme beschlossen. Sie soll im Mai beginnen."
    assert all(a != "Rat" for a, _ in found(text))


def test_a_law_as_subject_binds_nobody_this_text_addresses() -> None:
    text = (
        "Antrag der Fraktion Bürgerliste\n\nBegründung:\nDas Onlinezugangsgesetz verpflichtet "
        "die Kommunen seit Jahren, ihre Leistungen auch digital anzubieten."
    )
    assert found(text) == []


def test_items_under_a_motion_that_name_a_body_or_state_something_are_no_requests() -> None:
    text = (
        "Antrag der Fraktion XY\n\nSehr geehrter Herr Bürgermeister,\nwir beantragen:\n"
        "1. Die Verwaltung erhielt im Jahr 2019 einen Zuschuss.\n"
        "2. Die Begründung ergibt sich aus der Anlage.\n"
        "3. Die Sitzung des Bauausschusses fand im Januar statt.\n"
        "4. Die Einrichtung einer Tempo-30-Zone in der Schulstraße.\n"
    )
    obligations = extract_text(text).obligations
    assert [o.text for o in obligations] == [
        "Die Einrichtung einer Tempo-30-Zone in der Schulstraße."
    ]


def test_a_pronoun_after_a_person_opening_the_sentence_takes_no_body_named_later() -> None:
    text = MINUTES + (
        "Herr Müller berichtet über den Beschluss des Kreistages. "
        "Er sagt zu, die Zahlen bis Mai nachzureichen."
    )
    assert all(actor != "Kreistag" for actor, _ in found(text))


def test_a_body_in_ung_is_an_actor_as_written() -> None:
    text = MINUTES + "Die Projektleitung sagt zu, bis Mai ein Konzept vorzulegen."
    assert found(text) == [("Projektleitung", "commitment")]


def test_a_past_marker_inside_a_deadline_does_not_make_a_promise_history() -> None:
    text = MINUTES + "Die Verwaltung sagte einen Bericht bis zum letzten Werktag im Mai zu."
    assert found(text) == [("Verwaltung", "commitment")]


def test_an_agreement_that_names_no_body_sets_no_duty() -> None:
    assert found(MINUTES + "Es wurde vereinbart, dass der Winterdienst wie bisher bleibt.") == []


def test_a_temporal_nach_is_no_cited_rule() -> None:
    text = (
        "Beschlussvorlage\n\nBeschlussvorschlag:\nNach Abschluss der Beratungen zur Satzung "
        "ist der Entwurf bis Mai dem Rat vorzulegen.\n"
    )
    assert [k for _, k in found(text)] == ["mandate"]
