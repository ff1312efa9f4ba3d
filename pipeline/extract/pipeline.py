"""The spaCy pipeline: blank German, lookup lemmatizer, council sentence splitter and the three
entity components. Built once per process; components are registered with spaCy so that
outside code can reuse or replace them."""

from __future__ import annotations

import datetime as dt
import logging
import re
from functools import cache
from typing import Any

import numpy
import spacy
from spacy.attrs import IDX, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.extract import bodies, obligations, resources, segment, timex
from pipeline.extract.deadlines import KENNTNIS
from pipeline.extract.text import doc_text as _text

log = logging.getLogger(__name__)

for _name in (
    "ref_date",
    "doc_date",
    "segments",
    "sections",
    "bodies",
    "canon",
    "timex",
    "calendar",  # optional body → sorted meeting dates (OParl); resolves "nächste Sitzung des X"
    "deadlines",
    "obligations",
    "doc_type",
):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


@Language.component("council_sentences")
def council_sentences(doc: Doc) -> Doc:
    """Sentence starts from council layout (headings, list items, hard line breaks)."""
    text = _text(doc)
    segs = segment.segments(text)
    doc._.segments = segs
    if len(doc):
        # one array write instead of a per-token setter (the setter re-checks the whole doc)
        idx = doc.to_array([IDX]).astype(numpy.int64).ravel()
        flags_arr = numpy.where(numpy.isin(idx, [s.start for s in segs]), 1, -1)
        flags_arr[0] = 1
        doc.from_array([SENT_START], flags_arr.astype(numpy.uint64).reshape(-1, 1))  # type: ignore[arg-type]
    heads = resources.load("obligations")
    decision = {h.lower() for h in heads["decision_headings"]}
    background = {h.lower() for h in heads["background_headings"]}
    # 2: under a decision heading, 1: no heading yet in a decision-type document, 0: background
    state = (
        1
        if doc._.doc_type in (None, "Antrag", "Änderungsantrag", "Beschlussvorlage", "Beschluss")
        else 0
    )
    flags = []
    for s in segs:
        line = segment.strip_marker(text[s.start : s.end])[1].strip().rstrip(":").strip().lower()
        label = re.split(r"[:\n]", line, maxsplit=1)[0].strip()
        closed = label in decision and re.search(KENNTNIS, line)  # "Beschluss: zur Kenntnis"
        if s.line_start and (line in background or label in background or closed):
            state = 0
        elif s.line_start and (
            line in decision
            or label in decision
            or re.match(r"^(?:der|die|das)\s+\w+\s+beschließt", line)
        ):
            state = 2
        flags.append(state)
    doc._.sections = flags
    return doc


@Language.factory("council_bodies")
def make_bodies(nlp: Language, name: str) -> object:
    resources.load("bodies")  # fail early when the gazetteer is missing

    def component(doc: Doc) -> Doc:
        found = bodies.find(_text(doc))
        doc._.bodies = found
        doc._.canon = bodies.canonical(found)
        return doc

    return component


@Language.factory("council_deadlines")
def make_deadlines(nlp: Language, name: str) -> object:
    resources.load("time")

    def component(doc: Doc) -> Doc:
        ref = doc._.ref_date
        doc._.timex = timex.find(_text(doc), ref, calendar=doc._.calendar)
        return doc

    return component


@Language.factory("council_obligations")
def make_obligations(nlp: Language, name: str) -> object:
    resources.load("obligations")

    def component(doc: Doc) -> Doc:
        doc._.obligations = obligations.find(
            _text(doc), doc._.segments, doc._.sections, doc._.bodies, doc._.canon, doc._.doc_type
        )
        return doc

    return component


@cache
def nlp() -> Language:
    """The extraction pipeline, built once per process."""
    model = spacy.blank("de")
    model.add_pipe("lemmatizer", config={"mode": "lookup"})
    model.add_pipe("council_sentences")
    model.add_pipe("council_bodies")
    model.add_pipe("council_deadlines")
    model.add_pipe("council_obligations")
    model.initialize()
    lemmatizer: Any = model.get_pipe("lemmatizer")
    obligations.use_lemmas(lemmatizer.lookups.get_table("lemma_lookup"))
    log.debug("extraction pipeline: %s", model.pipe_names)
    return model


def run(
    text: str, ref_date: dt.date | None, doc_type: str | None, doc_date: str | None = None
) -> Doc:
    """Run the pipeline over `text`; `ref_date` resolves year-less dates."""
    model = nlp()
    doc = model.make_doc(text)
    doc._.doc_date = doc_date
    doc._.ref_date = ref_date
    doc._.doc_type = doc_type
    for _, proc in model.pipeline:
        doc = proc(doc)
    return doc
