"""Event-anchored expressions resolved against a meeting calendar, where one is known.

The calendar maps a body's name ("Bauausschuss", "Rat der Stadt") to its meeting dates (the
OParl harvest stores them). "in der nächsten Sitzung des Bauausschusses" then gets the first
meeting of that body after the anchor, "übernächste" the second; without a calendar, or
without a meeting of that body after the anchor, the expression keeps only its event."""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Mapping, Sequence

from pipeline.extract.time.expr import TimeExpr

Calendar = Mapping[str, Sequence[dt.date]]
RANK = {"nächst": 1, "kommend": 1, "folgend": 1, "anstehend": 1, "übernächst": 2}


def _names(phrase: str, name: str) -> bool:
    """Does the phrase name the body? Each word of the name appears, declined or not
    ("des Bauausschusses" names "Bauausschuss")."""
    words = re.findall(r"\w+", phrase.lower())
    for key in re.findall(r"\w+", name.lower()):
        if key in ("der", "des", "die", "das", "für", "und"):
            continue
        if not any(
            w.startswith(key) and w[len(key) :] in ("", "s", "es", "n", "en") for w in words
        ):
            return False
    return True


def _body_for(phrase: str, calendar: Calendar) -> str | None:
    """The calendar body named in the phrase (longest name first); the only body when the
    phrase names none ("in der nächsten Sitzung") and the calendar has one."""
    for name in sorted(calendar, key=len, reverse=True):
        if _names(phrase, name):
            return name
    named = re.search(r"[Ss]itzung\w*\s+(?:des|der)\s+\w", phrase)
    return next(iter(calendar)) if len(calendar) == 1 and not named else None


def resolve(exprs: list[TimeExpr], calendar: Calendar | None, ref: dt.date | None) -> None:
    """Give event-anchored expressions the date of the meeting they name, in place."""
    if not calendar or ref is None:
        return
    for e in exprs:
        if e.precision != "relative" or not e.anchor or e.date:
            continue
        phrase = e.anchor
        if not re.search(r"[Ss]itzung|[Aa]usschuss|[Rr]at\b|Kreistag|Beirat", phrase):
            continue
        rank = next(
            (r for k, r in sorted(RANK.items(), key=lambda kv: -len(kv[0])) if k in phrase.lower()),
            0,
        )
        if not rank:
            continue
        body = _body_for(phrase, calendar)
        if body is None:
            continue
        meetings = sorted(calendar[body])
        k = bisect.bisect_right(meetings, ref) + rank - 1
        if k < len(meetings):
            e.date = e.value = meetings[k].isoformat()
            e.anchor = f"{phrase} ({body})"
