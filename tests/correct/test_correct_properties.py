"""Property: correcting twice is correcting once (the corrector's output is a fixed point)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.correct import correct_text

WORDS = [
    "Der",
    "Stadtrat",
    "beschließt",
    "die",
    "Verwaltung",
    "wird",
    "beauftragt",
    "bis",
    "Ende",
    "des",
    "Jahres",
    "einen",
    "Bericht",
    "vorzulegen",
    "Antrag",
    "Fraktion",
    "Haushalt",
    "Kosten",
    "Schule",
    "Eltern",
    "Ausschuss",
    "Sitzung",
    "und",
    "oder",
    "mit",
    "für",
    "zum",
    "zur",
    "über",
    "nach",
    "Plauen",
    "Oberbürgermeister",
    "Digitalisierung",
    "Strategie",
    "Projekte",
    "laufende",
]
CONFUSIONS = [("a", "o"), ("a", "q"), ("I", "l"), ("i", "l"), ("j", "i"), ("rf", "#"), ("e", "c")]


@st.composite
def noisy_texts(draw) -> str:
    words = draw(st.lists(st.sampled_from(WORDS), min_size=3, max_size=40))
    seps = draw(st.lists(st.sampled_from([" ", " ", ", ", ". ", "\n"]), min_size=len(words)))
    text = "".join(w + s for w, s in zip(words, seps, strict=False))
    for true, seen in draw(st.lists(st.sampled_from(CONFUSIONS), max_size=3)):
        text = text.replace(true, seen)
    return text


# Derandomized so that CI runs the same examples every time.
@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(noisy_texts())
def test_correcting_twice_equals_correcting_once(text):
    once, _ = correct_text(text)
    twice, corrections = correct_text(once)
    assert twice == once, corrections


# Fixing "Proiekte" changes the document's noise estimate, so a second pass used to accept
# "Stodtrot" → "Stadtrat" that the first left alone; passes now repeat until a fixed point.
def test_known_counterexample_of_idempotence():
    once, _ = correct_text("Der Stodtrot Proiekte ")
    assert correct_text(once)[0] == once
