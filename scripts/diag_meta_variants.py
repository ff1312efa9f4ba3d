"""Metadata of each corpus text read as plain text and as the typeset PDF (scripts.eval_variants'
rendering), side by side: where type, title, date or reference differ between the two readings.
The PDF text layers are cached under --cache so that reruns only repeat the metadata reading."""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from scripts.eval_extraction import SHARED, cases
from scripts.eval_variants import typeset_pdf


def pdf_text(text: str) -> str:
    """The text the pipeline reads from the typeset PDF of `text` (all stages before extract)."""
    from pipeline.model import Options  # noqa: PLC0415
    from pipeline.process import process  # noqa: PLC0415

    with tempfile.TemporaryDirectory(prefix="council-diag-") as tmp:
        path = Path(tmp) / "input.pdf"
        typeset_pdf(text, path)
        return process(path, Options(jobs=1, extract=False)).text


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cache", type=Path, default=Path("/tmp/meta-variants"))
    parser.add_argument("--only", nargs="*", help="document ids (e.g. 144)")
    args = parser.parse_args()
    from pipeline.extract import metadata  # noqa: PLC0415

    docs = [t for t, _ in cases(SHARED) if t.parent.name == "corpus"]
    if args.only:
        docs = [t for t in docs if any(t.stem.startswith(o) for o in args.only)]
    args.cache.mkdir(parents=True, exist_ok=True)
    todo = [t for t in docs if not (args.cache / t.name).exists()]
    with ProcessPoolExecutor(max_workers=2) as pool:
        texts = [t.read_text(encoding="utf-8") for t in todo]
        for t, out in zip(todo, pool.map(pdf_text, texts), strict=True):
            (args.cache / t.name).write_text(out, encoding="utf-8")
    diff = {"type": 0, "title": 0, "date": 0, "reference": 0}
    for t in docs:
        a = metadata.read(t.read_text(encoding="utf-8"))
        b = metadata.read((args.cache / t.name).read_text(encoding="utf-8"), printed=True)
        gold = (
            json.loads(t.with_name(t.stem + ".gold.json").read_text())
            if t.with_name(t.stem + ".gold.json").exists()
            else {}
        )
        for f in diff:
            va, vb = getattr(a, f), getattr(b, f)
            if va != vb:
                diff[f] += 1
                g = gold.get("doc_type" if f == "type" else f)
                print(f"{t.stem[:20]:<20} {f:<9} text={va!r}\n{'':<30} pdf ={vb!r}  gold={g!r}")
    print(diff)
    return 0


if __name__ == "__main__":
    sys.exit(main())
