"""Deadlines: the time expressions that set when something is due or scheduled, chosen from all
time expressions of a document by their context (obligation, tense, preposition, statute)."""

from __future__ import annotations

import re

from spacy.tokens import Doc

from pipeline.extract import segment, timex
from pipeline.extract.text import doc_text as _text
from pipeline.extract.time import lexicon

FUTURE_PREP = re.compile(
    r"^(?:bis|spätestens|ab|zum|zur|zu\s+den|für|mit\s+Wirkung|in\s+der\s+nächsten|im\s+Laufe|Frist|"
    r"innerhalb|binnen|am|im|in)\b",
    re.I,
)
PAST_BEFORE = re.compile(
    r"(?:\b(?:vom|von|seit|Stand|datiert|datierten|gestellt|eingereicht|Beschluss|Schreiben|Antrag)\s*(?:dem\s+)?$)",
    re.I,
)
PAST_SENT = re.compile(
    r"\b(?:wurde|wurden|war|waren|hatte|hatten|fand|erfolgte|beschloss|hat\s+[^.]*\b(?:beschlossen|gefasst|entschieden))\b"
)
KENNTNIS = r"kenntnis|abgelehnt|vertagt|zurückgezogen|erledigt"
PERFECT = re.compile(
    r"\b(?:hat|haben|hatte|hatten|war|waren)\b[^;]*?\b(?:ge[a-zäöüß]{3,}(?:t|en)|[a-zäöüß]+iert|(?:ab|an|auf|aus|ein|fest|vor|zu|dar|her)ge[a-zäöüß]{3,}(?:t|en)|verabschiedet|beschlossen|beantragt|eingereicht|erstellt|vorgelegt|entschieden|verwiesen|angelegt|errichtet)\s*(?:\([^)]*\))?\s*[.;]?\s*$"
)
SCHEDULE = re.compile(
    r"\b(?:findet|finden|trifft|treffen|tagt|tagen|stattfinden|statt|erfolgt|erfolgen|beginnt|beginnen|läuft|endet)\b"
)


# kinds that never set a due day on their own: a length ("drei Jahre lang"), a clock time,
# a decade or century, a general direction ("künftig", "derzeit")
NOT_DUE = {"span", "time", "decade", "century", "general"}


def _reports_past(sent: str) -> bool:
    """The clause reports events (a past-tense cue of time.json, no cue of a mandate)."""
    fut, past = lexicon.tense_res()
    return bool(past.search(sent)) and not fut.search(sent)


def _segment_of(segs: list[segment.Segment], pos: int) -> int | None:
    lo, hi = 0, len(segs) - 1
    while lo <= hi:
        mid = (lo + hi) // 2
        if segs[mid].end < pos:
            lo = mid + 1
        elif segs[mid].start > pos:
            hi = mid - 1
        else:
            return mid
    return None


def select_deadlines(doc: Doc, obligation_spans: set[int]) -> list[tuple[int, timex.TimeExpr]]:
    """Time expressions that set when something is due or scheduled: (phrase start, expr)."""
    text, ref, segs = _text(doc), doc._.ref_date, doc._.segments
    out = []
    for e in doc._.timex:
        if e.precision in NOT_DUE:
            continue
        if e.value in ("PRESENT_REF", "PAST_REF") or (
            e.anchor
            and e.explicit_year
            and not e.relative_to
            and e.date
            and ref
            and e.date <= ref.isoformat()
        ):
            continue  # "bis heute", "vor zwei Wochen": now or before, never due
        pstart = timex.with_prefix(text, e)
        prefix = text[pstart : e.start] + text[e.start : e.end]
        k = _segment_of(segs, e.start)
        sent = (
            text[segs[k].start : segs[k].end]
            if k is not None
            else text[max(0, e.start - 100) : e.end + 100]
        )
        if PAST_BEFORE.search(text[max(0, pstart - 25) : pstart]) or re.match(
            r"(?:vom|seit)\b", prefix, re.I
        ):
            continue
        if (
            k is not None
            and segs[k].line_start
            and segs[k].end - segs[k].start < 40
            and e.precision == "day"
            and not FUTURE_PREP.match(prefix)
        ):
            continue  # a date alone on a header line: the document's own or a meeting date
        in_obl = k is not None and k in obligation_spans
        past = (
            bool(PAST_SENT.search(sent) or PERFECT.search(sent) or _reports_past(sent))
            and not in_obl
        )
        statute = re.search(r"§|\bArt\.\s*\d|\bgemäß\b", sent)
        if not in_obl and statute and e.precision in ("duration", "year", "recurring"):
            continue  # periods quoted from statutes
        if e.precision == "period" and not in_obl:
            continue  # "in den kommenden Jahren" is a deadline only when something is due
        if not in_obl and e.date and e.date == doc._.doc_date and not e.relative_to:
            continue  # the document's own date
        if past:
            continue
        if e.date and ref and e.date < ref.isoformat() and e.explicit_year:
            continue
        if e.precision in ("day", "month", "year", "quarter", "season", "week"):
            future = bool(e.date and ref and e.date > ref.isoformat())
            if not (
                in_obl
                or FUTURE_PREP.match(prefix)
                and (
                    future
                    or SCHEDULE.search(sent)
                    or re.search(
                        r"\b(?:soll|sollen|sollte|sollten|wird|werden|ist|sind|bis|spätestens)\b",
                        sent,
                    )
                )
            ):
                continue
            if e.precision == "year" and not re.match(
                r"(?:bis|spätestens|ab|Ende|in|im)\b", prefix, re.I
            ):
                continue
        elif e.precision == "event" and (
            not in_obl or not re.match(r"(?:ab|zum|zur|bis|für\s+das)\b", prefix, re.I)
        ):
            if not (e.relative_to and not re.search(r"\d", e.relative_to)):
                continue
        elif (
            e.precision in ("duration", "recurring")
            and not in_obl
            and not re.search(r"\b(?:soll|sollen|ist|sind|wird|werden)\b", sent)
        ):
            continue
        out.append((pstart, e))
    return _merge_adjacent(text, out)


def _merge_adjacent(
    text: str, found: list[tuple[int, timex.TimeExpr]]
) -> list[tuple[int, timex.TimeExpr]]:
    """ "für die erste Ratssitzung" + "nach den Sommerferien" is one phrase: join expressions
    separated only by a space (or "im"/"am"), keeping the date of the more precise part."""
    out: list[tuple[int, timex.TimeExpr]] = []
    for pstart, e in found:
        if out:
            prev_start, prev = out[-1]
            gap = text[prev.end : pstart]
            both_days = bool(e.date and prev.date)
            if (
                not both_days
                and len(gap) <= 4
                and re.fullmatch(r"\s*(?:im|am|,)?\s*", gap)
                and "\n\n" not in gap
            ):
                dated = e if e.date else prev
                merged = timex.TimeExpr(
                    prev.start,
                    e.end,
                    dated.date,
                    dated.time or prev.time,
                    dated.precision if dated.date else prev.precision,
                    prev.relative_to or e.relative_to,
                    dated.explicit_year,
                )
                out[-1] = (prev_start, merged)
                continue
        out.append((pstart, e))
    return out
