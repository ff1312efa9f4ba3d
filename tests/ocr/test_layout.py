"""Layout clean-up: running headers/footers out of clean_text, line-end hyphens mended."""

from __future__ import annotations

import pytest

from pipeline.model import Document, Page
from pipeline.ocr.layout import clean, dehyphenate, join_decision, mask, running_lines

BODIES = [
    "Die Verwaltung wird beauftragt, dem Rat bis zum 30. Juni einen Bericht\n"
    "über den Stand der Planung vorzulegen und dabei die Kosten der",
    "Maßnahme darzustellen. Die Fraktionen werden beteiligt.\n\nBegründung:\n"
    "Der Ausschuss hat sich mehrfach mit dem Thema befasst.",
    "Weitere Unterlagen folgen zur nächsten Sitzung.",
]


def _doc(pages: list[str], method: str = "ocr") -> Document:
    return Document(
        "x.pdf",
        pages=[Page(n, method, text) for n, text in enumerate(pages, 1)],  # type: ignore[arg-type]
    )


def _with_running_lines(bodies: list[str], noisy: bool = False) -> list[str]:
    pages = []
    for n, body in enumerate(bodies, 1):
        head = "Stadt Musterhausen · Der Oberbürgermeister"
        if noisy and n == 2:
            head = "Stadt Musterhausen · Der Oberbürgermelster"  # OCR noise
        pages.append(
            f"{head}\nDrucksache 2023/{100 + n}\n\n{body}\n\nSeite {n} von {len(bodies)}\n"
        )
    return pages


@pytest.mark.parametrize("noisy", [False, True])
def test_running_header_and_footer_are_left_out(noisy: bool) -> None:
    pages = _with_running_lines(BODIES, noisy)
    doc = clean(_doc(pages))
    for page, body in zip(doc.pages[1:], BODIES[1:], strict=True):
        assert page.clean_text == body
        assert "Seite" in page.raw_text and "Seite" not in page.clean_text
        assert any("running" in note for note in page.notes)
    # the first page keeps its header once (reference, date), not its footer
    first = doc.pages[0].clean_text
    assert first.startswith("Stadt Musterhausen") and first.endswith(BODIES[0])
    assert "Drucksache 2023/101" in first and "Seite" not in first


def test_sentence_meets_its_second_half_across_the_page_break() -> None:
    doc = clean(_doc(_with_running_lines(BODIES)))
    joined = "\n".join(p.clean_text for p in doc.pages)
    assert "die Kosten der\nMaßnahme darzustellen." in joined


def test_single_page_keeps_its_first_and_last_lines() -> None:
    text = "Stadt Musterhausen\nDrucksache 2023/101\n\nDer Rat beschließt.\n2023"
    (page,) = clean(_doc([text])).pages
    assert page.clean_text == text


def test_explicit_page_number_line_is_dropped_even_on_one_page() -> None:
    (page,) = clean(_doc(["Der Rat beschließt.\n\n- Seite 1 von 1 -"])).pages
    assert page.clean_text == "Der Rat beschließt."


def test_lines_repeated_in_the_body_are_not_headers() -> None:
    pages = [
        "Der Rat hat am Montag getagt.\nBegründung:\nDie Kosten sind gedeckt.",
        "Die Fraktion stimmt zu.\nBegründung:\nDer Antrag ist eilig.",
        "Der Ausschuss vertagt sich.\nBegründung:\nEs fehlen Unterlagen.",
    ]
    assert running_lines([p.split("\n") for p in pages]) == [set(), set(), set()]


def test_mask_hides_digits() -> None:
    assert mask("Seite 2 von 5") == mask("Seite 10 von 12")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "eine Digitalisie-\nrungsstrategie aufzustellen",
            "eine Digitalisierungsstrategie\naufzustellen",
        ),
        ("im Haupt-\nund Finanzausschuss", "im Haupt-\nund Finanzausschuss"),
        ("mit konkreten Ziel-\nund Zeitpunkten", "mit konkreten Ziel-\nund Zeitpunkten"),
        ("die Bürger-\nInitiative kam", "die Bürger-Initiative\nkam"),
        ("Organi-\nsation.", "Organisation."),
        ("Soft\u00ad\nhyphen hier", "Softhyphen\nhier"),
        ("im Jahr 2021-\n2025", "im Jahr 2021-\n2025"),
        ("Liste -\nnächster Punkt", "Liste -\nnächster Punkt"),
        (
            "Niederschrift -öffentlich-\nUhrzeit: 14 Uhr",
            "Niederschrift -öffentlich-\nUhrzeit: 14 Uhr",
        ),
        ("der (Bürger-\nInitiative)", "der (Bürger-Initiative)"),
    ],
)
def test_dehyphenate(text: str, expected: str) -> None:
    assert dehyphenate(text) == expected


def test_real_lower_case_compound_keeps_its_hyphen() -> None:
    assert join_decision("deutsch", "französische") == "hyphen"
    assert join_decision("Digitalisie", "rungsstrategie") == "join"


def test_word_hyphenated_over_a_page_break_is_joined_on_the_first_page() -> None:
    doc = clean(_doc(_with_running_lines(["Wir fordern die Organi-", "sation des Festes.\nEnde."])))
    assert doc.pages[0].clean_text.endswith("die Organisation")
    assert doc.pages[1].clean_text.startswith("des Festes.")


def test_nbsp_only_lines_become_empty() -> None:
    (page,) = clean(_doc(["Beschluss:\n\u00a0\n \u00a0 \nDer Rat stimmt zu."], "text-file")).pages
    assert page.clean_text == "Beschluss:\n\n\nDer Rat stimmt zu."
    assert "\u00a0" in page.raw_text


def test_raw_text_is_kept() -> None:
    pages = _with_running_lines(BODIES)
    doc = clean(_doc(pages))
    assert [p.raw_text for p in doc.pages] == pages
