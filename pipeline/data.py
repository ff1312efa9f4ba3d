"""Where data lives: the shipped dictionaries (each loaded once per process) and the user's own
data directory (the bodies gazetteer the OParl import writes and the extractor reads). This
module is the one owner of those paths, so that writer and reader cannot disagree."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
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


def user_meetings_path() -> Path:
    """The meeting calendar (body name → ISO dates): written by `council harvest` from the OParl
    meeting lists, read when resolving "in der nächsten Sitzung des Bauausschusses"."""
    return user_data_dir() / "meetings.json"


def load_meeting_calendar(path: Path | None = None) -> dict[str, list[dt.date]]:
    """Body name → sorted meeting dates from the user's calendar file; {} when there is none or
    it cannot be read (a calendar only adds dates, its absence loses nothing). Read once per
    version of the file: the extract stage asks for it on every document."""
    path = path or user_meetings_path()
    try:
        mtime = path.stat().st_mtime_ns
    except OSError:
        return {}
    return _read_calendar(str(path), mtime)


@cache
def _read_calendar(path: str, mtime: int) -> dict[str, list[dt.date]]:
    del mtime  # part of the cache key only: a new harvest writes a new file
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    calendar: dict[str, list[dt.date]] = {}
    for name, days in raw.items() if isinstance(raw, dict) else []:
        good = set()
        for day in days if isinstance(days, list) else []:
            try:
                good.add(dt.date.fromisoformat(str(day)[:10]))
            except ValueError:
                continue
        if isinstance(name, str) and good:
            calendar[name] = sorted(good)
    return calendar


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
