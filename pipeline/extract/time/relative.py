"""Normalisers of relative, event-anchored and recurring expressions: resolved against the
anchor (document date, or the last date of a narrative), or kept with the event they hang on."""

from __future__ import annotations

import datetime as dt
import re

from pipeline.extract.time import dates, lexicon
from pipeline.extract.time.context import Context
from pipeline.extract.time.expr import TimeExpr

Match = re.Match[str]
PERIOD_UNIT = re.compile(
    r"(?P<shift>\w+)\s+(?P<unit>Jahr|Monat|Woche|Quartal|Kalenderjahr|Haushaltsjahr)$"
)
BACKWARD = {"vor", "zuvor", "vorher", "früher", "davor"}
PRECISION = {
    "day": "day",
    "week": "week",
    "month": "month",
    "quarter": "quarter",
    "half": "quarter",
    "year": "year",
    "decade": "decade",
    "century": "century",
    "weekend": "week",
}


def value_at(day: dt.date, unit: str) -> str:
    """TIMEX3 value of `day` at the granularity of `unit`."""
    if unit in ("day", "hour", "minute"):
        return day.isoformat()
    if unit in ("week", "weekend"):
        return dates.week_value(day) + ("-WE" if unit == "weekend" else "")
    if unit == "month":
        return day.strftime("%Y-%m")
    if unit == "quarter":
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    if unit == "half":
        return f"{day.year}-H{(day.month - 1) // 6 + 1}"
    if unit == "decade":
        return str(day.year)[:3]
    if unit == "century":
        return str(day.year)[:2]
    return str(day.year)


def period_end(day: dt.date, unit: str) -> dt.date:
    """Last day of the period of `unit` that contains `day` (the deadline reading)."""
    if unit in ("week", "weekend"):
        return day + dt.timedelta(days=6 - day.weekday())
    if unit == "month":
        return day.replace(day=dates.last_day(day.year, day.month))
    if unit in ("quarter", "half"):
        size = 3 if unit == "quarter" else 6
        m = ((day.month - 1) // size + 1) * size
        return dt.date(day.year, m, dates.last_day(day.year, m))
    if unit in ("year", "decade", "century"):
        return dt.date(day.year, 12, 31)
    return day


def _coarser(unit: str, granularity: str) -> str:
    order = ["day", "week", "month", "quarter", "half", "year", "decade", "century"]
    if unit not in order or granularity not in order:
        return unit
    return max(unit, granularity, key=order.index)


def holiday(m: Match, ctx: Context) -> TimeExpr | None:
    rule = lexicon.tables()["holidays"][re.sub(r"\s+", " ", m.group("h").lower())]
    if m.group("y"):
        day = dates.holiday(int(m.group("y")), rule)
        explicit, anchor_text = True, None
    else:
        anchor, _ = ctx.anchor(m.start())
        if anchor is None:
            return TimeExpr(m.start(), m.end(), None, None, "day", None, False, value="XXXX-XX-XX")
        day = dates.next_holiday(anchor, rule, ctx.direction(m.start(), m.end()))
        explicit, anchor_text = False, anchor.isoformat()
    if day is None:
        return None
    iso = day.isoformat()
    return TimeExpr(
        m.start(), m.end(), iso, None, "day", None, explicit, value=iso, anchor=anchor_text
    )


def relative_day(m: Match, ctx: Context) -> TimeExpr | None:
    n = lexicon.tables()["relative_days"][m.group("w").lower()]
    anchor, _ = ctx.anchor(m.start())
    if anchor is None:
        value = "PRESENT_REF" if n == 0 else ("FUTURE_REF" if n > 0 else "PAST_REF")
        return TimeExpr(m.start(), m.end(), None, None, "day", None, False, value=value)
    day = (anchor + dt.timedelta(days=n)).isoformat()
    return TimeExpr(
        m.start(), m.end(), day, None, "day", None, True, value=day, anchor=anchor.isoformat()
    )


def relative_unit(m: Match, ctx: Context) -> TimeExpr | None:
    """ "nächste Woche", "letztes Jahr", "im laufenden Quartal", "des kommenden Monats"."""
    n = lexicon.tables()["relative_shift"][m.group("shift").lower()]
    unit = lexicon.tables()["relative_units"][m.group("unit").lower()]
    anchor, gran = ctx.anchor(m.start())
    precision = PRECISION.get(unit, "day")
    if anchor is None:
        return TimeExpr(m.start(), m.end(), None, None, precision, None, False, value=None)
    return _shifted(m, ctx, anchor, gran, unit, n, precision)


def _shifted(
    m: Match, ctx: Context, anchor: dt.date, gran: str, unit: str, n: int, precision: str
) -> TimeExpr:
    """The unit `n` units from the anchor ("nächste Woche", "im Jahr darauf"), dated to its
    last day; in a narrative the value is no finer than the anchor it was resolved against."""
    day = dates.shift(anchor, unit, n)
    unit_v = _coarser(unit, gran) if ctx.narrative else unit
    return TimeExpr(
        m.start(),
        m.end(),
        period_end(day, unit).isoformat(),
        None,
        precision,
        None,
        True,
        value=value_at(day, unit_v),
        anchor=anchor.isoformat(),
    )


def _amount(m: Match) -> tuple[float, str] | None:
    n = lexicon.number(m.group("n"))
    unit = lexicon.tables()["units"].get(m.group("unit").lower())
    return (n, unit) if n is not None and unit else None


def duration_value(n: float, unit: str) -> str:
    code = lexicon.tables()["unit_codes"][unit]
    if unit in ("hour", "minute"):
        return f"PT{_num(n)}{code}"
    if unit == "quarter":
        return f"P{_num(n * 3)}M"
    if unit == "half":
        return f"P{_num(n * 6)}M"
    if unit == "decade":
        return f"P{_num(n * 10)}Y"
    if unit == "century":
        return f"P{_num(n * 100)}Y"
    return f"P{_num(n)}{code}"


def _num(n: float) -> str:
    return str(int(n)) if float(n).is_integer() else str(n)


def offset(m: Match, ctx: Context) -> TimeExpr | None:
    """ "in zwei Monaten", "vor einem Tag", "drei Wochen später", "innerhalb von drei Monaten"."""
    amount = _amount(m)
    if amount is None:
        return None
    n, unit = amount
    groups = m.groupdict()
    prep = (groups.get("prep") or "").split()[0].lower() if groups.get("prep") else ""
    direction = (groups.get("dir") or "").lower()
    is_span = prep in ("innerhalb", "binnen", "spätestens", "frühestens", "mindestens")
    anchor, gran = ctx.anchor(m.start())
    if prep == "nach" and not direction and not ctx.narrative:
        is_span = True  # "nach drei Monaten" in a paper: a period from now
    back = prep == "vor" or direction in BACKWARD
    target = dates.shift(anchor, unit, -n if back else n) if anchor else None
    e = TimeExpr(m.start(), m.end(), None, None, "duration", None, True)
    if is_span:
        e.type, e.value = "DURATION", duration_value(n, unit)
        if target and not back:
            e.date, e.anchor = target.isoformat(), anchor.isoformat() if anchor else None
        return e
    if target is None or unit in ("hour", "minute"):
        e.type, e.value = "DURATION", duration_value(n, unit)
        return e
    unit_v = _coarser(unit, gran) if ctx.narrative else unit
    e.date, e.value, e.anchor = (
        target.isoformat(),
        value_at(target, unit_v),
        anchor.isoformat() if anchor else None,
    )
    return e


def event_duration(m: Match, ctx: Context) -> TimeExpr | None:
    """ "sechs Monate nach Beschlussfassung": a period from an event, kept with the event."""
    amount = _amount(m)
    if amount is None:
        return None
    event = m.group("event")
    return TimeExpr(
        m.start(),
        m.end(),
        None,
        None,
        "duration",
        event,
        True,
        type="DURATION",
        value=duration_value(*amount),
        anchor=event,
        mod="BEFORE" if m.group("rel") == "vor" else "AFTER",
    )


def duration(m: Match, ctx: Context) -> TimeExpr | None:
    amount = _amount(m)
    if amount is None:
        return None
    return TimeExpr(
        m.start(), m.end(), None, None, "span", type="DURATION", value=duration_value(*amount)
    )


def time_of_day(m: Match, ctx: Context) -> TimeExpr | None:
    hhmm = f"{int(m.group('h')):02d}:{m.group('mi') or '00'}"
    anchor, _ = ctx.anchor(m.start())
    value = f"{anchor.isoformat() if anchor and not ctx.narrative else 'XXXX-XX-XX'}T{hhmm}"
    return TimeExpr(m.start(), m.end(), None, hhmm, "time", type="TIME", value=value)


def event(m: Match, ctx: Context) -> TimeExpr | None:
    """ "in der nächsten Sitzung des Bauausschusses": the event, no date (a meeting calendar
    can give one, see events.py); "zur heutigen Sitzung" is the anchor's day."""
    phrase = m.group(0)
    if not lexicon.compiled("event_cue").search(phrase):
        return None
    anchor, _ = ctx.anchor(m.start())
    today = "heutig" in phrase and anchor is not None
    iso = anchor.isoformat() if today and anchor else None
    body = re.search(r"\b(?:des|der)\s+(.+)$", phrase)
    rel = body.group(1) if body else phrase
    return TimeExpr(
        m.start(),
        m.end(),
        iso,
        None,
        "day" if iso else "relative",
        rel,
        True,
        value=iso,
        anchor=phrase.strip(),
    )


UNIT_WORDS = {
    "woche": "week",
    "monats": "month",
    "quartals": "quarter",
    "halbjahres": "half",
    "jahres": "year",
    "kalenderjahres": "year",
}
PART_DAY = {"START": 0.1, "MID": 0.5}


def _part_date(day: dt.date, unit: str, mod: str | None) -> dt.date:
    """The last day a part of a period allows: its end, or a tenth / half into it."""
    end = period_end(day, unit)
    if mod not in PART_DAY:
        return end
    if unit == "month":  # as for named months: "Anfang" → the 10th, "Mitte" → the 15th
        return day.replace(day=10 if mod == "START" else 15)
    first = {"week": day - dt.timedelta(days=day.weekday())}.get(unit)
    if first is None:
        size = {"month": 1, "quarter": 3, "half": 6}.get(unit, 12)
        first = dt.date(day.year, ((day.month - 1) // size) * size + 1, 1)
    return first + dt.timedelta(days=int((end - first).days * PART_DAY[mod]))


def part_of_unit(m: Match, ctx: Context) -> TimeExpr | None:
    """ "Ende der Woche", "Mitte des nächsten Monats", "im Laufe des Jahres"."""
    unit = UNIT_WORDS[m.group("unit").lower()]
    word = m.group("part").split()[0].lower()
    mod = None if word == "im" else lexicon.tables()["mods"][lexicon.tables()["parts"][word]]
    anchor, _ = ctx.anchor(m.start())
    if anchor is None:
        return _part_of_period(m, None, None, unit, mod)
    n = lexicon.tables()["relative_shift"].get((m.group("shift") or "").lower(), 0)
    return _part_of_period(m, dates.shift(anchor, unit, n), anchor, unit, mod)


def period_word(m: Match, ctx: Context) -> TimeExpr | None:
    """ "Monatsende", "Jahreswechsel", "Wochenende": a part of the period the anchor is in."""
    unit, mod = lexicon.tables()["period_words"][m.group("w").lower()]
    anchor, _ = ctx.anchor(m.start())
    if anchor is not None and unit == "weekend" and ctx.direction(m.start(), m.end()) == "past":
        anchor -= dt.timedelta(days=7)
    return _part_of_period(m, anchor, anchor, unit, mod)


def _part_of_period(
    m: Match, day: dt.date | None, anchor: dt.date | None, unit: str, mod: str | None
) -> TimeExpr:
    """The part `mod` (start, middle, end) of the `unit` around `day`; undated without one."""
    if day is None or anchor is None:
        return TimeExpr(m.start(), m.end(), None, None, PRECISION[unit], None, False, mod=mod)
    return TimeExpr(
        m.start(),
        m.end(),
        _part_date(day, unit, mod).isoformat(),
        None,
        PRECISION[unit],
        None,
        True,
        value=value_at(day, unit),
        anchor=anchor.isoformat(),
        mod=mod,
    )


def weekday(m: Match, ctx: Context) -> TimeExpr | None:
    """ "am Montag", "bis Freitag", "am kommenden Dienstag": the nearest such day after the
    anchor (before it in a report of events, or after "vergangenen"/"letzten")."""
    wd = lexicon.tables()["weekday_numbers"][m.group("wd").lower()]
    anchor, _ = ctx.anchor(m.start())
    if anchor is None:
        return TimeExpr(
            m.start(), m.end(), None, None, "day", None, False, value=f"XXXX-WXX-{wd + 1}"
        )
    shift = (m.group("shift") or "").lower()
    back = shift in ("vergangenen", "letzten") or (
        not shift and ctx.direction(m.start(), m.end()) == "past"
    )
    if back:
        day = anchor - dt.timedelta(days=(anchor.weekday() - wd) % 7 or 7)
    else:
        day = anchor + dt.timedelta(days=(wd - anchor.weekday()) % 7 or 7)
    iso = day.isoformat()
    start = m.start("shift") if m.group("shift") else m.start("wd")
    return TimeExpr(
        start, m.end(), iso, None, "day", None, False, value=iso, anchor=anchor.isoformat()
    )


def unit_after(m: Match, ctx: Context) -> TimeExpr | None:
    """ "im Jahr darauf", "am Tag zuvor": one unit after or before the anchor."""
    unit = lexicon.tables()["relative_units"][m.group("unit").lower()]
    anchor, gran = ctx.anchor(m.start())
    if anchor is None:
        return None
    n = -1 if m.group("dir").lower() in ("zuvor", "davor") else 1
    return _shifted(m, ctx, anchor, gran, unit, n, PRECISION[unit])


def day_part(m: Match, ctx: Context) -> TimeExpr | None:
    """ "am Abend", "in der Nacht", "am nächsten Morgen": a part of the anchor's day."""
    code = lexicon.tables()["day_parts"][m.group("part").lower()]
    anchor, gran = ctx.anchor(m.start())
    n = lexicon.tables()["relative_shift"].get((m.group("shift") or "").lower(), 0)
    if anchor is None or gran != "day":
        return TimeExpr(
            m.start(), m.end(), None, None, "time", type="TIME", value=f"XXXX-XX-XXT{code}"
        )
    day = anchor + dt.timedelta(days=n)
    return TimeExpr(
        m.start(),
        m.end(),
        None,
        None,
        "time",
        type="TIME",
        value=f"{day.isoformat()}T{code}",
        anchor=anchor.isoformat(),
    )
