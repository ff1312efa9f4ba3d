"""Query speed on a generated store of 10,000 obligations: each analyst query type, target < 200 ms.

    .venv/bin/python -m scripts.bench_query [--obligations 10000] [--db PATH] [--repeat 5]

The documents are synthetic but written in council language (motions of factions, the council
asking the administration or a committee to act by a date, OCR slips that the corrector fixed),
so full-text search and the filters meet the vocabulary and the shapes they meet in real use.
They come from scripts/synthetic.py, which the analyst tests use too (tests/factories.py).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from scripts.synthetic import build_db, council_documents


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
