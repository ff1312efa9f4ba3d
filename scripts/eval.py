"""`make eval`: every quality figure the issues ask for, in one run, on ../shared (when present).

Sections: OCR (CER of plain tesseract vs the pipeline), correction (vs the naive SymSpell
baseline), extraction (vs the corpus gold, with a dateparser baseline), time (time-expression
spans and values on the gold deadlines, and the tagger's test table), metadata, variants
(extraction on typeset PDFs, scans and photocopies of the corpus texts). `--only NAME` runs one.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import time
from pathlib import Path

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
SECTIONS = {
    "ocr": "scripts.eval_ocr",
    "correction": "scripts.eval_correction",
    "extraction": "scripts.eval_extraction",
    "time": "scripts.eval_time",
    "metadata": "scripts.eval_metadata",
    "variants": "scripts.eval_variants",
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", choices=sorted(SECTIONS), action="append")
    args = parser.parse_args()
    if not (SHARED / "corpus").is_dir():
        print(f"make eval: {SHARED}/corpus is absent; the dev corpus is needed for the figures.")
        return 0
    for name in args.only or list(SECTIONS):
        started = time.perf_counter()
        print(f"\n=== {name} " + "=" * (60 - len(name)), flush=True)
        module = importlib.import_module(SECTIONS[name])
        sys.argv = [SECTIONS[name]]  # each section parses its own (default) arguments
        module.main()
        print(f"({name}: {time.perf_counter() - started:.0f} s)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
