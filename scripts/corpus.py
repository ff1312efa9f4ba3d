"""The dev corpus (../shared/corpus) as records, and folds grouped by municipality.

Shared by `make eval` (cross-validated figures) and `make train` (fitting on the corpus), so that
every learned part is trained and measured on the same, deterministic split: no municipality is
in the training part of a fold and in its test part.
"""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
CORPUS = SHARED / "corpus"


@dataclass(frozen=True)
class CorpusDoc:
    id: str
    text: str
    gold: dict[str, Any]
    municipality: str
    state: str
    year: int | None


def available() -> bool:
    """True when ../shared/corpus is present (a user's clone has no ../shared)."""
    return (CORPUS / "index.jsonl").is_file()


def load(corpus: Path = CORPUS) -> list[CorpusDoc]:
    """Every corpus document with its gold record and municipality, in id order."""
    docs = []
    for line in (corpus / "index.jsonl").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        meta = json.loads(line)
        doc_id = meta["id"]
        docs.append(
            CorpusDoc(
                id=doc_id,
                text=(corpus / f"{doc_id}.txt").read_text(encoding="utf-8"),
                gold=json.loads((corpus / f"{doc_id}.gold.json").read_text(encoding="utf-8")),
                municipality=meta.get("municipality") or doc_id,
                state=meta.get("state") or "",
                year=meta.get("year"),
            )
        )
    return sorted(docs, key=lambda d: d.id)


def fold_of(municipality: str, k: int) -> int:
    """A municipality's fold: a stable hash, so folds do not depend on corpus order."""
    return zlib.crc32(municipality.encode("utf-8")) % k


def folds(docs: list[CorpusDoc], k: int = 5) -> list[tuple[list[CorpusDoc], list[CorpusDoc]]]:
    """k (train, test) splits; all documents of one municipality fall in the same test part."""
    out = []
    for i in range(k):
        test = [d for d in docs if fold_of(d.municipality, k) == i]
        train = [d for d in docs if fold_of(d.municipality, k) != i]
        out.append((train, test))
    return out
