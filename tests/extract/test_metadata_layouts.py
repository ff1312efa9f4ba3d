"""Metadata of documents written for these tests in the layouts of council systems
(tests/extract/documents/: SessionNet-like form block, ALLRIS-like header, a press report,
a letter-style Antrag), as plain text and as born-digital PDFs whose form block is set in two
columns."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.extract import metadata
from pipeline.extract.metadata import layout

DOCUMENTS = Path(__file__).parent / "documents"
NAMES = sorted(p.stem for p in DOCUMENTS.glob("*.txt"))
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def _expected(name: str) -> dict:
    return json.loads((DOCUMENTS / f"{name}.json").read_text(encoding="utf-8"))


def _check(m: metadata.Metadata, gold: dict) -> None:
    assert (m.type, m.reference, m.title, m.date) == (
        gold["doc_type"],
        gold["reference"],
        gold["title"],
        gold["date"],
    )
    assert m.type_evidence and 0 < m.type_confidence <= 1


@pytest.mark.parametrize("name", NAMES)
def test_text_documents(name: str) -> None:
    text = (DOCUMENTS / f"{name}.txt").read_text(encoding="utf-8")
    m = metadata.read(text, ["SPD-Fraktion"])
    _check(m, _expected(name))
    assert m.submitters == _expected(name)["submitters"]


def _pdf(text: str, path: Path, offset: float) -> None:
    """Set the text on A4; "Label: value" lines of the header in two columns (label left,
    value right, the value `offset` mm lower: 0 puts both on one row)."""
    fpdf = pytest.importorskip("fpdf")
    if not FONT.exists():
        pytest.skip("DejaVu Sans is not installed")
    pdf = fpdf.FPDF(format="A4")
    pdf.add_font("dejavu", fname=str(FONT))
    pdf.set_font("dejavu", size=10)
    pdf.add_page()
    y = 20.0
    for i, line in enumerate(text.split("\n")):
        fields = layout.inline_fields(line) if i < 20 else []
        if len(fields) == 1 and ":" in line and line.index(":") < 25:
            label, value = line.split(":", 1)
            pdf.text(20, y, label + ":")
            pdf.text(70, y + offset, value.strip())
            y += 5 + offset
        else:
            pdf.text(20, y, line)
            y += 5
        if y > 280:
            pdf.add_page()
            y = 20.0
    pdf.output(str(path))


def _pdf_beside(text: str, path: Path) -> None:
    """The letterhead in a left column and the form block in a right column, row by row."""
    fpdf = pytest.importorskip("fpdf")
    if not FONT.exists():
        pytest.skip("DejaVu Sans is not installed")
    lines = text.split("\n")
    head = [ln for ln in lines[:4] if ln.strip()]
    form = [ln for ln in lines[4:12] if layout.inline_fields(ln)]
    rest = [ln for ln in lines[4:] if ln not in form]
    pdf = fpdf.FPDF(format="A4")
    pdf.add_font("dejavu", fname=str(FONT))
    pdf.set_font("dejavu", size=10)
    pdf.add_page()
    y = 20.0
    for i in range(max(len(head), len(form))):
        if i < len(head):
            pdf.text(20, y, head[i])
        if i < len(form):
            pdf.text(110, y, form[i])
        y += 5
    for line in rest:
        pdf.text(20, y, line)
        y += 5
    pdf.output(str(path))


@pytest.mark.parametrize("offset", [0.0, 2.5, None])
@pytest.mark.parametrize("name", ["sessionnet-vorlage", "allris-mitteilung"])
def test_born_digital_pdfs_with_columns(tmp_path: Path, name: str, offset: float | None) -> None:
    from pipeline.model import Options
    from pipeline.process import process

    source = tmp_path / f"{name}.pdf"
    text = (DOCUMENTS / f"{name}.txt").read_text(encoding="utf-8")
    if offset is None:
        _pdf_beside(text, source)
    else:
        _pdf(text, source, offset)
    doc = process(source, Options(correct=False))
    assert all(p.method == "text-layer" for p in doc.pages)
    gold = _expected(name)
    assert (doc.type, doc.reference, doc.title, doc.date) == (
        gold["doc_type"],
        gold["reference"],
        gold["title"],
        gold["date"],
    )
    assert doc.to_record()["document"]["type_evidence"]


def test_labels_first_then_values_pair_by_shape() -> None:
    text = (
        "Anfrage\nDatum\nNummer\nöffentlich\n13.10.2025\nF0325/25\n\nAbsender\nFraktion Blau\n"
        "Kurztitel\nWie teuer wird der Tunnel\nam Hauptbahnhof?\n\nSehr geehrte Frau "
        "Oberbürgermeisterin,\nwir fragen die Verwaltung:\n1. Was kostet der Tunnel?\n"
    )
    m = metadata.read(text)
    assert (m.type, m.reference, m.date) == ("Anfrage", "F0325/25", "2025-10-13")
    assert m.title == "Wie teuer wird der Tunnel am Hauptbahnhof?"
    assert m.submitters == ["Fraktion Blau"]


def test_letterhead_is_never_the_title() -> None:
    text = (
        "Stadt Beispiel\nDer Oberbürgermeister\nGedruckt auf Recyclingpapier\nVorlage\n\n"
        "Neubau der Feuerwache Nord\n"
    )
    assert metadata.read(text).title == "Neubau der Feuerwache Nord"


def test_meeting_dates_in_the_body_are_not_the_document_date() -> None:
    text = (
        "Antrag der Fraktion Grün\nRadweg an der Hauptstraße\n\nDer Rat möge beschließen:\n"
        "Die Verwaltung legt bis zur Sitzung am 12.05.2024 einen Plan vor.\n"
    )
    assert metadata.read(text).date is None


def test_a_list_of_numbered_decisions_has_no_own_number() -> None:
    text = (
        "Beschlüsse aus der 3. Sitzung des Kreistages\n"
        "Beschluss 1:\nVorlage BV-KT 011/2025\nDer Kreistag beschließt den Haushalt.\n"
        "Beschluss 2:\nVorlage BV-KT 012/2025\nDer Kreistag wählt Herrn X.\n"
    )
    m = metadata.read(text)
    assert (m.type, m.reference) == ("Beschluss", None)


@pytest.mark.parametrize(
    ("line", "ref"),
    [
        ("Drucksache 21/4711", "21/4711"),
        ("Vorlage Nr.: VO/2021/123", "VO/2021/123"),
        ("Beschlussvorlage - 2022/BV/3187", "2022/BV/3187"),
        ("Drucksachen-Nr.: DS 062a/2016", "DS 062a/2016"),
        ("Vorlage - ZD/1355/2021", "ZD/1355/2021"),
        ("Mündliche Anfrage Drs.-Nr. 1773/XXI", "1773/XXI"),
        ("Antrag vom 26.05.2012, OF 180/1", "OF 180/1"),
        ("Leipzig Vorlage VII-DS-01234", "VII-DS-01234"),
        ("GRDrs 123/2020", "123/2020"),
    ],
)
def test_reference_patterns_of_council_systems(line: str, ref: str) -> None:
    assert metadata.read(f"Stadt Beispiel\n{line}\nBetreff: Radwege\n").reference == ref


def test_cited_papers_are_not_the_reference() -> None:
    text = "Beschluss:\nDer Antrag der Fraktion Nr. 173/2011 vom 03.04.2011 wird abgelehnt.\n"
    assert metadata.read(text).reference is None


def test_letter_spaced_headings_are_read() -> None:
    text = "Gemeinde Beispiel\n\nN i e d e r s c h r i f t\nüber die Sitzung des Rates\n"
    m = metadata.read(text)
    assert m.type == "Niederschrift"
    assert m.type_evidence.startswith("heading Niederschrift")


def test_an_address_block_does_not_hide_the_type_heading() -> None:
    text = (
        "Fraktion Bunt im Rat der Stadt Beispiel\nRathausplatz 1\n12345 Beispiel\n"
        "Herrn Bürgermeister\nHerrn Max Muster\nRathaus\nDatum: 03.02.2025\nz. Hd. Ratsbüro\n"
        "Antrag\nEinrichtung eines Jugendbeirates\nDie Verwaltung wird beauftragt, eine Satzung "
        "vorzulegen.\n"
    )
    m = metadata.read(text)
    assert (m.type, m.title, m.date) == ("Antrag", "Einrichtung eines Jugendbeirates", "2025-02-03")
