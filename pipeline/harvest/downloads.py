"""Downloading a harvest's queued files, a few connections at a time.

Each result is recorded in `oparl_files` the moment it lands (a 404 or a timeout as the file's
error, a 304 as "not modified"), so a run killed mid-download loses nothing and the next run
fetches exactly what is still missing.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path
from typing import Any

from pipeline import batch, store
from pipeline.harvest.client import Client, Download, HarvestError
from pipeline.harvest.settings import HarvestSummary
from pipeline.model import Options
from pipeline.store import oparl as oparl_store


def fetch_one(client: Client, file: dict[str, Any], folder: Path, max_bytes: int) -> Download:
    """Download one file by accessUrl, else downloadUrl; conditional when it was fetched before."""
    urls = [u for u in (file.get("access_url"), file.get("download_url")) if u]
    kept = file.get("path") and Path(file["path"]).is_file() and not file.get("error")
    etag = file.get("etag") if kept else None
    modified = file.get("last_modified") if kept else None
    error: HarvestError | None = None
    for url in dict.fromkeys(urls):
        try:
            return client.download(url, folder, etag, modified, max_bytes)
        except HarvestError as err:
            error = error or err
    raise error or HarvestError(f"{file['id']}: no accessUrl or downloadUrl")


def fetch_all(
    client: Client,
    conn: sqlite3.Connection,
    files: list[dict[str, Any]],
    folder: Path,
    summary: HarvestSummary,
    options: Options,
    emit: Callable[[batch.Event], None],
    tick: Callable[[], None],
) -> Iterator[Path]:
    """Fetch the queued files (`connections` at a time); record each result as it lands and
    yield the local copy (once per path) to the batch runner."""
    started = time.perf_counter()
    seen: set[Path] = set()
    workers = max(1, client.settings.connections)
    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="harvest")
    try:
        futures = {pool.submit(fetch_one, client, f, folder, options.max_bytes): f for f in files}
        for future in as_completed(futures):
            tick()
            file = futures[future]
            try:
                got = future.result()
            except HarvestError as err:
                message = f"paper {file['paper_id']}: file {file['id']}: {err}"
                summary.files_failed += 1
                summary.failures.append(
                    batch.Failure(file.get("access_url") or file["id"], message)
                )
                emit(batch.Event("failed", file["id"], message=message))
                with store.transaction(conn):
                    oparl_store.record_fetch(conn, file["id"], {"error": str(err)})
                continue
            if got.not_modified:
                summary.files_not_modified += 1
                values: dict[str, Any] = {"error": None}
                path = Path(file["path"])
            else:
                summary.files_downloaded += 1
                assert got.path is not None and got.sha256 is not None
                path = got.path
                values = {
                    "sha256": got.sha256,
                    "document_id": got.sha256[:16],
                    "path": str(path),
                    "etag": got.etag,
                    "last_modified": got.last_modified,
                    "error": None,
                }
            with store.transaction(conn):
                oparl_store.record_fetch(conn, file["id"], values)
            if path not in seen:
                seen.add(path)
                yield path
    finally:  # also when the batch stops early (Ctrl-C, disk full): no new download starts
        pool.shutdown(wait=True, cancel_futures=True)
    summary.download_seconds = time.perf_counter() - started
