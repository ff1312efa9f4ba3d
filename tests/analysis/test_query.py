"""pipeline.analysis.query, .search and .provenance on a real store: filters, sorting,
word-form search, provenance, tracking."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest
from factories import PROVENANCE, build_db, council_documents, save

from pipeline import store
from pipeline.analysis import provenance, query, search
from pipeline.errors import RecordNotFound
from pipeline.model import Body, Correction, Deadline, Document, Obligation, Page

ROOT = Path(__file__).resolve().parents[2]
MOTION = (
    "Antrag der SPD-Fraktion\n"
    "Der Rat beschließt:\n"
    "1. Die Verwaltung wird beauftragt, bis zum 30.06.2023 eine Digitalisierungsstrategie "
    "für die Schulen vorzulegen.\n"
    "2. Der Ausschuss für Umwelt und Verkehr (UVA) wird gebeten, die Radwegeplanung bis Ende "
    "2024 zu prüfen.\n"
)
DECISION_1 = (
    "Beschluss\nDer Bürgermeister wird beauftragt, ein Lärmschutzkonzept für die Hauptstraße "
    "zu erstellen.\nDie Verwaltung wird beauftragt, die Sanierung der"
)
DECISION_2 = (
    "Turnhallen bis zum 31.12.2023 abzuschließen.\nDie Schulden der Stadt steigen.\n"
    "Der Seniorenbeirat wurde angehört.\nGez. Bürgermeister"
)


def _span(text: str, start_words: str, end_words: str) -> tuple[int, int]:
    start = text.index(start_words)
    return start, text.index(end_words, start) + len(end_words)


def motion() -> Document:
    """An Antrag with two obligations and one OCR slip the corrector fixed."""
    text = MOTION
    s1, e1 = _span(text, "Die Verwaltung", "vorzulegen.")
    s2, e2 = _span(text, "Der Ausschuss", "prüfen.")
    d1 = text.index("bis zum 30.06.2023")
    d2 = text.index("bis Ende 2024")
    at = text.index("Digitalisierungsstrategie")
    raw = text[:at] + "Digitalisierunqsstrateqie" + text[at + 25 :]
    deadline1 = Deadline("bis zum 30.06.2023", "2023-06-30", None, "day", None, 1, d1, d1 + 18)
    deadline2 = Deadline("bis Ende 2024", "2024-12-31", None, "year", None, 1, d2, d2 + 13)
    uva = text.index("Ausschuss für Umwelt")
    return Document(
        source="/data/antrag-digital.pdf",
        sha256="a1" * 32,
        pages=[Page(1, "ocr", raw, 88.0, raw, text)],
        type="Antrag",
        reference="AN/2023/017",
        title="Digitalisierung der Schulen",
        date="2023-03-01",
        submitters=["SPD-Fraktion"],
        corrections=[Correction(1, at, at + 25, raw[at : at + 25], text[at : at + 25], 0.8)],
        bodies=[
            Body("Verwaltung", "Die Verwaltung", "administration", 1, s1, s1 + 14),
            Body("Ausschuss für Umwelt und Verkehr", "UVA", "committee", 1, uva, uva + 38),
        ],
        deadlines=[deadline1, deadline2],
        obligations=[
            Obligation(text[s1:e1], "Verwaltung", "vorlegen", "SPD-Fraktion", deadline1,
                       1, s1, e1, 0.9),
            Obligation(text[s2:e2], "Ausschuss für Umwelt und Verkehr", "prüfen", "SPD-Fraktion",
                       deadline2, 1, s2, e2, 0.8),
        ],
        status="done",
    )  # fmt: skip


def decision() -> Document:
    """A Beschluss over two pages; its second obligation runs over the page break."""
    joined = DECISION_1 + "\n" + DECISION_2
    s1, e1 = _span(DECISION_1, "Der Bürgermeister", "erstellen.")
    s2, e2 = _span(joined, "Die Verwaltung", "abzuschließen.")
    d = joined.index("bis zum 31.12.2023") - len(DECISION_1) - 1
    deadline = Deadline("bis zum 31.12.2023", "2023-12-31", None, "day", None, 2, d, d + 18)
    return Document(
        source="/data/beschluss-laerm.txt",
        sha256="b2" * 32,
        pages=[Page(1, "text-file", DECISION_1, None, DECISION_1, DECISION_1),
               Page(2, "text-file", DECISION_2, None, DECISION_2, DECISION_2)],
        type="Beschluss",
        reference="BV/2024/003",
        title="Lärmschutz Hauptstraße",
        date="2024-01-15",
        submitters=["Bürgermeister"],
        deadlines=[deadline],
        obligations=[
            Obligation(joined[s1:e1], "Bürgermeister", "erstellen", "Rat", None, 1, s1, e1, 0.9),
            Obligation(joined[s2:e2], "Verwaltung", "abschließen", "Rat", deadline, 1, s2, e2, 0.7),
        ],
        status="done",
    )  # fmt: skip


@pytest.fixture
def conn(council_db):
    connection = query.open_db(council_db(docs=[motion(), decision()]))
    yield connection
    connection.close()


def ids(rows: list[dict]) -> list[int]:
    return [r["id"] for r in rows]


def by_text(conn, words: str) -> dict:
    return next(r for r in query.obligations(conn) if words in r["text"])


def test_json_shape_has_the_contract_keys(conn) -> None:
    rows = query.obligations(conn)
    assert len(rows) == 4
    row = by_text(conn, "Digitalisierungsstrategie")
    assert {"id", "status", "text", "actor", "requester", "deadline", "document"} <= set(row)
    assert row["deadline"]["date"] == "2023-06-30"
    assert row["document"] == {
        "id": motion().id,
        "type": "Antrag",
        "reference": "AN/2023/017",
        "title": "Digitalisierung der Schulen",
        "date": "2023-03-01",
        "source": "/data/antrag-digital.pdf",
        "oparl_id": None,  # ingested from disk, not harvested
        "web": None,
    }
    assert by_text(conn, "Lärmschutzkonzept")["deadline"] is None
    json.dumps(rows)  # serialisable as is


def test_actor_matches_names_aliases_and_gazetteer(conn, tmp_path: Path) -> None:
    committee = query.obligations(conn, query.Filters(actor="umwelt und verkehr"))
    assert [r["actor"] for r in committee] == ["Ausschuss für Umwelt und Verkehr"]
    # "UVA" is how the document mentions the committee: the bodies table maps it to the name.
    assert ids(query.obligations(conn, query.Filters(actor="UVA"))) == ids(committee)
    # An alias from an imported OParl list works as well (folded: ü = u).
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "bodies.json").write_text(
        json.dumps([{"name": "Bürgermeister", "kind": "administration", "aliases": ["OB"]}])
    )
    rows = query.obligations(conn, query.Filters(actor="ob"))
    assert [r["actor"] for r in rows] == ["Bürgermeister"]
    assert len(query.obligations(conn, query.Filters(actor="BURGERMEISTER"))) == 1


def test_overdue_uses_the_tracked_due_date_and_status(conn) -> None:
    today = "2024-01-01"
    overdue = query.obligations(conn, query.Filters(overdue=True, today=today))
    assert {r["deadline"]["date"] for r in overdue} == {"2023-06-30", "2023-12-31"}
    assert all(r["overdue"] for r in overdue)
    first = by_text(conn, "Digitalisierungsstrategie")["id"]
    query.track(conn, first, due="2024-03-31", note="Frist verlängert")
    second = by_text(conn, "Turnhallen")["id"]
    query.track(conn, second, status="done")
    assert query.obligations(conn, query.Filters(overdue=True, today=today)) == []
    later = query.obligations(conn, query.Filters(overdue=True, today="2024-04-01"))
    assert ids(later) == [first]
    assert later[0]["effective_due"] == "2024-03-31"
    assert later[0]["deadline"]["date"] == "2023-06-30"  # the extracted deadline stays


def test_status_type_dates_requester_and_since(conn) -> None:
    rows = query.obligations(conn, query.Filters(type="beschluss"))
    assert {r["document"]["reference"] for r in rows} == {"BV/2024/003"}
    assert len(query.obligations(conn, query.Filters(since="2024-01-01"))) == 2
    assert len(query.obligations(conn, query.Filters(requester="spd"))) == 2
    window = query.obligations(conn, query.Filters(due_after="2023-07-01", due_before="2023-12-31"))
    assert [r["effective_due"] for r in window] == ["2023-12-31"]
    query.track(conn, window[0]["id"], status="in_progress")
    assert ids(query.obligations(conn, query.Filters(status=["in_progress"]))) == ids(window)
    assert len(query.obligations(conn, query.Filters(status=["open", "in_progress"]))) == 4
    with pytest.raises(ValueError):
        query.obligations(conn, query.Filters(status=["finished"]))


def test_text_filter_finds_word_forms_inside_compounds(conn) -> None:
    assert len(query.obligations(conn, query.Filters(text="Radwege"))) == 1  # Radwegeplanung
    assert len(query.obligations(conn, query.Filters(text="Strategie"))) == 1
    assert len(query.obligations(conn, query.Filters(text="Lärmschutz Hauptstraße"))) == 1
    assert len(query.obligations(conn, query.Filters(text="Laermschutz"))) == 0
    assert query.obligations(conn, query.Filters(text="Hallenbad")) == []


def test_sorting_puts_undated_last_and_reverses(conn) -> None:
    dates = [r["effective_due"] for r in query.obligations(conn, sort="deadline")]
    assert dates == ["2023-06-30", "2023-12-31", "2024-12-31", None]
    reverse = [r["effective_due"] for r in query.obligations(conn, sort="-deadline")]
    assert reverse == ["2024-12-31", "2023-12-31", "2023-06-30", None]
    assert len(query.obligations(conn, sort="-date", limit=1)) == 1
    with pytest.raises(ValueError):
        query.obligations(conn, sort="colour")


def test_search_expands_german_word_forms(conn) -> None:
    hits = search.search(conn, "Digitalisierung")
    assert [(h["document_id"], h["page"]) for h in hits] == [(motion().id, 1)]
    assert f"{search.HIT_START}Digitalisierungsstrategie{search.HIT_END}" in hits[0]["snippet"]
    assert hits[0]["reference"] == "AN/2023/017"
    # The word closing a compound, an inflected form, an umlaut, a phrase.
    assert [h["document_id"] for h in search.search(conn, "Strategie")] == [motion().id]
    assert [h["document_id"] for h in search.search(conn, "Turnhalle")] == [decision().id]
    assert [h["document_id"] for h in search.search(conn, "lärmschutz")] == [decision().id]
    assert len(search.search(conn, '"Der Rat beschließt"')) == 1
    assert search.search(conn, "Schwimmbad") == []
    # A short stem takes endings and compound parts, not any word that happens to start alike.
    assert [h["document_id"] for h in search.search(conn, "Schulen")] == [motion().id]
    assert [h["document_id"] for h in search.search(conn, "Schulden")] == [decision().id]
    assert [h["document_id"] for h in search.search(conn, "Rat")] == [motion().id]  # no Beirat
    assert [h["document_id"] for h in search.search(conn, "Beirat")] == [decision().id]
    assert len(search.search(conn, "Verwaltung")) == 2
    with pytest.raises(ValueError):
        search.search(conn, "  ,  ")


def test_stem_keeps_short_words_whole() -> None:
    assert search.stem("Strategien") == "strategi"
    assert search.stem("Rat") == "rat"
    assert search.stem("Räte") == "rate"
    assert search.stem("Schulen") == "schul"


def test_passage_shows_the_ocr_reading_next_to_the_correction(conn) -> None:
    row = by_text(conn, "Digitalisierungsstrategie")
    prov = row["provenance"]
    p = provenance.passage(conn, row["document"]["id"], prov["page"], prov["start"], prov["end"])
    assert p["corrected"] == row["text"]
    assert "Digitalisierunqsstrateqie" in p["ocr"]
    assert "Digitalisierungsstrategie" not in p["ocr"]
    assert p["corrections"][0]["original"] == "Digitalisierunqsstrateqie"


def test_passage_runs_over_the_page_break(conn) -> None:
    row = by_text(conn, "Turnhallen")
    prov = row["provenance"]
    p = provenance.passage(conn, row["document"]["id"], prov["page"], prov["start"], prov["end"])
    assert p["corrected"] == row["text"]
    assert p["corrected"].endswith("Turnhallen bis zum 31.12.2023 abzuschließen.")
    assert p["ocr"] == p["corrected"]  # nothing corrected in this passage


def test_track_records_history_and_survives_reingest(conn) -> None:
    row = by_text(conn, "Radwegeplanung")
    moment = dt.datetime(2024, 2, 1, 9, 30, tzinfo=dt.UTC)
    query.track(conn, row["id"], status="in_progress", note="Planung läuft", now=moment)
    record = query.track(conn, row["id"], status="done", note="erledigt")
    assert [(h["old_status"], h["new_status"]) for h in record["history"]] == [
        ("open", "in_progress"),
        ("in_progress", "done"),
    ]
    assert record["history"][0]["changed_at"].startswith("2024-02-01T09:30")
    assert record["status_note"] == "erledigt"
    # A re-ingest of the same content writes the document again and keeps the tracking.
    save(conn, [motion()])
    again = query.get_obligation(conn, row["id"])
    assert again["status"] == "done"
    assert len(again["history"]) == 2
    with pytest.raises(RecordNotFound):
        query.track(conn, 999_999, status="done")
    with pytest.raises(ValueError):
        query.track(conn, row["id"], status="finished")


def test_documents_are_found_by_id_prefix(conn) -> None:
    doc = query.document_summary(conn, motion().id[:6])
    assert doc["reference"] == "AN/2023/017"
    assert doc["paths"] == ["/data/antrag-digital.pdf"]
    assert doc["submitters"] == ["SPD-Fraktion"]
    assert doc["pages"][0]["corrections"] == 1
    assert {b["name"] for b in doc["bodies"]} == {"Verwaltung", "Ausschuss für Umwelt und Verkehr"}
    assert len(doc["obligations"]) == 2
    with pytest.raises(RecordNotFound):
        query.document_summary(conn, "ffffffff")


def test_filters_agree_with_the_generated_documents(tmp_path: Path) -> None:
    """On a generated store, every filter returns exactly what the documents say."""
    docs = council_documents(300, seed=3)
    conn = store.connect(build_db(tmp_path / "g.db", docs))
    query.prepare(conn)
    everything = [(d, o) for d in docs for o in d.obligations]
    assert len(query.obligations(conn)) == 300
    umwelt = [o for _, o in everything if "Umwelt" in (o.actor or "")]
    assert len(query.obligations(conn, query.Filters(actor="Umwelt"))) == len(umwelt)
    due = [o for _, o in everything if o.deadline and o.deadline.date < "2023-06-01"]
    got = query.obligations(conn, query.Filters(overdue=True, today="2023-06-01"))
    assert len(got) == len(due)
    spd = [o for _, o in everything if o.requester == "SPD-Fraktion"]
    assert len(query.obligations(conn, query.Filters(requester="SPD"))) == len(spd)
    since = [o for d, o in everything if d.date >= "2024-01-01" and d.type == "Anfrage"]
    got = query.obligations(conn, query.Filters(since="2024-01-01", type="Anfrage"))
    assert len(got) == len(since)


def test_bench_runs_on_a_small_store(tmp_path: Path) -> None:
    """The query benchmark (a script of its own, run as `make bench` runs it)."""
    done = subprocess.run(
        [sys.executable, "-m", "scripts.bench_query", "--obligations", "200", "--repeat", "1",
         "--db", str(tmp_path / "b.db")],
        capture_output=True, text=True, timeout=300, cwd=ROOT,
    )  # fmt: skip
    out = done.stdout
    assert "search Digitalisierung" in out
    assert "query types under 200 ms" in out


def test_provenance_of_saved_documents_is_the_store_default() -> None:
    assert PROVENANCE.ocr_language == "deu"
