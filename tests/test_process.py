"""pipeline.process: the loop over STAGES, each timed, each owning its switch; a file is
checked and hashed once."""

from __future__ import annotations

from pathlib import Path

import pytest
from factories import PAGE_LINES, render

from pipeline import ingest, process
from pipeline.errors import InputTooLarge
from pipeline.model import Options, file_sha256

TEXT = "Der Rat beschließt:\nDie Verwaltunq wird beauftragt, bis zum 30.06.2025 zu berichten.\n"


def test_the_stages_run_in_order_and_each_is_timed(tmp_path: Path, fake_ocr) -> None:
    fake_ocr("recorded")
    render(PAGE_LINES[0]).save(tmp_path / "a.png")
    doc = process.process(tmp_path / "a.png", Options(extract=False))
    names = [stage.stage_name for stage in process.STAGES]  # type: ignore[attr-defined]
    assert names == ["ingest", "ocr", "layout", "correct", "extract"]
    assert list(doc.timings) == names
    assert all(seconds >= 0 for seconds in doc.timings.values())
    assert doc.timings["ocr"] > doc.timings["layout"]


def test_no_correct_is_the_correct_stages_own_switch(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(TEXT, encoding="utf-8")
    plain = process.process(path, Options(correct=False, extract=False))
    assert plain.pages[0].text == plain.pages[0].clean_text and not plain.corrections
    fixed = process.process(path, Options(extract=False))
    assert "Verwaltung wird" in fixed.pages[0].text and fixed.corrections


def test_a_file_is_hashed_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "a.txt"
    path.write_text(TEXT, encoding="utf-8")
    calls: list[Path] = []
    real = ingest.file_sha256

    def counting(target: Path) -> str:
        calls.append(target)
        return real(target)

    monkeypatch.setattr(ingest, "file_sha256", counting)
    doc = process.process(path, Options(correct=False, extract=False))
    assert len(calls) == 1 and doc.sha256 == file_sha256(path)
    given = process.process(path, Options(correct=False, extract=False), sha256=doc.sha256)
    assert len(calls) == 1 and given.id == doc.id  # the batch runner's hash is used as is


def test_size_is_checked_before_anything_reads_the_file(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(TEXT * 100, encoding="utf-8")
    with pytest.raises(InputTooLarge, match="--max-bytes"):
        process.process(path, Options(max_bytes=1000))


def test_a_harvested_meeting_calendar_dates_the_next_meeting(tmp_path: Path, monkeypatch) -> None:
    """`council harvest` leaves the body's meetings in the user's data folder; the extract
    stage reads them, so "in der nächsten Sitzung des Bauausschusses" gets that meeting's date."""
    monkeypatch.setenv("COUNCIL_DATA_DIR", str(tmp_path / "data"))
    path = tmp_path / "vorlage.txt"
    path.write_text(
        "Beschlussvorschlag:\nDie Verwaltung wird beauftragt, in der nächsten Sitzung des "
        "Bauausschusses über den Stand zu berichten.\n",
        encoding="utf-8",
    )
    options = Options(reference_date="2021-06-10")
    assert [d.date for d in process.process(path, options).deadlines] == [None]
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "meetings.json").write_text(
        '{"Bauausschuss": ["2021-05-20", "2021-07-01T17:00:00+02:00", "2021-09-16"]}',
        encoding="utf-8",
    )
    assert [d.date for d in process.process(path, options).deadlines] == ["2021-07-01"]
