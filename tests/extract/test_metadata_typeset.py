"""Metadata read from typeset PDFs: the text wrapped to the column by the PDF's own layout
(fpdf2's multi_cell), a running header in small print above and "Seite n von m" below on every
page. The same documents as plain text and as such PDFs must give the same metadata."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.extract import metadata
from pipeline.extract.metadata import wrap

DOCUMENTS = Path(__file__).parent / "documents"
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
HEADER = "Sitzungsdienst · Druckansicht aus dem Ratsinformationssystem"


def _typeset(text: str, path: Path, header: str = HEADER) -> None:
    fpdf = pytest.importorskip("fpdf")
    if not FONT.exists():
        pytest.skip("DejaVu Sans is not installed")

    class Page(fpdf.FPDF):  # type: ignore[misc, name-defined]
        def header(self) -> None:
            self.set_font("dejavu", size=8)
            self.cell(text=header)
            self.ln(10)
            self.set_font("dejavu", size=11)

        def footer(self) -> None:
            self.set_y(-15)
            self.set_font("dejavu", size=8)
            self.cell(text=f"Seite {self.page_no()} von {{nb}}")

    pdf = Page(format="A4")
    pdf.add_font("dejavu", fname=str(FONT))
    pdf.set_margins(25, 12, 25)
    pdf.add_page()
    for line in text.split("\n"):
        pdf.multi_cell(0, 6, line or " ", new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))


def _read_pdf(path: Path) -> tuple[str, metadata.Metadata]:
    from pipeline.model import Options
    from pipeline.process import process

    text = process(path, Options(correct=False, extract=False)).text
    return text, metadata.read(text, printed=True)


@pytest.mark.parametrize("name", sorted(p.stem for p in DOCUMENTS.glob("*.txt")))
def test_typeset_pdf_reads_like_the_text(tmp_path: Path, name: str) -> None:
    text = (DOCUMENTS / f"{name}.txt").read_text(encoding="utf-8")
    _typeset(text, tmp_path / "doc.pdf")
    layer, m = _read_pdf(tmp_path / "doc.pdf")
    gold = json.loads((DOCUMENTS / f"{name}.json").read_text(encoding="utf-8"))
    assert (m.type, m.reference, m.title, m.date) == (
        gold["doc_type"],
        gold["reference"],
        gold["title"],
        gold["date"],
    )


def test_title_over_two_lines_is_joined(tmp_path: Path) -> None:
    title = (
        "Errichtung eines weiteren öffentlich zugänglichen Trinkbrunnens am neu gestalteten "
        "Marktplatz im Ortsteil Oberhausen"
    )
    text = (
        f"Antrag: {title}\n"
        "Sehr geehrter Herr Bürgermeister,\n"
        "die Fraktion stellt folgenden Antrag:\n"
        "Die Verwaltung wird beauftragt, auf dem Marktplatz einen Trinkbrunnen zu errichten "
        "und die Kosten dafür im Haushalt des kommenden Jahres vorzusehen.\n"
    )
    _typeset(text, tmp_path / "antrag.pdf")
    layer, m = _read_pdf(tmp_path / "antrag.pdf")
    assert title not in layer  # the PDF did break the title
    assert m.title == title
    assert m.type == metadata.read(text).type == "Antrag"


def test_running_header_is_not_the_heading(tmp_path: Path) -> None:
    text = (
        "Niederschrift\n"
        "über die öffentliche Sitzung des Bauausschusses der Gemeinde Beispielfeld am "
        "Dienstag, dem 12.03.2024, um 18:00 Uhr im Sitzungssaal des Rathauses.\n"
        "Der Vorsitzende eröffnet die Sitzung und stellt die ordnungsgemäße Ladung und die "
        "Beschlussfähigkeit fest.\n"
        "TOP 1 Genehmigung der Niederschrift der letzten Sitzung\n"
        "Der Ausschuss genehmigt die Niederschrift einstimmig.\n"
    )
    _typeset(text, tmp_path / "protokoll.pdf")
    layer, m = _read_pdf(tmp_path / "protokoll.pdf")
    assert layer.splitlines()[0].startswith("Sitzungsdienst")
    plain = metadata.read(text)
    assert (m.type, m.title, m.date) == (plain.type, plain.title, plain.date)
    assert m.type == "Niederschrift"


def test_minutes_sentence_wrapped_is_no_title(tmp_path: Path) -> None:
    """A fragment of minutes that opens with running text has no title, also when the PDF
    breaks its first sentence so that the first line no longer ends like a sentence. (The
    column width is read from the lines that fill it: a paragraph of one printed line and a
    half does not show it, and stays unjoined.)"""
    text = (
        "Die Verwaltung wird beauftragt, bis zur nächsten Sitzung des Ausschusses einen "
        "Bericht über den Zustand der Spielplätze in allen Ortsteilen vorzulegen. Dabei sind "
        "die Kosten der notwendigen Reparaturen und die Wünsche der Ortsräte darzustellen, "
        "und zwar getrennt nach Ortsteilen und nach der Dringlichkeit der Maßnahmen.\n"
        "Abstimmungsergebnis: einstimmig\n"
    )
    _typeset(text, tmp_path / "beschluss.pdf")
    _, m = _read_pdf(tmp_path / "beschluss.pdf")
    assert metadata.read(text).title is None
    assert m.title is None


def test_plain_text_is_left_as_it_is() -> None:
    text = (
        "Beschlussvorlage\nBetreff: Neubau der Feuerwache Nord\n\n"
        "Der Rat beschließt den Neubau der Feuerwache Nord an der Industriestraße, wie in der "
        "Anlage dargestellt, und beauftragt die Verwaltung mit der Ausschreibung.\n"
        "Begründung:\nDie bestehende Wache entspricht nicht mehr den Anforderungen.\n"
    )
    assert wrap.unwrap(text) == text


def test_furniture_lines() -> None:
    assert wrap.is_furniture("Seite 3 von 12")
    assert wrap.is_furniture("Druckansicht aus dem Ratsinformationssystem der Stadt Beispiel")
    assert not wrap.is_furniture("Antrag der SPD-Fraktion zur Sanierung der Grundschule")


def test_unwrap_joins_only_what_the_layout_broke() -> None:
    printed = (
        "Druckansicht aus dem Ratsinformationssystem\n"
        "Beschluss:\n"
        "Zu diesem Tagesordnungspunkt verlässt Gemeindevertreter Feddersen den\n"
        "Raum.\n"
        "Der Ausschuss nimmt den Bericht zur Kenntnis.\n"
        "1. Die Verwaltung wird beauftragt, die Planung für den Neubau der Schule\n"
        "fortzuführen und dem Ausschuss in der nächsten Sitzung zu berichten.\n"
        "2. Die Mittel werden im Haushalt bereitgestellt.\n"
        "Seite 1 von 1"
    )
    assert wrap.unwrap(printed, printed=True).split("\n") == [
        "Beschluss:",
        "Zu diesem Tagesordnungspunkt verlässt Gemeindevertreter Feddersen den Raum.",
        "Der Ausschuss nimmt den Bericht zur Kenntnis.",
        "1. Die Verwaltung wird beauftragt, die Planung für den Neubau der Schule fortzuführen "
        "und dem Ausschuss in der nächsten Sitzung zu berichten.",
        "2. Die Mittel werden im Haushalt bereitgestellt.",
    ]
