"""OParl Organization lists in and out: the user's body gazetteer and the kind vocabulary.

A municipality publishes its committees and factions as OParl 1.x `Organization` objects. We turn
them into `$COUNCIL_DATA_DIR/bodies.json` ([{"name", "kind", "aliases"}]), which the extractor
reads so that it recognises and normalises that municipality's bodies. OParl's
`organizationType` and `classification` are free text in practice ("Gremium"/"Ausschuss",
"Fraktion", "Verwaltungsbereich", …), so kinds come from keywords, most specific first.

Each Organization is checked against the OParl 1.1 schema shipped beside this module
(oparl-organization.schema.json, CC-BY-SA 4.0, see dictionaries/README.md); one that does not
fit (a number as name, a list as shortName) is skipped with its reason, the others are imported.
Files over MAX_BYTES and nesting too deep for the JSON parser are refused with an InputError.
"""

from __future__ import annotations

import json
import logging
from functools import cache
from pathlib import Path
from typing import Any

from pipeline.analysis.text import fold
from pipeline.data import user_bodies_path, user_data_dir
from pipeline.errors import InputError, InputNotFound, InputTooLarge

log = logging.getLogger(__name__)

KINDS = ("council", "committee", "faction", "administration", "group", "board", "organisation")

# (keyword in the folded classification/type/name, kind); the first hit wins, so compounds
# that end in "rat" but are boards ("Beirat", "Aufsichtsrat") come before the council words.
_KIND_KEYWORDS: tuple[tuple[str, str], ...] = (
    ("fraktion", "faction"),
    ("gruppe", "group"),
    ("beirat", "board"),
    ("aufsichtsrat", "board"),
    ("verwaltungsrat", "board"),
    ("kuratorium", "board"),
    ("vorstand", "board"),
    ("board", "board"),
    ("ausschuss", "committee"),
    ("kommission", "committee"),
    ("committee", "committee"),
    ("arbeitskreis", "group"),
    ("hauptorgan", "council"),
    ("stadtrat", "council"),
    ("gemeinderat", "council"),
    ("ortschaftsrat", "council"),
    ("kreistag", "council"),
    ("bezirksvertretung", "council"),
    ("bezirksverordnetenversammlung", "council"),
    ("stadtverordnetenversammlung", "council"),
    ("gemeindevertretung", "council"),
    ("buergerschaft", "council"),
    ("burgerschaft", "council"),
    ("rat", "council"),
    ("council", "council"),
    ("verwaltung", "administration"),
    ("dezernat", "administration"),
    ("fachbereich", "administration"),
    ("referat", "administration"),
    ("amt", "administration"),
    ("buergermeister", "administration"),
    ("burgermeister", "administration"),
    ("partei", "organisation"),
    ("institution", "organisation"),
)

# What the export writes for each kind: (organizationType, classification).
OPARL_TYPES: dict[str, tuple[str, str]] = {
    "council": ("Gremium", "Hauptorgan"),
    "committee": ("Gremium", "Ausschuss"),
    "faction": ("Fraktion", "Fraktion"),
    "group": ("Fraktion", "Gruppe"),
    "administration": ("Verwaltungsbereich", "Verwaltung"),
    "office": ("Verwaltungsbereich", "Verwaltung"),
    "board": ("Gremium", "Beirat"),
    "organisation": ("Institution", "Sonstiges"),
}


MAX_BYTES = 64 * 2**20  # the largest OParl Organization list read (a big city has ~1,000)
SCHEMA = Path(__file__).with_name("oparl-organization.schema.json")


def data_dir() -> Path:
    """The user data directory (owned by `pipeline.data`)."""
    return user_data_dir()


def bodies_path() -> Path:
    return user_bodies_path()


def kind_of(org: dict[str, Any]) -> str:
    """The gazetteer kind of one OParl Organization (keywords, then its name; else organisation)."""
    for field in ("classification", "organizationType", "name"):
        value = fold(str(org.get(field) or ""))
        words = value.replace("-", " ").split()
        for keyword, kind in _KIND_KEYWORDS:
            # "rat" and "amt" only as a whole word or a word's end ("Stadtrat", "Ordnungsamt").
            if len(keyword) <= 3:
                if any(w == keyword or w.endswith(keyword) for w in words):
                    return kind
            elif keyword in value:
                return kind
    return "organisation"


def _organizations(payload: Any, skipped: list[str]) -> list[tuple[int, dict[str, Any]]]:
    """The objects of an Organization list with their 0-based position in it."""
    if isinstance(payload, dict):
        for key in ("data", "organization", "organizations"):
            inner = payload.get(key)
            if isinstance(inner, list):
                payload = inner
                break
            if isinstance(inner, dict) and isinstance(inner.get("data"), list):
                payload = inner["data"]
                break
        else:
            raise InputError("the OParl file is an object without a 'data' list of Organizations")
    if not isinstance(payload, list):
        raise InputError("the OParl file must hold a list of Organizations or {'data': [...]}")
    out = []
    for index, item in enumerate(payload):
        if isinstance(item, dict):
            out.append((index, item))
        else:
            skipped.append(f"#{index + 1}: not an object ({type(item).__name__})")
    return out


@cache
def _validator() -> Any:
    """The OParl Organization schema as real endpoints need it: `type` of OParl 1.0 or 1.1
    (both are served side by side), `location` an embedded object or its URL (1.0), and `id`
    and `type` not required, since hand-made lists give only names."""
    from jsonschema import Draft7Validator

    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    schema["required"] = []
    schema["properties"]["type"] = {
        "type": "string",
        "pattern": "^https?://schema\\.oparl\\.org/1\\.[01]/Organization$",
    }
    schema["properties"]["location"] = {"type": ["object", "string"]}
    return Draft7Validator(schema)


def problem(org: dict[str, Any]) -> str | None:
    """Why `org` is no valid OParl Organization (the first schema violation), or None."""
    error = next(iter(_validator().iter_errors(org)), None)
    if error is None:
        return None
    where = ".".join(str(p) for p in error.absolute_path) or "object"
    return f"{where}: {error.message[:120]}"


def _label(org: dict[str, Any], index: int) -> str:
    ident = org.get("id") if isinstance(org.get("id"), str) else None
    return f"#{index + 1}" + (f" ({ident[:80]})" if ident else "")


def bodies_from_oparl(payload: Any, skipped: list[str] | None = None) -> list[dict[str, Any]]:
    """Gazetteer entries from an OParl Organization list (a list, or an object with "data").

    Objects that are not Organizations (other `type`, deleted, no name) are passed over; those
    that break the schema are skipped, and their reasons appended to `skipped`.
    """
    entries: dict[str, dict[str, Any]] = {}
    skipped = [] if skipped is None else skipped
    for index, org in _organizations(payload, skipped):
        if org.get("deleted") is True:
            continue
        otype = str(org.get("type") or "")
        if otype and "organization" not in otype.lower():
            continue
        why = problem(org)
        if why:
            skipped.append(f"{_label(org, index)}: {why}")
            continue
        name = " ".join(str(org.get("name") or "").split())
        if not name:
            skipped.append(f"{_label(org, index)}: no name")
            continue
        short = " ".join(str(org.get("shortName") or "").split())
        entry = entries.setdefault(fold(name), {"name": name, "kind": kind_of(org), "aliases": []})
        if short and fold(short) != fold(name):
            entry["aliases"] = sorted(set(entry["aliases"]) | {short})
    return list(entries.values())


def load_bodies(path: Path | None = None) -> list[dict[str, Any]]:
    """The user's gazetteer, [] when there is none yet."""
    path = path or bodies_path()
    if not path.exists():
        return []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as err:
        raise InputError(f"{path}: not a readable bodies.json ({err}); delete or fix it") from err
    return [e for e in data if isinstance(e, dict) and e.get("name")]


def merge_bodies(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """New entries replace the kind of same-named old ones; aliases are united."""
    merged = {fold(e["name"]): dict(e, aliases=list(e.get("aliases") or [])) for e in old}
    for entry in new:
        key = fold(entry["name"])
        if key in merged:
            aliases = set(merged[key]["aliases"]) | set(entry["aliases"])
            merged[key] = {"name": entry["name"], "kind": entry["kind"], "aliases": sorted(aliases)}
        else:
            merged[key] = dict(entry)
    return sorted(merged.values(), key=lambda e: fold(e["name"]))


def read_json(source: Path, limit: int = MAX_BYTES) -> Any:
    """The JSON in `source`; raises InputNotFound, InputTooLarge or InputError (not a file, not
    JSON, nested too deeply), each with a message, never a traceback."""
    if not source.exists():
        raise InputNotFound(f"{source}: no such file")
    if not source.is_file():
        raise InputError(f"{source}: is not a file (give the OParl JSON file)")
    size = source.stat().st_size
    if size > limit:
        raise InputTooLarge(
            f"{source}: {size / 2**20:.0f} MiB is over the limit of {limit / 2**20:.0f} MiB for "
            "an Organization list; split it into its pages"
        )
    try:
        return json.loads(source.read_bytes().decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise InputError(f"{source}: not a JSON file ({err})") from err
    except RecursionError:
        raise InputError(f"{source}: the JSON is nested too deeply to be an OParl list") from None
    except OSError as err:
        raise InputError(f"{source}: cannot be read ({err.strerror or err})") from err


def import_oparl(
    source: Path, target: Path | None = None, skipped: list[str] | None = None
) -> tuple[int, Path]:
    """Merge an OParl Organization file into the gazetteer; return (entries imported, path).

    The reasons for objects left out (schema violations) are appended to `skipped`.
    Raises InputNotFound, InputTooLarge or InputError for a missing or malformed file.
    """
    payload = read_json(source)
    new = bodies_from_oparl(payload, skipped)
    target = target or bodies_path()
    merged = merge_bodies(load_bodies(target), new)
    target.parent.mkdir(parents=True, exist_ok=True)
    scratch = target.with_suffix(".json.tmp")
    scratch.write_text(json.dumps(merged, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    scratch.replace(target)
    log.info("imported %d organisations into %s", len(new), target)
    return len(new), target
