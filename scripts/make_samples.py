"""Build samples/ deterministically: scanned, born-digital, image and text inputs.

    python -m scripts.make_samples             # (re)write samples/*/input.* and truth.gt
    python -m scripts.make_samples --expected  # also run the pipeline, write expected.json

The seed documents are read from ../shared/seeds (needed only to rebuild; the outputs are
committed). Scans come from scripts/scans.py; the born-digital PDF (fpdf2, DejaVu Sans) and the
image use text written for this repository.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import UTC, datetime
from pathlib import Path

from scripts import scans

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SEEDS = ROOT.parent / "shared" / "seeds"
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")

HEADER = ["Fraktion Bürgerliste im Stadtrat Musterstadt", "Drucksache 2024/117 vom 14.02.2024"]
ANTRAG_PAGES = [
    [
        "Antrag",
        "an den Stadtrat der Stadt Musterstadt zur Sitzung am 7. März 2024",
        "",
        "Betreff: Erarbeitung einer Digitalisierungsstrategie für die Stadtverwaltung",
        "",
        "Sehr geehrte Frau Oberbürgermeisterin,",
        "",
        "die Fraktion Bürgerliste stellt folgenden Antrag:",
        "",
        "Der Stadtrat beschließt:",
        "",
        "1. Die Verwaltung wird beauftragt, bis zum 30. September 2024 eine Digitalisie-",
        "rungsstrategie mit konkreten Ziel- und Zeitpunkten vorzulegen und diese im Haupt-",
        "und Finanzausschuss vorzustellen.",
        "2. Der Oberbürgermeisterin wird aufgegeben, dem Ausschuss für Umwelt und Verkehr",
        "vierteljährlich über den Stand der Umsetzung zu berichten.",
        "3. Die Kosten der Strategie sind im Haushaltsplan 2025 gesondert auszuweisen.",
        "",
        "Begründung:",
        "",
        "Viele Verwaltungsleistungen können Bürgerinnen und Bürger bis heute nur zu den",
        "Öffnungszeiten im Rathaus in Anspruch nehmen. Das Onlinezugangsgesetz verpflichtet",
        "die Kommunen seit Jahren, ihre Leistungen auch digital anzubieten. Eine abgestimmte",
        "Strategie fehlt bislang; einzelne Ämter haben eigene Lösungen beschafft, die nicht",
        "miteinander verbunden sind. Die Bürger-Initiative „Digitales Rathaus“ hat im",
        "vergangenen Jahr mehr als 1.200 Unterschriften für ein Serviceportal gesammelt.",
        "",
        "Mit einer Strategie kann die Verwaltung Prioritäten setzen, Fördermittel des Landes",
        "gezielt beantragen und die laufenden Kosten der Projekte frühzeitig in der Haushalts-",
    ],
    [
        "planung berücksichtigen. Die Beteiligung der Fraktionen, des Personalrats und der",
        "Öffentlichkeit soll von Beginn an sichergestellt werden.",
        "",
        "Wir bitten um Zustimmung.",
        "",
        "Mit freundlichen Grüßen",
        "",
        "Dr. Anna Beispiel",
        "Fraktionsvorsitzende",
    ],
]
MITTEILUNG = """Stadt Musterstadt
Der Oberbürgermeister
Amt für Schule und Sport

Datum
12.04.2024
Aktenzeichen
40.1/2024-17

Mitteilung an den Schulausschuss

Sanierung der Turnhalle der Grundschule am Park

Die Dachsanierung der Turnhalle hat sich verzögert, weil bei der Öffnung des Daches
Schäden an der Tragkonstruktion festgestellt wurden. Ein Gutachten wurde beauftragt.
Die Verwaltung wird den Ausschuss in seiner nächsten Sitzung über den neuen Zeitplan
unterrichten. Die Arbeiten sollen bis Ende Oktober 2024 abgeschlossen sein; bis dahin
nutzen die Klassen die Halle des Gymnasiums.

Die Mehrkosten von voraussichtlich 85.000 Euro werden aus dem Budget für die
Bauunterhaltung der Schulen gedeckt.
"""


def scanned(name: str, text: str, look: str, seed: int) -> None:
    folder = SAMPLES / name
    folder.mkdir(parents=True, exist_ok=True)
    pages = scans.scan(text, look, seed=seed)
    scans.save_pdf(pages, folder / "input.pdf")
    (folder / "truth.gt").write_text("\n\f".join(p.truth for p in pages) + "\n", encoding="utf-8")


def born_digital(name: str) -> None:
    from fpdf import FPDF  # noqa: PLC0415 - dev dependency, only needed here

    folder = SAMPLES / name
    folder.mkdir(parents=True, exist_ok=True)
    pdf = FPDF(format="A4", unit="mm")
    pdf.set_creation_date(datetime(2024, 2, 14, tzinfo=UTC))
    pdf.set_auto_page_break(False)
    pdf.add_font("DejaVu", fname=str(FONT))
    count = len(ANTRAG_PAGES)
    for number, lines in enumerate(ANTRAG_PAGES, 1):
        pdf.add_page()
        pdf.set_font("DejaVu", size=9)
        for i, line in enumerate(HEADER):
            pdf.set_xy(25, 12 + i * 4.5)
            pdf.cell(text=line)
        pdf.set_xy(25, 282)
        pdf.cell(text=f"Seite {number} von {count}")
        pdf.set_font("DejaVu", size=10.5)
        for i, line in enumerate(lines):
            if not line:
                continue
            pdf.set_xy(25, 32 + i * 8)
            pdf.cell(text=line)
    pdf.output(str(folder / "input.pdf"))


def image(name: str, text: str, look: str, seed: int) -> None:
    folder = SAMPLES / name
    folder.mkdir(parents=True, exist_ok=True)
    (page,) = scans.scan(text, look, seed=seed)
    page.image.save(folder / "input.png", dpi=page.image.info.get("dpi", (300, 300)), optimize=True)
    (folder / "truth.gt").write_text(page.truth + "\n", encoding="utf-8")


def text_file(name: str, source: Path) -> None:
    folder = SAMPLES / name
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "input.txt").write_bytes(source.read_bytes())


def inputs() -> None:
    if not SEEDS.is_dir():
        sys.exit(f"make_samples: {SEEDS} is absent; the seed documents are needed to rebuild")
    seed_000 = SEEDS / "000_852f37829e78c3d6.txt"
    seed_004 = SEEDS / "004_truth.txt"
    scanned("seed-000-scan", seed_000.read_text(encoding="utf-8"), "office", seed=11)
    scanned("seed-004-scan", seed_004.read_text(encoding="utf-8"), "office", seed=12)
    born_digital("antrag-born-digital")
    image("mitteilung-png", MITTEILUNG, "photocopy", seed=13)
    text_file("seed-000-text", seed_000)
    text_file("seed-004-text", SEEDS / "004_a44e3f0d91533863.txt")


def expected() -> None:
    """Run the pipeline on every sample and write its record (without timings)."""
    from pipeline.process import process  # noqa: PLC0415

    os.chdir(ROOT)  # record sources as samples/<name>/input.<ext>
    for folder in sorted(p for p in SAMPLES.iterdir() if p.is_dir()):
        (source,) = folder.glob("input.*")
        record = process(source.relative_to(ROOT)).to_record()
        record.pop("timings", None)
        out = folder / "expected.json"
        out.write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {out.relative_to(ROOT)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--expected", action="store_true", help="also write expected.json")
    parser.add_argument("--only-expected", action="store_true", help="only write expected.json")
    args = parser.parse_args()
    if not args.only_expected:
        inputs()
    if args.expected or args.only_expected:
        expected()


if __name__ == "__main__":
    main()
