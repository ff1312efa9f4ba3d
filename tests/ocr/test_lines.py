"""The line pitch behind paragraph breaks (pipeline/ocr/lines.py)."""

from __future__ import annotations

from pipeline.ocr.lines import breaks, line_pitch


def test_pitch_is_the_smallest_recurring_gap_of_body_lines() -> None:
    # a 3-line letterhead at a tight 10 pt pitch in 8 pt type, then 11 pt body text at 14 pt
    # with paragraph gaps of 28 pt: the letterhead's pitch is not the body's
    head = [(0.0, 8.0), (10.0, 8.0), (20.0, 8.0)]
    body = [(60.0, 11.0), (74.0, 11.0), (102.0, 11.0), (116.0, 11.0), (144.0, 11.0)]
    assert line_pitch(head + body, 1.05) == 14.0


def test_a_superscript_line_is_no_pitch() -> None:
    lines = [(0.0, 11.0), (5.0, 11.0), (20.0, 11.0), (40.0, 11.0), (60.0, 11.0)]
    assert line_pitch(lines, 1.05) == 20.0


def test_no_recurring_gap_takes_the_smallest_and_one_line_has_none() -> None:
    assert line_pitch([(0.0, 11.0), (14.0, 11.0), (42.0, 11.0)], 1.05) == 14.0
    assert line_pitch([(0.0, 11.0)], 1.05) == 0.0


def test_breaks_before_lines_after_a_large_gap() -> None:
    assert breaks([0.0, 14.0, 42.0, 56.0], 14.0) == [False, False, True, False]
    assert breaks([0.0, 30.0], 0.0) == [False, False]
