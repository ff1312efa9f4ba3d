"""`make eval --only metadata`: type, reference, title and date accuracy of the metadata reader.

On the dev corpus (../shared/corpus; the shipped type weights were trained on it, so this is
in-sample for the type) and by 5-fold cross-validation grouped by municipality (scripts/corpus.py:
the type weights are refitted on four folds and measured on the fifth, whose municipalities the
fit never saw). The corpus gold has no titles: title accuracy is measured on the annotated test
documents of tests/extract/documents/ (text and born-digital PDF), with type, reference and
date there too.
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from pipeline.extract import metadata
from pipeline.extract.metadata import doctype, layout
from scripts import corpus
from scripts.train_doctype import examples, pipeline_text, train

TESTS = Path(__file__).resolve().parent.parent / "tests" / "extract"
DOCUMENTS = TESTS / "documents"
HELDOUT = TESTS / "heldout"  # written after the method was set, never trained or tuned on
LATEST_BATCH = "h87"  # the batch written last (tests/extract/heldout/README.md), also shown apart


def _norm(value: str | None) -> str:
    return " ".join((value or "").lower().split()).strip(" .:;,")


def _acc(ok: int, n: int) -> str:
    return f"{ok / n:.3f}  ({ok}/{n})" if n else "n/a"


def score(rows: list[tuple[metadata.Metadata, dict]], verbose: bool, names: list[str]) -> Counter:
    c: Counter = Counter()
    for (m, gold), name in zip(rows, names, strict=True):
        c["n"] += 1
        c["type"] += _norm(m.type) == _norm(gold.get("doc_type"))
        c["ref"] += _norm(m.reference) == _norm(gold.get("reference"))
        c["date"] += (m.date or None) == (gold.get("date") or None)
        if "title" in gold:
            c["title_n"] += 1
            sim = difflib.SequenceMatcher(None, _norm(m.title), _norm(gold["title"])).ratio()
            c["title"] += sim >= 0.8
        if verbose and (
            _norm(m.type) != _norm(gold.get("doc_type"))
            or _norm(m.reference) != _norm(gold.get("reference"))
            or (m.date or None) != (gold.get("date") or None)
        ):
            print(
                f"  {name}: type {m.type} ({m.type_confidence}; {m.type_evidence}) vs "
                f"{gold.get('doc_type')} | ref {m.reference} vs {gold.get('reference')} | "
                f"date {m.date} vs {gold.get('date')}"
            )
    return c


def confusion(label: str, pairs: list[tuple[str, str]]) -> None:
    """Per-type recall and the confusion matrix (rows gold, columns predicted): whether one
    type swallows others."""
    names = [t for t in doctype.types() if any(t in p for p in pairs)]
    print(f"{label}: per-type recall; confusion (rows gold, columns predicted as numbered)")
    for i, t in enumerate(names, 1):
        n = sum(g == t for g, _ in pairs)
        row = [sum(1 for a, b in pairs if a == t and b == p) for p in names]
        ok = sum(g == t and p == t for g, p in pairs)
        print(f"  {i} {t:<17} {_acc(ok, n):<16} " + " ".join(f"{v:>3}" for v in row))


def printed_reference(rows: list[tuple[metadata.Metadata, dict]]) -> None:
    """Reference accuracy where the gold has one (as the validation scores it)."""
    with_ref = [(m, g) for m, g in rows if g.get("reference")]
    if with_ref:
        ok = sum(_norm(m.reference) == _norm(g["reference"]) for m, g in with_ref)
        print(f"{'  reference where printed':<28} {_acc(ok, len(with_ref))}")


def report(label: str, c: Counter) -> None:
    print(
        f"{label:<28} type {_acc(c['type'], c['n'])}   reference {_acc(c['ref'], c['n'])}   "
        f"date {_acc(c['date'], c['n'])}   title {_acc(c['title'], c['title_n'])}"
    )


def _after_first_line(text: str, line: str) -> str:
    first, _, rest = text.partition("\n")
    return f"{first}\n{line}\n{rest}"


# a cue of one type written into documents of another: does it swallow them?
INJECTIONS: dict[str, Callable[[str], str]] = {
    "'beschließt' at the end": lambda t: (
        t + "\nDer Gemeinderat beschließt: Die Verwaltung wird beauftragt, bis Juni zu berichten.\n"
    ),
    "a 'TOP … Sitzung' line": lambda t: _after_first_line(
        t, "TOP 5 – Sitzung des Hauptausschusses am 12.03.2024"
    ),
    "a Beratungsfolge": lambda t: _after_first_line(
        t, "Beratungsfolge:\nHauptausschuss 12.03.2024 Vorberatung"
    ),
    "an answer at the end": lambda t: (
        t + "\nAntwort der Verwaltung:\nDie Kosten betragen rund 5.000 Euro.\n"
    ),
    "reported speech at the end": lambda t: (
        t + "\nHerr Maier erläutert den Sachstand. Frau Roth fragt nach.\n"
    ),
}


def swallowing(own: list[tuple[str, str, dict]]) -> None:
    """How often a phrase typical of another type flips a document read right."""
    right = [(t, g["doc_type"]) for _, t, g in own if metadata.read(t).type == g["doc_type"]]
    print(f"cue injections into the {len(right)} held-out documents read right:")
    for name, inject in INJECTIONS.items():
        flips = Counter(
            f"{gold}→{new}" for t, gold in right if (new := metadata.read(inject(t)).type) != gold
        )
        shown = ", ".join(f"{k} {v}" for k, v in flips.most_common())
        print(f"  {name:<28} flipped {sum(flips.values()):>2}  {shown}")


def cross_validated(
    docs: list[corpus.CorpusDoc], texts: dict[str, str], k: int = 5, pairs: list | None = None
) -> Counter:
    """Type weights fitted per fold (on its corpus part and on all hand-written examples, as
    `make train` does); the other fields are not learned and read as they are."""
    total: Counter = Counter()
    extra = examples()
    for train_docs, test_docs in corpus.folds(docs, k):
        w = train(
            [texts[d.id] for d in train_docs] + [t for _, t, _ in extra],
            [d.gold["doc_type"] for d in train_docs] + [g["doc_type"] for _, _, g in extra],
        )
        for d in test_docs:
            t = texts[d.id]
            m = metadata.read(t)
            decision = doctype.decide(t, layout.header(t), w)
            m.type = decision.type
            total += score([(m, d.gold)], False, [d.id])
            if pairs is not None:
                pairs.append((d.gold["doc_type"], m.type))
    return total


def own_documents(folder: Path = DOCUMENTS) -> list[tuple[str, str, dict]]:
    out = []
    for expected in sorted(folder.glob("*.json")):
        gold = json.loads(expected.read_text(encoding="utf-8"))
        for suffix in (".txt", ".pdf"):
            src = expected.with_suffix(suffix)
            if src.exists():
                out.append((src.name, pipeline_text(src), gold))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--verbose", "-v", action="store_true")
    args = parser.parse_args()
    if not corpus.available():
        print(f"eval_metadata: {corpus.CORPUS} is absent; the dev corpus is needed.")
        return 0
    docs = corpus.load()
    texts = {d.id: pipeline_text(corpus.CORPUS / f"{d.id}.txt") for d in docs}
    rows = [(metadata.read(texts[d.id]), d.gold) for d in docs]
    report(f"dev corpus ({len(docs)})", score(rows, args.verbose, [d.id for d in docs]))
    printed_reference(rows)
    prior = doctype.prior_matrix()
    c = Counter()
    for d in docs:
        t = texts[d.id]
        c["n"] += 1
        c["type"] += doctype.decide(t, layout.header(t), prior).type == d.gold["doc_type"]
    print(f"{'dev, prior weights only':<28} type {_acc(c['type'], c['n'])}")
    cv_pairs: list[tuple[str, str]] = []
    report("CV by municipality (5)", cross_validated(docs, texts, pairs=cv_pairs))
    confusion("CV by municipality", cv_pairs)
    for label, own in (
        ("own test documents", own_documents()),
        ("training examples", [(n, t, g) for n, t, g in examples()]),
        ("held-out documents", own_documents(HELDOUT)),
        (
            f"held-out, latest batch ({LATEST_BATCH}-)",
            [x for x in own_documents(HELDOUT) if x[0] >= LATEST_BATCH],
        ),
    ):
        if own:
            rows = [(metadata.read(t), g) for _, t, g in own]
            report(f"{label} ({len(own)})", score(rows, args.verbose, [n for n, _, _ in own]))
            printed_reference(rows)
            if label.startswith("held-out"):
                confusion(label, [(g["doc_type"], m.type) for m, g in rows])
    swallowing(own_documents(HELDOUT))
    types = Counter(d.gold["doc_type"] for d in docs)
    print("corpus types: " + ", ".join(f"{t} {n}" for t, n in types.most_common()))

    return 0


if __name__ == "__main__":
    sys.exit(main())
