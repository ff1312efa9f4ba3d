"""Train the deadline selector: logistic regression over the context features of every
deadline candidate (time expression) of the dev corpus (../shared/corpus), written to
dictionaries/extraction/deadline_model.json; `--cv` prints figures cross-validated by
municipality (scripts/corpus.py folds) beside the grammar's verdict on the same documents.

A candidate is positive when its phrase overlaps a gold deadline quote in the text: the label
says whether the expression sets a due time; where its phrase begins and ends is the grammar's
(with_prefix, ranges), scored by the corpus rule in the figures.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Any

from scripts import corpus
from scripts.eval_extraction import Score, score_deadlines
from scripts.train_obligations import Row, fit, write

OUT = Path(__file__).resolve().parent.parent / "dictionaries" / "extraction" / "deadline_model.json"
L2 = 1.0
COMMENT = (
    "Deadline selector (pipeline/extract/deadlines.py). Made by `make train` "
    "(scripts/train_deadlines.py) from the deadline candidates of ../shared/corpus "
    "(gold: *.gold.json, `deadlines`)."
)


def _gold_spans(text: str, gold: list[dict[str, Any]]) -> list[tuple[int, int]]:
    """Where each gold quote stands in the text (whitespace may differ); every occurrence."""
    out = []
    for g in gold:
        words = g["quote"].split()
        if not words:
            continue
        pattern = r"\s+".join(re.escape(w) for w in words)
        out += [(m.start(), m.end()) for m in re.finditer(pattern, text)]
    return out


def analysed(d: corpus.CorpusDoc) -> Any:
    """The pipeline's analysis of one corpus text, as extract_document sees it."""
    from pipeline.extract import metadata
    from pipeline.extract.pipeline import analyse
    from scripts.train_obligations import _date

    meta = metadata.read(d.text)
    return analyse(d.text, _date(meta.date), meta.type, meta.date)


def rows_of(d: corpus.CorpusDoc, cands: list[Any]) -> list[Row]:
    spans = _gold_spans(d.text, d.gold["deadlines"])
    return [
        (c.features, int(any(c.pstart < b and a < c.expr.end for a, b in spans))) for c in cands
    ]


def predicted(text: str, cands: list[Any], model: dict[str, Any] | None) -> list[tuple[str, Any]]:
    """(text, date) of the chosen deadlines, each phrase once (as extract_document lists them)."""
    from pipeline.extract.deadlines import choose

    out: dict[tuple[str, Any], None] = {}
    for pstart, e in choose(text, cands, model):
        out[(re.sub(r"\s+", " ", text[pstart : e.end]), e.date)] = None
    return list(out)


def cross_validated(k: int = 5) -> None:
    docs = corpus.load()
    cands = {d.id: analysed(d).deadline_candidates for d in docs}
    learned, rules = Score(), Score()
    for train, test in corpus.folds(docs, k):
        model = fit([r for d in train for r in rows_of(d, cands[d.id])], l2=L2)
        for d in test:
            gold = d.gold["deadlines"]
            score_deadlines(learned, "dl", predicted(d.text, cands[d.id], model), gold)
            score_deadlines(rules, "dl", predicted(d.text, cands[d.id], None), gold)
    print(f"deadline selector, {k} folds by municipality, {len(docs)} documents:")
    print(f"  learned (held out)  {learned.prf('dl')}  dates {learned.acc('dldate')}")
    print(f"  grammar (fitted)    {rules.prf('dl')}  dates {rules.acc('dldate')}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cv", action="store_true", help="print cross-validated figures only")
    args = parser.parse_args()
    if not corpus.available():
        print("train_deadlines: ../shared/corpus is absent; nothing to train on.")
        return
    if args.cv:
        cross_validated()
        return
    rows: list[Row] = []
    for d in corpus.load():
        rows += rows_of(d, analysed(d).deadline_candidates)
    model = fit(rows, l2=L2)
    write(model, rows, OUT, COMMENT, L2)
    print(f"deadline selector: {len(rows)} candidates, {len(model['weights'])} weights")


if __name__ == "__main__":
    main()
    sys.exit(0)
