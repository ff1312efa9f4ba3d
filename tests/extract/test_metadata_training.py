"""The type scorer's training (scripts/train_doctype.py) on a small data set written here:
deterministic, and it learns."""

from __future__ import annotations

import json

import numpy as np

from pipeline.extract.metadata import doctype, layout
from scripts import train_doctype

TEXTS = [
    (
        "Antrag der Fraktion Grün\nDer Rat möge beschließen:\nDie Verwaltung wird beauftragt, X.\n",
        "Antrag",
    ),
    (
        "Beschlussvorlage - 12/2020\nBeratungsfolge\nBeschlussvorschlag:\nDer Rat beschließt.\n",
        "Beschlussvorlage",
    ),
    (
        "Herr Meier erläutert den Plan. Frau Kurz fragt nach. Herr Meier antwortet.\n",
        "Niederschrift",
    ),
    (
        "Beschluss: einstimmig beschlossen\nAbstimmung: Ja: 9, Nein: 0\nDer Ausschuss stimmt zu.\n",
        "Beschluss",
    ),
    ("Mitteilungsvorlage\nDie Verwaltung informiert über den Sachstand.\n", "Mitteilung"),
    ("Anfrage der Fraktion Rot\nWir fragen die Verwaltung:\n1. Wie viele?\n2. Wann?\n", "Anfrage"),
]


def test_training_is_reproducible_byte_for_byte() -> None:
    texts, labels = zip(*TEXTS, strict=True)
    first = train_doctype.serialise(train_doctype.train(list(texts), list(labels)), len(texts))
    second = train_doctype.serialise(train_doctype.train(list(texts), list(labels)), len(texts))
    assert first == second
    record = json.loads(first)
    assert record["cues"] == [c.name for c in doctype.cues()]
    assert len(record["weights"]) == len(record["cues"])


def test_training_fits_the_data_and_keeps_the_prior_for_unseen_cues() -> None:
    texts, labels = zip(*TEXTS, strict=True)
    w = train_doctype.train(list(texts), list(labels))
    for text, label in TEXTS:
        assert doctype.decide(text, layout.header(text), w).type == label
    # no press report in the data: its cue keeps the weight the cue list gives it
    k = [c.name for c in doctype.cues()].index("heading press report")
    assert np.allclose(w[k], doctype.prior_matrix()[k], atol=1e-6)


def test_shipped_weights_match_the_cue_list() -> None:
    assert doctype.weights().shape == doctype.prior_matrix().shape
