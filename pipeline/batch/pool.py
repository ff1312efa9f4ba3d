"""A local process pool that can stop one stuck document without stopping the batch.

`concurrent.futures` cannot kill a single worker, so each worker here is a process of its own
with a pipe: a document that runs past the wall-clock limit, or a worker that crashes (a
segfault in a C library, the OOM killer), costs that one document; the worker is replaced and
the batch goes on. Each worker runs in its own process group, so killing it also kills the
tesseract it started; and it kills itself when the ingesting process disappears (kill -9).
"""

from __future__ import annotations

import collections
import contextlib
import logging
import multiprocessing as mp
import os
import signal
import time
from collections.abc import Callable, Generator, Iterable
from multiprocessing.connection import Connection, wait
from typing import Any

from pipeline import children
from pipeline.batch.worker import Outcome, Task, overdue, peak_rss_mb, run_one, warm
from pipeline.errors import PipelineError

log = logging.getLogger(__name__)

STARTUP_TIMEOUT = 600.0  # seconds a worker may take to load dictionaries and models


def _context() -> Any:
    try:
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(["pipeline.batch.preload"])  # workers fork warm
        return ctx
    except ValueError:  # no forkserver on this platform
        return mp.get_context("spawn")


def _serve(
    conn: Connection, log_level: int, target: Callable[[Task], Outcome], ingesting: int
) -> None:
    os.setpgrp()
    # Parallelism comes from the workers: one tesseract thread each avoids oversubscription.
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the ingesting process handles Ctrl-C
    logging.basicConfig(level=log_level, format="%(levelname)s %(name)s: %(message)s")
    # Our parent is the fork server, which can outlive the ingesting process: watch that one.
    children.kill_group_when_gone(ingesting)
    warm()  # instant when the fork server preloaded (pipeline.batch.preload)
    conn.send(("ready", peak_rss_mb()))
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        conn.send(("done", target(task)))


class _Worker:
    """One worker process and its pipe; `task` is the document it holds, `since` when it got it
    (or when it started: the clock for both the start-up and the per-document limit)."""

    def __init__(self, ctx: Any, index: int, target: Callable[[Task], Outcome]) -> None:
        self.conn, child = ctx.Pipe()
        level = logging.getLogger().getEffectiveLevel()
        self.process = ctx.Process(
            target=_serve,
            args=(child, level, target, os.getpid()),
            name=f"council-worker-{index}",
            daemon=False,
        )
        self.process.start()
        child.close()
        self.ready = False
        self.task: Task | None = None
        self.since = time.monotonic()

    def send(self, task: Task) -> bool:
        try:
            self.conn.send(task)
        except OSError:
            return False
        self.task, self.since = task, time.monotonic()
        return True

    def kill(self) -> None:
        pid = self.process.pid
        if pid is not None:
            for kill in (os.killpg, os.kill):
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    kill(pid, signal.SIGKILL)
        self.process.join(5)
        self.conn.close()


def _stop(workers: list[_Worker], grace: float = 2.0) -> None:
    """Ask every worker to exit, then kill those still busy after `grace` seconds (all workers
    share the grace period, so Ctrl-C with N busy workers costs 2 s, not 2 s × N)."""
    for w in workers:
        with contextlib.suppress(OSError):
            w.conn.send(None)
    deadline = time.monotonic() + grace
    for w in workers:
        w.process.join(max(0.0, deadline - time.monotonic()))
        if w.process.is_alive():
            w.kill()
        else:
            w.conn.close()


class LocalPool:
    """Run tasks on `workers` processes; `doc_timeout` seconds of wall clock per document.

    `target` (a module-level function, default `run_one`) is what a worker does with a task.
    """

    def __init__(
        self, workers: int, doc_timeout: float, target: Callable[[Task], Outcome] = run_one
    ) -> None:
        self.target = target
        self.size = max(1, workers)
        self.doc_timeout = doc_timeout
        self.peak_rss_mb = 0.0
        self.startup_seconds = 0.0  # until the first workers had loaded their dictionaries
        self._ctx = _context()
        self._spawned = 0
        self._startup_failures = 0

    def _spawn(self) -> _Worker:
        self._spawned += 1
        return _Worker(self._ctx, self._spawned, self.target)

    def run(self, tasks: Iterable[Task]) -> Generator[Outcome, None, None]:
        """Yield one Outcome per task, in completion order; tasks are pulled lazily."""
        pending = iter(tasks)
        first = next(pending, None)
        if first is None:  # nothing to do (a re-run where all is stored): start no worker
            return
        again: collections.deque[Task] = collections.deque([first])  # before `pending`
        exhausted = False
        started = time.monotonic()
        workers = [self._spawn() for _ in range(self.size)]
        try:
            while True:
                if not self.startup_seconds and all(w.ready for w in workers):
                    self.startup_seconds = time.monotonic() - started
                for w in workers:
                    if w.ready and w.task is None and (again or not exhausted):
                        task = again.popleft() if again else next(pending, None)
                        if task is None:
                            exhausted = True
                        elif not w.send(task):  # died between documents: give it to another
                            again.append(task)
                if exhausted and not again and all(w.task is None for w in workers):
                    return
                wait([w.conn for w in workers] + [w.process.sentinel for w in workers], 0.5)
                for i, w in enumerate(workers):
                    outcome, replace = self._check(w)
                    if outcome is not None:
                        yield outcome
                    if replace:
                        w.kill()
                        workers[i] = self._spawn()
        finally:
            _stop(workers)

    def _check(self, w: _Worker) -> tuple[Outcome | None, bool]:
        """Read what a worker sent, or notice that it died or overran: (outcome, replace it)."""
        try:
            message = w.conn.recv() if w.conn.poll() else None
        except (EOFError, OSError):
            message = None
        if message is not None:
            kind, value = message
            if kind == "ready":
                w.ready = True
                self.peak_rss_mb = max(self.peak_rss_mb, value)
                return None, False
            w.task = None
            self.peak_rss_mb = max(self.peak_rss_mb, value.peak_rss_mb)
            return value, False
        elapsed = time.monotonic() - w.since
        if not w.process.is_alive():
            code = w.process.exitcode
            if w.task is None:
                if w.ready:  # died between documents: just replace it
                    return None, True
                self._startup_failures += 1
                if self._startup_failures > 3 * self.size:
                    raise PipelineError(
                        f"batch workers keep dying while starting (exit code {code}); "
                        "run with --verbose to see why"
                    )
                return None, True
            why = f"signal {-code}" if code is not None and code < 0 else f"exit code {code}"
            log.warning("worker died on %s (%s)", w.task.path, why)
            return Outcome(w.task, error=f"pipeline: the worker process died ({why})"), True
        if w.task is not None and elapsed > self.doc_timeout:
            log.warning("stopping %s after %.0fs", w.task.path, elapsed)
            return overdue(w.task, self.doc_timeout, elapsed), True
        if not w.ready and elapsed > STARTUP_TIMEOUT:
            raise PipelineError(f"a batch worker did not start within {STARTUP_TIMEOUT:g} s")
        return None, False
