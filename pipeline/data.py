"""Where data lives: the shipped dictionaries (each loaded once per process) and the user's own
data directory (the bodies gazetteer the OParl import writes and the extractor reads). This
module is the one owner of those paths, so that writer and reader cannot disagree."""

from __future__ import annotations

import hashlib
import os
from functools import cache
from pathlib import Path

from pipeline.errors import DictionaryError

DICTIONARIES = Path(__file__).resolve().parent.parent / "dictionaries"
APP = "council-pipeline"


def user_data_dir() -> Path:
    """$COUNCIL_DATA_DIR, else $XDG_DATA_HOME/council-pipeline, else
    ~/.local/share/council-pipeline (the XDG default); read on every call, not cached."""
    env = os.environ.get("COUNCIL_DATA_DIR")
    if env:
        return Path(env).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base).expanduser() / APP


def user_bodies_path() -> Path:
    """The user's bodies gazetteer: written by `council bodies import-oparl`, read by extraction."""
    return user_data_dir() / "bodies.json"


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
