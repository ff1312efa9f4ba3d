"""`make train --only doctype`: fit the document-type weights on the dev corpus.

Data: ../shared/corpus (texts and gold `doc_type`), read through ingest and layout cleaning as
the pipeline reads them, and the hand-written examples of dictionaries/extraction/doctype_examples/
(types and layouts the corpus hardly has: press and session reports, speeches, notices, Anfragen,
Mitteilungen, the print layouts of council systems; one `.txt` with its expected `.json` each).
Model: multinomial logistic regression over the cues of
dictionaries/extraction/metadata.json, MAP-fitted around each cue's hand-set prior
(pipeline/extract/metadata/doctype.py `fit`), each document weighed by (1 / its type's
count)^BALANCE, so that the corpus's many minutes and decision pages do not set the weights
for the Anfragen, Mitteilungen and press reports other municipalities send in another mix. Output:
dictionaries/extraction/metadata_doctype_weights.json, rounded so that the same corpus gives
byte-identical output.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

from pipeline.data import DICTIONARIES
from pipeline.extract.metadata import doctype, layout

OUT = DICTIONARIES / "extraction" / "metadata_doctype_weights.json"
EXAMPLES = DICTIONARIES / "extraction" / "doctype_examples"
L2 = 0.05  # chosen by cross-validation grouped by municipality (0.002 … 0.1)
STEPS = 2000
# each type weighed by (1/count)^BALANCE; chosen by CV by municipality: 0 (none) 0.883 with mean
# per-type recall 0.816; 0.5: 0.894, 0.852; 1 (full balance): 0.883, 0.847
BALANCE = 0.5


def design(texts: list[str]) -> np.ndarray:
    """One feature row per text."""
    return np.array([doctype.features(t, layout.header(t))[0] for t in texts])


def train(
    texts: list[str],
    labels: list[str],
    l2: float = L2,
    steps: int = STEPS,
    balance: float = BALANCE,
    x: np.ndarray | None = None,
) -> np.ndarray:
    """Weights (cues × types) fitted on these texts and their gold types, each type weighed
    by (1 / its count)^balance (`doctype.class_weights`); `x`: their design matrix, if made."""
    names = doctype.types()
    y = np.array([names.index(label) for label in labels])
    sw = doctype.class_weights(y, len(names), balance)
    x = design(texts) if x is None else x
    return doctype.fit(x, y, doctype.prior_matrix(), l2=l2, steps=steps, sample_weight=sw)


def examples() -> list[tuple[str, str, dict]]:
    """(name, text, expected metadata) of the hand-written examples, in name order."""
    out = []
    for expected in sorted(EXAMPLES.glob("*.json")):
        text = expected.with_suffix(".txt").read_text(encoding="utf-8")
        out.append((expected.stem, text, json.loads(expected.read_text(encoding="utf-8"))))
    return out


def serialise(w: np.ndarray, n_docs: int, n_examples: int = 0) -> str:
    record = {
        "_doc": "Trained by scripts/train_doctype.py on the dev corpus and the examples of "
        "doctype_examples/; do not edit by hand.",
        "documents": n_docs,
        "examples": n_examples,
        "l2": L2,
        "steps": STEPS,
        "balance": BALANCE,
        "types": doctype.types(),
        "cues": [c.name for c in doctype.cues()],
        "weights": [[round(float(v), 4) for v in row] for row in w],
    }
    return json.dumps(record, ensure_ascii=False, indent=1) + "\n"


def pipeline_text(path: Path) -> str:
    """The text as the pipeline reads it (ingest and layout cleaning, no OCR correction)."""
    from pipeline.model import Options
    from pipeline.process import process

    return process(path, Options(correct=False, extract=False)).text


def main(out: Path = OUT) -> None:
    from scripts import corpus

    if not corpus.available():
        print(f"train doctype: {corpus.CORPUS} is absent; nothing trained.")
        return
    docs = corpus.load()
    texts = [pipeline_text(corpus.CORPUS / f"{d.id}.txt") for d in docs]
    extra = examples()
    w = train(
        texts + [t for _, t, _ in extra],
        [d.gold["doc_type"] for d in docs] + [g["doc_type"] for _, _, g in extra],
    )
    out.write_text(serialise(w, len(docs), len(extra)), encoding="utf-8")
    print(
        f"wrote {out} ({len(docs)} documents + {len(extra)} examples, "
        f"{w.shape[0]} cues × {w.shape[1]} types)"
    )


if __name__ == "__main__":
    main()
    sys.exit(0)
