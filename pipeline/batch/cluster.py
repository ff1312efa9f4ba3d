"""Run the batch on a Dask distributed cluster; outcomes come back here, where the database is.

Workers need council-pipeline installed and the input files at the same paths (a shared file
system). At most about two documents per worker thread are in flight, so the ingesting process
can still read and hash files lazily and a huge batch does not flood the scheduler.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable, Generator, Iterable, Iterator
from typing import Any

from distributed import Client, WorkerPlugin
from distributed import wait as dask_wait

from pipeline.batch.worker import Outcome, Task, overdue, run_one, warm
from pipeline.errors import ClusterError

log = logging.getLogger(__name__)

CONNECT_TIMEOUT = 30.0
POLL_SECONDS = 1.0
NO_WORKERS_TIMEOUT = 120.0


class Warmup(WorkerPlugin):
    """Load dictionaries and models once per Dask worker, before its first document."""

    name = "council-pipeline-warmup"

    def setup(self, worker: Any) -> None:
        warm()


class DaskPool:
    """Same interface as LocalPool: `run(tasks)` yields one Outcome per task (`target` is what a
    worker does with a task, default `run_one`)."""

    def __init__(
        self, address: str, doc_timeout: float, target: Callable[[Task], Outcome] = run_one
    ) -> None:
        self.target = target
        self.address = address
        self.doc_timeout = doc_timeout
        self.peak_rss_mb = 0.0
        self.size = 0  # worker threads in the cluster, known once connected
        self.startup_seconds = 0.0

    def _client(self) -> Client:
        try:
            return Client(self.address, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError, ValueError) as err:
            raise ClusterError(
                f"cannot reach the Dask scheduler at {self.address}: {err} "
                "(start one with `dask scheduler`, see docs/batch.md)"
            ) from err

    def run(self, tasks: Iterable[Task]) -> Generator[Outcome, None, None]:
        client = self._client()
        try:
            client.register_plugin(Warmup())
            yield from self._run(client, iter(tasks))
        finally:
            client.close()

    def _run(self, client: Client, pending: Iterator[Task]) -> Iterator[Outcome]:
        active: dict[Any, Task] = {}
        started: dict[str, float] = {}
        exhausted = False
        alone_since = time.monotonic()
        while True:
            threads = sum(client.nthreads().values())
            if threads:
                alone_since = time.monotonic()
            elif time.monotonic() - alone_since > NO_WORKERS_TIMEOUT:
                raise ClusterError(
                    f"no Dask worker has been connected to {self.address} for "
                    f"{NO_WORKERS_TIMEOUT:g} s: start some with `dask worker {self.address}`"
                )
            self.size = max(self.size, threads)
            window = max(2, 2 * self.size)
            while not exhausted and len(active) < window:
                task = next(pending, None)
                if task is None:
                    exhausted = True
                    break
                key = f"council-{task.sha256[:16]}-{uuid.uuid4().hex[:8]}"
                active[client.submit(self.target, task, key=key, pure=False)] = task
            if not active:
                return
            try:
                done, _ = dask_wait(
                    list(active), timeout=POLL_SECONDS, return_when="FIRST_COMPLETED"
                )
            except TimeoutError:
                done = set()
            for future in done:
                yield self._outcome(future, active.pop(future))
                started.pop(future.key, None)
            yield from self._overdue(client, active, started)

    def _outcome(self, future: Any, task: Task) -> Outcome:
        if future.status == "finished":
            outcome: Outcome = future.result()
            self.peak_rss_mb = max(self.peak_rss_mb, outcome.peak_rss_mb)
            return outcome
        err = future.exception() if future.status == "error" else future.status
        return Outcome(task, error=f"pipeline: the Dask task failed: {err}")

    def _overdue(
        self, client: Client, active: dict[Any, Task], started: dict[str, float]
    ) -> Iterator[Outcome]:
        """Give up on documents running past the limit (the worker thread may stay busy)."""
        now = time.monotonic()
        running = {key for keys in client.processing().values() for key in keys}
        for future, task in list(active.items()):
            if future.key not in running:
                continue
            since = started.setdefault(future.key, now)
            if now - since > self.doc_timeout:
                future.cancel()
                del active[future]
                log.warning("gave up on %s after %.0fs", task.path, now - since)
                yield overdue(task, self.doc_timeout, now - since)
