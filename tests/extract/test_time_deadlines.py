"""Deadline recognition and normalisation on our own example sentences."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import extract_text

from pipeline.extract import timex

REF = dt.date(2021, 6, 10)


def phrases(text: str, ref: dt.date | None = REF) -> list[tuple[str, str | None, str]]:
    return [
        (text[timex.with_prefix(text, e) : e.end], e.date, e.precision)
        for e in timex.find(text, ref)
    ]


make_doc = extract_text


@pytest.mark.parametrize(
    ("text", "phrase", "date"),
    [
        ("Die Sitzung ist am 18.06.2021 geplant.", "am 18.06.2021", "2021-06-18"),
        ("Er kommt am 18. Juni 2021 zurück.", "am 18. Juni 2021", "2021-06-18"),
        ("Vorlage bis 18.6.21 einreichen.", "bis 18.6.21", "2021-06-18"),
        ("Bericht bis Ende 2023 vorlegen.", "bis Ende 2023", "2023-12-31"),
        (
            "bis zum Ende des 2. Quartals 2023 liefern",
            "bis zum Ende des 2. Quartals 2023",
            "2023-06-30",
        ),
        ("Umsetzung im Frühjahr 2024 beginnen", "im Frühjahr 2024", "2024-05-31"),
        ("Umsetzung im III. Quartal 2022", "im III. Quartal 2022", "2022-09-30"),
        ("bis Mitte Dezember berichten", "bis Mitte Dezember", "2021-12-15"),
        ("bis Anfang März", "bis Anfang März", "2022-03-10"),
        ("bis Ende des Jahres 2010 vorstellen", "bis Ende des Jahres 2010", "2010-12-31"),
        ("Umsetzung in den Jahren 2022 – 2024", "in den Jahren 2022 – 2024", "2024-12-31"),
    ],
)
def test_absolute_and_due_forms(text: str, phrase: str, date: str) -> None:
    found = phrases(text)
    assert (phrase, date) in [(p, d) for p, d, _ in found], found


def test_weekday_and_time() -> None:
    text = "Die Projektgruppe trifft sich am Freitag 18.06.2021, 16 Uhr im Rathaus."
    e = timex.find(text, REF)[0]
    assert (e.date, e.time) == ("2021-06-18", "16:00")
    assert text[timex.with_prefix(text, e) : e.end].startswith("am Freitag")


def test_year_less_needs_a_reference() -> None:
    assert phrases("bis Mitte Dezember berichten", None)[0][1] is None
    # a month already past in the reference year rolls into the next year
    assert phrases("bis Ende Februar", dt.date(2021, 11, 3))[0][1] == "2022-02-28"


def test_ocr_damaged_month_still_found() -> None:
    assert phrases("bis Mitte Dezernber vorlegen")[0][1] == "2021-12-15"
    assert phrases("am 3. Novernber 2021")[0][1] == "2021-11-03"


def test_die_is_not_dienstag() -> None:
    assert phrases("Die Verwaltung prüft die Vorlage. Die Mitglieder stimmen zu.") == []


@pytest.mark.parametrize(
    ("text", "precision"),
    [
        ("Der Bericht ist jährlich fortzuschreiben.", "recurring"),
        ("Die Stellungnahme ist innerhalb von drei Monaten vorzulegen.", "duration"),
        ("Das Konzept ist bis zur Sommerpause vorzulegen.", "relative"),
        ("zum Schuljahr 2024/25 einführen", "event"),
        ("zur Haushaltsberatung 2025 vorlegen", "event"),
    ],
)
def test_relative_recurring_and_labelled(text: str, precision: str) -> None:
    found = phrases(text)
    assert found and found[0][2] in (precision, "relative"), found


def test_event_relative_names_the_body() -> None:
    text = (
        "Beschlussvorschlag:\nDie Verwaltung wird beauftragt, in der nächsten Sitzung des "
        "Ausschusses für Schule und Sport über den Stand zu berichten."
    )
    doc = make_doc(text, "2021-06-10")
    assert len(doc.deadlines) == 1
    d = doc.deadlines[0]
    assert d.precision == "relative" and d.date is None
    assert d.relative_to == "Ausschuss für Schule und Sport"
    assert doc.obligations[0].deadline is d


def test_document_date_and_past_dates_are_not_deadlines() -> None:
    text = (
        "Antrag der CDU-Fraktion\nDatum: 10.06.2021\n\nBezug: Antrag vom 03.04.2020\n\n"
        "Der Rat hat am 12.03.2021 die Satzung beschlossen.\n"
        "Die Verwaltung wird gebeten, bis zum 30.09.2021 einen Bericht vorzulegen."
    )
    doc = make_doc(text)
    assert doc.date == "2021-06-10"
    assert [(d.text, d.date) for d in doc.deadlines] == [("bis zum 30.09.2021", "2021-09-30")]


def test_reference_date_overrides_document_date() -> None:
    text = "Beschluss:\nDie Verwaltung wird beauftragt, bis Ende Februar zu berichten."
    doc = make_doc(text, "2023-11-20")
    assert doc.deadlines[0].date == "2024-02-29"


def test_longer_phrase_replaces_the_ones_it_contains_and_keeps_the_newest_date() -> None:
    out: list[timex.TimeExpr] = []
    taken: list[tuple[int, int, int]] = []
    timex._add(out, taken, timex.TimeExpr(10, 20, "2021-10-31", None, "month"))
    timex._add(out, taken, timex.TimeExpr(30, 40, "2021-11-30", None, "month"))
    timex._add(out, taken, timex.TimeExpr(0, 5, None, None, "week"))
    timex._add(out, taken, timex.TimeExpr(15, 35, None, None, "event"))  # crosses both: dropped
    assert [(e.start, e.end) for e in out] == [(0, 5), (10, 20), (30, 40)]
    timex._add(out, taken, timex.TimeExpr(8, 45, None, None, "event"))
    assert [(e.start, e.end) for e in out] == [(0, 5), (8, 45)]
    assert out[1].date == "2021-11-30"  # the date of the last one added inside it
    assert [(a, b) for a, b, _ in taken] == [(0, 5), (8, 45)]


def test_long_document_is_found_like_its_parts() -> None:
    """Deadlines of a long text are those of each paragraph: the search is position-local."""
    part = (
        "Die Verwaltung wird beauftragt, bis zum 30.09.2021 einen Bericht vorzulegen. "
        "Der Ausschuss wird gebeten, sich bis Ende 2022 und im Frühjahr 2023 damit zu befassen.\n\n"
    )
    one = [(e.end - e.start, e.date, e.precision) for e in timex.find(part, REF)]
    many = timex.find(part * 300, REF)
    assert len(many) == 300 * len(one)
    assert [(e.end - e.start, e.date, e.precision) for e in many[: len(one)]] == one
    assert all(a.end <= b.start for a, b in zip(many, many[1:], strict=False))


# our own sentences in the styles of motions, minutes and session reports: the deadline
# phrases each holds ("-": none), in a paper dated 01.02.2022
DEADLINE_CASES = [
    (
        "Der Gemeinderat wird sich in seiner Sitzung am 14. März 2022 erneut mit dem "
        "Thema befassen.",
        "in seiner Sitzung am 14. März 2022",
    ),
    (
        "Die Bauarbeiten sollen im Frühjahr beginnen und bis Ende 2023 abgeschlossen sein.",
        "im Frühjahr|bis Ende 2023",
    ),
    (
        "Wie Bürgermeister Müller mitteilte, soll die neue Kita im August 2022 eröffnet werden.",
        "im August 2022",
    ),
    ("Die Fertigstellung ist für Herbst 2024 geplant.", "für Herbst 2024"),
    (
        "Die nächste Sitzung des Ortschaftsrates findet am Dienstag, 12. April 2022, um "
        "19 Uhr im Rathaus statt.",
        "am Dienstag, 12. April 2022, um 19 Uhr",
    ),
    (
        "Die Verwaltung sagte zu, das Ergebnis in der nächsten Sitzung vorzustellen.",
        "in der nächsten Sitzung",
    ),
    (
        "Frau Schmidt bittet darum, die Unterlagen bis zum 15.03.2022 nachzureichen.",
        "bis zum 15.03.2022",
    ),
    (
        "Die Antworten werden schriftlich bis zur nächsten Sitzung nachgereicht.",
        "bis zur nächsten Sitzung",
    ),
    (
        "Der Bürgermeister wird gebeten, dem Rat bis Jahresende einen Bericht vorzulegen.",
        "bis Jahresende",
    ),
    ("Die Einwohnerversammlung ist für den 3. Mai 2022 vorgesehen.", "für den 3. Mai 2022"),
    ("Der Haushalt 2022 soll im Dezember beschlossen werden.", "im Dezember"),
    (
        "Über den Antrag wird in der Sitzung am 21.02.2022 entschieden.",
        "in der Sitzung am 21.02.2022",
    ),
    (
        "Die Stadtverwaltung wird beauftragt, innerhalb von sechs Monaten ein Konzept zu "
        "erarbeiten.",
        "innerhalb von sechs Monaten",
    ),
    (
        "Das Konzept soll dem Ausschuss im ersten Quartal 2023 vorgelegt werden.",
        "im ersten Quartal 2023",
    ),
    (
        "Die Sanierung der Turnhalle ist in den Sommerferien 2022 vorgesehen.",
        "in den Sommerferien 2022",
    ),
    ("Der Ausschuss hat am 10. Januar 2022 getagt.", "-"),
    ("Mit Schreiben vom 12.01.2022 bat die Fraktion um Auskunft.", "-"),
    ("Die Satzung wurde am 1. Januar 2020 wirksam.", "-"),
    ("Ab dem 1. Juli 2022 gelten neue Gebühren.", "Ab dem 1. Juli 2022"),
    ("Die Ergebnisse sollen bis Ende des Jahres vorliegen.", "bis Ende des Jahres"),
    ("Bis spätestens 31.12.2022 ist der Rückbau abzuschließen.", "Bis spätestens 31.12.2022"),
    (
        "Die Verwaltung prüft, ob der Radweg noch in diesem Jahr gebaut werden kann.",
        "noch in diesem Jahr",
    ),
    ("Die Schule wird zum Schuljahr 2022/23 erweitert.", "zum Schuljahr 2022/23"),
    ("Der Kreistag wird am 25. April über den Antrag abstimmen.", "am 25. April"),
    (
        "Die öffentliche Auslegung erfolgt vom 1. März bis 31. März 2022.",
        "vom 1. März bis 31. März 2022",
    ),
    ("Der Bericht ist dem Rat jährlich vorzulegen.", "jährlich"),
    (
        "Die Verwaltung wird gebeten, vierteljährlich über den Stand zu berichten.",
        "vierteljährlich",
    ),
    ("Der Ältestenrat trifft sich am 7. März.", "am 7. März"),
    ("Es wird eine Sondersitzung am 28.02.2022 einberufen.", "am 28.02.2022"),
    ("Nach den Sommerferien soll das Thema erneut beraten werden.", "Nach den Sommerferien"),
    (
        "Herr Meier fragt an, bis wann mit der Fertigstellung des Radweges zu rechnen ist. Die "
        "Verwaltung antwortet, dass die Arbeiten voraussichtlich im Mai 2022 abgeschlossen "
        "werden.",
        "voraussichtlich im Mai 2022",
    ),
    (
        "Die Verwaltung wird die Anfrage in der nächsten Sitzung des Hauptausschusses beantworten.",
        "in der nächsten Sitzung des Hauptausschusses",
    ),
    (
        "Der Tagesordnungspunkt wird auf die Sitzung am 15.03.2022 vertagt.",
        "auf die Sitzung am 15.03.2022",
    ),
    ("Der Stadtrat beschließt, die Satzung zum 01.04.2022 in Kraft zu setzen.", "zum 01.04.2022"),
    ("Die Mittel werden im Haushaltsjahr 2023 bereitgestellt.", "-"),
    ("Im Jahr 2021 wurden 350 Anträge gestellt.", "-"),
    ("Die Sitzung endete um 21:15 Uhr.", "-"),
    ("In der Sitzung vom 12.12.2021 wurde der Antrag beraten.", "-"),
    ("Bezug: Beschluss des Rates vom 14.10.2021", "-"),
    (
        "Die Verwaltung legt dem Ausschuss bis zum Herbst 2022 ein Konzept vor.",
        "bis zum Herbst 2022",
    ),
    ("Die Arbeiten beginnen Anfang April und dauern etwa drei Monate.", "Anfang April"),
    ("Eine Entscheidung soll in der Ratssitzung im Juni fallen.", "in der Ratssitzung im Juni"),
    ("Die Baugenehmigung wird bis Ende März erwartet.", "bis Ende März"),
    ("Der Rat tagt das nächste Mal am 24. Februar 2022.", "am 24. Februar 2022"),
    ("Die Ausschreibung erfolgt im zweiten Halbjahr 2022.", "im zweiten Halbjahr 2022"),
    (
        "Bürgermeister Schulz kündigte an, die Pläne im Frühjahr öffentlich vorzustellen.",
        "im Frühjahr",
    ),
    ("Der Kindergarten soll ab August 2022 eine weitere Gruppe aufnehmen.", "ab August 2022"),
    ("Das Thema wird im nächsten Bauausschuss erneut aufgerufen.", "im nächsten Bauausschuss"),
    ("Die Straße war von Januar bis März 2021 gesperrt.", "-"),
    ("Die Verwaltung hat bereits im Dezember 2021 berichtet.", "-"),
    (
        "Spätestens zum Ende der Wahlperiode soll das Projekt umgesetzt sein.",
        "Spätestens zum Ende der Wahlperiode",
    ),
    ("Ein Zwischenbericht ist dem Ausschuss halbjährlich vorzulegen.", "halbjährlich"),
    (
        "Die Verwaltung wird gebeten, die Ergebnisse vor den Haushaltsberatungen 2023 vorzulegen.",
        "vor den Haushaltsberatungen 2023",
    ),
    (
        "Der Antrag der SPD-Fraktion vom 05.01.2022 wird zur Beratung in den Fachausschuss "
        "verwiesen.",
        "-",
    ),
    ("Die Gemeinde plant, das Freibad zur Saison 2023 wieder zu öffnen.", "zur Saison 2023"),
    ("Die Anwohner werden rechtzeitig vor Baubeginn informiert.", "rechtzeitig vor Baubeginn"),
    (
        "Ein Ortstermin ist für Mittwoch, den 9. März 2022, 16:00 Uhr angesetzt.",
        "für Mittwoch, den 9. März 2022, 16:00 Uhr",
    ),
    ("Die Ergebnisse der Befragung werden im Laufe des Jahres erwartet.", "im Laufe des Jahres"),
    ("Die Frist zur Stellungnahme endet am 28. Februar.", "am 28. Februar"),
    ("Der Zuschuss wird für die Jahre 2022 bis 2024 gewährt.", "-"),
]


@pytest.mark.parametrize(("text", "want"), DEADLINE_CASES, ids=[c[0][:40] for c in DEADLINE_CASES])
def test_deadline_phrases_in_council_styles(text: str, want: str) -> None:
    doc = make_doc("Stadt Musterstadt\nDatum: 01.02.2022\n\nSachverhalt:\n" + text)
    got = [d.text for d in doc.deadlines]
    assert got == ([] if want == "-" else want.split("|")), got
