"""Harvest speed (issue 15): `council harvest` of N papers from a local OParl server vs `council
ingest` of the same files from disk, and a re-run with nothing changed.

    .venv/bin/python -m scripts.bench_harvest [--papers 100] [--workers 2] [--page-size 20]

Targets: harvest <= 1.2 x ingest (same --workers), re-run <= 5 s. Both commands run as a user
runs them (subprocess, fresh database each); the server is the test suite's fixture server
(tests/harvest/oparl_server.py) on 127.0.0.1 with generated one-page PDFs.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COUNCIL = [sys.executable, "-m", "pipeline"]


def _run(args: list[str], env: dict[str, str]) -> tuple[float, dict]:
    started = time.perf_counter()
    done = subprocess.run([*COUNCIL, *args, "--json"], capture_output=True, text=True, env=env)
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(args[:2])} failed ({done.returncode}):\n{done.stderr}")
    return seconds, json.loads(done.stdout)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=100)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--page-size", type=int, default=20, help="papers per list page")
    parser.add_argument("--repeat", type=int, default=1, help="alternate runs; medians reported")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT / "tests" / "harvest"))
    from oparl_server import OParlServer, council_pdf

    work = Path(tempfile.mkdtemp(prefix="bench-harvest-"))
    env = {**os.environ, "COUNCIL_DATA_DIR": str(work / "data")}
    try:
        folder = work / "files"
        folder.mkdir()
        with OParlServer(page_size=args.page_size) as server:
            for i in range(1, args.papers + 1):
                pdf = council_pdf(i, f"Vorlage {i} der Verwaltung, Seite 1 von 1.")
                (folder / f"{i}.pdf").write_bytes(pdf)
                server.add_paper(i, pdf)
            workers = ["--workers", str(args.workers)]
            ingest_runs, harvest_runs, rerun_runs = [], [], []
            for n in range(args.repeat):  # alternating, so that load on the machine hits both
                ingest_db, harvest_db = work / f"i{n}.db", work / f"h{n}.db"
                seconds, ingest = _run(
                    ["ingest", str(folder), "--db", str(ingest_db), *workers], env
                )
                ingest_runs.append(seconds)
                harvest = ["harvest", server.system_url, "--db", str(harvest_db), "--rate", "0"]
                seconds, first = _run([*harvest, "--connections", "4", *workers], env)
                harvest_runs.append(seconds)
                seconds, again = _run([*harvest, *workers], env)
                rerun_runs.append(seconds)
        ingest_s = statistics.median(ingest_runs)
        harvest_s = statistics.median(harvest_runs)
        rerun_s = statistics.median(rerun_runs)
        ratio = harvest_s / ingest_s
        print(
            f"harvest bench: {args.papers} papers, --workers {args.workers}, "
            f"median of {args.repeat} alternating run(s)"
        )
        print(
            f"  council ingest (files on disk)   {ingest_s:6.1f} s  ({ingest['processed']} stored)"
        )
        print(
            f"  council harvest (local server)   {harvest_s:6.1f} s  "
            f"({first['ingest']['processed']} stored, {first['requests']} requests, "
            f"walk {first['walk_seconds']:.1f} s, downloads {first['download_seconds']:.1f} s)"
        )
        print(f"  ratio harvest / ingest           {ratio:6.2f}    (target <= 1.2)")
        print(
            f"  re-run, nothing changed          {rerun_s:6.1f} s  "
            f"({again['papers_changed']} changed, {again['requests']} requests; target <= 5 s)"
        )
        results = {
            "papers": args.papers,
            "workers": args.workers,
            "ingest_seconds": round(ingest_s, 2),
            "harvest_seconds": round(harvest_s, 2),
            "ratio": round(ratio, 3),
            "rerun_seconds": round(rerun_s, 2),
            "runs": {"ingest": ingest_runs, "harvest": harvest_runs, "rerun": rerun_runs},
        }
        out = ROOT / ".cache" / "bench"
        out.mkdir(parents=True, exist_ok=True)
        (out / "harvest.json").write_text(json.dumps(results, indent=2))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
