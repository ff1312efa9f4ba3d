"""The spaCy pipeline: blank German, lookup lemmatizer, council sentence splitter and the three
entity components. Built once per process; components are registered with spaCy so that
outside code can reuse or replace them."""

from __future__ import annotations

import bisect
import datetime as dt
import logging
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any

import numpy
import spacy
from spacy.attrs import IDX, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.extract import (
    addressing,
    bodies,
    clauses,
    morph,
    obligations,
    resources,
    sections,
    segment,
    timex,
)
from pipeline.extract.bodies import Mention
from pipeline.extract.deadlines import Candidate as DeadlineCandidate
from pipeline.extract.deadlines import select_deadlines
from pipeline.extract.obligations import Candidate, Found
from pipeline.extract.text import LONG_TOKEN, chunks, long_runs
from pipeline.extract.text import doc_text as _text
from pipeline.extract.time.events import Calendar
from pipeline.extract.time.events import resolve as resolve_events

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
    "tagged",
    "candidates",
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
    # 2: under a decision heading, 1: no heading yet in a decision-type document, 0: background,
    # -1: no heading yet in another document
    flags = sections.states(text, segs, doc._.doc_type, resources.load("obligations"))
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
        # without the document's date, a year-less date takes its year from the dates the
        # text names before it (as a reader does: "im 3. Quartal 2021 … im 3. Quartal")
        doc._.timex = timex.find(_text(doc), ref, anchored=ref is None, calendar=doc._.calendar)
        return doc

    return component


def _cue_words(res: dict[str, Any]) -> frozenset[str]:
    keys: tuple[str, ...] = ("mandate_verbs", "referral_verbs", "commitment_verbs", "motion_verbs")
    keys += ("decision_verbs", "question_verbs", "answer_verbs", "action_verbs", "schedule_verbs")
    words = {w.lower() for k in keys for w in res[k]} | set(res["finite_forms"])
    return frozenset(words | {w.lower() for w in res["answer_nouns"]})


@Language.factory("council_morphology", default_config={"dictionary": "obligations"})
def make_morphology(nlp: Language, name: str, dictionary: str) -> object:
    """Tag (HanTa) the segments that carry a candidate cue: a verb of the dictionary's classes
    (by spaCy's lookup lemma), a finite auxiliary or modal, or a "zu"."""
    res = resources.load(dictionary)
    cues = _cue_words(res)
    forms = res["finite_forms"]

    def component(doc: Doc) -> Doc:
        tagged: dict[int, list[clauses.Tok]] = {}
        for k, seg in enumerate(doc._.segments or []):
            span = doc.char_span(seg.start, seg.end, alignment_mode="expand")
            if span is None:
                continue
            toks = [t for t in span if not t.is_space]
            if len(toks) < 2 or not any(
                t.lemma_.lower() in cues or t.lower_ in cues or "zu" in t.lower_ for t in toks
            ):
                continue
            out = []
            for t, (lemma, tag) in zip(toks, morph.tag_words([t.text for t in toks]), strict=True):
                feats = morph.verb_features(t.text, tag, lemma, forms)
                t.tag_ = tag
                t.lemma_ = lemma
                if feats:
                    t.set_morph(feats)  # type: ignore[attr-defined]
                out.append(clauses.Tok(t.text, lemma, tag, feats, t.idx))
            tagged[k] = out
        doc._.tagged = tagged
        return doc

    return component


@Language.factory(
    "council_obligations",
    default_config={"dictionary": "obligations", "model": "obligation_model"},
)
def make_obligations(nlp: Language, name: str, dictionary: str, model: str) -> object:
    """Candidates from clause constructions, decided by the trained classifier."""
    res = resources.load(dictionary)
    params = resources.load(model)

    def component(doc: Doc) -> Doc:
        ctx = addressing.Context(_text(doc), doc._.bodies, doc._.canon, res)
        ctx.times = doc._.timex or []
        ctx.ref = doc._.ref_date.isoformat() if doc._.ref_date else None
        ctx.doc_type = doc._.doc_type
        ctx.session_body = addressing.session_body(ctx)
        ctx.addressee = addressing.addressed_body(ctx)
        ctx.administration = addressing.administration(ctx)
        cands = obligations.candidates(ctx, doc._.segments, doc._.sections, doc._.tagged)
        doc._.candidates = cands
        spans = [doc.char_span(c.start, c.end, alignment_mode="expand") for c in cands]
        found = obligations.decide(cands, params)
        keep = {(o.start, o.end) for o in found}
        doc.spans["obligations"] = [
            s
            for s, c in zip(spans, cands, strict=True)
            if s is not None and (c.start, c.end) in keep
        ]
        doc._.obligations = found
        return doc

    return component


class GuardedTokenizer:
    """spaCy's tokenizer, with runs of non-space characters longer than LONG_TOKEN cut into
    pieces of LONG_TOKEN characters first: its suffix search is quadratic in a token's length
    (10,000 underscores of a signature line took 18 s). The text is kept exactly."""

    def __init__(self, base: Any) -> None:
        self.base = base

    def __call__(self, text: str) -> Doc:
        runs = long_runs(text)
        if not runs:
            return self.base(text)
        docs, pos = [], 0
        for a, b in runs:
            if a > pos:
                docs.append(self.base(text[pos:a]))
            words = [text[i : min(i + LONG_TOKEN, b)] for i in range(a, b, LONG_TOKEN)]
            docs.append(Doc(self.base.vocab, words=words, spaces=[False] * len(words)))
            pos = b
        if pos < len(text):
            docs.append(self.base(text[pos:]))
        return Doc.from_docs(docs, ensure_whitespace=False)


@cache
def nlp() -> Language:
    """The extraction pipeline, built once per process."""
    model = spacy.blank("de")
    model.tokenizer = GuardedTokenizer(model.tokenizer)
    model.add_pipe("lemmatizer", config={"mode": "lookup"})
    model.add_pipe("council_sentences")
    model.add_pipe("council_bodies")
    model.add_pipe("council_morphology")
    model.add_pipe("council_deadlines")
    model.add_pipe("council_obligations")
    model.initialize()
    log.debug("extraction pipeline: %s", model.pipe_names)
    return model


def run(
    text: str, ref_date: dt.date | None, doc_type: str | None, doc_date: str | None = None
) -> Doc:
    """Run the pipeline over `text` (at most one chunk long); `ref_date` resolves year-less
    dates."""
    return next(iter(_pipe([text], ref_date, doc_type, doc_date)))


def _pipe(
    texts: list[str],
    ref_date: dt.date | None,
    doc_type: str | None,
    doc_date: str | None,
    calendar: Calendar | None = None,
) -> Any:
    model = nlp()
    docs = []
    for text in texts:
        doc = model.make_doc(text)
        doc._.calendar = calendar
        doc._.doc_date = doc_date
        doc._.ref_date = ref_date
        doc._.doc_type = doc_type
        docs.append(doc)
    return model.pipe(docs)


@dataclass
class Analysis:
    """What the components found in a whole document, offsets into its full text."""

    bodies: list[Mention] = field(default_factory=list)
    canon: dict[int, str] = field(default_factory=dict)
    obligations: list[Found] = field(default_factory=list)
    deadlines: list[tuple[int, timex.TimeExpr]] = field(default_factory=list)
    times: list[timex.TimeExpr] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)
    deadline_candidates: list[DeadlineCandidate] = field(default_factory=list)


def analyse(
    text: str,
    ref_date: dt.date | None,
    doc_type: str | None,
    doc_date: str | None = None,
    calendar: Calendar | None = None,
) -> Analysis:
    """The pipeline over `text` in chunks of at most text.CHUNK characters (cut at page,
    paragraph, line or word boundaries), through `nlp.pipe`, with offsets kept: a year of
    minutes in one file neither exceeds spaCy's max_length nor holds more than one chunk's
    tokens in memory."""
    out = Analysis()
    spans = chunks(text)
    for (off, end), doc in zip(
        spans,
        _pipe([text[a:b] for a, b in spans], ref_date, doc_type, doc_date, calendar),
        strict=True,
    ):
        del end
        out.bodies += [replace(m, start=m.start + off, end=m.end + off) for m in doc._.bodies]
        found = doc._.obligations
        out.obligations += [replace(o, start=o.start + off, end=o.end + off) for o in found]
        out.candidates += [
            replace(c, start=c.start + off, end=c.end + off) for c in doc._.candidates
        ]
        resolve_events(doc._.timex, calendar, ref_date)  # before deadlines are chosen
        out.times += [replace(e, start=e.start + off, end=e.end + off) for e in doc._.timex]
        touched = segments_touched(doc._.segments, found)
        cands, chosen = select_deadlines(doc, touched)
        for pstart, e in chosen:
            out.deadlines.append((pstart + off, replace(e, start=e.start + off, end=e.end + off)))
        out.deadline_candidates += [
            replace(
                c,
                pstart=c.pstart + off,
                expr=replace(c.expr, start=c.expr.start + off, end=c.expr.end + off),
            )
            for c in cands
        ]
    out.canon = bodies.canonical(out.bodies)
    return out


def segments_touched(segs: list[Any], found: list[Any]) -> set[int]:
    """Indices of the segments an obligation starts in or covers the start of. Segments are
    sorted and disjoint, so bisection finds them (a segments × obligations scan was quadratic)."""
    starts = [s.start for s in segs]
    out: set[int] = set()
    for o in found:
        k = bisect.bisect_right(starts, o.start) - 1
        if k >= 0 and o.start < segs[k].end:
            out.add(k)
        out.update(range(bisect.bisect_left(starts, o.start), bisect.bisect_left(starts, o.end)))
    return out
