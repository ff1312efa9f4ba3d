"""pipeline.extract.segment on council layout: sentences and list items as exact spans."""

from __future__ import annotations

from pipeline.extract.segment import segments, strip_marker

TEXT = (
    "Beschlussvorschlag:\n"
    "Der Rat der Stadt beschließt die Sanierung der Sporthalle gem. Nr. 5 der Satzung\n"
    "und beauftragt die Verwaltung mit der Ausschreibung. Die Kosten trägt die Stadt.\n"
    "\u00a0\n"
    "1. Die Verwaltung legt bis zum 30.06.2025 einen Zeitplan vor.\n"
    "2. Der Bauausschuss wird beteiligt.\n"
)


def spans() -> list[tuple[str, bool, bool]]:
    return [(TEXT[s.start : s.end], s.line_start, s.list_item) for s in segments(TEXT)]


def test_spans_are_trimmed_ordered_and_exact() -> None:
    found = segments(TEXT)
    assert all(a.end <= b.start for a, b in zip(found, found[1:], strict=False))
    for s in found:
        piece = TEXT[s.start : s.end]
        assert piece == piece.strip(" \t\n\u00a0") and piece


def test_council_layout_is_cut_where_a_reader_would() -> None:
    assert [text for text, _, _ in spans()] == [
        "Beschlussvorschlag:",
        "Der Rat der Stadt beschließt die Sanierung der Sporthalle gem. Nr. 5 der Satzung\n"
        "und beauftragt die Verwaltung mit der Ausschreibung.",
        "Die Kosten trägt die Stadt.",
        "1. Die Verwaltung legt bis zum 30.06.2025 einen Zeitplan vor.",
        "2. Der Bauausschuss wird beteiligt.",
    ]


def test_list_items_are_marked_and_their_marker_strips() -> None:
    items = [text for text, _, item in spans() if item]
    assert len(items) == 2
    offset, rest = strip_marker(items[0])
    assert (offset, rest[:14]) == (3, "Die Verwaltung")
    assert strip_marker("Die Verwaltung") == (0, "Die Verwaltung")
