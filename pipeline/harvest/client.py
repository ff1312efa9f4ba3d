"""HTTP for the harvest: one polite httpx client (rate limit, retries, backoff, conditional GET).

A council information system is a public service run on a municipal budget: requests are spaced
(`rate` per second over all threads), retried with exponential backoff only when retrying can
help (5xx, 429, timeouts, dropped connections), sent with a User-Agent that names the project,
and downloads use ETag / Last-Modified when the server gave them, so that an unchanged file costs
one 304. Everything else (404, a login page instead of a PDF) is one clear error for that file.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from functools import partial
from pathlib import Path
from typing import Any

import httpx

from pipeline import __version__
from pipeline.errors import InputError

log = logging.getLogger(__name__)

USER_AGENT = f"council-pipeline/{__version__} (OParl harvester; +https://oparl.org)"
RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
# Leading bytes of what the pipeline reads; anything else (HTML error pages) is refused.
MAGIC = {
    b"%PDF-": ".pdf",
    b"\x89PNG\r\n\x1a\n": ".png",
    b"\xff\xd8\xff": ".jpg",
    b"II*\x00": ".tif",
    b"MM\x00*": ".tif",
}


class HarvestError(InputError):
    """A request that did not give what the harvest needs; the message names the URL."""

    stage = "harvest"


@dataclass(frozen=True)
class ClientSettings:
    rate: float = 4.0  # requests per second over all connections; 0: no limit
    connections: int = 2  # downloads at the same time
    timeout: float = 30.0  # seconds to connect, and between two received chunks
    retries: int = 3  # further attempts after a 5xx, 429 or timeout
    backoff: float = 1.0  # seconds before the first retry; doubled each time


@dataclass(frozen=True)
class Download:
    """What a file download gave: its local copy, or `not_modified` (a 304)."""

    not_modified: bool = False
    path: Path | None = None
    sha256: str | None = None
    etag: str | None = None
    last_modified: str | None = None


class Client:
    """One httpx client shared by the walk and the download threads."""

    def __init__(self, settings: ClientSettings | None = None) -> None:
        self.settings = settings or ClientSettings()
        limits = httpx.Limits(max_connections=max(2, self.settings.connections + 1))
        self.http = httpx.Client(
            headers={"User-Agent": USER_AGENT, "Accept": "application/json, */*;q=0.5"},
            timeout=httpx.Timeout(self.settings.timeout),
            follow_redirects=True,
            limits=limits,
        )
        self._lock = threading.Lock()
        self._next_slot = 0.0
        self.requests = 0
        self.server_time: str | None = None  # the Date header of the first answer (UTC ISO)

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _wait_turn(self) -> None:
        """Space requests to at most `rate` per second, across threads."""
        rate = self.settings.rate
        with self._lock:
            self.requests += 1
            if rate <= 0:
                return
            now = time.monotonic()
            slot = max(now, self._next_slot)
            self._next_slot = slot + 1.0 / rate
        if slot > now:
            time.sleep(slot - now)

    def _send(
        self, url: str, headers: dict[str, str], sink: Callable[[httpx.Response], Any] | None = None
    ) -> tuple[httpx.Response, Any]:
        """GET with retries; raises HarvestError.

        Without `sink` the answer is read whole; with it, a 200 answer is streamed into
        `sink(response)` (whose result is returned beside it), so that a big file never sits in
        memory and a server that stalls in the middle of one is retried like any other timeout.
        """
        delay = self.settings.backoff
        attempts = self.settings.retries + 1
        for attempt in range(1, attempts + 1):
            self._wait_turn()
            try:
                with self.http.stream("GET", url, headers=headers) as response:
                    self._note_time(response)
                    retry = response.status_code in RETRY_STATUS and attempt < attempts
                    if not retry:
                        if sink is not None and response.status_code == 200:
                            return response, sink(response)
                        response.read()
                        return response, None
                log.info(
                    "%s: HTTP %d; retry %d in %.1fs", url, response.status_code, attempt, delay
                )
                delay = max(delay, _retry_after(response))
            except (httpx.TimeoutException, httpx.TransportError) as err:
                timeout = isinstance(err, httpx.TimeoutException)
                why = "timed out" if timeout else str(err) or type(err).__name__
                if attempt == attempts:
                    raise HarvestError(f"{url}: {why} (after {attempts} attempts)") from err
                log.info("%s: %s; retry %d in %.1fs", url, why, attempt, delay)
            time.sleep(delay)
            delay *= 2
        raise AssertionError("unreachable")

    def _note_time(self, response: httpx.Response) -> None:
        if self.server_time is None and response.headers.get("date"):
            try:
                stamp = parsedate_to_datetime(response.headers["date"])
            except (TypeError, ValueError):
                return
            self.server_time = stamp.isoformat(timespec="seconds")

    def get_json(self, url: str) -> Any:
        """The JSON object at `url`. Raises HarvestError for an error status or non-JSON."""
        response, _ = self._send(url, {})
        if response.status_code != 200:
            raise HarvestError(f"{url}: HTTP {response.status_code} {response.reason_phrase}")
        try:
            return response.json()
        except ValueError as err:
            kind = response.headers.get("content-type", "?")
            raise HarvestError(f"{url}: not JSON (Content-Type {kind})") from err

    def download(
        self,
        url: str,
        folder: Path,
        etag: str | None = None,
        last_modified: str | None = None,
        max_bytes: int = 500 * 1024 * 1024,
    ) -> Download:
        """Fetch a file into `folder` under its content hash (written atomically).

        Sends If-None-Match / If-Modified-Since when given; a 304 gives `not_modified`. Raises
        HarvestError on 404 and other error statuses, on an answer that is not a PDF or an
        image the pipeline reads, and on one bigger than `max_bytes`.
        """
        headers = {"Accept": "application/pdf, image/*;q=0.8, */*;q=0.1"}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        folder.mkdir(parents=True, exist_ok=True)
        response, spooled = self._send(url, headers, partial(_spool, folder, max_bytes))
        if response.status_code == 304:
            return Download(not_modified=True, etag=etag, last_modified=last_modified)
        if response.status_code != 200:
            raise HarvestError(f"{url}: HTTP {response.status_code} {response.reason_phrase}")
        scratch, sha, size, head = spooled
        suffix = next((s for magic, s in MAGIC.items() if head.startswith(magic)), None)
        if size > max_bytes or suffix is None:
            scratch.unlink(missing_ok=True)
            if size > max_bytes:
                raise HarvestError(f"{url}: over the limit of {max_bytes / 2**20:.0f} MiB")
            kind = response.headers.get("content-type", "no Content-Type")
            raise HarvestError(
                f"{url}: the server answered with {kind} ({size} bytes), not a PDF or an "
                "image: a login or error page? The file is left out"
            )
        target = folder / sha[:2] / f"{sha}{suffix}"
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(scratch, target)  # atomic: the file is there whole, or not at all
        return Download(
            path=target,
            sha256=sha,
            etag=response.headers.get("etag"),
            last_modified=response.headers.get("last-modified"),
        )


def _spool(folder: Path, max_bytes: int, response: httpx.Response) -> tuple[Path, str, int, bytes]:
    """Stream an answer into a scratch file in `folder`: (path, sha256, bytes, first bytes).

    Stops reading once `max_bytes` is passed (the size returned is then over the limit).
    """
    digest = hashlib.sha256()
    size = 0
    head = b""
    fd, name = tempfile.mkstemp(dir=folder, prefix=".part-")
    try:
        with os.fdopen(fd, "wb") as out:
            for chunk in response.iter_bytes():
                if len(head) < 16:
                    head += chunk[: 16 - len(head)]
                size += len(chunk)
                if size > max_bytes:
                    break
                digest.update(chunk)
                out.write(chunk)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return Path(name), digest.hexdigest(), size, head


def _retry_after(response: httpx.Response) -> float:
    """Seconds the server asks us to wait (Retry-After in seconds), capped at a minute."""
    try:
        return min(60.0, float(response.headers.get("retry-after", 0)))
    except ValueError:
        return 0.0
