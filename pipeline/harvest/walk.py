"""Walk an OParl endpoint: System → bodies → the organization, meeting and paper lists.

Real servers deviate from the specification, and the walk accepts what they do: OParl 1.0 and
1.1 `type` URLs side by side, empty strings where a date belongs, lists as a bare array or an
object with `data`, `links.next` with or without the query repeated, objects that are only a
URL, files reachable only by `accessUrl`, papers without a `mainFile`.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Iterator
from typing import Any

import httpx

from pipeline.harvest.client import Client, HarvestError

log = logging.getLogger(__name__)

MAX_PAGES = 100_000  # a list whose `next` never ends is a server bug, not a council


def kind(obj: dict[str, Any]) -> str:
    """The OParl type name ("Paper", "Body", …) of 1.0 and 1.1 type URLs alike."""
    return str(obj.get("type") or "").rstrip("/").rsplit("/", 1)[-1]


def iso_date(value: Any) -> str | None:
    """YYYY-MM-DD from an OParl date or date-time; None for "", null and what is not a date."""
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return dt.date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        return None


def timestamp(value: Any) -> str | None:
    """An OParl date-time as served (kept for comparison), None when missing or empty."""
    return value if isinstance(value, str) and value.strip() else None


def items(client: Client, url: str, since: str | None = None) -> Iterator[dict[str, Any]]:
    """Every object of an OParl list, page after page through `links.next`.

    `since` (an ISO date or date-time) is sent as `modified_since`, added to the query the URLs
    already carry; a `next` link that dropped it gets it again.
    """
    seen: set[str] = set()
    for _ in range(MAX_PAGES):
        page = client.get_json(_with_since(url, since))
        data, links = _page(page, url)
        for obj in data:
            if isinstance(obj, dict):
                yield obj
        following = links.get("next") if isinstance(links, dict) else None
        if not isinstance(following, str) or not following or following in seen:
            return
        seen.add(following)
        url = following
    raise HarvestError(f"{url}: more than {MAX_PAGES} pages; stopped")


def _with_since(url: str, since: str | None) -> str:
    if not since:
        return url
    if "T" not in since:  # a day: from its start (OParl asks for a date-time)
        since = f"{since}T00:00:00+00:00"
    parsed = httpx.URL(url)
    if "modified_since" in parsed.params:
        return url
    return str(parsed.copy_merge_params({"modified_since": since}))


def _page(page: Any, url: str) -> tuple[list[Any], Any]:
    if isinstance(page, list):
        return page, {}
    if isinstance(page, dict) and isinstance(page.get("data"), list):
        return page["data"], page.get("links") or {}
    raise HarvestError(f"{url}: not an OParl list (no 'data' array)")


def resolve(client: Client, value: Any) -> dict[str, Any] | None:
    """An embedded object as it is, an object given by its URL fetched; None for nothing."""
    if isinstance(value, dict):
        return value
    if isinstance(value, str) and value.startswith(("http://", "https://")):
        obj = client.get_json(value)
        return obj if isinstance(obj, dict) else None
    return None


def bodies(client: Client, url: str, wanted: str | None = None) -> list[dict[str, Any]]:
    """The bodies behind a System or Body URL; with `wanted`, the one whose id, shortName or
    name is (or ends with) it. Raises HarvestError when the URL is neither or nothing matches."""
    root = client.get_json(url)
    if not isinstance(root, dict):
        raise HarvestError(f"{url}: not an OParl object")
    what = kind(root)
    if what == "Body":
        found = [root]
    elif what == "System" or "body" in root:
        listing = root.get("body")
        if isinstance(listing, list):
            found = [b for b in (resolve(client, v) for v in listing) if b]
        elif isinstance(listing, str):
            found = list(items(client, listing))
        else:
            raise HarvestError(f"{url}: the System has no 'body' list")
    else:
        raise HarvestError(f"{url}: an OParl {what or 'object'}, not a System or a Body")
    found = [b for b in found if not b.get("deleted")]
    if wanted:
        found = [b for b in found if _matches(b, wanted)]
        if not found:
            raise HarvestError(f"{url}: no body {wanted!r} (give its id, shortName or name)")
    return found


def _matches(body: dict[str, Any], wanted: str) -> bool:
    values = [str(body.get(k) or "") for k in ("id", "shortName", "name")]
    return any(v == wanted or v.rstrip("/").endswith("/" + wanted.strip("/")) for v in values)


def paper_row(paper: dict[str, Any], org_names: dict[str, str]) -> dict[str, Any]:
    """The `oparl_papers` row of a Paper; organization URLs become names where known."""

    def names(field: str) -> str:
        values = paper.get(field) or []
        if isinstance(values, str):
            values = [values]
        out = [org_names.get(v, v) for v in values if isinstance(v, str) and v]
        return json.dumps(out, ensure_ascii=False)

    def text(field: str) -> str | None:
        value = paper.get(field)
        return " ".join(value.split()) or None if isinstance(value, str) else None

    return {
        "id": str(paper["id"]),
        "body": paper.get("body") if isinstance(paper.get("body"), str) else None,
        "web": text("web"),
        "reference": text("reference"),
        "name": text("name"),
        "paper_type": text("paperType"),
        "date": iso_date(paper.get("date")),
        "originators": names("originatorOrganization"),
        "under_direction_of": names("underDirectionOf"),
        "modified": timestamp(paper.get("modified")),
        "deleted": 1 if paper.get("deleted") is True else 0,
        "raw": json.dumps(paper, ensure_ascii=False),
    }


def file_rows(paper: dict[str, Any], attachments: bool) -> list[dict[str, Any]]:
    """The `oparl_files` rows of a Paper: its mainFile, and with `attachments` its auxiliaryFiles.

    A file without an id is known by its accessUrl; one with neither URL cannot be fetched and
    is left out. Without a mainFile (SessionNet serves the paper itself as the first
    auxiliaryFile) the first auxiliaryFile stands in as the main one.
    """
    aux = paper.get("auxiliaryFile") or []
    aux = [f for f in (aux if isinstance(aux, list) else [aux]) if _fetchable(f)]
    main = paper.get("mainFile")
    if not _fetchable(main) and aux:
        main, aux = aux[0], aux[1:]
    entries: list[tuple[str, Any]] = [("main", main)]
    if attachments:
        entries += [("auxiliary", f) for f in aux]
    rows = []
    for role, file in entries:
        if not _fetchable(file):
            continue
        access, download = file.get("accessUrl"), file.get("downloadUrl")
        access = access if isinstance(access, str) and access else None
        download = download if isinstance(download, str) and download else None
        ident = file.get("id") if isinstance(file.get("id"), str) else None
        rows.append(
            {
                "id": ident or access or download,
                "paper_id": str(paper["id"]),
                "role": role,
                "name": file.get("name"),
                "file_name": file.get("fileName"),
                "mime_type": file.get("mimeType"),
                "access_url": access,
                "download_url": download,
                "modified": timestamp(file.get("modified")),
                "checksum": file.get("sha512Checksum") or file.get("sha1Checksum"),
            }
        )
    return rows


def _fetchable(file: Any) -> bool:
    return (
        isinstance(file, dict)
        and file.get("deleted") is not True
        and any(isinstance(file.get(k), str) and file[k] for k in ("accessUrl", "downloadUrl"))
    )


def organization_row(org: dict[str, Any], body: str | None, kind_of: str) -> dict[str, Any]:
    return {
        "id": str(org["id"]),
        "body": body,
        "name": " ".join(str(org.get("name") or "").split()) or None,
        "short_name": " ".join(str(org.get("shortName") or "").split()) or None,
        "kind": kind_of,
        "raw": json.dumps(org, ensure_ascii=False),
    }


def meeting_row(meeting: dict[str, Any], body: str | None) -> dict[str, Any]:
    orgs = meeting.get("organization") or []
    orgs = [orgs] if isinstance(orgs, str) else orgs
    return {
        "id": str(meeting["id"]),
        "body": body,
        "name": meeting.get("name") if isinstance(meeting.get("name"), str) else None,
        "start": timestamp(meeting.get("start")) if iso_date(meeting.get("start")) else None,
        "end": timestamp(meeting.get("end")) if iso_date(meeting.get("end")) else None,
        "cancelled": 1 if meeting.get("cancelled") is True or meeting.get("deleted") is True else 0,
        "organizations": json.dumps([o for o in orgs if isinstance(o, str)]),
        "raw": json.dumps(meeting, ensure_ascii=False),
    }
