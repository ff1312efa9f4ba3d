"""Extraction on the corpus documents as they really arrive: typeset PDFs, scans of them, and
photocopies, each scored against the same gold as the plain text (issue 9's variant targets).

Variants of every corpus text (all rendered here, deterministically):
- ``text``: the plain text (the dev figure);
- ``typeset``: a born-digital A4 PDF (DejaVu Sans 11 pt, 28 lines a page) with a running header
  and a "Seite n von m" footer on each page, read through pdfplumber like any council PDF;
- ``scanned``: that PDF rasterised at 300 dpi with an office-scan look, OCRed by the pipeline;
- ``photocopy``: the text rendered and put through a photocopy of a photocopy (200 dpi), OCRed.

Each variant goes through the whole pipeline (`process`, correction on). Printed: obligations,
actor, bodies and deadline figures per variant, the ratio of its obligations F1 to the text's,
and how many records carry header or footer words (target: none).
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from scripts import scans
from scripts.eval_extraction import SHARED, Score, cases, score_doc

VARIANTS = ("text", "typeset", "scanned", "photocopy")
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
HEADER = "Sitzungsdienst · Druckansicht aus dem Ratsinformationssystem"
FOOTER = "Seite {page} von {pages}"
LINES_PER_PAGE = 28
FURNITURE_WORDS = ("druckansicht", "ratsinformationssystem", "sitzungsdienst")


def typeset_pdf(text: str, path: Path) -> None:
    """A born-digital PDF of `text` with a running header and a page footer."""
    from fpdf import FPDF  # noqa: PLC0415 - dev dependency

    font = scans._font(46)  # only for measuring line widths the way fpdf will set them
    lines = scans.wrap_lines(text, font, 2480 - 2 * 300)
    chunks = [lines[i : i + LINES_PER_PAGE] for i in range(0, max(len(lines), 1), LINES_PER_PAGE)]
    pdf = FPDF(format="A4", unit="mm")
    pdf.set_auto_page_break(False)
    pdf.add_font("DejaVu", fname=str(FONT))
    for number, chunk in enumerate(chunks, 1):
        pdf.add_page()
        pdf.set_font("DejaVu", size=8)
        pdf.set_xy(25, 10)
        pdf.cell(text=HEADER)
        pdf.set_xy(25, 284)
        pdf.cell(text=FOOTER.format(page=number, pages=len(chunks)))
        pdf.set_font("DejaVu", size=11)
        for i, line in enumerate(chunk):
            if line:
                pdf.set_xy(25, 25 + i * 9)
                pdf.cell(text=line)
    pdf.output(str(path))


def scanned_pdf(typeset: Path, path: Path, seed: int) -> None:
    """Print the typeset PDF and scan it back: 300 dpi, office-scan look, image-only PDF."""
    import pypdfium2  # noqa: PLC0415

    pdf = pypdfium2.PdfDocument(str(typeset))
    pages = []
    for i in range(len(pdf)):
        image = pdf[i].render(scale=300 / 72).to_pil().convert("L")
        pages.append(scans.ScanPage(scans.office(image, seed + i), ""))
    pdf.close()
    scans.save_pdf(pages, path)


def make_input(text: str, variant: str, folder: Path, seed: int) -> Path:
    if variant == "text":
        path = folder / "input.txt"
        path.write_text(text, encoding="utf-8")
    elif variant == "typeset":
        path = folder / "input.pdf"
        typeset_pdf(text, path)
    elif variant == "scanned":
        typeset_pdf(text, folder / "typeset.pdf")
        path = folder / "input.pdf"
        scanned_pdf(folder / "typeset.pdf", path, seed)
    else:
        path = folder / "input.pdf"
        scans.save_pdf(scans.scan(text, "photocopy", seed=seed), path)
    return path


def run_one(job: tuple[str, str, int]) -> dict:
    """Render one document in one variant and run it through the pipeline: its record."""
    from pipeline.model import Options  # noqa: PLC0415
    from pipeline.process import process  # noqa: PLC0415

    text, variant, seed = job
    with tempfile.TemporaryDirectory(prefix="council-variant-") as tmp:
        path = make_input(text, variant, Path(tmp), seed)
        doc = process(path, Options(jobs=1))
        return doc.to_record()


def furniture(record: dict) -> int:
    """Records (obligations, deadlines, bodies) that contain header or footer words."""
    texts = [o["text"] for o in record["obligations"]]
    texts += [d["text"] for d in record["deadlines"]]
    texts += [b["name"] or b["mention"] or "" for b in record["bodies"]]
    return sum(any(w in (t or "").lower() for w in FURNITURE_WORDS) for t in texts)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--variants", nargs="*", default=list(VARIANTS), choices=VARIANTS)
    parser.add_argument("--limit", type=int, help="only the first N corpus documents")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    if not (SHARED / "corpus").is_dir():
        print(f"eval_variants: {SHARED}/corpus is absent; the dev corpus is needed.")
        return 0
    docs = [(t, g) for t, g in cases(SHARED) if t.parent.name == "corpus"][: args.limit]
    golds = [json.loads(g.read_text(encoding="utf-8")) for _, g in docs]
    texts = [t.read_text(encoding="utf-8") for t, _ in docs]
    base_f1 = None
    print(f"documents: {len(docs)}")
    for variant in args.variants:
        started = time.perf_counter()
        jobs = [(text, variant, 7 + i) for i, text in enumerate(texts)]
        with ProcessPoolExecutor(max_workers=args.workers) as pool:
            records = list(pool.map(run_one, jobs))
        s = Score()
        for record, gold, text in zip(records, golds, texts, strict=True):
            score_doc(s, record, gold, text, baseline=False)
        f1 = _f1(s)
        base_f1 = f1 if variant == "text" else base_f1
        ratio = f" ({f1 / base_f1:.2f} × text)" if base_f1 and variant != "text" else ""
        out = io.StringIO()
        out.write(f"{variant:<10} obligations {s.prf('obl')}{ratio}\n")
        out.write(f"{'':<10} actor {s.acc('actor')}  bodies {s.prf('bod')}\n")
        out.write(f"{'':<10} deadlines {s.prf('dl')}  type {s.acc('type')}\n")
        out.write(f"{'':<10} records with header/footer words: {sum(map(furniture, records))}")
        print(out.getvalue() + f"  ({time.perf_counter() - started:.0f} s)", flush=True)
    return 0


def _f1(s: Score) -> float:
    tp, fp, fn = s.c["obl_tp"], s.c["obl_fp"], s.c["obl_fn"]
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


if __name__ == "__main__":
    sys.exit(main())
