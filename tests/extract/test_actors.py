"""The actor from the clause's grammar: the argument in the role the construction names, as
written, also where the gazetteer knows no body of that name; our own sentences, in the
styles of several Länder."""

from __future__ import annotations

import pytest
from conftest import extract_text


def actors(text: str) -> list[str | None]:
    return [o.actor for o in extract_text(text).obligations]


@pytest.mark.parametrize(
    ("sentence", "actor"),
    [
        # the subject of the passive mandate acts; the dative of the infinitive receives
        ("Die Samtgemeinde wird beauftragt, dem Rat bis Juni zu berichten.", "Samtgemeinde"),
        ("Die Gemeinde wird gebeten, dem Ortsrat die Planung vorzustellen.", "Gemeinde"),
        (
            "Das Amt Hüttener Berge wird gebeten, eine Kostenschätzung einzuholen.",
            "Amt Hüttener Berge",
        ),
        ("Die Geschäftsstelle wird beauftragt, die Einladungen zu versenden.", "Geschäftsstelle"),
        # a genitive attribute names the body of an office
        (
            "Die Leitung des Fachbereichs Jugend wird beauftragt, ein Konzept zu erstellen.",
            "Fachbereich Jugend",  # the most complete name the text gives
        ),
        # "der X" after the verb is the subject; the accusative object is the addressee
        (
            "Deshalb beauftragt der Gemeinderat die Verwaltung, die Kosten zu ermitteln.",
            "Verwaltung",
        ),
        # Hessen, Berlin, Kreise
        (
            "Die Stadtverordnetenversammlung ersucht den Magistrat, ein Gutachten einzuholen.",
            "Magistrat",
        ),
        ("Das Bezirksamt wird ersucht, ein Parkraumkonzept zu erarbeiten.", "Bezirksamt"),
        ("Der Kreisausschuss hat dem Kreistag jährlich zu berichten.", "Kreisausschuss"),
    ],
)
def test_actor_is_the_argument_of_the_mandate(sentence: str, actor: str) -> None:
    assert actors("Beschlussvorschlag:\n" + sentence) == [actor]


def test_a_person_acts_for_the_body_named_beside_the_name() -> None:
    text = (
        "Niederschrift\n\nTOP 4 Anfragen\n"
        "Frau Jansen vom Ordnungsamt sagt zu, die Beschilderung prüfen zu lassen."
    )
    assert actors(text) == ["Ordnungsamt"]


def test_the_second_construction_names_the_body_when_the_first_names_a_person() -> None:
    text = (
        "Protokoll\n\nHerr Albers bot an, die Moderation zu übernehmen, und bat die "
        "Fraktionen, bis Ende Mai Namen zu nennen."
    )
    assert actors(text) == ["Fraktionen"]


def test_implicit_passive_takes_the_body_of_the_mandate_before_it() -> None:
    text = (
        "Beschluss:\nDer Gemeindevorstand wird beauftragt, die Sanierung der Halle "
        "auszuschreiben.\nDabei sind die Vereine frühzeitig zu beteiligen."
    )
    assert actors(text) == ["Gemeindevorstand", "Gemeindevorstand"]


def test_a_thing_as_subject_is_no_actor() -> None:
    """ "soll … vorliegen" may have any subject: only a named body acts."""
    text = "Beschluss:\nDer Entwurf des Radverkehrsplans soll im Herbst vorliegen."
    assert actors(text) in ([], [None])


def test_anfrage_request_header_is_the_obligation_of_the_asked_body() -> None:
    text = (
        "Anfrage der Fraktion Die Linke\n\nWir fragen die Verwaltung:\n"
        "1. Wie viele Wohnungen stehen leer?\n2. Was unternimmt die Stadt dagegen?"
    )
    doc = extract_text(text)
    assert [(o.text, o.actor) for o in doc.obligations] == [
        ("Wir fragen die Verwaltung:", "Verwaltung")
    ]


def test_a_body_that_deliberates_acts_where_it_meets() -> None:
    text = (
        "Protokoll\n\nTOP 3 Radverkehr\nIn der nächsten Sitzung des Verkehrsausschusses "
        "soll der Punkt erneut beraten werden."
    )
    assert actors(text) == ["Verkehrsausschuss"]


def test_the_organisation_in_parenthesis_after_a_name_acts_for_the_person() -> None:
    text = (
        "Niederschrift\n\nTOP 2 Breitband\nFrau Roth (Stadtwerke Nord) sagt zu, die "
        "Ausbaukarte bis Ende Juni nachzureichen."
    )
    assert actors(text) == ["Stadtwerke Nord"]
