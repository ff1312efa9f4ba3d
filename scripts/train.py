"""`make train`: fit every learned part of the extractor on the dev corpus and write its
parameters into `dictionaries/` (each trainer documents its data and output).

Each trainer is a module with `main() -> None`; `--only NAME` runs one. Training is
deterministic: the same corpus gives byte-identical parameter files (a test checks this).
"""

from __future__ import annotations

import argparse
import importlib
import sys
import time

TRAINERS: dict[str, str] = {
    "doctype": "scripts.train_doctype",
    "obligations": "scripts.train_obligations",
    "deadlines": "scripts.train_deadlines",
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", choices=sorted(TRAINERS), action="append")
    args = parser.parse_args()
    for name in args.only or list(TRAINERS):
        started = time.perf_counter()
        print(f"\n=== train {name} " + "=" * (54 - len(name)), flush=True)
        module = importlib.import_module(TRAINERS[name])
        sys.argv = [TRAINERS[name]]
        module.main()
        print(f"(train {name}: {time.perf_counter() - started:.0f} s)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
