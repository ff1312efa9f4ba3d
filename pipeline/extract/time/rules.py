"""Normalisers: one per grammar `kind`, turning a match into a TimeExpr with its TIMEX3 type
and value, its deadline date (the last day allowed) and the anchor it was resolved against."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from pipeline.extract.time import dates, lexicon
from pipeline.extract.time.context import Context
from pipeline.extract.time.expr import TimeExpr

Match = re.Match[str]
Handler = Callable[[Match, Context], TimeExpr | None]


def _year_text(text: str, anchor: dt.date | None) -> int:
    digits = text.lstrip("'")
    y = int(digits)
    return dates.two_digit_year(y, anchor) if len(digits) <= 2 else y


def _day(m: Match, y: int, mo: int, d: int, **kw: object) -> TimeExpr | None:
    value = dates.iso(y, mo, d)
    if value is None:
        return None
    return TimeExpr(m.start(), m.end(), value, None, "day", value=value, **kw)  # type: ignore[arg-type]


def _yearless(
    m: Match, ctx: Context, mo: int, d: int | None, precision: str, direction: str | None = None
) -> TimeExpr:
    """A month (and day) without year: the year from the anchor and the direction (the
    expression's own, "im kommenden Frühjahr", else its clause's)."""
    anchor, _ = ctx.anchor(m.start())
    if d is not None and not 1 <= d <= 31:
        d = None
    if anchor is None:
        unknown = f"XXXX-{mo:02d}" + (f"-{d:02d}" if d else "")
        return TimeExpr(m.start(), m.end(), None, None, precision, None, False, value=unknown)
    direction = direction or ctx.direction(m.start(), m.end()) or "future"
    y = anchor.year if ctx.narrative else dates.year_for(anchor, mo, d, direction)
    step = -1 if direction == "past" else 1
    while d is not None and d > dates.last_day(y, mo) and abs(y - anchor.year) < 8:
        y += step  # "29. Februar": the nearest leap year that way
    day = d if d is not None else dates.last_day(y, mo)
    date = dates.iso(y, mo, min(day, dates.last_day(y, mo)))
    value: str | None = date if d is not None else f"{y}-{mo:02d}"
    return TimeExpr(
        m.start(),
        m.end(),
        date,
        None,
        precision,
        None,
        False,
        value=value,
        anchor=anchor.isoformat(),
    )


def _with_time(m: Match, ctx: Context, e: TimeExpr | None) -> TimeExpr | None:
    """Extend a day by a following clock time ("18.06.2021, 16 Uhr")."""
    if e is None:
        return None
    tm = lexicon.compiled("time_after").match(ctx.text, e.end, min(len(ctx.text), e.end + 20))
    if tm:
        e.end = tm.end()
        e.time = f"{int(tm.group('h')):02d}:{tm.group('mi') or '00'}"
        e.type = "TIME"
        e.value = f"{e.value}T{e.time}"
    return e


def num_date(m: Match, ctx: Context) -> TimeExpr | None:
    d, mo = int(m.group("d")), int(m.group("m"))
    anchor, _ = ctx.anchor(m.start())
    y = _year_text(m.group("y"), ctx.ref or anchor)
    return _with_time(m, ctx, _day(m, y, mo, d) if 1 <= mo <= 12 else None)


def iso_date(m: Match, ctx: Context) -> TimeExpr | None:
    return _day(m, int(m.group("y")), int(m.group("m")), int(m.group("d")))


def day_month(m: Match, ctx: Context) -> TimeExpr | None:
    d, mo = int(m.group("d")), int(m.group("m"))
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    e = _this_year(m, ctx, mo, d) if m.group("dj") else _yearless(m, ctx, mo, d, "day")
    if e is None:
        return None
    e.start = m.start("d")  # the preposition is context, not part of the expression
    return e


def text_date(m: Match, ctx: Context) -> TimeExpr | None:
    mo = lexicon.month_number(m.group("m"))
    d = int(m.group("d"))
    if not mo or not 1 <= d <= 31:
        return None
    if m.group("y"):
        anchor, _ = ctx.anchor(m.start())
        return _with_time(m, ctx, _day(m, _year_text(m.group("y"), ctx.ref or anchor), mo, d))
    if m.group("dj"):
        return _this_year(m, ctx, mo, d)
    return _with_time(m, ctx, _yearless(m, ctx, mo, d, "day"))


def _this_year(m: Match, ctx: Context, mo: int, d: int) -> TimeExpr | None:
    """ "30.06. d. J.": the day in the anchor's year ("dieses Jahres")."""
    anchor, _ = ctx.anchor(m.start())
    if anchor is None:
        return TimeExpr(
            m.start(), m.end(), None, None, "day", None, False, value=f"XXXX-{mo:02d}-{d:02d}"
        )
    e = _day(m, anchor.year, mo, d, anchor=anchor.isoformat())
    return e


def _year_of(m: Match, ctx: Context, group: str = "y") -> tuple[int | None, bool]:
    """(year, explicit): the written year, else the anchor's year (None without anchor)."""
    if m.group(group):
        return int(m.group(group)), True
    anchor, _ = ctx.anchor(m.start())
    return (anchor.year, False) if anchor else (None, False)


def quarter(m: Match, ctx: Context) -> TimeExpr | None:
    n = lexicon.tables()["ordinals"].get(m.group("n").rstrip(".").lower())
    unit = m.groupdict().get("unit") or ""
    half = unit.startswith(("Halb", "Jahresh")) or m.groupdict().get("q") == "H"
    if not n or (half and n > 2):
        return None
    month = n * 6 if half else n * 3
    y, explicit = _year_of(m, ctx)
    shift = m.groupdict().get("shift")
    if shift and y is not None:
        y += lexicon.tables()["relative_shift"].get(shift.lower(), 0)
        explicit = True  # "im ersten Halbjahr des kommenden Jahres" names its year
    code = f"H{n}" if half else f"Q{n}"
    if y is None:
        return TimeExpr(
            m.start(), m.end(), None, None, "quarter", None, False, value=f"XXXX-{code}"
        )
    if not explicit and not ctx.narrative:  # a year-less quarter already past means next year's
        anchor, _ = ctx.anchor(m.start())
        if anchor and ctx.direction(m.start(), m.end()) != "past":
            y = dates.year_for(anchor, month, None, "future")
    return TimeExpr(
        m.start(),
        m.end(),
        dates.month_end(y, month),
        None,
        "quarter",
        None,
        explicit,
        value=f"{y}-{code}",
        anchor=None if explicit else _anchor_text(m, ctx),
    )


def _anchor_text(m: Match, ctx: Context) -> str | None:
    anchor, _ = ctx.anchor(m.start())
    return anchor.isoformat() if anchor else None


def part_of_year(m: Match, ctx: Context) -> TimeExpr | None:
    part = lexicon.tables()["parts"][m.group("part").lower()]
    y, explicit = _year_of(m, ctx)
    words = m.group(0).split()
    if not explicit and y is not None:
        shifts = lexicon.tables()["relative_shift"]
        y += next((shifts[w.lower()] for w in words[1:] if w.lower() in shifts), 0)
    md = lexicon.tables()["parts_year"][part]
    date = dates.iso(y, *md) if y else None
    return TimeExpr(
        m.start(),
        m.end(),
        date,
        None,
        "year" if part == "end" else "month",
        None,
        explicit,
        value=str(y) if y else "XXXX",
        mod=lexicon.tables()["mods"][part],
        anchor=None if explicit else _anchor_text(m, ctx),
    )


def part_of_month(m: Match, ctx: Context) -> TimeExpr | None:
    t = lexicon.tables()
    part = t["parts"][m.group("part").lower()]
    if m.group("yo"):
        y = int(m.group("yo"))
        date = dates.iso(y, *t["parts_year"][part])
        return TimeExpr(m.start(), m.end(), date, None, "year", value=str(y), mod=t["mods"][part])
    mo = lexicon.month_number(m.group("m"))
    if not mo:
        return None
    day = t["parts_month_day"][part]
    precision = "day" if day else "month"
    if m.group("y"):
        y = int(m.group("y"))
        date = dates.iso(y, mo, day or dates.last_day(y, mo))
        e = TimeExpr(m.start(), m.end(), date, None, precision, value=f"{y}-{mo:02d}")
    else:
        e = _yearless(m, ctx, mo, day, precision)
        if e.value and len(e.value) > 7:
            e.value = e.value[:7]
    e.mod = t["mods"][part]
    return e


def _shifted_season(m: Match, ctx: Context, mo: int, d: int) -> TimeExpr:
    """A season without year, its year from the anchor and the shift word before it (time.json
    `relative_shift`): "im kommenden Frühjahr" is the first spring that begins after the
    anchor, "im vergangenen Herbst" the last one before it, "in diesem Herbst" the anchor's."""
    shift = (m.group("shift") or "").lower()
    step = lexicon.tables()["relative_shift"].get(shift, 0) if shift else None
    way = None if not step else ("future" if step > 0 else "past")
    e = _yearless(m, ctx, mo, None, "season", way)
    anchor = ctx.anchor(m.start())[0]
    if anchor is None or step is None or step < 0:
        return e
    start = (mo - 3) % 12 + 1  # Frühjahr 3, Sommer 6, Herbst 9, Winter 12
    if step > 0:
        y = anchor.year + (0 if start > anchor.month else 1) + (1 if mo < start else 0)
    else:  # "in diesem Herbst", "diesen Winter"
        y = anchor.year + (1 if mo < start else 0)
    e.date = dates.iso(y, mo, min(d, dates.last_day(y, mo)))
    e.value = str(y - 1 if mo < start else y)  # a winter is named by its first year
    return e


def season(m: Match, ctx: Context) -> TimeExpr | None:
    t = lexicon.tables()
    word = m.group("s").lower()
    mo, d = t["seasons"][word]
    code = t["seasons_code"].get(word)
    if not m.group("y"):
        before = ctx.text[max(0, m.start() - 8) : m.start()]
        if not re.search(lexicon.grammar()["season_lead"], before, re.I):
            return None
    if m.group("y"):
        base = int(m.group("y"))
        y = base + (1 if word == "winter" else 0)
        date = dates.iso(y, mo, min(d, dates.last_day(y, mo)))
        value = f"{base}-{code}" if code else str(base)
        e = TimeExpr(m.start(), m.end(), date, None, "season", value=value)
    else:
        e = _shifted_season(m, ctx, mo, d)
        known = e.value[:4] if e.value and e.value[:4].isdigit() else "XXXX"
        e.value = f"{known}-{code}" if code else known
    if not code:
        e.mod = {
            "jahresende": "END",
            "jahresanfang": "START",
            "jahresbeginn": "START",
            "jahresmitte": "MID",
        }.get(word)
    return e


def label_year(m: Match, ctx: Context) -> TimeExpr | None:
    """ "Schuljahr 2024/25", "Haushalt 2023": a labelled year names a period, not a due day."""
    return TimeExpr(
        m.start(), m.end(), None, None, "event", relative_to=m.group(0), value=m.group("y")
    )


def year_range(m: Match, ctx: Context) -> TimeExpr | None:
    y = int(m.group("y2"))
    return TimeExpr(
        m.start(),
        m.end(),
        dates.month_end(y, 12),
        None,
        "year",
        value=m.group("y1") + "/" + m.group("y2"),
    )


def decade(m: Match, ctx: Context) -> TimeExpr | None:
    if m.group("y"):
        y = int(m.group("y"))
    else:
        anchor, _ = ctx.anchor(m.start())
        y = dates.two_digit_year(int(m.group("yy")), ctx.ref or anchor)
        if anchor is None and ctx.ref is None:
            y = 1900 + int(m.group("yy"))  # "die 80er Jahre" without anchor: the last century
    return TimeExpr(m.start(), m.end(), None, None, "decade", value=str(y)[:3])


def century(m: Match, ctx: Context) -> TimeExpr | None:
    n = int(m.group("n"))
    if not 10 <= n <= 30:
        return None
    return TimeExpr(m.start(), m.end(), None, None, "century", value=f"{n - 1:02d}")


def month_year(m: Match, ctx: Context) -> TimeExpr | None:
    mo = lexicon.month_number(m.group("m"))
    if not mo:
        return None
    y = int(m.group("y"))
    return TimeExpr(
        m.start(), m.end(), dates.month_end(y, mo), None, "month", value=f"{y}-{mo:02d}"
    )


def month_only(m: Match, ctx: Context) -> TimeExpr | None:
    word = m.group("m").lower().rstrip(".")
    mo = lexicon.month_number(word)
    if not mo or word not in lexicon.tables()["months"] or len(word) < 3:
        return None
    return _yearless(m, ctx, mo, None, "month")


def year(m: Match, ctx: Context) -> TimeExpr | None:
    y = int(m.group("y"))
    return TimeExpr(m.start(), m.end(), dates.month_end(y, 12), None, "year", value=str(y))


def week(m: Match, ctx: Context) -> TimeExpr | None:
    n = int(m.group("n") or m.group("n2"))
    if not 1 <= n <= 53:
        return None
    y, explicit = _year_of(m, ctx)
    if y is None:
        return TimeExpr(m.start(), m.end(), None, None, "week", None, False, value=f"XXXX-W{n:02d}")
    if not explicit and not ctx.narrative:
        anchor, _ = ctx.anchor(m.start())
        if (
            anchor
            and anchor.isocalendar()[1] - n > 4
            and ctx.direction(m.start(), m.end()) != "past"
        ):
            y += 1
    return TimeExpr(
        m.start(),
        m.end(),
        dates.iso_week_end(y, n),
        None,
        "week",
        None,
        explicit,
        value=f"{y}-W{n:02d}",
        anchor=None if explicit else _anchor_text(m, ctx),
    )


def bare_year(m: Match, ctx: Context) -> TimeExpr | None:
    """A four-digit year standing alone: a year unless the text counts something with it
    ("1500 Euro", "Nr. 2019") or, outside 1900–2099, no temporal word or clause start leads in."""
    t = lexicon.tables()
    y = int(m.group("y"))
    after = re.match(r"\s*([\w²³%€.-]+)", m.string[m.end() : m.end() + 20])
    if after and after.group(1).lower().rstrip(".") in t["measure_words"]:
        return None
    before = m.string[max(0, m.start() - 25) : m.start()].lower()
    words = re.findall(r"[\w§.]+", before)
    if words and (words[-1] in t["number_context"] or " ".join(words[-2:]) in t["number_context"]):
        return None
    if not 1900 <= y <= 2099:  # other four-digit numbers count things more often
        temporal = bool(words) and (
            words[-1] in t["year_prepositions"] or " ".join(words[-2:]) in t["year_prepositions"]
        )
        noun_after = after is not None and after.group(1)[:1].isupper()  # "1617 Leuchten"
        if noun_after and not temporal:
            return None
    return TimeExpr(m.start(), m.end(), dates.month_end(y, 12), None, "year", value=str(y))
