"""The time expression every caller sees, and how overlapping finds are merged."""

from __future__ import annotations

import bisect
import itertools
from dataclasses import dataclass

TYPES = ("DATE", "TIME", "DURATION", "SET")


@dataclass
class TimeExpr:
    """One time expression of a text.

    `date` is the deadline reading: the last ISO day the phrase allows ("Mitte Dezember" → the
    15th, "2. Quartal 2023" → 30 Jun), None where it cannot be known. `type`/`value` are the
    TIMEX3 reading ("2021-12-15", "2021-12", "2021-Q4", "2021-W50", "P3M", "XXXX-12-15").
    `anchor` says what a relative or year-less form was resolved against: an ISO date (the
    document date, or in a narrative the last date mentioned before it) or the event it hangs
    on ("nächste Sitzung des Bauausschusses"); None for a fully explicit form.
    `precision` and `relative_to` keep the older deadline vocabulary (day, month, quarter,
    season, year, week, duration, recurring, relative, event, period, span)."""

    start: int
    end: int
    date: str | None
    time: str | None
    precision: str
    relative_to: str | None = None
    explicit_year: bool = True
    type: str = "DATE"
    value: str | None = None
    anchor: str | None = None
    mod: str | None = None  # TIMEX3 mod: START, MID, END, BEFORE, AFTER


_ORDER = itertools.count()  # insertion order of found expressions (the newest date wins)


def add(out: list[TimeExpr], taken: list[tuple[int, int, int]], expr: TimeExpr) -> None:
    """Add `expr` unless it overlaps a found one; a longer phrase that wholly contains found
    ones ("für die erste Sitzung im Oktober" ⊃ "im Oktober") replaces them, keeping a date.

    `taken` holds the (start, end, order) of `out`, both sorted by start; the spans never
    overlap, so a bisection finds the neighbours (a scan of all made `find` quadratic)."""
    start, end = expr.start, expr.end
    i = bisect.bisect_left(taken, (start, -1, -1))
    if i and taken[i - 1][1] > start:
        return  # overlaps one that starts earlier
    j = i
    while j < len(taken) and taken[j][0] < end:
        if taken[j][1] > end:
            return  # overlaps one that ends later
        j += 1
    dated = [(taken[k][2], out[k]) for k in range(i, j) if out[k].date or out[k].value]
    if expr.date is None and expr.value is None and dated:
        old = max(dated, key=lambda pair: pair[0])[1]
        expr.date, expr.explicit_year = old.date, old.explicit_year
        expr.time = expr.time or old.time
        if expr.type == "DATE":
            expr.value = old.value
            expr.anchor = expr.anchor or old.anchor
    out[i:j] = [expr]
    taken[i:j] = [(start, end, next(_ORDER))]
