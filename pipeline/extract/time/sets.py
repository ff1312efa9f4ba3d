"""Normalisers of recurring (SET) and vague expressions: "jährlich", "jeweils zum 30.06.",
"montags", "unverzüglich", "in den kommenden Jahren", "künftig"."""

from __future__ import annotations

import re

from pipeline.extract.time import lexicon
from pipeline.extract.time.context import Context
from pipeline.extract.time.expr import TimeExpr
from pipeline.extract.time.relative import PERIOD_UNIT, relative_unit

Match = re.Match[str]


def recurring(m: Match, ctx: Context) -> TimeExpr | None:
    t = lexicon.tables()
    word = re.sub(r"\s+", " ", m.group(0).lower())
    value = t["set_words"].get(word, "PX")
    return TimeExpr(m.start(), m.end(), None, None, "recurring", type="SET", value=value)


def set_date(m: Match, ctx: Context) -> TimeExpr | None:
    """ "jeweils zum 30.06.": a day of every year."""
    mo = int(m.group("m")) if m.group("m") else lexicon.month_number(m.group("mw") or "")
    d = int(m.group("d"))
    if not mo or not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return TimeExpr(
        m.start(), m.end(), None, None, "recurring", type="SET", value=f"XXXX-{mo:02d}-{d:02d}"
    )


def set_weekday(m: Match, ctx: Context) -> TimeExpr | None:
    word = (m.group("wd") or m.group("wds")[:-1]).lower()
    n = lexicon.tables()["weekday_numbers"][word] + 1
    return TimeExpr(m.start(), m.end(), None, None, "recurring", type="SET", value=f"XXXX-WXX-{n}")


def immediate(m: Match, ctx: Context) -> TimeExpr | None:
    return TimeExpr(m.start(), m.end(), None, None, "relative", "sofort", value="FUTURE_REF")


def period(m: Match, ctx: Context) -> TimeExpr | None:
    """ "in den kommenden Jahren" (vague: FUTURE_REF); "im kommenden Jahr" names one period:
    its value, but still the deadline kind "period" (due only where something is due)."""
    unit = PERIOD_UNIT.search(ctx.text, m.start(), m.end())
    if unit:
        e = relative_unit(unit, ctx)
        if e is not None:
            e.start, e.end, e.precision, e.relative_to = m.start(), m.end(), "period", m.group(0)
            return e
    return TimeExpr(m.start(), m.end(), None, None, "period", m.group(0), value="FUTURE_REF")


def vague(m: Match, ctx: Context) -> TimeExpr | None:
    """ "mittelfristig", "künftig", "derzeit": a direction in time, no day."""
    kind = lexicon.tables()["vague"][re.sub(r"\s+", " ", m.group("w").lower())]
    value = {"past": "PAST_REF", "before": "PAST_REF", "present": "PRESENT_REF"}.get(
        kind, "FUTURE_REF"
    )
    precision = "period" if kind == "period" else "general"
    return TimeExpr(m.start(), m.end(), None, None, precision, m.group(0), value=value)


def process_event(m: Match, ctx: Context) -> TimeExpr | None:
    """ "nach Abschluss der Prüfung", "bis zur Fertigstellung": anchored on a step of a process."""
    phrase = m.group(0)
    return TimeExpr(m.start(), m.end(), None, None, "process", phrase, value=None, anchor=phrase)


def as_soon_as(m: Match, ctx: Context) -> TimeExpr | None:
    """ "sobald die Ergebnisse vorliegen": anchored on a condition (up to the clause's end,
    without the space before its comma)."""
    phrase = m.group(0).rstrip()
    end = m.start() + len(phrase)
    return TimeExpr(m.start(), end, None, None, "process", phrase, value=None, anchor=phrase)


def vague_offset(m: Match, ctx: Context) -> TimeExpr | None:
    """ "einige Jahre später", "wenige Tage zuvor": a direction, no amount."""
    back = m.group("dir").lower() in ("zuvor", "vorher", "früher", "davor")
    value = "PAST_REF" if back else "FUTURE_REF"
    return TimeExpr(m.start(), m.end(), None, None, "general", m.group(0), value=value)
