"""Calendar arithmetic the normaliser needs: month ends, month offsets, two-digit years, the
year of a year-less date seen from an anchor, ISO weeks and moving feasts (computed from Easter,
never listed)."""

from __future__ import annotations

import calendar
import datetime as dt

from dateutil.easter import easter

MIN_YEAR, MAX_YEAR = 1000, 2999


def last_day(y: int, m: int) -> int:
    return calendar.monthrange(y, m)[1]


def iso(y: int, m: int, d: int) -> str | None:
    """ISO date, or None when the day does not exist (31.02.) or the year is out of range."""
    if not MIN_YEAR <= y <= MAX_YEAR:
        return None
    try:
        return dt.date(y, m, d).isoformat()
    except ValueError:
        return None


def month_end(y: int, m: int) -> str | None:
    return iso(y, m, last_day(y, m)) if 1 <= m <= 12 and MIN_YEAR <= y <= MAX_YEAR else None


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` moved by whole months, clipped to the month's end (31 Jan + 1 → 28/29 Feb)."""
    total = day.year * 12 + day.month - 1 + months
    y, m = divmod(total, 12)
    return dt.date(y, m + 1, min(day.day, last_day(y, m + 1)))


def shift(day: dt.date, unit: str, n: float) -> dt.date:
    """`day` moved by `n` units (day, week, month, quarter, half, year, decade, century)."""
    if unit == "day":
        return day + dt.timedelta(days=round(n))
    if unit == "week":
        return day + dt.timedelta(days=round(7 * n))
    months = {"month": 1, "quarter": 3, "half": 6, "year": 12, "decade": 120, "century": 1200}
    return add_months(day, round(months.get(unit, 0) * n))


def two_digit_year(yy: int, anchor: dt.date | None) -> int:
    """A two-digit year by a window around the anchor: at most 20 years ahead, else the
    century before ("21" in 2021 → 2021, "95" in 2021 → 1995, "38" in 2021 → 2038)."""
    base = (anchor or dt.date.today()).year
    y = base - base % 100 + yy
    if y > base + 20:
        y -= 100
    elif y <= base - 80:
        y += 100
    return y


def year_for(anchor: dt.date, m: int, d: int | None, direction: str | None) -> int:
    """The year of a year-less month (and day) seen from `anchor`.

    future (a mandate, "bis …"): the first such day on or after the anchor, with one month of
    grace (a report in early January saying "bis Ende Dezember" means the month just past is
    not meant; one written on 10 June about "Mai" still means this year); past (a report of
    events): the last such day on or before the anchor; no cue: the nearest occurrence."""
    y = anchor.year
    day = d if d is not None else last_day(y, m)
    here = (m, day)
    now = (anchor.month, anchor.day)
    if direction == "past":
        return y - 1 if here > now else y
    if direction == "future":
        return y + 1 if here < now and anchor.month - m > 1 else y
    # nearest: compare the distance to the three candidates
    cands = []
    for cy in (y - 1, y, y + 1):
        try:
            cands.append((abs((dt.date(cy, m, min(day, last_day(cy, m))) - anchor).days), cy))
        except ValueError:
            continue
    return min(cands)[1]


def iso_week_end(y: int, w: int) -> str | None:
    """Sunday of ISO week `w` of `y` (a "KW 24" deadline allows the whole week)."""
    try:
        return dt.date.fromisocalendar(y, w, 7).isoformat()
    except ValueError:
        return None


def week_value(day: dt.date) -> str:
    y, w, _ = day.isocalendar()
    return f"{y}-W{w:02d}"


def holiday(y: int, rule: dict) -> dt.date | None:
    """A feast's date in year `y` from its rule: Easter offset (Pfingsten = Easter + 49),
    fixed day, the weekday before a fixed day (Buß- und Bettag), or the n-th weekday of a month."""
    try:
        if "easter" in rule:
            return easter(y) + dt.timedelta(days=int(rule["easter"]))
        if "fixed" in rule:
            return dt.date(y, *rule["fixed"])
        if "before_fixed" in rule:  # [month, day, weekday]: last such weekday before the day
            m, d, wd = rule["before_fixed"]
            day = dt.date(y, m, d) - dt.timedelta(days=1)
            while day.weekday() != wd:
                day -= dt.timedelta(days=1)
            return day
        if "nth_weekday" in rule:  # [month, n, weekday]
            m, n, wd = rule["nth_weekday"]
            day = dt.date(y, m, 1)
            while day.weekday() != wd:
                day += dt.timedelta(days=1)
            return day + dt.timedelta(weeks=n - 1)
    except ValueError:
        return None
    return None


def next_holiday(anchor: dt.date, rule: dict, direction: str | None) -> dt.date | None:
    """The feast nearest the anchor in the given direction (future by default)."""
    this = holiday(anchor.year, rule)
    if this is None:
        return None
    if direction == "past":
        return this if this <= anchor else holiday(anchor.year - 1, rule)
    return this if this >= anchor else holiday(anchor.year + 1, rule)
