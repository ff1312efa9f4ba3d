"""Load the extraction dictionaries (dictionaries/extraction/*.json) once per process."""

from __future__ import annotations

import json
import logging
from functools import cache
from pathlib import Path
from typing import Any

from pipeline import data
from pipeline.data import dictionary_path

log = logging.getLogger(__name__)


@cache
def load(name: str) -> dict[str, Any]:
    """One JSON file of dictionaries/extraction/; raises DictionaryError when missing."""
    with dictionary_path(f"extraction/{name}.json").open(encoding="utf-8") as fh:
        return json.load(fh)


def user_bodies_path() -> Path:
    """Where the OParl import leaves the user's bodies (the path is owned by pipeline.data)."""
    return data.user_bodies_path()


@cache
def _user_bodies_cached(path: str, mtime: float) -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        log.warning("ignoring unreadable bodies file %s: %s", path, err)
        return ()
    out = []
    for item in data if isinstance(data, list) else []:
        if isinstance(item, dict) and isinstance(item.get("name"), str) and item["name"].strip():
            aliases = tuple(a for a in item.get("aliases") or [] if isinstance(a, str) and a)
            out.append((item["name"].strip(), str(item.get("kind") or "organisation"), aliases))
    return tuple(out)


def user_bodies() -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """(name, kind, aliases) from the OParl import, or () when there is none."""
    path = user_bodies_path()
    try:
        mtime = path.stat().st_mtime
    except OSError:
        return ()
    return _user_bodies_cached(str(path), mtime)
