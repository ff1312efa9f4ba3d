"""Round trips: any date written in any supported German form normalises back to itself."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.extract import timex
from pipeline.extract.time import dates

MONTHS = "Januar Februar März April Mai Juni Juli August September Oktober November Dezember"
MONTH_NAMES = MONTHS.split()
WEEKDAYS = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"]
ANY_DAY = st.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(2999, 12, 31))
FORMS = [
    lambda x: f"{x.day:02d}.{x.month:02d}.{x.year}",
    lambda x: f"{x.day}.{x.month}.{x.year}",
    lambda x: f"{x.day}. {MONTH_NAMES[x.month - 1]} {x.year}",
    lambda x: f"{x.day:02d}. {MONTH_NAMES[x.month - 1]} {x.year}",
    lambda x: f"{WEEKDAYS[x.weekday()]}, {x.day}. {MONTH_NAMES[x.month - 1]} {x.year}",
    lambda x: f"{WEEKDAYS[x.weekday()]}, den {x.day}.{x.month}.{x.year}",
    lambda x: x.isoformat(),
]
SENTENCES = ["Die Sitzung ist am {}.", "{} fand die Wahl statt.", "Bis zum {} ist zu berichten."]


def _only(text: str, ref: dt.date | None) -> timex.TimeExpr:
    found = timex.find(text, ref)
    assert len(found) == 1, [(text[e.start : e.end], e.value) for e in found]
    return found[0]


@settings(max_examples=300, deadline=None)
@given(ANY_DAY, st.sampled_from(range(len(FORMS))), st.sampled_from(SENTENCES))
def test_any_day_in_any_form(day: dt.date, form: int, sentence: str) -> None:
    e = _only(sentence.format(FORMS[form](day)), dt.date(2021, 6, 10))
    assert (e.type, e.value, e.date) == ("DATE", day.isoformat(), day.isoformat())


@settings(max_examples=200, deadline=None)
@given(ANY_DAY)
def test_any_month_and_year(day: dt.date) -> None:
    e = _only(f"Im {MONTH_NAMES[day.month - 1]} {day.year} tagte der Rat.", None)
    assert e.value == f"{day.year}-{day.month:02d}"
    assert e.date == dates.month_end(day.year, day.month)
    e = _only(f"Das geschah im Jahr {day.year}.", None)
    assert (e.value, e.date) == (str(day.year), f"{day.year}-12-31")


@settings(max_examples=200, deadline=None)
@given(
    st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2090, 12, 31)),
    st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2090, 12, 31)),
)
def test_two_digit_year_within_the_window(day: dt.date, ref: dt.date) -> None:
    """A two-digit year is read as the year within (ref − 80, ref + 20]."""
    e = _only(f"Die Sitzung ist am {day.day}.{day.month}.{day.year % 100:02d}.", ref)
    y = int(e.value[:4]) if e.value else 0
    assert y % 100 == day.year % 100 and ref.year - 80 < y <= ref.year + 20
    assert e.value[4:] == day.isoformat()[4:]


@settings(max_examples=200, deadline=None)
@given(
    st.dates(min_value=dt.date(1001, 3, 1), max_value=dt.date(2998, 10, 31)),
    st.integers(min_value=-40, max_value=40),
)
def test_year_less_day_follows_the_tense(day: dt.date, gap: int) -> None:
    """A year-less day in a report of past events lies on or before the anchor; in a mandate
    ("bis …") on or after it (one month of grace)."""
    ref = day + dt.timedelta(days=gap)
    name = f"{day.day}. {MONTH_NAMES[day.month - 1]}"
    past = _only(f"Die Sitzung fand am {name} statt.", ref)
    assert past.date and past.date <= ref.isoformat()
    assert past.date[5:] == day.isoformat()[5:]
    due = _only(f"Der Bericht ist bis zum {name} vorzulegen.", ref)
    assert due.date and due.date[5:] == day.isoformat()[5:]
    assert due.date >= (ref - dt.timedelta(days=62)).isoformat()


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=dt.date(1900, 1, 4), max_value=dt.date(2099, 12, 28)))
def test_iso_week_and_quarter(day: dt.date) -> None:
    y, w, _ = day.isocalendar()
    e = _only(f"Die Abgabe ist in der KW {w} {y}.", None)
    assert e.value == f"{y}-W{w:02d}"
    assert e.date == dt.date.fromisocalendar(y, w, 7).isoformat()
    q = (day.month - 1) // 3 + 1
    e = _only(f"Die Umsetzung erfolgt im {q}. Quartal {day.year}.", None)
    assert e.value == f"{day.year}-Q{q}" and e.date == dates.month_end(day.year, q * 3)


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=1583, max_value=2999))
def test_moving_feasts_follow_easter(year: int) -> None:
    easter = dt.date.fromisoformat(_only(f"Das Amt ist an Ostern {year} zu.", None).value or "")
    assert easter.weekday() == 6 and (3, 22) <= (easter.month, easter.day) <= (4, 25)
    whitsun = _only(f"Das Amt ist an Pfingsten {year} zu.", None)
    assert whitsun.value == (easter + dt.timedelta(days=49)).isoformat()


def test_every_word_of_the_word_lists_normalises_without_error() -> None:
    """The grammar's alternations and the tables they index stay in step (no KeyError)."""
    from pipeline.extract.time import lexicon

    t = lexicon.tables()
    words = [*t["holidays"], *t["relative_days"], *t["period_words"], *t["vague"]]
    words += [f"{s} 2022" for s in t["seasons"]] + [f"im {s}" for s in t["seasons"]]
    words += [f"{n} {u}" for n in ("drei", "in drei") for u in t["units"]]
    words += [f"{s} {u}" for s in t["relative_shift"] for u in t["relative_units"]]
    words += [f"{o} Quartal 2022" for o in t["ordinals"]] + list(t["set_words"])
    for word in words:
        for ref in (dt.date(2021, 6, 10), None):
            timex.find(f"Der Bericht folgt {word} und bis {word.capitalize()}.", ref)
