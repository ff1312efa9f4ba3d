"""Train the obligation classifier: logistic regression over the clause features of every
candidate segment of the dev corpus (../shared/corpus), written to
dictionaries/extraction/obligation_model.json, with an isotonic calibration of its
probability fitted on out-of-fold probabilities (folds grouped by municipality): the shipped
confidence is that calibrated value.

Labels follow the corpus scoring rules: a candidate whose text matches (token overlap ≥ 0.5) a
`core: true` gold obligation is positive, one matching a borderline (`core: false`) entry is
left out, any other is negative. Fitting is full-batch gradient descent with L2 from zero
weights, so the same rows give the same parameters on any machine (rounded to 4 decimals).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from pathlib import Path
from typing import Any

import numpy as np

from pipeline.extract.logistic import probability
from scripts import corpus
from scripts.eval_extraction import match

OUT = (
    Path(__file__).resolve().parent.parent / "dictionaries" / "extraction" / "obligation_model.json"
)
L2 = 1.0
STEPS = 3000
RATE = 0.5

Row = tuple[dict[str, float], int]


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def candidates(text: str) -> list[Any]:
    """The obligation candidates of one text, as extract_document sees them."""
    from pipeline.extract import metadata
    from pipeline.extract.pipeline import analyse

    meta = metadata.read(text)
    return analyse(text, _date(meta.date), meta.type, meta.date).candidates


def cand_text(text: str, c: Any) -> str:
    return re.sub(r"\s+", " ", text[c.start : c.end])


def label(text: str, cands: list[Any], gold: list[dict[str, Any]]) -> list[int | None]:
    """1 / 0 per candidate, None where it matches a borderline gold entry."""
    pairs = dict(match([cand_text(text, c) for c in cands], [g["quote"] for g in gold]))
    out: list[int | None] = []
    for i in range(len(cands)):
        if i not in pairs:
            out.append(0)
        else:
            out.append(1 if gold[pairs[i]].get("core", True) else None)
    return out


def rows_of(text: str, gold: dict[str, Any]) -> list[Row]:
    cands = candidates(text)
    labels = label(text, cands, gold["obligations"])
    return [(c.features, y) for c, y in zip(cands, labels, strict=True) if y is not None]


def fit(rows: list[Row], l2: float = L2, steps: int = STEPS) -> dict[str, Any]:
    """Logistic-regression weights (feature name → weight) and bias."""
    names = sorted({k for f, _ in rows for k in f})
    x = np.array([[f.get(k, 0.0) for k in names] for f, _ in rows], dtype=np.float64)
    y = np.array([lab for _, lab in rows], dtype=np.float64)
    n = max(1, len(rows))
    w = np.zeros(len(names))
    b = 0.0
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-(x @ w + b)))
        w -= RATE * (x.T @ (p - y) / n + l2 * w / n)
        b -= RATE * float(np.sum(p - y) / n)
    weights = {k: round(float(v), 4) for k, v in zip(names, w, strict=True) if abs(v) >= 1e-4}
    return {"bias": round(b, 4), "weights": weights}


def isotonic(pairs: list[tuple[float, int]]) -> list[list[float]]:
    """Pool-adjacent-violators: the non-decreasing step function of score that fits the labels
    best, as [lowest score of the block, share of obligations in it] per block. Ties in score
    form one block, so the function does not depend on the order of equal scores."""
    blocks: list[list[float]] = []  # [lowest score, sum of labels, count]
    for score, y in sorted(pairs):
        if blocks and blocks[-1][0] == score:
            blocks[-1][1] += y
            blocks[-1][2] += 1
        else:
            blocks.append([score, float(y), 1.0])
        while len(blocks) > 1 and blocks[-2][1] / blocks[-2][2] >= blocks[-1][1] / blocks[-1][2]:
            low, total, n = blocks.pop()
            blocks[-1][1] += total
            blocks[-1][2] += n
    return [[round(low, 4), round(total / n, 4)] for low, total, n in blocks]


def calibration(groups: list[tuple[str, list[Row]]], k: int = 5) -> list[list[float]]:
    """Isotonic map from the classifier's probability to the share of true obligations,
    fitted on out-of-fold probabilities (k folds grouped by municipality, as the evaluation
    folds): a confidence band then says how often a prediction in it was right."""
    pairs: list[tuple[float, int]] = []
    for i in range(k):
        test = [r for g, rows in groups if corpus.fold_of(g, k) == i for r in rows]
        train = [r for g, rows in groups if corpus.fold_of(g, k) != i for r in rows]
        if not test or not train:
            continue
        model = fit(train)
        pairs += [(round(probability(f, model), 4), y) for f, y in test]
    return isotonic(pairs)


COMMENT = (
    "Obligation classifier (pipeline/extract/obligations.py). Made by `make train` "
    "(scripts/train_obligations.py) from the candidates of ../shared/corpus (gold: "
    "*.gold.json) with the labels of its README's scoring rules."
)


def write(
    model: dict[str, Any], rows: list[Row], out: Path = OUT, comment: str = COMMENT, l2: float = L2
) -> None:
    """The model file: its weights with what made them (rows, positives, l2), keys sorted so
    that the same corpus gives the same bytes."""
    model = {
        "_comment": comment,
        "data": {"rows": len(rows), "positive": sum(y for _, y in rows), "l2": l2},
        **model,
    }
    out.write_text(json.dumps(model, ensure_ascii=False, indent=1, sort_keys=True) + "\n")


def main() -> None:
    if not corpus.available():
        print("train_obligations: ../shared/corpus is absent; nothing to train on.")
        return
    groups: list[tuple[str, list[Row]]] = []
    for d in corpus.load():
        groups.append((d.municipality, rows_of(d.text, d.gold)))
    rows = [r for _, doc_rows in groups for r in doc_rows]
    model = fit(rows)
    model["calibration"] = calibration(groups)
    write(model, rows)
    print(f"obligation classifier: {len(rows)} candidates, {len(model['weights'])} weights")


if __name__ == "__main__":
    main()
    sys.exit(0)
