"""German time expressions: find them in text and resolve each to the last day it allows.

Resolution follows how councils set due dates: "Mitte Dezember" → the 15th, "Ende 2023" →
31 Dec, "2. Quartal 2023" → 30 Jun, a season → the end of its last month. Year-less forms
take the first such day on or after the reference date (the document's date).
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import difflib
import itertools
import re
from dataclasses import dataclass
from functools import cache

from pipeline.extract import resources


@dataclass
class TimeExpr:
    start: int
    end: int
    date: str | None
    time: str | None
    precision: str
    relative_to: str | None = None
    explicit_year: bool = True


@cache
def _tables() -> dict:
    return resources.load("time")


def month_number(word: str) -> int | None:
    """Month of a (possibly OCR-damaged) month name: "Dezernber" → 12; weekdays → None."""
    w = word.lower().rstrip(".")
    table = _tables()["months"]
    if w in table:
        return int(table[w])
    if len(w) < 5 or w in _tables()["weekdays"]:
        return None
    best = difflib.get_close_matches(w, _tables()["full_months"], n=1, cutoff=0.75)
    return _tables()["full_months"].index(best[0]) + 1 if best else None


def _year(text: str) -> int:
    y = int(text)
    return y + 2000 if y < 100 and len(text) <= 2 else y


def _last_day(y: int, m: int) -> int:
    return calendar.monthrange(y, m)[1]


def _iso(y: int, m: int, d: int) -> str | None:
    try:
        return dt.date(y, m, d).isoformat()
    except ValueError:
        return None


def _roll(ref: dt.date | None, m: int, d: int | None) -> tuple[str | None, bool]:
    """A year-less month/day: the first occurrence on or after `ref`; None without ref."""
    if ref is None:
        return None, False
    y = ref.year
    day = d if d is not None else _last_day(y, m)
    if (m, day) < (ref.month, ref.day) and (ref.month - m) > 1:
        y += 1
        day = d if d is not None else _last_day(y, m)
    return _iso(y, m, min(day, _last_day(y, m))), False


MONTHWORD = r"[A-ZÄÖÜ][a-zäöüß]{2,9}\.?"
YEAR = r"(?:19|20)\d\d"
NUM_DATE = re.compile(r"(?<![\d.])(\d{1,2})\.\s?(\d{1,2})\.\s?((?:19|20)?\d\d)(?![\d])")
# "bis spätestens 30.4.": a year-less numeric date, only after a preposition that sets a time
# (bare "3.4." is as often a section number)
DAY_MONTH = re.compile(
    r"(?<![\w-])(?:bis|zum|am|ab|spätestens|vor\s+dem|bis\s+zum)\s+(\d{1,2})\.\s?(\d{1,2})\.(?![\d.])(?!\s?\d)"
)
ISO_DATE = re.compile(r"(?<!\d)(20\d\d|19\d\d)-(\d\d)-(\d\d)(?!\d)")
TEXT_DATE = re.compile(rf"(?<![\d.])(\d{{1,2}})\.\s?({MONTHWORD})(?:\s+({YEAR}))?")
TIME = re.compile(r"^,?\s*(?:um|ab|von)?\s*(\d{1,2})(?:[:.](\d\d))?\s*Uhr")
PART = re.compile(
    rf"\b(Anfang|Beginn|Mitte|Ende)\s+(?:des\s+(?:Jahres|Monats)\s+)?(?:(?:(des|der)\s+)?({MONTHWORD})(?:\s+({YEAR}))?|({YEAR}))"
)
END_OF_YEAR = re.compile(
    rf"\b(Ende|Mitte|Anfang)\s+(?:des|diesen|dieses|nächsten|kommenden)\s+Jahres(?:\s+({YEAR}))?"
)
QUARTER = re.compile(
    rf"\b(?:(?:im|zum|bis\s+zum|bis\s+Ende\s+des|zum\s+Ende\s+des|im\s+Laufe\s+des|Ende\s+des|bis\s+zum\s+Ende\s+des)\s+)?"
    rf"([1-4IV]{{1,3}}\.|ersten|zweiten|dritten|vierten|letzten|erste|zweite|dritte|vierte|letzte)\s+"
    rf"(Quartals|Quartal|Halbjahres|Halbjahr|Jahreshälfte)(?:\s+(?:des\s+Jahres\s+)?({YEAR}))?"
)
# "Ende Q2/2025", "bis Q3 2025": the quarter in planning shorthand
Q_SHORT = re.compile(rf"(?<![\w-])Q([1-4])(?:\s*[/ ]\s*({YEAR}))?(?![\w/])")
SEASON = re.compile(
    rf"\b(Frühjahr|Frühling|Sommer|Herbst|Winter|Jahresanfang|Jahresmitte|Jahresende)(?:es|s)?(?:\s*({YEAR}))?\b"
)
MONTH_YEAR = re.compile(
    rf"\b(?:im\s+Monat\s+)?(?:{MONTHWORD}\s*(?:und|bis|oder|,|/|–|-)\s*)*({MONTHWORD})\s+({YEAR})\b"
)
MONTH_ONLY = re.compile(rf"\b(?:bis|im|ab|zum|Monat)\s+(?:Monat\s+)?({MONTHWORD})(?![\w-])")
YEAR_ONLY = re.compile(
    rf"\b(?:bis|in|im\s+Jahr|im\s+Jahre|ab|ab\s+dem\s+Jahr|Ende|für\s+das\s+Jahr|zum\s+Jahr|spätestens)\s+({YEAR})(?![\d/])"
)
YEAR_RANGE = re.compile(
    rf"\b(?:in\s+den\s+Jahren|zwischen)\s+({YEAR})\s*(?:[-–]|bis|und)\s*({YEAR})"
)
LABEL_YEAR = re.compile(
    r"\b((?:Schul|Kindergarten|Kita|Haushalts|Wirtschafts|Betreuungs)jahr(?:es)?(?:beginn|ende|anfang)?|Spielzeit|Saison|"
    r"Haushalt(?:s(?:plan)?)?(?:beratung(?:en)?|planung)?|Doppelhaushalt)\s+((?:19|20)\d\d)(?:\s*/\s*(\d{2,4}))?"
)
DURATION = re.compile(
    r"\b(?:innerhalb|binnen|spätestens|nach|in|vor)\s+(?:von\s+|der\s+nächsten\s+|den\s+nächsten\s+)?"
    r"(\d{1,3}|eine[mrs]?|ein|zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf|vierzehn|achtzehn|zwanzig|dreißig)\s+"
    r"(Werktag(?:e|en)?|Tag(?:e|en)?|Woche[n]?|Monat(?:e|en|s)?|Jahr(?:e|en|es)?)\b"
)
NUM_DURATION = re.compile(
    r"\b(?:(?:spätestens|mindestens|frühestens)\s+)?(\d{1,3}|zwei|drei|vier|fünf|sechs|acht|zehn|zwölf|achtzehn|vierundzwanzig)\s+(Werktage|Tage|Wochen|Monate|Jahre)\s+"
    r"(?:nach|vor)\s+(?:dem|der|den|des)?\s*(?:[a-zäöü][\w-]*\s+){0,2}[A-ZÄÖÜ][\w-]*(?:\s+(?:des|der)\s+(?:[a-zäöü][\w-]*\s+)?[A-ZÄÖÜ][\w-]*)?"
)
FUTURE_PERIOD = re.compile(
    r"\b(?:[Ii]n\s+den|[Ii]m|[Ii]n\s+der|[Bb]ei|[Ff]ür\s+(?:das|den|die))\s+(?:kommenden|folgenden|nächsten|nächster|nächste|"
    r"dieses|diesen|laufenden|laufende)\s+(?:Jahren|Monaten|Wochen|Jahr|Monat|Woche|Haushalten|"
    r"Haushaltsjahren|Haushaltsjahr|Kalenderjahr|Gelegenheit|Zeit)\b"
)
WEEK = re.compile(
    r"\b(?:in\s+der\s+)?(\d{1,2})\.\s+(?:Kalenderwoche|KW)(?:\s+({YEAR}))?".replace("{YEAR}", YEAR)
)


def _word_re(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@cache
def _event_res() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    t = _tables()
    rec = re.compile(rf"\b(?:{_word_re(t['recurring'])})\b", re.I)
    imm = re.compile(rf"\b(?:{_word_re(t['immediate'])})\b", re.I)
    event = re.compile(
        r"\b(?:(?:bis\s+)?spätestens\s+|bis\s+spätestens\s+|bis\s+|noch\s+|rechtzeitig\s+)?"
        r"(?i:(?:in|im|zu|zur|zum|für|auf|bis|nach|vor|bis\s+zur|bis\s+zum|bis\s+zu|vor\s+der|nach\s+der|in\s+die|auf\s+die|für\s+die|in\s+den|zu\s+den|bis\s+zu\s+den|in\s+einer|auf\s+einer|mit\s+der)\s+)"
        r"(?:der|die|das|den|dem|des|einer|ihrer|seiner)?\s*"
        r"(?:Tagesordnung\s+der\s+)?(?:(?:nächsten|nächste|übernächsten|übernächste|kommenden|kommende|folgenden|folgende|anstehenden|heutigen|ersten|erste|zweiten|zweite|letzten|regulären|reguläre|ordentlichen|ordentliche|öffentlichen|öffentliche|politischen|gemeinsamen|\d\.)\s+){0,3}"
        r"(?:[\w-]*(?:[Ss]itzung(?:en)?|[Ss]itzungslauf|[Ss]itzungsrunde|[Hh]aushaltsberatung(?:en)?|[Hh]aushaltsplanberatung(?:en)?|Sommerpause|Sommerferien|Herbstferien|Winterpause|Ferien|Wahlperiode|Beratung(?:en)?)(?![\w-])"
        r"|(?:(?:[\w]+-\s+und\s+)?[\w-]*[Aa]usschuss|Ausschusssitzung|Rat|Stadtrat|Gemeinderat|Kreistag|Ortsbeirat)(?=\s|[.,;]))"
        r"(?:\s+(?:des|der)\s+(?:[\w-]+\s+){0,1}[\w-]*(?:[Aa]usschuss(?:es)?|[Rr]ates|[Rr]ats|Kreistages|Kreistags|Ortsbeirates|[Vv]ersammlung|[Vv]ertretung|Bezirksvertretung|[Bb]eirates|Gemeinderates|Stadtrates|Stadtrats)"
        r"(?:\s+für(?:\s+[A-ZÄÖÜ][\w-]*,?|\s+und){1,6})?)?"
        r"(?:\s+(?:im\s+)?(?:(?:Jahr|Monat)\s+)?(?:(?:19|20)\d\d|(?:Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember)(?:\s+(?:19|20)\d\d)?)(?![\w]))?"
    )
    return rec, imm, event


_ORDER = itertools.count()  # insertion order of found expressions (the newest date wins)


def _add(out: list[TimeExpr], taken: list[tuple[int, int, int]], expr: TimeExpr) -> None:
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
    dated = [(taken[k][2], out[k]) for k in range(i, j) if out[k].date]
    if expr.date is None and dated:
        old = max(dated, key=lambda pair: pair[0])[1]
        expr.date, expr.explicit_year = old.date, old.explicit_year
        expr.time = expr.time or old.time
    out[i:j] = [expr]
    taken[i:j] = [(start, end, next(_ORDER))]


def find(text: str, ref: dt.date | None) -> list[TimeExpr]:
    """Every time expression in `text`, longest patterns first, without overlaps, by position."""
    out: list[TimeExpr] = []
    taken: list[tuple[int, int, int]] = []
    mo: int | None
    y: int | None
    for m in QUARTER.finditer(text):
        n = _tables()["ordinals"].get(m.group(1).rstrip(".").lower())
        if not n:
            continue
        half = m.group(2).startswith(("Halb", "Jahresh"))
        if half and n > 2:
            continue
        month = (n * 6) if half else (n * 3)
        if m.group(3):
            y = int(m.group(3))
            iso = _iso(y, month, _last_day(y, month))
            _add(out, taken, TimeExpr(m.start(), m.end(), iso, None, "quarter"))
        else:
            iso, _ = _roll(ref, month, None)
            _add(
                out, taken, TimeExpr(m.start(), m.end(), iso, None, "quarter", explicit_year=False)
            )
    for m in Q_SHORT.finditer(text):
        month = int(m.group(1)) * 3
        if m.group(2):
            y = int(m.group(2))
            _add(
                out,
                taken,
                TimeExpr(m.start(), m.end(), _iso(y, month, _last_day(y, month)), None, "quarter"),
            )
        else:
            iso, _ = _roll(ref, month, None)
            _add(
                out, taken, TimeExpr(m.start(), m.end(), iso, None, "quarter", explicit_year=False)
            )
    for m in NUM_DATE.finditer(text):
        d, mo, y = int(m.group(1)), int(m.group(2)), _year(m.group(3))
        iso = _iso(y, mo, d) if 1 <= mo <= 12 else None
        if iso:
            tm = TIME.match(text[m.end() : m.end() + 20])
            end = m.end() + tm.end() if tm else m.end()
            hhmm = f"{int(tm.group(1)):02d}:{tm.group(2) or '00'}" if tm else None
            _add(out, taken, TimeExpr(m.start(), end, iso, hhmm, "day"))
    for m in DAY_MONTH.finditer(text):
        d, mo = int(m.group(1)), int(m.group(2))
        if 1 <= mo <= 12 and 1 <= d <= 31:
            iso, _ = _roll(ref, mo, d)
            expr = TimeExpr(m.start(1), m.end(), iso, None, "day", explicit_year=False)
            _add(out, taken, expr)
    for m in ISO_DATE.finditer(text):
        iso = _iso(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if iso:
            _add(out, taken, TimeExpr(m.start(), m.end(), iso, None, "day"))
    for m in TEXT_DATE.finditer(text):
        mo = month_number(m.group(2))
        if not mo:
            continue
        d = int(m.group(1))
        if m.group(3):
            iso, explicit = _iso(int(m.group(3)), mo, d), True
        else:
            iso, explicit = _roll(ref, mo, d)
        tm = TIME.match(text[m.end() : m.end() + 20])
        end = m.end() + tm.end() if tm else m.end()
        hhmm = f"{int(tm.group(1)):02d}:{tm.group(2) or '00'}" if tm else None
        _add(out, taken, TimeExpr(m.start(), end, iso, hhmm, "day", explicit_year=explicit))
    for m in END_OF_YEAR.finditer(text):
        y = int(m.group(2)) if m.group(2) else (ref.year if ref else None)
        if m.group(0).split()[1] in ("nächsten", "kommenden") and not m.group(2) and ref:
            y = ref.year + 1
        part = m.group(1)
        md = {"Ende": (12, 31), "Mitte": (6, 30), "Anfang": (1, 31)}[part]
        iso = _iso(y, *md) if y else None
        _add(
            out,
            taken,
            TimeExpr(
                m.start(),
                m.end(),
                iso,
                None,
                "year" if part == "Ende" else "month",
                explicit_year=bool(m.group(2)),
            ),
        )
    for m in PART.finditer(text):
        part = _tables()["parts"][m.group(1).lower()]
        if m.group(5):
            y = int(m.group(5))
            md = {"start": (3, 31), "middle": (6, 30), "end": (12, 31)}[part]
            _add(out, taken, TimeExpr(m.start(), m.end(), _iso(y, *md), None, "year"))
            continue
        mo = month_number(m.group(3))
        if not mo:
            continue
        day = {"start": 10, "middle": 15, "end": None}[part]
        if m.group(4):
            y = int(m.group(4))
            iso, explicit = _iso(y, mo, day or _last_day(y, mo)), True
        else:
            iso, explicit = _roll(ref, mo, day)
        _add(
            out,
            taken,
            TimeExpr(
                m.start(), m.end(), iso, None, "day" if day else "month", explicit_year=explicit
            ),
        )
    for m in SEASON.finditer(text):
        mo, d = _tables()["seasons"][m.group(1).lower()]
        if m.group(2):
            y = int(m.group(2)) + (1 if m.group(1) == "Winter" else 0)
            iso, explicit = _iso(y, mo, min(d, _last_day(y, mo))), True
        else:
            iso, explicit = _roll(ref, mo, None)
        if not m.group(2) and not re.search(
            r"(?:im|bis|zum|ab|vor|nach|Ende|Anfang)\s+$", text[max(0, m.start() - 8) : m.start()]
        ):
            continue
        _add(out, taken, TimeExpr(m.start(), m.end(), iso, None, "season", explicit_year=explicit))
    for m in LABEL_YEAR.finditer(text):
        y1 = int(m.group(2))
        y2 = m.group(3)
        y = _year(y2[-2:]) if y2 else y1
        del y  # a labelled year names a period or an event, not a day it is due
        _add(out, taken, TimeExpr(m.start(), m.end(), None, None, "event", relative_to=m.group(0)))
    for m in YEAR_RANGE.finditer(text):
        y = int(m.group(2))
        _add(out, taken, TimeExpr(m.start(), m.end(), _iso(y, 12, 31), None, "year"))
    for m in MONTH_YEAR.finditer(text):
        mo = month_number(m.group(1))
        if mo:
            y = int(m.group(2))
            _add(
                out,
                taken,
                TimeExpr(m.start(), m.end(), _iso(y, mo, _last_day(y, mo)), None, "month"),
            )
    for m in MONTH_ONLY.finditer(text):
        mo = month_number(m.group(1))
        if mo and m.group(1).lower().rstrip(".") in _tables()["months"]:
            iso, _ = _roll(ref, mo, None)
            _add(out, taken, TimeExpr(m.start(), m.end(), iso, None, "month", explicit_year=False))
    for m in YEAR_ONLY.finditer(text):
        y = int(m.group(1))
        _add(out, taken, TimeExpr(m.start(), m.end(), _iso(y, 12, 31), None, "year"))
    for m in WEEK.finditer(text):
        _add(out, taken, TimeExpr(m.start(), m.end(), None, None, "week", explicit_year=False))
    rec, imm, event = _event_res()
    for m in NUM_DURATION.finditer(text):
        _add(out, taken, TimeExpr(m.start(), m.end(), None, None, "duration"))
    for m in DURATION.finditer(text):
        _add(out, taken, TimeExpr(m.start(), m.end(), None, None, "duration"))
    for m in event.finditer(text):
        phrase = m.group(0)
        if not re.search(
            r"nächst|übernächst|kommend|folgend|anstehend|heutig|erste|\d\.|spätestens|Haushalt|Sommer|Ferien|Pause|pause|bis|rechtzeitig",
            phrase,
        ):
            continue
        iso = ref.isoformat() if ("heutig" in phrase and ref) else None
        prec = "day" if iso else "relative"
        body = re.search(r"\b(?:des|der)\s+(.+)$", phrase)
        _add(
            out,
            taken,
            TimeExpr(
                m.start(), m.end(), iso, None, prec, relative_to=body.group(1) if body else phrase
            ),
        )
    for m in FUTURE_PERIOD.finditer(text):
        _add(out, taken, TimeExpr(m.start(), m.end(), None, None, "period", relative_to=m.group(0)))
    for m in rec.finditer(text):
        _add(out, taken, TimeExpr(m.start(), m.end(), None, None, "recurring"))
    for m in imm.finditer(text):
        _add(out, taken, TimeExpr(m.start(), m.end(), None, None, "relative", relative_to="sofort"))
    out.sort(key=lambda e: e.start)
    return out


PREFIX = re.compile(
    r"(?<![\w-])(?:zur\s+|zu\s+den\s+|(?:bis\s+)?spätestens\s+(?:bis\s+)?zur\s+|(?:(?:bis\s+)?spätestens\s+(?:bis\s+)?(?:zum\s+|zur\s+|am\s+|ab\s+|in\s+der\s+|im\s+)?|"
    r"bis\s+(?:zum\s+|zur\s+|Ende\s+|Mitte\s+|Anfang\s+)?(?:(?:Ende|Mitte|Anfang)\s+(?:des\s+)?)?|"
    r"ab\s+(?:dem\s+)?|zum\s+|am\s+(?:\w+,?\s+(?:dem\s+|den\s+)?)?|im\s+(?:Laufe\s+(?:des\s+)?)?|in\s+der\s+|"
    r"vom\s+|seit\s+(?:dem\s+)?|mit\s+Wirkung\s+(?:zum|ab|vom)\s+|Frist\s+|"
    r"(?:(?:bis\s+)?spätestens\s+)?(?:in|zu|zur|auf|ab|bis\s+zur|für\s+die)\s+(?:der\s+|die\s+)?[\w-]*[Ss]itzung(?:\s+(?:des|der)\s+[\w-]+)?\s+(?:am\s+)?(?:(?:Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag),?\s+(?:dem\s+|den\s+)?)?|"
    r"(?:Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag),?\s+(?:dem\s+|den\s+)?))$",
    re.I,
)


def with_prefix(text: str, expr: TimeExpr) -> int:
    """Start of the phrase including its preposition ("bis zum 30.6.2010")."""
    window = text[max(0, expr.start - 80) : expr.start]
    m = PREFIX.search(window)
    return expr.start - (len(window) - m.start()) if m else expr.start
