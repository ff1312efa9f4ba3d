"""Where the shipped data files live; each is loaded once per process."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from pipeline.errors import DictionaryError

DICTIONARIES = Path(__file__).resolve().parent.parent / "dictionaries"


def dictionary_path(name: str) -> Path:
    """Path of a file in `dictionaries/`; raises DictionaryError when it is missing."""
    path = DICTIONARIES / name
    if not path.exists():
        raise DictionaryError(
            f"dictionary file {path} is missing: "
            "reinstall council-pipeline or run `make dictionaries`"
        )
    return path


@cache
def dictionaries_checksum() -> str:
    """One checksum over every shipped data file, stored with each processed document."""
    digest = hashlib.sha256()
    for path in sorted(DICTIONARIES.rglob("*")):
        if path.is_file() and path.name != "README.md":
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
