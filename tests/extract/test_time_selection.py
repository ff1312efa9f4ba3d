"""Which time expressions are deadlines (the learned selector over grammatical context), and
where a deadline phrase begins and ends, on our own sentences in the styles of councils in
different states: Bavarian Stadtrat minutes, a Hessian Magistrat, a Saxon Gemeinderat press
report, NRW Beschlussvorlagen, an Anfrage with its answer."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from conftest import extract_text

from pipeline.extract import resources, timex
from pipeline.extract.deadlines import choose, probability
from scripts import train_obligations

HEAD = "Stadt Musterhausen\nDatum: 01.02.2023\n\nSachverhalt:\n"

# (sentence, the deadlines as an annotator quotes them, "|"-separated; "-" for none)
SELECTION = [
    # meetings: the meeting phrase belongs to the quote when its name is short
    (
        "Der Antrag wird in der Sitzung des Haupt- und Finanzausschusses am 14. März 2023 beraten.",
        "in der Sitzung des Haupt- und Finanzausschusses am 14. März 2023",
    ),
    (
        "Die Verwaltung wird beauftragt, dem Gemeinderat in seiner Sitzung im Juni 2023 einen "
        "Entwurf vorzulegen.",
        "in seiner Sitzung im Juni 2023",
    ),
    (
        "Der Bericht soll in der Novembersitzung des Stadtrates vorgestellt werden.",
        "in der Novembersitzung des Stadtrates",
    ),
    ("Das Thema wird in der Oktobersitzung erneut beraten.", "in der Oktobersitzung"),
    (
        "Die Vorlage wird zur Gemeinderatssitzung am 27.04.2023 eingebracht.",
        "zur Gemeinderatssitzung am 27.04.2023",
    ),
    (
        "Eine Beschlussfassung ist für die Sitzung des Kreistages am 20. Juni 2023 vorgesehen.",
        "für die Sitzung des Kreistages am 20. Juni 2023",
    ),
    # a long committee name stays out: the quote is the date with its preposition
    (
        "Die Verwaltung wird gebeten, in der Sitzung des Ausschusses für Umwelt und Verkehr am "
        "12.03.2023 zu berichten.",
        "am 12.03.2023",
    ),
    # ranges: the whole range is the phrase
    (
        "Nach Auskunft der Bahn wird die Strecke vom 1. bis 3. Juli 2023 gesperrt.",
        "vom 1. bis 3. Juli 2023",
    ),
    ("Die Auslegung erfolgt vom 6. bis 24. März.", "vom 6. bis 24. März"),
    # mandates and plans
    (
        "Der Magistrat wird beauftragt, bis zum 30.06.2023 ein Parkraumkonzept vorzulegen.",
        "bis zum 30.06.2023",
    ),
    ("Die Umsetzung soll im Laufe des Jahres 2024 erfolgen.", "im Laufe des Jahres 2024"),
    (
        "Die Baumaßnahme wird voraussichtlich Ende 2024 abgeschlossen sein.",
        "voraussichtlich Ende 2024",
    ),
    (
        "Die Verwaltung sagt zu, die Frage bis zur nächsten Sitzung zu beantworten.",
        "bis zur nächsten Sitzung",
    ),
    ("Die Sanierung ist für das zweite Halbjahr 2023 vorgesehen.", "für das zweite Halbjahr 2023"),
    ("Die Arbeiten sollen Mitte Dezember abgeschlossen sein.", "Mitte Dezember"),
    ("Die nächste Sitzung des Gemeinderates findet am 18. April 2023 statt.", "am 18. April 2023"),
    # past events, identifying dates, labels, statutes: no deadline
    ("Am 12. Januar 2023 fand eine Begehung mit den Anwohnern statt.", "-"),
    ("Der Bauausschuss hat das Thema in seiner Sitzung am 10.01.2023 vorberaten.", "-"),
    (
        "Der Stadtrat hat in seiner Sitzung am 12.01.2023 die Verwaltung beauftragt, einen "
        "Plan zu erstellen.",
        "-",
    ),
    ("Mit Beschluss vom 14.03.2022 hat der Rat die Verwaltung beauftragt.", "-"),
    ("Laut Stellungnahme des Landratsamtes vom 3. Januar 2023 bestehen keine Bedenken.", "-"),
    ("Die Haushaltsmittel stehen im Haushaltsjahr 2023 zur Verfügung.", "-"),
    ("Die Kosten für 2022 beliefen sich auf 45.000 Euro.", "-"),
    ("Seit 2015 ist die Zahl der Kinder um 20 % gestiegen.", "-"),
    ("Gemäß § 5 Abs. 2 ist der Bericht jährlich vorzulegen.", "-"),
    ("Die Fraktion hatte im Dezember einen Antrag gestellt.", "-"),
    ("Im Schuljahr 2022/23 besuchen 230 Kinder die Schule.", "-"),
    ("Drucksache 2023/045 vom 16.01.2023", "-"),
]


@pytest.mark.parametrize(("sentence", "want"), SELECTION, ids=[s[:40] for s, _ in SELECTION])
def test_deadlines_chosen_and_quoted_as_an_annotator_would(sentence: str, want: str) -> None:
    got = [d.text for d in extract_text(HEAD + sentence).deadlines]
    assert got == ([] if want == "-" else want.split("|")), got


def test_a_press_report_keeps_the_next_meeting_and_the_plan_but_not_the_past() -> None:
    doc = extract_text(
        "Aus der Gemeinderatssitzung vom 14. März 2023\n\n"
        "In seiner Sitzung am 14. März 2023 befasste sich der Gemeinderat mit dem Neubau des "
        "Feuerwehrhauses. Die Arbeiten begannen im Januar. Die Fertigstellung ist für Herbst "
        "2024 geplant. Die nächste Sitzung des Gemeinderates findet am 18. April 2023 statt."
    )
    assert [(d.text, d.date) for d in doc.deadlines] == [
        ("für Herbst 2024", "2024-11-30"),
        ("am 18. April 2023", "2023-04-18"),
    ]


def test_minutes_keep_the_commitment_and_the_appointment() -> None:
    doc = extract_text(
        "Niederschrift über die öffentliche Sitzung des Bauausschusses am 07.02.2023\n\n"
        "TOP 3: Sanierung der Hauptstraße\n"
        "Herr Schulz berichtet, dass die Arbeiten im Dezember 2022 unterbrochen wurden. Die "
        "Verwaltung sagt zu, bis zur nächsten Sitzung einen neuen Zeitplan vorzulegen.\n"
        "TOP 4: Verschiedenes\n"
        "Die Ortsbegehung findet am Samstag, 11. März, um 10 Uhr statt."
    )
    assert [(d.text, d.date) for d in doc.deadlines] == [
        ("bis zur nächsten Sitzung", None),
        ("am Samstag, 11. März, um 10 Uhr", "2023-03-11"),
    ]


@pytest.mark.parametrize(
    ("text", "first", "second"),
    [
        ("vom 1. bis 3. Juli 2023", ("1.", "2023-07-01"), ("3. Juli 2023", "2023-07-03")),
        ("vom 1.-3. Juli 2023", ("1.", "2023-07-01"), ("3. Juli 2023", "2023-07-03")),
        ("zwischen dem 1. und 15. Mai", ("1.", "2023-05-01"), ("15. Mai", "2023-05-15")),
        ("am 12.03. bis 14.03.2023", ("12.03.", "2023-03-12"), ("14.03.2023", "2023-03-14")),
        # a year-less range lies in one stretch: its start is not rolled into another year
        ("vom 28. Februar bis 2. März", ("28. Februar", "2023-02-28"), ("2. März", "2023-03-02")),
    ],
)
def test_ranges_give_two_dates(text: str, first: tuple[str, str], second: tuple[str, str]) -> None:
    found = timex.find(text, dt.date(2023, 2, 1))
    assert [(text[e.start : e.end], e.value) for e in found] == [first, second]
    assert all(e.type == "DATE" for e in found)


def test_a_bare_number_before_bis_is_no_range_start_without_a_later_day() -> None:
    found = timex.find("Punkt 7. bis 3. Mai", dt.date(2023, 2, 1))
    assert [(e.value) for e in found] == ["2023-05-03"]


def test_a_noun_mid_sentence_is_no_past_verb() -> None:
    """ "über den Stand" is not "stand": the duty in the present tense stays a duty."""
    doc = extract_text(
        "Datum: 01.02.2023\nBeschlussvorschlag:\n"
        "Die Verwaltung berichtet dem Ausschuss vierteljährlich über den Stand."
    )
    assert [d.text for d in doc.deadlines] == ["vierteljährlich"]


def test_the_selector_weighs_context_as_the_grammar_says() -> None:
    model = resources.load("deadline_model")
    assert model["data"]["rows"] > 0 and "make train" in model["_comment"]
    w = model["weights"]
    # a date that identifies a paper, a report of the past and a statute count against
    assert w["identifies"] < 0 and w["reports_past"] < 0 and w["statute"] < 0
    # a mandate or plan in the clause and the kind's own test count for
    assert w["future_clause"] > 0 and w["kind_due"] > 0 and w["in_obl"] > 0


def test_choose_follows_the_model_and_joins_adjacent_parts() -> None:
    text = "für die erste Ratssitzung nach den Sommerferien"
    found = timex.find(text, dt.date(2023, 2, 1))
    assert len(found) == 2

    class Cand:
        def __init__(self, e: timex.TimeExpr, on: bool) -> None:
            self.pstart, self.expr, self.rule = timex.with_prefix(text, e), e, on
            self.features = {"x": 1.0 if on else 0.0}

    model = {"bias": -1.0, "weights": {"x": 3.0}}
    cands = [Cand(e, True) for e in found]
    assert probability(cands[0].features, model) > 0.5
    chosen = choose(text, cands, model)  # type: ignore[arg-type]
    assert [text[p : e.end] for p, e in chosen] == [text]
    assert choose(text, [Cand(e, False) for e in found], model) == []  # type: ignore[arg-type]


def test_deadline_training_is_reproducible(tmp_path: Path) -> None:
    rows = [
        ({"kind_due": 1.0, "future_clause": 1.0}, 1),
        ({"kind_due": 1.0, "reports_past": 1.0}, 0),
        ({"identifies": 1.0}, 0),
        ({"kind_due": 1.0, "in_obl": 1.0}, 1),
    ] * 3
    a, b = (
        train_obligations.fit(rows),
        train_obligations.fit(list(rows)),
    )
    assert json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)
    assert a["weights"]["reports_past"] < 0 < a["weights"]["future_clause"]


@pytest.mark.parametrize(
    ("sentence", "want"),
    [
        ("Der Radweg soll 2024 gebaut werden.", ["2024"]),
        ("Die Verwaltung wird beauftragt, 2024 einen Radweg zu bauen.", ["2024"]),
        ("Die Planung wird 2023 abgeschlossen, der Bau beginnt 2024.", ["2023", "2024"]),
        # after a noun the year is a label; in a report it is the past
        ("Der Haushalt 2024 soll im Dezember beschlossen werden.", ["im Dezember"]),
        ("Die Einwohnerzahl lag 2021 bei 12.345.", []),
        ("Die Zahl der Einwohner ist seit 2019 gestiegen.", []),
    ],
)
def test_a_bare_year_is_due_as_an_adverbial_of_a_plan(sentence: str, want: list[str]) -> None:
    assert [d.text for d in extract_text(HEAD + sentence).deadlines] == want


@pytest.mark.parametrize(
    ("sentence", "want"),
    [
        (
            "Die Mittel sind im Rahmen der Haushaltsberatungen 2024 bereitzustellen.",
            ["im Rahmen der Haushaltsberatungen 2024"],
        ),
        (
            "Die Verwaltung wird gebeten, im Rahmen der nächsten Sitzung über den Sachstand zu "
            "berichten.",
            ["im Rahmen der nächsten Sitzung"],
        ),
        (
            "Das Thema soll bei der nächsten Sitzung des Ortschaftsrates behandelt werden.",
            ["bei der nächsten Sitzung des Ortschaftsrates"],
        ),
        (
            "Die Verwaltung wird beauftragt, zu Beginn des Schuljahres 2023/24 zu berichten.",
            ["zu Beginn des Schuljahres 2023/24"],
        ),
        # where something lies or what happened there is no due time
        ("Die Zuständigkeit liegt beim Gemeinderat.", []),
        ("Im Rahmen der Sitzung wurde auch über die Kita gesprochen.", []),
        ("Bei der Kommunalwahl erhielt die Partei 20 Prozent.", []),
    ],
)
def test_event_anchored_deadlines_with_im_rahmen_and_bei(sentence: str, want: list[str]) -> None:
    doc = extract_text("Datum: 01.02.2023\nBeschlussvorschlag:\n" + sentence)
    assert [d.text for d in doc.deadlines] == want


def test_a_notice_of_a_meeting_schedules_it() -> None:
    """ "tritt … zusammen", the formula of a Bekanntmachung, schedules the meeting."""
    doc = extract_text(
        "Öffentliche Bekanntmachung\nDer Bauausschuss der Stadt Musterstadt tritt am "
        "Dienstag, 14. März 2023, 18:00 Uhr, im Sitzungssaal des Rathauses zu einer "
        "öffentlichen Sitzung zusammen."
    )
    assert [(d.text, d.date, d.time) for d in doc.deadlines] == [
        ("am Dienstag, 14. März 2023, 18:00 Uhr", "2023-03-14", "18:00")
    ]


def test_the_documents_own_date_is_no_deadline_even_in_a_run_on_first_segment() -> None:
    doc = extract_text(
        "Stadt Musterstadt                         Musterstadt, den 01.02.2023\n"
        "Antrag der SPD-Fraktion zur Sitzung des Stadtrates am 23.02.2023\n"
        "Der Stadtrat möge beschließen: Die Verwaltung wird beauftragt, ein Konzept zu erstellen."
    )
    assert doc.date == "2023-02-01"
    assert [d.text for d in doc.deadlines] == ["zur Sitzung des Stadtrates am 23.02.2023"]


def test_a_question_asks_when_and_sets_nothing_but_the_answer_date_does() -> None:
    doc = extract_text(
        "Anfrage der Fraktion Bündnis 90/Die Grünen\nDatum: 01.02.2023\n"
        "Wir fragen die Verwaltung:\n"
        "1. Ist geplant, den Radweg bis 2025 fertigzustellen?\n"
        "2. Wird die Verwaltung im Frühjahr 2023 eine Bürgerversammlung durchführen?\n"
        "Wir bitten um Beantwortung in der Sitzung des Bauausschusses am 14.03.2023.\n"
    )
    assert [d.text for d in doc.deadlines] == ["in der Sitzung des Bauausschusses am 14.03.2023"]
