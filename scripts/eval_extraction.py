"""Extraction quality on the dev corpus (../shared/corpus, plus the seeds) against its gold.

Reads ../shared (absent in a user's clone: the script says so and stops). Scoring follows
../shared/corpus/README.md: normalised token overlap ≥ 0.5 (equal token sets for spans of ≤ 3
tokens), one-to-one matching best first, core/non-core obligations, the actor and body-name rule
(containment or character similarity ≥ 0.85), deadline dates cut to the gold's length. Beside
our figures: dateparser's German `search_dates` as a deadline baseline.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from difflib import SequenceMatcher
from pathlib import Path

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
QUOTES = re.compile(r"[\"'„“”‚‘’«»‹›`´]")


def normalise(text: str | None) -> str:
    text = (text or "").lower()
    text = QUOTES.sub("", text)
    text = re.sub(r"(\w)-\s*\n\s*(\w)", r"\1\2", text)
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r"[\s.,;:!?]+$", "", text)


def tokens(text: str | None) -> list[str]:
    return re.findall(r"\w+", normalise(text))


def overlap(a: list[str], b: list[str]) -> float:
    if not a or not b:
        return 0.0
    if min(len(a), len(b)) <= 3:
        return 1.0 if set(a) == set(b) else 0.0
    common = sum((Counter(a) & Counter(b)).values())
    return common / max(len(a), len(b))


def match(pred: list[str], gold: list[str], threshold: float = 0.5) -> list[tuple[int, int]]:
    """One-to-one pairs (pred index, gold index), best overlap first."""
    pt, gt = [tokens(p) for p in pred], [tokens(g) for g in gold]
    pairs = [(overlap(p, g), i, j) for i, p in enumerate(pt) for j, g in enumerate(gt)]
    pairs = sorted((x for x in pairs if x[0] >= threshold), key=lambda x: -x[0])
    used_p: set[int] = set()
    used_g: set[int] = set()
    out = []
    for _, i, j in pairs:
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
            out.append((i, j))
    return out


def same_name(a: str | None, b: str | None) -> bool:
    x, y = normalise(a), normalise(b)
    if not x or not y:
        return False
    return x in y or y in x or SequenceMatcher(None, x, y).ratio() >= 0.85


def match_names(pred: list[str], gold: list[str]) -> int:
    pairs = []
    for i, p in enumerate(pred):
        for j, g in enumerate(gold):
            if same_name(p, g):
                pairs.append((SequenceMatcher(None, normalise(p), normalise(g)).ratio(), i, j))
    used_p: set[int] = set()
    used_g: set[int] = set()
    for _, i, j in sorted(pairs, reverse=True):
        if i not in used_p and j not in used_g:
            used_p.add(i)
            used_g.add(j)
    return len(used_p)


class Score:
    def __init__(self) -> None:
        self.c: Counter[str] = Counter()

    def prf(self, key: str) -> str:
        tp, fp, fn = self.c[key + "_tp"], self.c[key + "_fp"], self.c[key + "_fn"]
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return f"P {p:.3f}  R {r:.3f}  F1 {f:.3f}  (tp {tp}, fp {fp}, fn {fn})"

    def acc(self, key: str) -> str:
        ok, n = self.c[key + "_ok"], self.c[key + "_n"]
        return f"{ok / n if n else 0.0:.3f}  ({ok}/{n})"


def score_deadlines(
    s: Score, key: str, pred: list[tuple[str, str | None]], gold: list[dict]
) -> None:
    pairs = match([p[0] for p in pred], [g["quote"] for g in gold])
    s.c[key + "_tp"] += len(pairs)
    s.c[key + "_fp"] += len(pred) - len(pairs)
    s.c[key + "_fn"] += len(gold) - len(pairs)
    for i, j in pairs:
        gd = gold[j].get("date")
        if gd:
            s.c[key + "date_n"] += 1
            s.c[key + "date_ok"] += int((pred[i][1] or "")[: len(gd)] == gd)


def score_doc(s: Score, rec: dict, gold: dict, text: str, baseline: bool) -> list[str]:
    """Add one document's counts; returns lines describing its misses (for --verbose)."""
    notes = []
    obs = rec["obligations"]
    golds = gold["obligations"]
    pairs = match([o["text"] for o in obs], [g["quote"] for g in golds])
    notes += _score_obligations(s, obs, golds, pairs)
    names = list(dict.fromkeys(b["name"] or b["mention"] for b in rec["bodies"]))
    tp = match_names(names, gold["bodies"])
    s.c["bod_tp"] += tp
    s.c["bod_fp"] += len(names) - tp
    s.c["bod_fn"] += len(gold["bodies"]) - tp
    notes.append(f"  bodies pred {names}\n  bodies gold {gold['bodies']}")
    pred_d = [(d["text"], d["date"]) for d in rec["deadlines"]]
    score_deadlines(s, "dl", pred_d, gold["deadlines"])
    notes.append(
        f"  deadlines pred {pred_d}\n  deadlines gold {[(g['quote'], g['date']) for g in gold['deadlines']]}"  # noqa: E501
    )
    if baseline:
        score_deadlines(s, "base", _baseline(text), gold["deadlines"])
    doc = rec["document"]
    s.c["type_n"] += 1
    s.c["type_ok"] += int(normalise(doc["type"]) == normalise(gold.get("doc_type")))
    s.c["date_n"] += 1
    s.c["date_ok"] += int((doc["date"] or None) == (gold.get("date") or None))
    s.c["ref_n"] += 1
    s.c["ref_ok"] += int(normalise(doc["reference"]) == normalise(gold.get("reference")))
    if normalise(doc["type"]) != normalise(gold.get("doc_type")):
        notes.append(f"  TYPE {doc['type']} vs {gold.get('doc_type')}")
    if normalise(doc["reference"]) != normalise(gold.get("reference")):
        notes.append(f"  REF {doc['reference']} vs {gold.get('reference')}")
    return notes


def _baseline(text: str) -> list[tuple[str, str | None]]:
    from dateparser.search import search_dates

    found = search_dates(text, languages=["de"]) or []
    return [(t, d.date().isoformat()) for t, d in found]


def cases(shared: Path) -> list[tuple[Path, Path]]:
    corpus = sorted((shared / "corpus").glob("[0-9][0-9][0-9].txt"))
    out = [(p, shared / "corpus" / f"{p.stem}.gold.json") for p in corpus]
    seeds = shared / "seeds"
    for txt in sorted(seeds.glob("000_*.txt")):
        out.append((txt, seeds / "000.gold.json"))
    if (seeds / "004_truth.txt").exists():
        out.append((seeds / "004_truth.txt", seeds / "004.gold.json"))
    return [(t, g) for t, g in out if g.exists()]


BANDS = ((0.0, 0.5), (0.5, 0.6), (0.6, 0.7), (0.7, 0.8), (0.8, 0.9), (0.9, 1.01))


def cross_validated(k: int = 5) -> None:
    """Obligation figures with the classifier trained on k-1 folds and scored on the held-out
    fold (folds grouped by municipality, scripts/corpus.py), and precision per confidence band;
    actors come from the grammar and are scored on the same held-out predictions."""
    from pipeline.extract import obligations
    from scripts import corpus
    from scripts.train_obligations import calibration, cand_text, candidates, fit, label

    docs = corpus.load()
    per_doc = {}
    for d in docs:
        cands = candidates(d.text)
        per_doc[d.id] = (cands, label(d.text, cands, d.gold["obligations"]))
    s = Score()
    bands: Counter[tuple[int, str]] = Counter()
    for train, test in corpus.folds(docs, k):
        rows = [
            (c.features, y)
            for d in train
            for c, y in zip(*per_doc[d.id], strict=True)
            if y is not None
        ]
        model = fit(rows)
        # calibrated on the training part's own out-of-fold scores: nothing of the test part
        model["calibration"] = calibration(
            [
                (
                    d.municipality,
                    [(c.features, y) for c, y in zip(*per_doc[d.id], strict=True) if y is not None],
                )
                for d in train
            ]
        )
        for d in test:
            found = obligations.decide(per_doc[d.id][0], model)
            rec = [{"text": cand_text(d.text, o), "actor": o.actor} for o in found]
            golds = d.gold["obligations"]
            pairs = match([r["text"] for r in rec], [g["quote"] for g in golds])
            matched = dict(pairs)
            for i, o in enumerate(found):
                band = next(b for b, (lo, hi) in enumerate(BANDS) if lo <= o.confidence < hi)
                j = matched.get(i)
                verdict = "none" if j is None else ("tp" if golds[j].get("core", True) else "nc")
                bands[band, verdict] += 1
            _score_obligations(s, rec, golds, pairs)
    print(f"cross-validated ({k} folds by municipality, {len(docs)} documents):")
    print(f"  obligations (core) {s.prf('obl')}")
    print(f"  actor accuracy     {s.acc('actor')}")
    print("  precision per confidence band (held-out predictions; borderline matches left out):")
    for b, (lo, hi) in enumerate(BANDS):
        tp, fp = bands[b, "tp"], bands[b, "none"]
        prec = f"{tp / (tp + fp):.2f}" if tp + fp else "  - "
        print(f"    [{lo:.1f}, {min(hi, 1.0):.1f})  precision {prec}  ({tp} of {tp + fp})")


def _score_obligations(
    s: Score, obs: list[dict], golds: list[dict], pairs: list[tuple[int, int]]
) -> list[str]:
    """Count matched, extra and missed obligations and actor agreement (the corpus README's
    rules); returns a line per miss (for --verbose)."""
    notes = []
    matched_p = {i for i, _ in pairs}
    matched_g = {j for _, j in pairs}
    for i, j in pairs:
        g = golds[j]
        if g.get("core", True):
            s.c["obl_tp"] += 1
            if g.get("actor"):
                s.c["actor_n"] += 1
                ok = same_name(obs[i]["actor"], g["actor"])
                s.c["actor_ok"] += int(ok)
                if not ok:
                    notes.append(
                        f"  ACTOR {obs[i]['actor']!r} vs {g['actor']!r}: {g['quote'][:90]}"
                    )
    for i, o in enumerate(obs):
        if i not in matched_p:
            s.c["obl_fp"] += 1
            notes.append(f"  FP obl ({o.get('confidence')}): {o['text'][:110]}")
    for j, g in enumerate(golds):
        if j not in matched_g and g.get("core", True):
            s.c["obl_fn"] += 1
            notes.append(f"  FN obl: {g['quote'][:110]}")
    return notes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--correct", action="store_true", help="run the OCR correction stage too")
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--verbose", "-v", action="store_true", help="print each document's misses")
    parser.add_argument("--only", nargs="*", help="document ids (e.g. 003 004_truth)")
    parser.add_argument("--no-cv", action="store_true", help="skip the cross-validated figures")
    args = parser.parse_args()
    if not (SHARED / "corpus").is_dir():
        print(
            f"eval_extraction: {SHARED}/corpus is absent; the dev corpus is needed for the figures."
        )
        return 0
    from pipeline.extract import extract_document, nlp
    from pipeline.model import Options
    from pipeline.process import process

    started = time.perf_counter()
    nlp()
    startup = time.perf_counter() - started
    s = Score()
    docs = []
    for txt, gold_path in cases(SHARED):
        if args.only and txt.stem not in args.only and txt.stem.split("_")[0] not in args.only:
            continue
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        doc = process(txt, Options(correct=args.correct))
        docs.append(doc)
        notes = score_doc(s, doc.to_record(), gold, doc.text, not args.no_baseline)
        if args.verbose:
            print(f"== {txt.name}")
            print("\n".join(notes))
    t0 = time.process_time()
    rounds = 3
    for _ in range(rounds):
        for doc in docs:
            extract_document(doc)
    elapsed = time.process_time() - t0
    print(f"documents: {len(docs)}  (correction {'on' if args.correct else 'off'})")
    print(f"obligations (core)   {s.prf('obl')}")
    print(f"actor accuracy       {s.acc('actor')}")
    print(f"bodies               {s.prf('bod')}")
    print(f"deadlines            {s.prf('dl')}")
    print(f"deadline dates       {s.acc('dldate')}")
    if not args.no_baseline:
        print(f"baseline deadlines (dateparser search_dates, de)  {s.prf('base')}")
        print(f"baseline deadline dates                           {s.acc('basedate')}")
    print(f"document type        {s.acc('type')}")
    print(f"reference number     {s.acc('ref')}")
    print(f"document date        {s.acc('date')}")
    if not args.no_cv and not args.only:
        cross_validated()
    n = rounds * len(docs)
    print(
        f"speed: {n / elapsed:.0f} documents/s per core (CPU time, extraction only; start-up {startup:.2f} s)"  # noqa: E501
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
