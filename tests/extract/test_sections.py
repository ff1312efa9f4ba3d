"""Decision and background parts of a document from the form of their headings, in the
layouts of several councils (none of them from the dev corpus)."""

from __future__ import annotations

import pytest

from pipeline.extract import resources, sections


@pytest.mark.parametrize(
    "line",
    [
        "Beschlussvorschlag der Verwaltung:",
        "Die Stadtverordnetenversammlung möge beschließen:",
        "Der Gemeinderat der Stadt Calw beschließt:",
        "Vorschlag zur Beschlussfassung:",
        "Beschlussempfehlung des Hauptausschusses:",
        "Wir beantragen:",
        "Der Kreistag möge beschließen",
        "Entscheidung:",
    ],
)
def test_decision_headings_by_their_form(line: str) -> None:
    assert sections.heading_kind(line, resources.load("obligations")) == sections.DECISION


@pytest.mark.parametrize(
    "line",
    [
        "Erläuterungen zum Beschlussvorschlag:",
        "Problembeschreibung/Begründung:",
        "Sach- und Rechtslage:",
        "Begründung des Antrags:",
        "Finanzielle Auswirkungen:",
    ],
)
def test_background_headings_by_their_form(line: str) -> None:
    assert sections.heading_kind(line, resources.load("obligations")) == sections.BACKGROUND


@pytest.mark.parametrize(
    "line",
    [
        "Antrag der SPD-Fraktion vom 3. Mai 2024",  # a title, not a heading
        "Beschluss Nr.:",  # a record's field
        "Die Verwaltung wird beauftragt, einen Bericht vorzulegen.",
    ],
)
def test_other_lines_are_no_headings(line: str) -> None:
    assert sections.heading_kind(line, resources.load("obligations")) is None
