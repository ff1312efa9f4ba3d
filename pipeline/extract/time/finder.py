"""Find every time expression of a text: the grammar's rules in order, without overlaps."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from pipeline.extract.time import events, lexicon, relative, rules, sets
from pipeline.extract.time.context import Context
from pipeline.extract.time.expr import TimeExpr, add

HANDLERS: dict[str, rules.Handler] = {
    "num_date": rules.num_date,
    "iso_date": rules.iso_date,
    "day_month": rules.day_month,
    "text_date": rules.text_date,
    "quarter": rules.quarter,
    "part_of_year": rules.part_of_year,
    "part_of_month": rules.part_of_month,
    "season": rules.season,
    "label_year": rules.label_year,
    "year_range": rules.year_range,
    "decade": rules.decade,
    "century": rules.century,
    "month_year": rules.month_year,
    "month_only": rules.month_only,
    "year": rules.year,
    "week": rules.week,
    "holiday": relative.holiday,
    "relative_day": relative.relative_day,
    "relative_unit": relative.relative_unit,
    "offset": relative.offset,
    "event_duration": relative.event_duration,
    "duration": relative.duration,
    "time_of_day": relative.time_of_day,
    "event": relative.event,
    "period": sets.period,
    "recurring": sets.recurring,
    "set_date": sets.set_date,
    "set_weekday": sets.set_weekday,
    "immediate": sets.immediate,
    "bare_year": rules.bare_year,
    "part_of_unit": relative.part_of_unit,
    "period_word": relative.period_word,
    "weekday": relative.weekday,
    "vague": sets.vague,
    "vague_offset": sets.vague_offset,
    "unit_after": relative.unit_after,
    "day_part": relative.day_part,
    "process_event": sets.process_event,
    "as_soon_as": sets.as_soon_as,
}


def _wanted(text: str) -> Callable[[str], bool]:
    """Which rules can match `text` at all: a quick look at its digits, words and letters."""
    lower = text.lower()
    digit = any(ch.isdigit() for ch in text)
    words = set(re.findall(r"[a-zäöüß]+", lower))
    table = lexicon.needs()

    def wanted(name: str) -> bool:
        need = table.get(name)
        if need is None:
            return True
        if need[0]:
            return digit
        return bool(words & need[1]) or any(sub in lower for sub in need[2])

    return wanted


def _run(ctx: Context) -> list[TimeExpr]:
    out: list[TimeExpr] = []
    taken: list[tuple[int, int, int]] = []
    wanted = _wanted(ctx.text)
    for name, kind, pattern in lexicon.rules():
        if not wanted(name):
            continue
        handler = HANDLERS[kind]
        for m in pattern.finditer(ctx.text):
            e = handler(m, ctx)
            if e is not None:
                _trim_sentence_dot(ctx.text, e)
                add(out, taken, e)
    return out


def _anchors(found: list[TimeExpr], explicit_only: bool) -> list[tuple[int, dt.date, str]]:
    """Dates of a narrative (explicit ones, or all resolved), as anchors for what follows."""
    out = []
    for e in found:
        v = e.value or ""
        if (explicit_only and (not e.explicit_year or e.anchor)) or not v[:4].isdigit():
            continue
        if len(v) >= 10 and v[4] == "-" and v[7] == "-":
            out.append((e.end, dt.date.fromisoformat(v[:10]), "day"))
        elif len(v) == 7 and v[4] == "-" and v[5:].isdigit():
            out.append((e.end, dt.date(int(v[:4]), int(v[5:]), 1), "month"))
        elif len(v) == 7 and v[5] in "QH" and v[6].isdigit():  # 2022-Q4: from its first month
            first = (int(v[6]) - 1) * (3 if v[5] == "Q" else 6) + 1
            out.append((e.end, dt.date(int(v[:4]), first, 1), "year"))
        elif len(v) == 4 or (len(v) > 5 and v[4] == "-"):  # 1940, 1940-SP, 1940-W10
            out.append((e.end, dt.date(int(v[:4]), 1, 1), "year"))
    return out


def find(
    text: str,
    ref: dt.date | None,
    *,
    narrative: bool = False,
    anchored: bool = False,
    calendar: events.Calendar | None = None,
) -> list[TimeExpr]:
    """Every time expression in `text`, by position, without overlaps.

    `ref` (the document date) resolves relative and year-less forms; with `narrative=True`
    they are resolved against the last date the text named before them (a history), the
    document date serving only before the first one. `calendar` (body → meeting dates)
    gives "in der nächsten Sitzung des X" the date of X's next meeting after `ref`.
    `anchored=True` (a paper without its date): the dates the text names before an expression
    are its anchor, as in a narrative, but the year goes the way the tense says, as in a paper
    ("im 4. Quartal 2022 … im 1. Quartal" zu erledigen: 2023)."""
    ctx = Context(text, ref, narrative, anchored)
    if narrative or anchored:  # explicit dates first, then what they resolve serves as anchor
        ctx.anchors = _anchors(_run(Context(text, None)), explicit_only=True)
        ctx.anchors = _anchors(_run(ctx), explicit_only=False)
    out = _run(ctx)
    out.sort(key=lambda e: e.start)
    _range_starts(text, out)
    _ranges(text, out)
    events.resolve(out, calendar, ref)
    return out


RANGE_GAP = re.compile(r"\s*(?:bis(?:\s+zum|\s+einschließlich)?|[-–]|und)\s*\Z")


RANGE_START = re.compile(r"(?<![\d.])(?P<d>\d{1,2})\.\s*(?:bis(?:\s+zum)?|[-–]|und)\s*\Z")


def _range_starts(text: str, found: list[TimeExpr]) -> None:
    """ "vom 1. bis 3. Juli 2023", "1.–3. Juli": the bare first day of a range is a date of
    the month (and year) its end names."""
    starts = []
    for i, b in enumerate(found):
        vb = b.value or ""
        if b.precision != "day" or len(vb) < 10 or not vb[:4].isdigit():
            continue
        lo = max(0, b.start - 20, found[i - 1].end if i else 0)
        m = RANGE_START.search(text, lo, b.start)
        if not m or int(m.group("d")) >= int(vb[8:10]):
            continue
        iso = f"{vb[:8]}{int(m.group('d')):02d}"
        starts.append(
            TimeExpr(
                m.start(),
                m.start() + len(m.group("d")) + 1,
                iso,
                None,
                "day",
                explicit_year=b.explicit_year,
                value=iso,
                anchor=b.anchor,
            )
        )
    if starts:
        found.extend(starts)
        found.sort(key=lambda e: e.start)


def _ranges(text: str, found: list[TimeExpr]) -> None:
    """ "vom 1. März bis 31. März 2022": the start of a range takes the year of its end (a
    year-less start that falls after a year-less end lies in the year before it)."""
    for a, b in zip(found, found[1:], strict=False):
        va, vb = a.value or "", b.value or ""
        if a.explicit_year or len(va) != 10 or len(vb) < 10:
            continue
        if not RANGE_GAP.match(text[a.end : b.start]) or not vb[:4].isdigit():
            continue
        if not b.explicit_year and (a.precision != "day" or b.precision != "day"):
            continue
        y = int(vb[:4]) - (1 if va[5:] > vb[5:10] else 0)
        a.value = f"{y}{va[4:]}"
        try:
            a.date = dt.date.fromisoformat(a.value).isoformat()
        except ValueError:
            a.date = None
        a.explicit_year = True


def with_prefix(text: str, expr: TimeExpr) -> int:
    """Start of the phrase including its preposition and hedges ("bis zum 30.6.2010",
    "noch in diesem Jahr", "ca. ab 2013")."""
    window = text[max(0, expr.start - 80) : expr.start]
    m = lexicon.compiled("prefix", re.I).search(window)
    start = expr.start - (len(window) - m.start()) if m else expr.start
    window = text[max(0, start - 60) : start]
    m = lexicon.compiled("prefix_generic", re.I).search(window)
    return start - (len(window) - m.start()) if m and m.start() < len(window) else start


def _trim_sentence_dot(text: str, e: TimeExpr) -> None:
    """ "vom 12. Juli." ends a sentence: the dot belongs to the month only when abbreviated."""
    if text[e.end - 1 : e.end] == "." and e.end - e.start > 2:
        word = re.search(r"(\w+)\.$", text[e.start : e.end])
        if word and word.group(1).lower() in lexicon.tables()["full_months"]:
            e.end -= 1
