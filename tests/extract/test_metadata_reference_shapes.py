"""The document's own number in the shapes the big council systems print (SessionNet, ALLRIS,
more!rubin, SD.NET, Drucksachen of city states), in each place a form puts it, read back exactly
as printed: no label text, no suffix lost, no "vom …" date, no cited paper's number."""

from __future__ import annotations

import pytest

from pipeline.extract import metadata

SHAPES = [
    "VO/2021/123",  # SessionNet
    "DS/0123/2021",  # ALLRIS with a type prefix
    "0123/2021",  # ALLRIS
    "2021/0140",  # SD.NET
    "21/4711",  # Drucksache of a city state (legislative period / number)
    "123/21",  # "Vorlage Nr. 123/21"
    "VO/2021/123-1",  # a follow-up paper: suffix "-1"
    "0123/2021/1",  # suffix "/1"
    "062a/2016",  # suffix letter
    "2022/BV/3187",  # year / type / number
    "1773/XXI",  # number / legislative period in Roman numerals
    "A0283/24/1",
    "MV-0117/2022",
]
BODY = (
    "\nBetreff: Sanierung der Turnhalle\n\nSachverhalt:\n"
    "Die Turnhalle ist 50 Jahre alt. Die Verwaltung schlägt die Sanierung vor.\n"
)
LAYOUTS = {
    "type heading, dash": "Beschlussvorlage - {ref}" + BODY,
    "type heading in capitals, Nr.": "BESCHLUSSVORLAGE Nr. {ref}" + BODY,
    "label and value on one line": "Stadt Musterstadt\nBeschlussvorlage\nVorlage-Nr.: {ref}\n"
    "Datum: 03.03.2021" + BODY,
    "label on one line, number on the next": "Stadt Musterstadt\nBeschlussvorlage\n"
    "Vorlage-Nr.:\n{ref}\nDatum:\n03.03.2021" + BODY,
    "labels first, values after them": "Beschlussvorlage\nDrucksache\nDatum\nStatus\n{ref}\n"
    "03.03.2021\nöffentlich" + BODY,
    "number with its date": "Mitteilungsvorlage\nDrucksache Nr. {ref} vom 03.03.2021" + BODY,
    "an earlier paper named below": "Beschlussvorlage\nVorlage Nr.: {ref}\n"
    "Bezug: Vorlage Nr. 0815/2019" + BODY,
    "an earlier paper named above": "Mitteilungsvorlage zur Anfrage Drucksache 0815/2019\n"
    "Drucksache: {ref}" + BODY,
    "header row with other columns": "Beschlussvorlage öffentlich Vorlage {ref} Datum 03.03.2021"
    + BODY,
    "tab-separated row": "Vorlage-Nr.:\t{ref}\tDatum:\t03.03.2021\nBeschlussvorlage" + BODY,
    "in the heading's running text": "Anfrage der CDU-Fraktion (Drs.-Nr. {ref})\n"
    "Wir fragen die Verwaltung:\nWie alt ist die Turnhalle?\n",
}


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_every_shape_in_every_place_reads_as_printed(layout: str) -> None:
    wrong = {
        ref: got
        for ref in SHAPES
        if (got := metadata.reference(LAYOUTS[layout].format(ref=ref))) != ref
    }
    assert not wrong


@pytest.mark.parametrize(
    ("text", "ref"),
    [
        # a spaced dash ends the number: "- 1. Ergänzung" names the supplement, not a suffix
        ("Beschlussvorlage\nVorlage Nr.: 123/21 - 1. Ergänzung" + BODY, "123/21"),
        # "Bezug:" over its own number, under a type heading still waiting for a number
        ("Beschlussvorlage\nBezug:\n0123/2009\nVorlage:\n0456/2010" + BODY, "0456/2010"),
        ("Beschlussvorlage\nVorlage:\n0456/2010\nBezug:\n0123/2009" + BODY, "0456/2010"),
        # labels in a run, values in a run: the block order still pairs them
        (
            "Vorlage\nVorlage-Nr:\nDatum:\nFederführung:\nBV/045/2022\n12.03.2022\nAmt 10" + BODY,
            "BV/045/2022",
        ),
        ("Kleine Anfrage Nr. 18/2024\nder Kreistagsfraktion DIE LINKE" + BODY, "18/2024"),
        ("A N T R A G\nDrucksachen-Nr.: A/0045/2023" + BODY, "A/0045/2023"),
        ("Drucksache 21/4711 vom 03.03.2021\nBeschlussvorlage" + BODY, "21/4711"),
        ("Beschlussvorlage\nDrucksache Nr. 21/4711 (neu)" + BODY, "21/4711"),
        # the type heading names its own number after the sender, in brackets or after a dash
        (
            "Antrag der SPD-Fraktion (Drucksache 0123/2024)\nDer Rat möge beschließen:\n"
            "Die Turnhalle wird saniert.\n",
            "0123/2024",
        ),
        ("Anfrage der CDU-Fraktion - Vorlage 0123/2024\nWir fragen: Wann?\n", "0123/2024"),
        # one agenda item's page, headed by the item with its paper's number
        (
            "TOP 5 Haushaltssatzung 2015 (Drucksache 0456/2014)\nHerr Maier erläutert die "
            "Vorlage.\nBeschluss: einstimmig beschlossen\n",
            "0456/2014",
        ),
    ],
)
def test_number_as_printed(text: str, ref: str) -> None:
    assert metadata.reference(text) == ref


@pytest.mark.parametrize(
    "text",
    [
        # the heading names the paper it answers: that number is the Anfrage's
        "Mitteilung der Verwaltung zur Anfrage Nr. 0815/2020" + BODY,
        "Stellungnahme der Verwaltung betreffend Antrag Nr. 112/2023" + BODY,
        "Beschlussvorlage\nAktenzeichen: 61/0815/2020" + BODY,
        "Beschlussvorlage\nBezug:\n0123/2009" + BODY,
        "Antrag der SPD-Fraktion zur Vorlage 0815/2020\nDer Rat möge beschließen:\n",
        # minutes: an item of the agenda names the paper discussed there, not the minutes' own
        "Niederschrift\nTagesordnung:\nTOP 5 Haushalt (Drucksache 0456/2014)\nText.\n",
    ],
)
def test_cited_number_is_not_the_own(text: str) -> None:
    assert metadata.reference(text) is None


@pytest.mark.parametrize(
    "head",
    [
        "| Vorlage-Nr. | Datum | Status |\n| 2022/0815 | 12.03.2022 | öffentlich |",
        "Vorlage-Nr.   Datum   Status\n2022/0815   12.03.2022   öffentlich",
        "Vorlage-Nr.\tDatum\n2022/0815\t12.03.2022",
        "Drucksache Datum\n2022/0815 12.03.2022",
        "Datum Vorlage-Nr.\n12.03.2022 2022/0815",
    ],
    ids=["markdown table", "wide gaps", "tabs", "single spaces", "date first"],
)
def test_a_row_of_labels_over_a_row_of_values(head: str) -> None:
    """A form set in columns and read row by row: the labels in one row, their values in the
    next, in the same order."""
    m = metadata.read(head + "\nBeschlussvorlage" + BODY)
    assert (m.reference, m.date) == ("2022/0815", "2022-03-12")
    assert m.found["reference"].startswith("field")


def test_a_status_word_before_the_type_heading() -> None:
    assert metadata.reference("Öffentliche Beschlussvorlage\n2022/0815" + BODY) == "2022/0815"
