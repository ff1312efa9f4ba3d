"""Time expressions on the dev corpus (../shared/corpus): span and value figures on the gold
deadline phrases, and the tagger's own table (tests/extract/data/time_cases_*.tsv).

- span recall: a gold deadline phrase is found when a tagged expression overlaps it (lenient);
- value accuracy: on found phrases with a gold date, the tagged date cut to the gold's length
  equals it (the gold date is the last day allowed, the same reading as `TimeExpr.date`);
- normaliser alone: each gold phrase tagged on its own, in its sentence's place, with the
  document date as reference;
- table: share of the table's lines whose type and value the tagger gives;
- held-out documents (tests/extract/deadline_heldout/, written for the project in the styles of
  the validation set's document types, never trained on): deadline P/R/F1 and date accuracy,
  scored by the corpus rule; needs no corpus;
- deadline selector: deadline P/R/F1 with the selector trained on 4 of 5 folds grouped by
  municipality and scored on the fifth (scripts/train_deadlines.py), beside the grammar's own
  verdict on the same candidates (written while reading the whole corpus, so not held out).
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

from scripts import corpus

ROOT = Path(__file__).resolve().parent.parent


def _ref(gold: dict) -> dt.date | None:
    try:
        return dt.date.fromisoformat(gold["date"]) if gold.get("date") else None
    except ValueError:
        return None


def _corpus_figures() -> None:
    from pipeline.extract import timex

    found = n = with_date = value_ok = alone_n = alone_ok = 0
    for doc in corpus.load():
        ref = _ref(doc.gold)
        flat = " ".join(doc.text.split())  # gold quotes may differ from the text in whitespace
        exprs = timex.find(flat, ref)
        for g in doc.gold["deadlines"]:
            quote = " ".join(g["quote"].split())
            start = flat.find(quote)
            n += 1
            end = start + len(quote)
            hits = [e for e in exprs if start >= 0 and e.start < end and start < e.end]
            found += bool(hits)
            if not g.get("date"):
                continue
            with_date += 1
            dated = [e.date for e in hits if e.date]
            value_ok += int((dated[-1] if dated else "")[: len(g["date"])] == g["date"])
            alone = [e.date for e in timex.find(quote, ref) if e.date]
            alone_n += 1
            alone_ok += int((alone[-1] if alone else "")[: len(g["date"])] == g["date"])
    print(f"gold deadline phrases        {n}")
    print(f"span recall (lenient)        {found / n:.3f}  ({found}/{n})")
    print(f"date accuracy (in text)      {value_ok / with_date:.3f}  ({value_ok}/{with_date})")
    print(f"normaliser alone (phrases)   {alone_ok / alone_n:.3f}  ({alone_ok}/{alone_n})")


def _table_figures() -> None:
    from pipeline.extract import timex

    ref = dt.date(2021, 6, 10)
    ok = total = 0
    for path in sorted((ROOT / "tests" / "extract" / "data").glob("time_cases_*.tsv")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            sentence, expr, typ, value = (line.split("\t") + ["", "", ""])[:4]
            found = timex.find(sentence, ref)
            total += 1
            if expr == "-":
                ok += int(not found)
                continue
            start = sentence.find(expr)
            hits = [e for e in found if e.start < start + len(expr) and start < e.end]
            ok += int(bool(hits) and (hits[0].type, hits[0].value or "") == (typ, value))
    print(f"test table (type and value)  {ok / total:.3f}  ({ok}/{total})")


HELDOUT = ROOT / "tests" / "extract" / "deadline_heldout"


def heldout_score(verbose: bool = False, grammar_only: bool = False) -> Any:
    """Deadlines of the held-out documents against their expected ones (scripts/eval_extraction
    scoring), chosen by the trained selector or, with `grammar_only`, by the grammar's verdict;
    with `verbose`, each document's predicted and expected phrases."""
    from pipeline.extract import resources
    from scripts.eval_extraction import Score, score_deadlines
    from scripts.train_deadlines import analysed, predicted

    model = None if grammar_only else resources.load("deadline_model")
    s = Score()
    for path in sorted(HELDOUT.glob("*.json")):
        text = path.with_suffix(".txt").read_text(encoding="utf-8")
        gold = json.loads(path.read_text(encoding="utf-8"))
        doc = corpus.CorpusDoc(path.stem, text, gold, path.stem, "", None)
        pred = predicted(text, analysed(doc).deadline_candidates, model)
        score_deadlines(s, "dl", pred, gold["deadlines"])
        if verbose:
            print(f"== {path.stem}\n  pred {pred}")
            print(f"  gold {[(g['quote'], g['date']) for g in gold['deadlines']]}")
    return s


def _heldout_figures() -> None:
    learned, rules = heldout_score(), heldout_score(grammar_only=True)
    print("held-out documents (tests/extract/deadline_heldout), deadlines:")
    print(f"  learned selector    {learned.prf('dl')}  dates {learned.acc('dldate')}")
    print(f"  grammar's verdict   {rules.prf('dl')}  dates {rules.acc('dldate')}")


def main() -> int:
    _heldout_figures()
    if not corpus.available():
        print(f"eval_time: {corpus.CORPUS} is absent; the dev corpus is needed for the figures.")
        _table_figures()
        return 0
    _corpus_figures()
    _table_figures()
    from scripts import train_deadlines

    train_deadlines.cross_validated()
    return 0


if __name__ == "__main__":
    if "--heldout" in sys.argv:  # each held-out document's predicted and expected deadlines
        heldout_score(verbose=True)
        sys.exit(0)
    sys.exit(main())
