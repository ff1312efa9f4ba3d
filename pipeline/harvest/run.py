"""One harvest: walk the endpoint, record papers, download their files, run them through the batch.

Order matters for "kill -9 loses nothing": each Paper (with its File rows) is committed as the
walk meets it; each download is recorded as it lands; the files then go through the same batch
runner as `council ingest` (one transaction per document); only a walk that reached the end of
every list moves the endpoint's watermark, which the next run sends as `modified_since`. Files of
stored papers that have no good document yet (a 404 last time, a run killed mid-download) are
fetched again on every run, so nothing is forgotten when the watermark moves on.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import sqlite3
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from pipeline import batch, data, store
from pipeline.analysis import oparl
from pipeline.harvest import downloads, walk
from pipeline.harvest.client import Client, HarvestError
from pipeline.harvest.settings import HarvestSettings, HarvestSummary
from pipeline.model import Options
from pipeline.store import oparl as oparl_store

log = logging.getLogger(__name__)


def files_folder(db: str | Path, settings: HarvestSettings) -> Path:
    return Path(settings.files) if settings.files else Path(f"{db}.files")


def _key(url: str, settings: HarvestSettings) -> str:
    return url if not settings.body else f"{url}#body={settings.body}"


def harvest(
    url: str,
    db: str | Path,
    settings: HarvestSettings | None = None,
    options: Options | None = None,
    batch_settings: batch.Settings | None = None,
    on_event: Callable[[batch.Event], None] | None = None,
    on_progress: Callable[[HarvestSummary], None] | None = None,
) -> HarvestSummary:
    """Harvest the OParl endpoint at `url` into the database at `db`.

    Raises HarvestError when the endpoint itself cannot be read (the System or Body URL, a list);
    a file that cannot be fetched is a failure in the summary and the harvest goes on.
    """
    started = time.perf_counter()
    settings = settings or HarvestSettings()
    options = options or Options()
    emit = on_event or (lambda event: None)
    summary = HarvestSummary(endpoint=url)
    tick = partial(on_progress or (lambda s: None), summary)
    key = _key(url, settings)
    conn = store.connect(db)
    folder = files_folder(db, settings).resolve()
    try:
        since = settings.since or oparl_store.endpoint_watermark(conn, key)
        summary.since = since
        with Client(settings.client) as client:
            queued = _walk(client, conn, url, settings, since, summary, tick)
            summary.walk_seconds = time.perf_counter() - started
            stamp = client.server_time or dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
            roles = ("main", "auxiliary") if settings.attachments else ("main",)
            for row in oparl_store.pending_files(conn, roles):
                queued.setdefault(row["id"], dict(row))
            todo = list(queued.values())
            if todo:
                # Downloads feed the batch as they land: processing runs while the rest arrive.
                emit(batch.Event("start", total=len(todo)))
                arriving = downloads.fetch_all(
                    client, conn, todo, folder, summary, options, emit, tick
                )
                done = batch.ingest([], db, options, batch_settings, on_event, arriving=arriving)
                summary.ingest = done if done.documents else None
            summary.requests = client.requests
        summary.tracking_carried = _carry_tracking(conn)
        with store.transaction(conn):
            watermark = stamp if summary.complete else None
            oparl_store.mark_endpoint(conn, key, watermark, summary.papers_changed)
    finally:
        conn.close()
    summary.seconds = time.perf_counter() - started
    return summary


def _walk(
    client: Client,
    conn: sqlite3.Connection,
    url: str,
    settings: HarvestSettings,
    since: str | None,
    summary: HarvestSummary,
    tick: Callable[[], None],
) -> dict[str, dict[str, Any]]:
    """Record organizations, meetings and papers; return the file rows to fetch, by id.

    A list that cannot be read (after the retries) ends that body's walk with a failure in the
    summary; what was met so far is processed, and the watermark stays where it was.
    """
    queued: dict[str, dict[str, Any]] = {}
    complete = True
    for body in walk.bodies(client, url, settings.body):
        summary.bodies += 1
        body_id = str(body.get("id") or url)
        body.setdefault("id", body_id)
        steps: list[tuple[str, Callable[[], bool | None]]] = [
            ("organization", partial(_organizations, client, conn, body, since, settings, summary)),
            ("meeting", partial(_meetings, client, conn, body, since, summary)),
            ("paper", partial(_papers, client, conn, body, settings, since, summary, queued, tick)),
        ]
        for name, step in steps:
            try:
                if step() is False:  # --limit reached
                    return queued
            except HarvestError as err:
                complete = False
                message = f"{body_id}: the {name} list stopped: {err}"
                summary.failures.append(batch.Failure(str(body.get(name) or body_id), message))
    summary.complete = complete
    return queued


def _papers(
    client: Client,
    conn: sqlite3.Connection,
    body: dict[str, Any],
    settings: HarvestSettings,
    since: str | None,
    summary: HarvestSummary,
    queued: dict[str, dict[str, Any]],
    tick: Callable[[], None],
) -> bool:
    """Walk one body's paper list; False when --limit stopped it before the end."""
    listing = body.get("paper")
    if not isinstance(listing, str):
        return True
    names = _organization_names(conn)
    for paper in walk.items(client, listing, since):
        if not isinstance(paper.get("id"), str):
            continue
        if settings.limit is not None and summary.papers_changed >= settings.limit:
            return False
        _paper(conn, paper, names, settings, since, summary, queued)
        tick()
    return True


def _organization_names(conn: sqlite3.Connection) -> dict[str, str]:
    rows = conn.execute("SELECT id, name FROM oparl_organizations WHERE name IS NOT NULL")
    return {r["id"]: r["name"] for r in rows}


def _organizations(
    client: Client,
    conn: sqlite3.Connection,
    body: dict[str, Any],
    since: str | None,
    settings: HarvestSettings,
    summary: HarvestSummary,
) -> None:
    body_id = str(body["id"])
    listing = body.get("organization")
    if not isinstance(listing, str):
        return
    orgs = [o for o in walk.items(client, listing, since) if isinstance(o.get("id"), str)]
    if not orgs:
        return
    with store.transaction(conn):
        summary.organizations += oparl_store.save_organizations(
            conn, (walk.organization_row(o, body_id, oparl.kind_of(o)) for o in orgs)
        )
    if settings.gazetteer:
        new = oparl.bodies_from_oparl(orgs)
        target = oparl.bodies_path()
        _write_json(target, oparl.merge_bodies(oparl.load_bodies(target), new))


def _meetings(
    client: Client,
    conn: sqlite3.Connection,
    body: dict[str, Any],
    since: str | None,
    summary: HarvestSummary,
) -> None:
    body_id = str(body["id"])
    listing = body.get("meeting")
    if not isinstance(listing, str):
        return
    rows = [
        walk.meeting_row(m, body_id)
        for m in walk.items(client, listing, since)
        if isinstance(m.get("id"), str)
    ]
    if rows:
        with store.transaction(conn):
            summary.meetings += oparl_store.save_meetings(conn, rows)
        _write_calendar(oparl_store.meeting_dates(conn))


def _write_calendar(found: dict[str, list[dt.date]]) -> None:
    """Merge the database's meeting dates into the user's calendar file (written atomically),
    which extraction reads in the worker processes as it reads the bodies gazetteer."""
    calendar = {k: set(v) for k, v in data.load_meeting_calendar().items()}
    for name, days in found.items():
        calendar.setdefault(name, set()).update(days)
    plain = {name: [d.isoformat() for d in sorted(days)] for name, days in sorted(calendar.items())}
    _write_json(data.user_meetings_path(), plain)


def _write_json(target: Path, payload: Any) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    scratch = target.with_suffix(".json.tmp")
    scratch.write_text(json.dumps(payload, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    scratch.replace(target)


def _paper(
    conn: sqlite3.Connection,
    paper: dict[str, Any],
    names: dict[str, str],
    settings: HarvestSettings,
    since: str | None,
    summary: HarvestSummary,
    queued: dict[str, dict[str, Any]],
) -> None:
    """Record one Paper of the list and queue the files that need fetching."""
    summary.papers_seen += 1
    row = walk.paper_row(paper, names)
    if since and row["modified"] and row["modified"][:10] < since[:10]:
        summary.papers_unchanged += 1  # a server that ignores modified_since
        return
    files = [] if row["deleted"] else walk.file_rows(paper, settings.attachments)
    stored = oparl_store.paper_modified(conn, row["id"])
    if (
        stored is not None
        and stored == (row["modified"] or "")
        and all(oparl_store.file_done(conn, f["id"]) for f in files)
    ):
        summary.papers_unchanged += 1
        return
    summary.papers_changed += 1
    summary.papers_deleted += row["deleted"]
    summary.papers_without_file += not files and not row["deleted"]
    with store.transaction(conn):
        oparl_store.save_paper(conn, row)
        for file in files:
            old = oparl_store.file_row(conn, file["id"])
            same = (
                old is not None
                and (file["modified"] or file["checksum"])
                and (old["modified"], old["checksum"]) == (file["modified"], file["checksum"])
                and oparl_store.file_done(conn, file["id"])
            )
            oparl_store.save_file(conn, file)
            if same:
                summary.files_not_modified += 1
            else:
                queued[file["id"]] = dict(oparl_store.file_row(conn, file["id"]) or file)


def _carry_tracking(conn: sqlite3.Connection) -> int:
    """For each file whose content changed, move the tracking of the old version onto the new."""
    moved = 0
    rows = conn.execute(
        "SELECT f.id, f.document_id, f.previous_document_id FROM oparl_files f"
        " JOIN documents d ON d.id = f.document_id"
        " WHERE f.previous_document_id IS NOT NULL AND d.status != 'failed'"
    ).fetchall()
    for row in rows:
        old, new = row["previous_document_id"], row["document_id"]
        with store.transaction(conn):
            shared = conn.execute(
                "SELECT 1 FROM oparl_files WHERE document_id = ? AND id != ?", (old, row["id"])
            ).fetchone()
            if shared:  # the old content is still another file's current version
                conn.execute(
                    "UPDATE oparl_files SET previous_document_id = NULL WHERE id = ?", (row["id"],)
                )
                continue
            moved += oparl_store.carry_tracking(conn, old, new, row["id"])
    return moved
