"""Find the documents to ingest: files as given, and the supported files inside folders."""

from __future__ import annotations

import errno
import fnmatch
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from pipeline.ingest.sniff import SUFFIXES


@dataclass(frozen=True)
class Missing:
    path: str
    message: str


def not_a_file(path: Path) -> str | None:
    """Why an entry with a document's name is no file to read (None for a regular file)."""
    try:
        mode = path.stat().st_mode
    except OSError as err:
        if err.errno == errno.ELOOP:
            return "a symbolic link loop"
        if path.is_symlink():
            return "a broken symbolic link"
        return f"cannot be read ({err.strerror or err})"
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        if path.is_symlink():
            return "a symbolic link to a folder (not followed)"
        return "a folder named like a file (its contents are walked as a folder)"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe), not a file: reading it would block"
    if stat.S_ISSOCK(mode):
        return "a socket, not a file"
    return "a device, not a file"


def walk(
    paths: list[Path], exclude: tuple[str, ...] = ()
) -> tuple[list[Path], list[Missing], list[Missing]]:
    """Files to ingest, in a stable order, each once; the given paths that do not exist; and the
    entries in folders that are named like documents but are none (FIFOs, symlink loops, …).

    A file named on the command line is always taken (the pipeline decides whether it can read
    it, so a wrongly named file fails with a message instead of vanishing); inside folders only
    files with a supported suffix are taken, hidden files and folders are left out, and so are
    names matching one of the `exclude` glob patterns (e.g. "truth.*").
    """
    found: list[Path] = []
    missing: list[Missing] = []
    skipped: list[Missing] = []
    seen: set[str] = set()

    def add(path: Path) -> None:
        key = os.path.abspath(path)
        if key not in seen:
            seen.add(key)
            found.append(Path(key))

    def wanted(name: str) -> bool:
        return (
            not name.startswith(".")
            and not any(fnmatch.fnmatch(name, pattern) for pattern in exclude)
            and Path(name).suffix.lower() in SUFFIXES
        )

    for given in paths:
        if given.is_dir():
            for root, dirs, files in os.walk(given):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files) + [d for d in dirs if wanted(d)]:
                    path = Path(root) / name
                    if not wanted(name):
                        continue
                    why = not_a_file(path)
                    if why is None:
                        add(path)
                    else:
                        skipped.append(Missing(str(path), why))
        elif given.is_file():
            add(given)
        elif given.exists():
            missing.append(Missing(str(given), not_a_file(given) or "not a regular file"))
        else:
            missing.append(Missing(str(given), "no such file or directory"))
    return found, missing, skipped
