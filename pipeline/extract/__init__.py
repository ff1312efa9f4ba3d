"""Extraction stage: metadata, named bodies, deadlines and obligations from `Document.text`."""

from __future__ import annotations

import bisect
import datetime as dt
import logging
import re
from typing import Any

from pipeline.extract import metadata
from pipeline.extract.pipeline import analyse, nlp
from pipeline.extract.time.events import Calendar
from pipeline.model import Body, Deadline, Document, Obligation, Time

log = logging.getLogger(__name__)

__all__ = ["extract_document", "nlp"]


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def extract_document(doc: Document, calendar: Calendar | None = None) -> Document:
    """Fill type, reference, title, date, submitters, bodies, times, deadlines and obligations.

    `calendar` (body name → sorted meeting dates, e.g. `store.oparl.meeting_dates`) dates
    "in der nächsten Sitzung des X" by X's next meeting."""
    text = doc.text
    starts = doc.page_starts()
    printed = any(p.method != "text-file" for p in doc.pages)  # a page layout wrapped its lines
    meta = metadata.read(text, printed=printed)
    doc.type, doc.type_confidence, doc.type_evidence = (
        meta.type,
        meta.type_confidence,
        meta.type_evidence,
    )
    doc.reference, doc.title, doc.date = meta.reference, meta.title, meta.date
    ref = _date(doc.reference_date) or _date(doc.date)
    found = analyse(text, ref, doc.type, doc.date, calendar)
    mentions, canon = found.bodies, found.canon
    seen: set[str] = set()
    doc.bodies = []
    for i, m in enumerate(mentions):
        name = canon[i]
        if name in seen:
            continue
        seen.add(name)
        page, off = doc.locate(m.start, starts)
        doc.bodies.append(
            Body(name, text[m.start : m.end], m.kind, page, off, off + m.end - m.start)
        )
    factions = [b.name for b in doc.bodies if b.kind == "faction"]
    doc.submitters = metadata.submitters(text, factions, printed)
    doc.deadlines = []
    by_pos: list[tuple[int, int, Deadline]] = []
    seen_deadlines: set[tuple[str, str | None]] = set()
    for pstart, e in found.deadlines:
        page, off = doc.locate(pstart, starts)
        rel = e.relative_to
        if rel:
            rel = _relative_body(rel, doc.bodies)
        key = (re.sub(r"\s+", " ", text[pstart : e.end]).lower(), e.date)
        d = Deadline(
            re.sub(r"\s+", " ", text[pstart : e.end]),
            e.date,
            e.time,
            PRECISION.get(e.precision, e.precision),
            rel,
            page,
            off,
            off + e.end - pstart,
        )
        # the document lists a repeated deadline once; each obligation keeps its own
        if key not in seen_deadlines:
            seen_deadlines.add(key)
            doc.deadlines.append(d)
        by_pos.append((pstart, e.end, d))
    doc.times = [_time(doc, text, starts, e) for e in found.times]
    requester = doc.submitters[0] if doc.submitters else None
    in_order = all(a[0] <= b[0] for a, b in zip(by_pos, by_pos[1:], strict=False))
    doc.obligations = []
    for o in found.obligations:
        page, off = doc.locate(o.start, starts)
        deadline = _first_inside(by_pos, o.start, o.end, in_order)
        doc.obligations.append(
            Obligation(
                re.sub(r"\s+", " ", text[o.start : o.end]),
                o.actor,
                o.action,
                requester,
                deadline,
                page,
                off,
                off + o.end - o.start,
                o.confidence,
                o.kind,
            )
        )
    return doc


def _time(doc: Document, text: str, starts: list[int], e: Any) -> Time:
    page, off = doc.locate(e.start, starts)
    words = re.sub(r"\s+", " ", text[e.start : e.end])
    return Time(words, e.type, e.value, e.anchor, e.date, page, off, off + e.end - e.start)


def _first_inside(
    by_pos: list[tuple[int, int, Deadline]], start: int, end: int, in_order: bool
) -> Deadline | None:
    """The first deadline (in list order) whose phrase starts in [start, end)."""
    if not in_order:
        return next((d for a, _, d in by_pos if start <= a < end), None)
    k = bisect.bisect_left(by_pos, start, key=lambda item: item[0])
    return by_pos[k][2] if k < len(by_pos) and by_pos[k][0] < end else None


# timex knows finer kinds than the record's precision vocabulary (see pipeline/model.py)
PRECISION = {"week": "relative", "event": "relative", "period": "relative"}


def _relative_body(phrase: str, bodies: list[Body]) -> str:
    """The body an event-relative deadline names, in its base form, else the phrase."""
    for b in sorted(bodies, key=lambda b: -len(b.mention)):
        if b.mention and b.mention in phrase:
            return b.name
    return phrase
