"""Event anchors with a meeting calendar, narrative anchoring, and the record's `times` list."""

from __future__ import annotations

import datetime as dt

from conftest import extract_text

from pipeline.extract import timex

REF = dt.date(2021, 6, 10)
CALENDAR = {
    "Bauausschuss": [dt.date(2021, 5, 20), dt.date(2021, 7, 1), dt.date(2021, 9, 16)],
    "Rat der Stadt": [dt.date(2021, 6, 24), dt.date(2021, 10, 7)],
}


def _one(text: str, **kw: object) -> timex.TimeExpr:
    found = timex.find(text, REF, **kw)  # type: ignore[arg-type]
    assert len(found) == 1, found
    return found[0]


def test_next_meeting_of_the_named_body_from_the_calendar() -> None:
    e = _one("Der Bericht folgt in der nächsten Sitzung des Bauausschusses.", calendar=CALENDAR)
    assert (e.date, e.value) == ("2021-07-01", "2021-07-01")
    assert "Bauausschuss" in (e.anchor or "")
    e = _one("Der Bericht folgt in der übernächsten Sitzung des Bauausschusses.", calendar=CALENDAR)
    assert e.date == "2021-09-16"


def test_without_calendar_or_body_the_event_stays() -> None:
    e = _one("Der Bericht folgt in der nächsten Sitzung des Bauausschusses.")
    assert e.date is None and e.anchor == "in der nächsten Sitzung des Bauausschusses"
    e = _one("Der Bericht folgt in der nächsten Sitzung des Sozialausschusses.", calendar=CALENDAR)
    assert e.date is None  # no meetings of that body known
    e = _one("Der Bericht folgt in der nächsten Sitzung.", calendar=CALENDAR)
    assert e.date is None  # two bodies: which one is not known
    e = _one("Der Bericht folgt in der nächsten Sitzung.", calendar={"Rat": [dt.date(2021, 7, 8)]})
    assert e.date == "2021-07-08"


def test_narrative_resolves_against_the_last_date_named() -> None:
    text = (
        "Am 19. Juli 1870 erklärte Frankreich den Krieg. Am 2. September kapitulierte die "
        "Armee bei Sedan. Zwei Monate später begann die Belagerung."
    )
    found = timex.find(text, None, narrative=True)
    assert [e.value for e in found] == ["1870-07-19", "1870-09-02", "1870-11"]
    assert found[1].anchor == "1870-07-19"


def test_record_lists_every_time_expression_and_deadlines_are_a_subset() -> None:
    text = (
        "Beschluss:\nDie Verwaltung wird beauftragt, bis zum 30.09.2021 einen Bericht "
        "vorzulegen. Die Anlage wurde 1998 gebaut und wird jährlich geprüft."
    )
    doc = extract_text(text, "2021-06-10")
    times = [(t.text, t.type, t.value) for t in doc.times]
    assert ("30.09.2021", "DATE", "2021-09-30") in times
    assert ("1998", "DATE", "1998") in times
    assert ("jährlich", "SET", "P1Y") in times
    assert [d.date for d in doc.deadlines][0] == "2021-09-30"
    rec = doc.to_record()
    assert rec["times"][0]["page"] == 1 and {"type", "value", "anchor"} <= set(rec["times"][0])
    for t in rec["times"]:
        assert text[t["start"] : t["end"]].split() == t["text"].split()


def test_extract_document_takes_a_calendar() -> None:
    from pipeline.extract import extract_document

    text = (
        "Beschlussvorschlag:\nDie Verwaltung wird beauftragt, in der nächsten Sitzung des "
        "Bauausschusses über den Stand zu berichten."
    )
    doc = extract_text(text, "2021-06-10")
    assert doc.deadlines[0].date is None
    doc = extract_document(doc, calendar=CALENDAR)
    assert [d.date for d in doc.deadlines] == ["2021-07-01"]
    assert doc.obligations[0].deadline is doc.deadlines[0]


def test_a_history_is_read_along_its_own_dates() -> None:
    text = (
        "Am 1. September 1939 überfiel Deutschland Polen. Zwei Tage später erklärten "
        "Großbritannien und Frankreich den Krieg. Im Frühjahr 1940 blieb es ruhig. Am 10. Mai "
        "begann der Westfeldzug, und im Juni kapitulierte Frankreich. Im folgenden Jahr griff "
        "Deutschland die Sowjetunion an. Drei Jahre danach landeten die Alliierten."
    )
    values = [e.value for e in timex.find(text, None, narrative=True)]
    assert values == [
        "1939-09-01",
        "1939-09-03",
        "1940-SP",
        "1940-05-10",
        "1940-06",
        "1941",
        "1944",
    ]
