"""The clause analysis and the obligation classifier: constructions of the issue's list,
negatives, every dictionary key read, and reproducible training (on data written here)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import extract_text

from pipeline.extract import resources
from pipeline.extract.pipeline import nlp
from scripts import train_obligations


def found(sentence: str, heading: str = "Beschlussvorschlag:") -> list[tuple[str | None, str]]:
    return [(o.actor, o.kind or "") for o in extract_text(f"{heading}\n{sentence}").obligations]


@pytest.mark.parametrize(
    ("sentence", "actor", "kind"),
    [
        (
            "Der Antrag der Fraktion Bunte Liste vom 3. Mai wird dem Ausschuss für Umwelt zur "
            "Beratung zugeleitet.",
            "Ausschuss für Umwelt",
            "referral",
        ),
        ("Der Antrag ist dem Bauausschuss zuzuleiten.", "Bauausschuss", "referral"),
        (
            "Der Kreistag beauftragt die Kreisverwaltung, ein Konzept vorzulegen.",
            "Kreisverwaltung",
            "mandate",
        ),
        ("Die Verwaltung wird gebeten, bis Juni zu berichten.", "Verwaltung", "mandate"),
        ("Die Arbeitsgruppe soll bis Ende 2030 Vorschläge erarbeiten.", "Arbeitsgruppe", "mandate"),
    ],
)
def test_constructions_give_kind_and_actor_from_the_clause(
    sentence: str, actor: str, kind: str
) -> None:
    assert found(sentence) == [(actor, kind)]


@pytest.mark.parametrize(
    "sentence",
    [
        "Die Verwaltung wurde im Mai beauftragt, ein Konzept zu erstellen.",  # past event
        "Die Verwaltung hat das Konzept bereits vorgelegt.",  # perfect
        "Die Maßnahmen müssten dann verlegt werden.",  # Konjunktiv II
        "Der Antrag wird nicht dem Ausschuss zugeleitet.",  # negation
        "Wir bitten um Zustimmung.",  # the vote itself
        "Zur Begründung wird auf die Anlage verwiesen.",  # a cross-reference
    ],
)
def test_negatives_bind_nobody(sentence: str) -> None:
    assert found(sentence, "Sachverhalt:") == []


def test_morphology_marks_mood_tense_and_zu_infinitives() -> None:
    doc = nlp()("Beschluss:\nEs werde ein Konzept erarbeitet, das dem Rat zuzuleiten wäre.")
    morph = {t.text: str(t.morph) for t in doc if t.tag_.startswith("V")}
    assert "Mood=Sub1" in morph["werde"]
    assert "Mood=Sub" in morph["wäre"] and "Tense=Past" in morph["wäre"]
    assert "Zu=Yes" in morph["zuzuleiten"]
    assert morph["erarbeitet"] == "VerbForm=Part"


def _strings(value: object) -> set[str]:
    return {value} if isinstance(value, str) else set()


def test_every_key_of_the_extraction_dictionaries_is_read() -> None:
    """A key that no module reads is dead vocabulary (the issue found 8 of 27)."""
    root = Path(__file__).resolve().parents[2] / "pipeline" / "extract"
    code = "\n".join(p.read_text(encoding="utf-8") for p in root.glob("*.py"))
    for name in ("obligations", "bodies"):
        for key in resources.load(name):
            if key.startswith("_"):
                continue
            assert f'"{key}"' in code, f"{name}.json: key {key!r} is read nowhere"


def test_training_is_reproducible_and_learns_the_signal(tmp_path: Path) -> None:
    rows = [
        ({"c_passive_mandate": 1.0, "sec_decision": 1.0}, 1),
        ({"c_passive_mandate": 1.0, "n_past": 1.0}, 0),
        ({"c_modal": 1.0, "sec_decision": 1.0}, 1),
        ({"c_modal": 1.0, "n_konj2": 1.0}, 0),
        ({"c_present_action": 1.0}, 0),
        ({"c_referral": 1.0, "sec_decision": 1.0}, 1),
    ] * 3
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    train_obligations.write(train_obligations.fit(rows), rows, first)
    train_obligations.write(train_obligations.fit(list(rows)), rows, second)
    assert first.read_bytes() == second.read_bytes()
    weights = json.loads(first.read_text())["weights"]
    assert weights["n_past"] < 0 < weights["sec_decision"]
    assert weights["n_konj2"] < 0


def test_shipped_model_names_its_data() -> None:
    model = resources.load("obligation_model")
    assert model["data"]["rows"] > 0 and "make train" in model["_comment"]
    assert all(isinstance(v, float) for v in model["weights"].values())


def test_isotonic_calibration_is_monotone_and_does_not_depend_on_row_order() -> None:
    pairs = [(0.55, 1), (0.6, 0), (0.62, 0), (0.7, 1), (0.8, 1), (0.85, 0), (0.9, 1), (0.95, 1)]
    steps = train_obligations.isotonic(pairs)
    shares = [share for _, share in steps]
    assert shares == sorted(shares) and shares[0] >= 0.0 and shares[-1] <= 1.0
    assert train_obligations.isotonic(list(reversed(pairs))) == steps
    # the 0.8 / 0.85 dip is pooled: one block, neither above the next
    assert len(steps) < len(pairs)


def test_shipped_confidence_is_the_calibrated_share() -> None:
    from pipeline.extract.obligations import calibrated

    steps = resources.load("obligation_model")["calibration"]
    assert steps and [s for _, s in steps] == sorted(s for _, s in steps)
    assert calibrated(0.99, steps) == steps[-1][1]
    assert calibrated(0.75, []) == 0.75
