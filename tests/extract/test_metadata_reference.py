"""The document's own number: where council systems print it, and the numbers that only cite
another paper (precision: a body mention gives null, not a wrong number)."""

from __future__ import annotations

import pytest

from pipeline.extract import metadata


@pytest.mark.parametrize(
    ("text", "ref"),
    [
        ("Stadt X\nBV/123/2021\nBeschlussvorlage\nBetreff: Radwege\n", "BV/123/2021"),
        ("Antrag (AN/0012/2023)\nBetreff: Radwege\n", "AN/0012/2023"),
        ("Bezirksverordnetenversammlung\nDrucksache VIII/0456\nKleine Anfrage\n", "VIII/0456"),
        ("GR-Drs. 123/2020\nBetreff: Radwege\n", "123/2020"),
        ("Sitzungsvorlage 2023/045\nBetreff: Radwege\n", "2023/045"),
        (
            "Vorlagennummer:\nVorlageart:\nDatum:\nAN/0123/2022\nAntrag\n14.03.2022\n",
            "AN/0123/2022",
        ),
        ("Drucksachen-Nr.: 0815/2021 Datum: 12.03.2021\n", "0815/2021"),
        ("Stadt Bonn\nDrucksachen-Nr.: 2112345\nBetreff: Radwege\n", "2112345"),
        ("BV-Nr.: 0123/2021\nBetreff: Radwege\n", "0123/2021"),
        ("Sitzungsvorlage Nr. 20-26 / V 04567\nBetreff: Radwege\n", "20-26 / V 04567"),
    ],
)
def test_own_number_where_systems_print_it(text: str, ref: str) -> None:
    assert metadata.reference(text) == ref


@pytest.mark.parametrize(
    "text",
    [
        "Fraktion Blau\nAntrag\nBezug: Vorlage 2023/219 (Haushalt 2024)\n"
        "Der Rat möge beschließen:\n",
        "Niederschrift\nTagesordnung:\n2. Bebauungsplan Nr. 47, Vorlage 0123/2024\nText.\n",
        "Änderungsantrag zur Vorlage 2023/0140\nHaushalt\nWir beantragen:\n",
        "Der Ausschuss empfiehlt, der Vorlage 2021/123 zuzustimmen.\n",
        "Antrag\nRadwege\nBegründung:\n"
        "Schon mit Antrag vom 12.03.2022, Drs. 12/3, baten wir darum.\n",
        "Seite 1\n12/3\nText\n",
    ],
)
def test_numbers_of_other_papers_are_not_the_own(text: str) -> None:
    assert metadata.reference(text) is None


def test_the_type_field_decides_over_a_generic_vorlage_heading() -> None:
    text = (
        "Vorlage - 2024/0033\nVorlage-Art: Mitteilungsvorlage\nDatum: 09.02.2024\n"
        "Betreff: Sachstand Kita-Ausbau\nBeratungsfolge: Sozialausschuss\n"
        "Die Verwaltung berichtet über den Stand des Ausbaus.\n"
    )
    m = metadata.read(text)
    assert (m.type, m.reference) == ("Mitteilung", "2024/0033")
    assert m.type_evidence.startswith("kind Mitteilung")
