"""The title: the matter a document is about, never the sender, a session line, a list item or
the first sentence of a fragment."""

from __future__ import annotations

import pytest

from pipeline.extract import metadata


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (
            "CSU-Fraktion im Marktgemeinderat Kirchheim\nAn den\nErsten Bürgermeister\n"
            "Antrag: Trinkbrunnen am Marktplatz\nSehr geehrter Herr Bürgermeister,\n",
            "Trinkbrunnen am Marktplatz",
        ),
        (
            "Beschlussauszug\naus der\nSitzung des Stadtrates\nvom 29.06.2021\nTOP Ö 7\n"
            "Erweiterung der Kita Sonnenschein\nBeschluss:\n",
            "Erweiterung der Kita Sonnenschein",
        ),
        (
            "Änderungsantrag zur Vorlage 2023/0140\nHaushaltssatzung 2024\nWir beantragen:\n",
            "Haushaltssatzung 2024",
        ),
        (
            "Änderungsantrag\nder Gruppe SPD/Grüne\nzu TOP 8: Neufassung der Friedhofssatzung\n",
            "Neufassung der Friedhofssatzung",
        ),
        (
            "Sitzung: 24.05.2022 Ratssitzung\nTOP: Ö 9\n"
            "Vorlage: 2022/0155 Parkraumkonzept Innenstadt\n"
            "Wortprotokoll:\nHerr Becker erläutert das Konzept.\n",
            "Parkraumkonzept Innenstadt",
        ),
        (
            "Landratsamt Weidenfels\nPressemitteilung Nr. 112/2023\n21. August 2023\n"
            "Kreistag beschließt Neubau der Berufsschule\nDer Kreistag hat beschlossen.\n",
            "Kreistag beschließt Neubau der Berufsschule",
        ),
    ],
)
def test_title_is_the_matter(text: str, title: str) -> None:
    assert metadata.title(text) == title


@pytest.mark.parametrize(
    "text",
    [
        "Die Verwaltung teilt mit, dass die Brücke erst im September fertig wird. Die Umleitung "
        "bleibt.\n",
        "Der Stadtrat stimmt dem Vertrag zu.\nAbstimmung: einstimmig\n",
        "Die Fraktion Grün beantragt:\nDie Verwaltung prüft eine Solaranlage.\n",
    ],
)
def test_a_fragment_without_heading_has_no_title(text: str) -> None:
    assert metadata.title(text) is None
