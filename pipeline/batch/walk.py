"""Find the documents to ingest: files as given, and the supported files inside folders."""

from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass
from pathlib import Path

from pipeline.ingest.sniff import SUFFIXES


@dataclass(frozen=True)
class Missing:
    path: str
    message: str


def walk(paths: list[Path], exclude: tuple[str, ...] = ()) -> tuple[list[Path], list[Missing]]:
    """Files to ingest, in a stable order, each once; and the given paths that do not exist.

    A file named on the command line is always taken (the pipeline decides whether it can read
    it, so a wrongly named file fails with a message instead of vanishing); inside folders only
    files with a supported suffix are taken, hidden files and folders are left out, and so are
    names matching one of the `exclude` glob patterns (e.g. "truth.*").
    """
    found: list[Path] = []
    missing: list[Missing] = []
    seen: set[str] = set()

    def add(path: Path) -> None:
        key = os.path.abspath(path)
        if key not in seen:
            seen.add(key)
            found.append(Path(key))

    for given in paths:
        if given.is_dir():
            for root, dirs, files in os.walk(given):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    path = Path(root) / name
                    if (
                        not name.startswith(".")
                        and not any(fnmatch.fnmatch(name, pattern) for pattern in exclude)
                        and path.suffix.lower() in SUFFIXES
                        and path.is_file()  # not a FIFO or socket, which would block reading
                    ):
                        add(path)
        elif given.is_file():
            add(given)
        elif given.exists():
            missing.append(Missing(str(given), "not a regular file"))
        else:
            missing.append(Missing(str(given), "no such file or directory"))
    return found, missing
