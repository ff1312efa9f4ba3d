"""OCR quality and speed: plain `tesseract -l deu` vs the pipeline, on generated scans.

    .venv/bin/python -m scripts.eval_ocr [--docs 10] [--pages 2] [--looks office,photocopy]

Reads the two seed documents and a fixed subset of ../shared/corpus/*.txt (says so and stops
when ../shared is absent), renders them as office and photocopy scans (scripts/scans.py,
seeded), and compares on every page image:
- plain: `tesseract PAGE stdout -l deu` with default settings;
- pipeline: `pipeline.process` on the same image file (no correction, no extraction), its
  pages' clean_text.
CER and WER are computed on whitespace-normalised text against the text as drawn. Both sides
run one page at a time with OMP_THREAD_LIMIT=1, so seconds per page compare like with like.
OCR results are cached in .cache/eval_ocr/ (keyed by the page image and, for the pipeline, by
the source of the OCR modules), so a re-run only redoes what changed. The third look,
"skewed", is an office scan fed in at 1.5–3.5°: it shows what the deskew step buys.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import subprocess
import tempfile
import time
from pathlib import Path

from PIL import Image

from scripts import scans

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CACHE = ROOT / ".cache" / "eval_ocr"
SEEDS = ["seeds/000_852f37829e78c3d6.txt", "seeds/004_truth.txt"]
PIPELINE_SOURCES = [
    "pipeline/ocr/tesseract.py",
    "pipeline/ocr/layout.py",
    "pipeline/ingest/image.py",
]


def skewed(image: Image.Image, seed: int) -> Image.Image:
    """An office scan fed in crooked: 1.5–3.5° of skew (the office look has at most 0.7°)."""
    rng = random.Random(seed)
    angle = rng.uniform(1.5, 3.5) * rng.choice((-1, 1))
    return scans.office(image.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255), seed)


def scan(text: str, look: str, seed: int) -> list[scans.ScanPage]:
    if look != "skewed":
        return scans.scan(text, look, seed=seed)
    pages = scans.render_pages(text)
    return [scans.ScanPage(skewed(p.image, seed + i), p.truth) for i, p in enumerate(pages)]


def corpus_subset(count: int) -> list[Path]:
    """A fixed, spread-out subset: every 9th document of the sorted corpus."""
    files = sorted((SHARED / "corpus").glob("*.txt"))
    return files[::9][:count]


def _pipeline_version() -> str:
    digest = hashlib.sha256()
    for name in PIPELINE_SOURCES:
        digest.update((ROOT / name).read_bytes())
    return digest.hexdigest()[:12]


def _cached(key: str, run) -> dict:
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"{key}.json"
    if path.exists():
        return json.loads(path.read_text(encoding="utf-8"))
    result = run()
    path.write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
    return result


def plain_tesseract(image_path: Path) -> dict:
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    started = time.perf_counter()
    done = subprocess.run(
        ["tesseract", str(image_path), "stdout", "-l", "deu"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    return {"text": done.stdout, "seconds": time.perf_counter() - started}


def pipeline_run(image_path: Path) -> dict:
    from pipeline.model import Options
    from pipeline.process import process  # noqa: PLC0415

    started = time.perf_counter()
    doc = process(image_path, Options(jobs=1, correct=False, extract=False))
    seconds = time.perf_counter() - started
    return {
        "text": "\n".join(p.clean_text for p in doc.pages),
        "seconds": seconds,
        "notes": [n for p in doc.pages for n in p.notes],
    }


def evaluate(files: list[Path], looks: list[str], max_pages: int) -> dict[str, dict]:
    from pipeline.ocr.quality import levenshtein, normalise_space  # noqa: PLC0415

    version = _pipeline_version()
    warm_up()
    totals: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="eval-ocr-") as tmp:
        for look in looks:
            acc = totals.setdefault(look, dict.fromkeys(("chars", "words", "pages"), 0))
            for doc_index, path in enumerate(files):
                seed = 1000 + doc_index
                pages = scan(path.read_text(encoding="utf-8"), look, seed=seed)
                for number, page in enumerate(pages[:max_pages], 1):
                    image_path = Path(tmp) / f"{look}-{doc_index}-{number}.png"
                    page.image.save(image_path, dpi=page.image.info.get("dpi", (300, 300)))
                    key = hashlib.sha256(page.image.tobytes()).hexdigest()[:20]
                    plain = _cached(f"plain-{key}", lambda p=image_path: plain_tesseract(p))
                    ours = _cached(f"pipe-{version}-{key}", lambda p=image_path: pipeline_run(p))
                    truth = normalise_space(page.truth)
                    acc["chars"] += len(truth)
                    acc["words"] += len(truth.split())
                    acc["pages"] += 1
                    page_cer = {}
                    for side, result in (("plain", plain), ("pipeline", ours)):
                        hyp = normalise_space(result["text"])
                        edits = levenshtein(truth, hyp)
                        page_cer[side] = edits / max(len(truth), 1)
                        acc[f"{side}_char_edits"] = acc.get(f"{side}_char_edits", 0) + edits
                        word_edits = levenshtein(truth.split(), hyp.split())
                        acc[f"{side}_word_edits"] = acc.get(f"{side}_word_edits", 0) + word_edits
                        acc[f"{side}_seconds"] = acc.get(f"{side}_seconds", 0.0) + result["seconds"]
                    print(
                        f"  {look:9} {path.name:28} p{number}  CER plain {page_cer['plain']:.4f}"
                        f"  pipeline {page_cer['pipeline']:.4f}",
                        flush=True,
                    )
    return totals


def warm_up() -> None:
    """Load the word list, modules and tesseract's version check once (≈0.3 s per process),
    so that the per-page times are the steady state of a batch run."""
    from pipeline import ingest  # noqa: F401, PLC0415
    from pipeline.ingest import image, pdf, text  # noqa: F401, PLC0415
    from pipeline.ocr import layout, quality, tesseract  # noqa: F401, PLC0415

    quality.word_share("Der Rat beschließt.")
    tesseract.check_engine("deu")
    tesseract.pytesseract.get_tesseract_version()


def samples_section() -> None:
    """The closing-note figures: raw OCR CER of the scanned samples against their truth, and
    seconds per page of the pipeline (on the file as shipped) vs plain tesseract (on the same
    page images), one page at a time."""
    import pypdfium2 as pdfium  # noqa: PLC0415

    from pipeline.model import Options
    from pipeline.ocr.quality import cer  # noqa: PLC0415
    from pipeline.process import process  # noqa: PLC0415

    warm_up()
    print("\nScanned samples (raw OCR text vs truth.gt; time: whole pipeline vs plain tesseract)")
    print(
        f"{'sample':16} {'pages':>5} {'CER plain':>10} {'CER pipe':>9} {'s/page plain':>13} "
        f"{'s/page pipe':>12} {'ratio':>6}"
    )
    for truth_path in sorted((ROOT / "samples").glob("*/truth.gt")):
        (source,) = truth_path.parent.glob("input.*")
        truth = truth_path.read_text(encoding="utf-8").replace("\f", "")
        started = time.perf_counter()
        doc = process(source, Options(jobs=1, correct=False, extract=False))
        pipe_seconds = time.perf_counter() - started
        with tempfile.TemporaryDirectory(prefix="eval-ocr-") as tmp:
            images: list[Path] = []
            if source.suffix == ".pdf":
                pdf = pdfium.PdfDocument(str(source))
                for index in range(len(pdf)):
                    image = pdf[index].render(scale=300 / 72, grayscale=True).to_pil()
                    images.append(Path(tmp) / f"page{index}.png")
                    image.save(images[-1], dpi=(300, 300))
                pdf.close()
            else:
                images.append(source)
            plain = [plain_tesseract(image) for image in images]
        plain_seconds = sum(p["seconds"] for p in plain)
        pages = len(doc.pages)
        print(
            f"{truth_path.parent.name:16} {pages:>5} "
            f"{cer(truth, ' '.join(p['text'] for p in plain)):>10.4f} "
            f"{cer(truth, ' '.join(p.raw_text for p in doc.pages)):>9.4f} "
            f"{plain_seconds / pages:>13.2f} {pipe_seconds / pages:>12.2f} "
            f"{pipe_seconds / plain_seconds:>6.2f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10, help="corpus documents besides the seeds")
    parser.add_argument("--pages", type=int, default=2, help="pages per document at most")
    parser.add_argument("--looks", default="office,photocopy,skewed")
    args = parser.parse_args()
    samples_section()
    if not (SHARED / "corpus").is_dir() or not (SHARED / "seeds").is_dir():
        print(f"eval_ocr: {SHARED} (seeds, corpus) is absent; no corpus OCR figures.")
        return
    print()
    files = [SHARED / s for s in SEEDS] + corpus_subset(args.docs)
    print(f"OCR: {len(files)} documents (2 seeds + {len(files) - 2} corpus), ≤ {args.pages} pages")
    totals = evaluate(files, args.looks.split(","), args.pages)
    print()
    print(
        f"{'look':10} {'pages':>5} {'CER plain':>10} {'CER pipe':>9} {'WER plain':>10} "
        f"{'WER pipe':>9} {'s/page plain':>13} {'s/page pipe':>12} {'ratio':>6}"
    )
    for look, acc in totals.items():
        pages = max(acc["pages"], 1)
        plain_s, pipe_s = acc["plain_seconds"] / pages, acc["pipeline_seconds"] / pages
        print(
            f"{look:10} {acc['pages']:>5} "
            f"{acc['plain_char_edits'] / acc['chars']:>10.4f} "
            f"{acc['pipeline_char_edits'] / acc['chars']:>9.4f} "
            f"{acc['plain_word_edits'] / acc['words']:>10.4f} "
            f"{acc['pipeline_word_edits'] / acc['words']:>9.4f} "
            f"{plain_s:>13.2f} {pipe_s:>12.2f} {pipe_s / plain_s:>6.2f}"
        )
    print("targets: CER photocopy ≤ 0.015, office ≤ 0.02; pipeline time ≤ 1.3 × plain")
    print("CER/WER: whitespace-normalised edit distance over all pages (pipeline: clean_text)")


if __name__ == "__main__":
    main()
