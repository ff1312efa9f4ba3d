"""Synthetic council documents in council language, and a store built from them.

Motions of factions, the council asking the administration or a committee to act by a date,
an OCR slip the corrector fixed: deterministic for a seed, so that the query benchmark
(scripts/bench_query.py) and the analyst tests (tests/factories.py) meet the vocabulary and the
shapes of real use. Nothing here is taken from the corpus.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from collections.abc import Iterable
from pathlib import Path

from pipeline import __version__, store
from pipeline.model import Body, Correction, Deadline, Document, Obligation, Page, Provenance

FACTIONS = [
    "Fraktion BÜNDNIS 90/DIE GRÜNEN",
    "SPD-Fraktion",
    "CDU-Fraktion",
    "FDP-Fraktion",
    "Fraktion DIE LINKE",
]
ACTORS = [
    ("Verwaltung", "administration", "die Verwaltung"),
    ("Bürgermeister", "administration", "der Bürgermeister"),
    ("Ausschuss für Umwelt und Verkehr", "committee", "der Ausschuss für Umwelt und Verkehr"),
    ("Haupt- und Finanzausschuss", "committee", "der Haupt- und Finanzausschuss"),
    (
        "Ausschuss für Digitalisierung und Infrastruktur",
        "committee",
        "der Ausschuss für Digitalisierung und Infrastruktur",
    ),
    ("Jugendhilfeausschuss", "committee", "der Jugendhilfeausschuss"),
]
TOPICS = [
    "Digitalisierungsstrategie für die Grundschulen",
    "Ausbau der Radwege an der Hauptstraße",
    "Lärmschutz an der Bahnstrecke",
    "Sanierung des Hallenbads",
    "Öffentliche Toiletten in der Innenstadt",
    "Klimaschutzkonzept und Wärmeplanung",
    "Barrierefreiheit der Bushaltestellen",
    "Kita-Plätze im Neubaugebiet",
    "Straßenbeleuchtung mit LED",
    "Radverkehrsstrategie 2030",
]
ACTIONS = [
    ("prüfen", "zu prüfen, ob {t} umgesetzt werden kann"),
    ("vorlegen", "ein Konzept zu {t} vorzulegen"),
    ("berichten", "über den Stand der Planung zu {t} zu berichten"),
    ("beantragen", "Fördermittel für {t} zu beantragen"),
    ("erstellen", "eine Kostenschätzung für {t} zu erstellen"),
]
TYPES = ["Antrag", "Beschlussvorlage", "Beschluss", "Anfrage"]
MONTHS = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
          "Oktober", "November", "Dezember"]  # fmt: skip


def _german_date(day: dt.date) -> str:
    return f"{day.day}. {MONTHS[day.month - 1]} {day.year}"


def council_document(index: int, obligations: int, rng: random.Random) -> Document:
    """One motion with `obligations` numbered requests, an OCR slip corrected on page 1."""
    faction = rng.choice(FACTIONS)
    topic = rng.choice(TOPICS)
    doc_type = rng.choice(TYPES)
    date = dt.date(2022, 1, 1) + dt.timedelta(days=rng.randrange(0, 3 * 365))
    reference = f"{rng.choice(['AN', 'BV', 'DS'])}/{date.year}/{index:05d}"
    head = (
        f"{doc_type} der {faction}\nVorlage {reference} vom {_german_date(date)}\n"
        f"Betreff: {topic}\n\nDer Rat möge beschließen:\n"
    )
    texts = [head]
    pos = len(head)
    found: list[Obligation] = []
    bodies: list[Body] = []
    deadlines: list[Deadline] = []
    for n in range(1, obligations + 1):
        actor, kind, mention = rng.choice(ACTORS)
        action, phrase = rng.choice(ACTIONS)
        subject = rng.choice(TOPICS)
        due = date + dt.timedelta(days=rng.randrange(20, 500))
        dated = rng.random() < 0.8
        when = f" bis zum {_german_date(due)}" if dated else ""
        sentence = f"{n}. {mention[0].upper()}{mention[1:]} wird beauftragt, "
        body_start = pos + len(f"{n}. ")
        sentence += phrase.format(t=subject) + when + ".\n"
        deadline = None
        if dated:
            d_start = pos + sentence.index(" bis zum") + 1
            deadline = Deadline(when.strip(), due.isoformat(), None, "day", None, 1, d_start,
                                d_start + len(when.strip()))  # fmt: skip
            deadlines.append(deadline)
        bodies.append(Body(actor, mention, kind, 1, body_start, body_start + len(mention)))
        found.append(
            Obligation(sentence[len(f"{n}. ") :].strip(), actor, action, faction, deadline,
                       1, body_start, pos + len(sentence) - 1, round(rng.uniform(0.6, 0.99), 2))
        )  # fmt: skip
        texts.append(sentence)
        pos += len(sentence)
    text = "".join(texts) + f"\nBegründung:\nDie {faction} hält {topic} für dringend.\n"
    # The corrector turned the OCR's "Verwaltunq" into "Verwaltung" at the first mention.
    corrections = []
    at = text.find("Verwaltung")
    if at >= 0:
        corrections.append(Correction(1, at, at + 10, "Verwaltunq", "Verwaltung", 0.9))
    raw = text if at < 0 else text[:at] + "Verwaltunq" + text[at + 10 :]
    sha = hashlib.sha256(f"council-bench-{index}-{text}".encode()).hexdigest()
    return Document(
        source=f"generated/{reference.replace('/', '-')}.pdf",
        sha256=sha,
        pages=[Page(1, "ocr", raw, 91.0, raw, text), Page(2, "text-layer", "Anlage", None,
                                                          "Anlage", "Anlage")],
        type=doc_type,
        reference=reference,
        title=topic,
        date=date.isoformat(),
        submitters=[faction],
        corrections=corrections,
        bodies=bodies,
        deadlines=deadlines,
        obligations=found,
        status="done",
    )  # fmt: skip


def council_documents(obligations: int, seed: int = 7, per_document: int = 5) -> list[Document]:
    """Documents holding `obligations` obligations in total (deterministic for a seed)."""
    rng = random.Random(seed)
    docs, left, index = [], obligations, 0
    while left > 0:
        count = min(left, rng.randint(1, 2 * per_document - 1))
        docs.append(council_document(index, count, rng))
        left -= count
        index += 1
    return docs


PROVENANCE = Provenance(__version__, None, "deu", None)


def save(conn, docs: Iterable[Document]) -> None:  # type: ignore[no-untyped-def]
    """Store documents the way `council ingest` does: one transaction per document."""
    for doc in docs:
        with store.transaction(conn):
            store.save_document(conn, doc, PROVENANCE, [doc.source])


def build_db(path: Path, docs: Iterable[Document]) -> Path:
    conn = store.connect(path)
    try:
        save(conn, docs)
    finally:
        conn.close()
    return path
