"""Query speed on a generated store of 10,000 obligations: each analyst query type, target < 200 ms.

    .venv/bin/python -m scripts.bench_query [--obligations 10000] [--db PATH] [--repeat 5]

The documents are synthetic but written in council language (motions of factions, the council
asking the administration or a committee to act by a date, OCR slips that the corrector fixed),
so full-text search and the filters meet the vocabulary and the shapes they meet in real use.
`council_documents` is also what the analyst tests store.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from pipeline import __version__, store
from pipeline.model import Body, Correction, Deadline, Document, Obligation, Page

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


PROVENANCE = store.Provenance(__version__, None, "deu", None)


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


def _time(run: Callable[[], object], repeat: int) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), max(times)


def bench(db: Path, repeat: int) -> list[tuple[str, float, float, int]]:
    from pipeline.analysis import export, provenance, query, search

    conn = query.open_db(db)
    today = "2024-06-30"
    middle = conn.execute("SELECT max(id) FROM obligations").fetchone()[0] // 2 + 1
    first_doc = conn.execute("SELECT min(id) FROM documents").fetchone()[0]
    cases: list[tuple[str, Callable[[], object]]] = [
        ("list all (sorted by deadline)", lambda: query.obligations(conn, query.Filters())),
        ("--status open", lambda: query.obligations(conn, query.Filters(status=["open"]))),
        ("--overdue", lambda: query.obligations(conn, query.Filters(overdue=True, today=today))),
        ("--actor UVA-style body", lambda: query.obligations(conn, query.Filters(actor="Umwelt"))),
        ("--requester", lambda: query.obligations(conn, query.Filters(requester="SPD"))),
        ("--due-before/--due-after", lambda: query.obligations(
            conn, query.Filters(due_after="2023-01-01", due_before="2023-06-30"))),
        ("--type --since", lambda: query.obligations(
            conn, query.Filters(type="Antrag", since="2023-01-01"))),
        ("--text Radweg", lambda: query.obligations(conn, query.Filters(text="Radweg"))),
        ("--sort -date, limit 50", lambda: query.obligations(conn, sort="-date", limit=50)),
        ("search Digitalisierung", lambda: search.search(conn, "Digitalisierung")),
        ("search Strategie (compounds)", lambda: search.search(conn, "Strategie")),
        ("show obligation", lambda: query.get_obligation(conn, middle)),
        ("show passage (provenance)", lambda: provenance.passage(conn, first_doc, 1, 0, 80)),
    ]  # fmt: skip
    exports: list[tuple[str, Callable[[], object]]] = [
        ("export jsonl (all)", lambda: export.to_jsonl(query.obligations(conn))),
        ("export csv (all)", lambda: export.to_csv(query.obligations(conn))),
        ("export ics (all dated)", lambda: export.to_ics(query.obligations(conn))),
    ]
    results = []
    for name, run in cases + [(f"[not a query] {n}", r) for n, r in exports]:
        median, worst = _time(run, repeat)
        result = run()
        results.append((name, median, worst, len(result) if isinstance(result, list) else 1))
    conn.close()
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--obligations", type=int, default=10_000)
    parser.add_argument("--db", type=Path, help="keep the generated database here")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "bench.db"
        if not db.exists():
            started = time.perf_counter()
            build_db(db, council_documents(args.obligations))
            print(f"generated {db} in {time.perf_counter() - started:.1f} s")
        results = bench(db, args.repeat)
    print(f"{'query':34} {'median ms':>10} {'max ms':>8} {'rows':>6}")
    slow = 0
    queries = [r for r in results if not r[0].startswith("[not a query]")]
    for name, median, worst, rows in results:
        flag = "" if median < 200 or name.startswith("[not") else "  SLOW"
        slow += bool(flag)
        print(f"{name:34} {median:10.1f} {worst:8.1f} {rows:6d}{flag}")
    print(f"{len(queries) - slow} of {len(queries)} query types under 200 ms (median)")
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())
