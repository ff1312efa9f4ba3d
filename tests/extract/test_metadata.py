"""Document metadata from header zones as council information systems print them."""

from __future__ import annotations

import pytest

from pipeline.extract import metadata


@pytest.mark.parametrize(
    ("text", "doc_type"),
    [
        ("Beschlussvorlage - 0123/2022\n\nBeratungsfolge\n", "Beschlussvorlage"),
        ("Änderungsantrag der SPD-Fraktion zum Haushalt\n", "Änderungsantrag"),
        ("Anfrage der Fraktion DIE LINKE\nBetreff: Radwege\n", "Anfrage"),
        ("Antrag der CDU-Fraktion\nDer Rat möge beschließen:\n", "Antrag"),
        ("Niederschrift über die Sitzung des Bauausschusses\n", "Niederschrift"),
        ("Mitteilungsvorlage\nBetreff: Sachstand\n", "Mitteilung"),
        (
            "Beschluss: einstimmig beschlossen\n\nDer Rat beschließt die Satzung.\n",
            "Beschluss",
        ),
        (
            "Herr Schulz erläutert den Sachstand. Frau Peters fragt nach den Kosten. "
            "Herr Schulz antwortet, dass diese im Haushalt stehen.\n",
            "Niederschrift",
        ),
    ],
)
def test_doc_type(text: str, doc_type: str) -> None:
    assert metadata.doc_type(text) == doc_type


@pytest.mark.parametrize(
    ("text", "ref"),
    [
        ("Beschlussvorlage - ZD/1355/2021\nBetreff: x\n", "ZD/1355/2021"),
        ("Drucksache Nr. 167-17\n", "167-17"),
        ("Vorlage Nr. BV/002/2022\n", "BV/002/2022"),
        ("Betreff\nLive-Streaming\nVorlage\nBV/002/2022\nArt\nBeschlussvorlage\n", "BV/002/2022"),
        ("Antrag der SPD-Fraktion\nBetreff: Radwege\n", None),
    ],
)
def test_reference(text: str, ref: str | None) -> None:
    assert metadata.reference(text) == ref


def test_title_and_date_from_labelled_fields() -> None:
    text = "Vorlage - 12/2020\nBetreff: Sanierung der Grundschule\nDatum: 03.02.2020\n"
    assert metadata.title(text) == "Sanierung der Grundschule"
    assert metadata.document_date(text) == "2020-02-03"


def test_dates_of_other_documents_are_not_the_document_date() -> None:
    assert metadata.document_date("Liveübertragung; hier: Antrag der AfD vom 15.02.2024\n") is None


def test_submitters_from_header_factions() -> None:
    text = "Antrag der Fraktion Bündnis 90/Die Grünen\n\nBeschlussvorschlag:\n"
    assert metadata.submitters(text, ["Fraktion Bündnis 90/Die Grünen"]) == [
        "Fraktion Bündnis 90/Die Grünen"
    ]


def test_empty_document_extracts_nothing() -> None:
    from pipeline.extract import extract_document
    from pipeline.model import Document, Page

    text = " \n\u00a0\n"
    doc = extract_document(Document(source="x", pages=[Page(1, "text-file", text, text=text)]))
    assert (doc.type, doc.bodies, doc.deadlines, doc.obligations) == ("Sonstiges", [], [], [])


def test_pipeline_is_built_once_with_council_components() -> None:
    from pipeline.extract import nlp

    model = nlp()
    assert model is nlp()
    assert model.pipe_names == [
        "lemmatizer",
        "council_sentences",
        "council_bodies",
        "council_morphology",
        "council_deadlines",
        "council_obligations",
    ]
    assert model.lang == "de"


def test_agenda_item_dates_are_not_the_document_date() -> None:
    text = (
        "Tagesordnung\n1. Genehmigung der Niederschrift vom 12.01.2016\n"
        "2. Bekanntgaben\nÖffentliche Gemeinderatssitzung am 16. Februar 2016\n"
    )
    assert metadata.document_date(text) == "2016-02-16"


def test_minutes_open_with_who_said_what() -> None:
    text = "Beschluss: einstimmig\n\nHerr Knauer erläutert den Antrag und verweist auf 2030.\n"
    assert metadata.doc_type(text) == "Niederschrift"
