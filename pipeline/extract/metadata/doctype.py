"""Document type as a scored decision over layout and register cues, with learned weights.

Each cue of dictionaries/extraction/metadata.json ("heading Anfrage", "form Beratungsfolge",
"addressing möge beschließen", "closing greeting", "register reported speech" …) is a feature
read from one zone of the text: the heading lines, the header, the whole body or the tail.
A multinomial logistic regression over these features gives each type a probability. Its
weights are fitted on the annotated corpus (`make train`, scripts/train_doctype.py) as a
maximum a posteriori estimate around the hand-set prior of each cue, so that a type the corpus
hardly shows (a press report) still rests on its cues. The cue that separates the winner from
the runner-up most is recorded as the evidence.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import cache

import numpy as np

from pipeline.data import dictionary_path
from pipeline.extract.metadata.layout import (
    Field,
    Line,
    bare_label,
    data,
    form_fields,
    inline_fields,
    is_letterhead,
    is_prose,
    type_heading,
)

WEIGHTS_FILE = "extraction/metadata_doctype_weights.json"
HEADING_LINES = 6
HEAD_CHARS = 1500
BODY_CHARS = 4000  # the first page or two: the corpus the weights were fitted on is no longer,
# and counts over a long document would outweigh its heading
TAIL_CHARS = 700
DENSITY_CHARS = 2000  # a counted cue in a longer zone is scaled to hits per this many characters
# (about the length of the corpus the weights were fitted on), so that a long document of the
# same register reads the same and its many "Herr …" do not make it minutes
FIRST_LINE = 140  # a long opening line: "Bekanntgabe der in … gefassten Beschlüsse"


@dataclass(frozen=True)
class TypeDecision:
    type: str
    confidence: float  # the winner's probability
    evidence: str  # the cue that decided, with the words it matched


@dataclass(frozen=True)
class Cue:
    name: str
    zone: str
    pattern: re.Pattern[str] | None
    count: bool
    prior: dict[str, float]


@cache
def cues() -> tuple[Cue, ...]:
    out = []
    for c in data()["cues"]:
        flags = re.M
        flags |= re.I if "i" in c.get("flags", "") else 0
        pattern = re.compile(c["pattern"], flags) if c["pattern"] else None
        out.append(Cue(c["name"], c["zone"], pattern, bool(c["count"]), dict(c["prior"])))
    return tuple(out)


def types() -> list[str]:
    return list(data()["types"])


def heading_lines(lines: list[Line]) -> list[str]:
    """The first lines that are neither letterhead nor running text: where the type is named."""
    out = [
        ln.text
        for ln in lines
        if not is_letterhead(ln.text)
        and not is_prose(ln.text)
        and not inline_fields(ln.text)
        and not _numbering_label(ln.text)
    ]
    first = next((ln.text for ln in lines if not is_letterhead(ln.text)), None)
    if first is not None and first not in out[:1]:
        out.insert(0, first[:FIRST_LINE])  # a long first line still opens with the type word
    return out[:HEADING_LINES]


def _numbering_label(line: str) -> bool:
    """A bare label of a form column ("Vorlage-Nr.:", "Drucksache:"): no heading, although its
    word names a type; a type word alone ("Vorlage") stays a heading."""
    return bare_label(line) is not None and bool(re.search(r":\s*$|Nr\.?|Nummer", line))


def zones(text: str, lines: list[Line], form: list[Field] | None = None) -> dict[str, str]:
    """The text each cue reads: the heading lines, the header, the type fields' values
    ("Vorlagenart: Anfrage"), the first page or two and the tail."""
    if form is None:
        form = form_fields(lines, type_heading())
    return {
        "heading": "\n".join(heading_lines(lines)),
        "kind": "\n".join(f.value for f in form if f.kind == "kind"),
        "head": "\n".join(ln.text for ln in lines)[:HEAD_CHARS],
        "body": text[:BODY_CHARS],
        "tail": text[-TAIL_CHARS:],
    }


def features(
    text: str, lines: list[Line], form: list[Field] | None = None
) -> tuple[np.ndarray, list[str]]:
    """Feature vector (one value per cue) and the words each cue matched."""
    z = zones(text, lines, form)
    values, matched = [], []
    for cue in cues():
        if cue.pattern is None:
            values.append(1.0)
            matched.append("")
            continue
        if cue.count:
            found = cue.pattern.findall(z[cue.zone])
            values.append(
                math.log1p(len(found) * min(1.0, DENSITY_CHARS / max(1, len(z[cue.zone]))))
            )
            first = cue.pattern.search(z[cue.zone]) if found else None
        else:
            first = cue.pattern.search(z[cue.zone])
            values.append(1.0 if first else 0.0)
        matched.append(first.group(0).strip()[:60] if first else "")
    return np.array(values), matched


def prior_matrix() -> np.ndarray:
    """Cues × types: the hand-set weight of each cue for each type (0 where none is set)."""
    names = types()
    w0 = np.zeros((len(cues()), len(names)))
    for i, cue in enumerate(cues()):
        for t, w in cue.prior.items():
            w0[i, names.index(t)] = w
    # a subtype (Änderungsantrag) is written like its type (Antrag): the type's cues outside
    # the heading count for it too, so that only its own heading tells the two apart
    for sub, spec in data()["subtypes"].items():
        if sub.startswith("_"):
            continue
        for i, cue in enumerate(cues()):
            if cue.zone in spec["zones"] and sub not in cue.prior and spec["of"] in cue.prior:
                w0[i, names.index(sub)] = cue.prior[spec["of"]] * spec.get("factor", 1.0)
    return w0


@cache
def weights() -> np.ndarray:
    """The trained weights when shipped and matching the cue list, else the prior."""
    try:
        with dictionary_path(WEIGHTS_FILE).open(encoding="utf-8") as fh:
            saved = json.load(fh)
    except Exception:  # noqa: BLE001 - no trained file: the prior alone decides
        return prior_matrix()
    names = [c.name for c in cues()]
    if saved.get("cues") != names or saved.get("types") != types():
        return prior_matrix()  # the cue list changed since training: retrain (`make train`)
    return np.array(saved["weights"], dtype=float)


def softmax(scores: np.ndarray) -> np.ndarray:
    e = np.exp(scores - scores.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def decide(
    text: str, lines: list[Line], w: np.ndarray | None = None, form: list[Field] | None = None
) -> TypeDecision:
    """The most probable type, its probability and the cue that decided it."""
    if not lines:
        return TypeDecision("Sonstiges", 1.0, "empty document")
    w = weights() if w is None else w
    x, matched = features(text, lines, form)
    p = softmax(x @ w)
    order = np.argsort(-p, kind="stable")
    best, second = int(order[0]), int(order[1])
    margin = x * (w[:, best] - w[:, second])
    margin[[i for i, c in enumerate(cues()) if c.pattern is None]] = -np.inf
    k = int(np.argmax(margin))
    name = cues()[k].name if margin[k] > 0 else "no cue (prior)"
    evidence = f"{name}: {matched[k]}" if margin[k] > 0 and matched[k] else name
    return TypeDecision(types()[best], round(float(p[best]), 3), evidence)


def class_weights(y: np.ndarray, k: int, power: float = 1.0) -> np.ndarray:
    """One weight per document, (1 / its type's count)^power, scaled to mean 1: each type
    weighs alike in the fit however often the corpus shows it (power 1), as other
    municipalities' papers come in another mix than our corpus of minutes and decisions."""
    counts = np.bincount(y, minlength=k).astype(float)
    sw = (1.0 / counts[y]) ** power
    return sw * len(y) / sw.sum()


def fit(
    x: np.ndarray,
    y: np.ndarray,
    w0: np.ndarray,
    l2: float = 0.05,
    steps: int = 2000,
    sample_weight: np.ndarray | None = None,
) -> np.ndarray:
    """MAP weights: (weighted) softmax cross-entropy + l2·|W − W0|², by plain full-batch
    gradient descent from W0 (deterministic: no sampling, fixed step count). Rows of x are
    documents. The constant cue stays at its prior: the corpus's type frequencies are not
    learned."""
    n, k = len(x), w0.shape[1]
    sw = np.ones(n) if sample_weight is None else sample_weight
    frozen = [i for i, c in enumerate(cues()) if c.pattern is None]
    onehot = np.eye(k)[y]
    w = w0.copy()
    lr = 0.5
    for _ in range(steps):
        p = softmax(x @ w)
        grad = x.T @ (sw[:, None] * (p - onehot)) / sw.sum() + 2 * l2 * (w - w0)
        grad[frozen] = 0.0
        w -= lr * grad
    return w
