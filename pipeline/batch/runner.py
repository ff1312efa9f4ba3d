"""The batch: walk, hash, skip what is stored, process the rest in parallel, store each result.

Only this process writes the database, one transaction per document, so a kill at any moment
leaves every document either fully stored or absent; a re-run skips what is stored (same
content hash, same pipeline version) and does the rest.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import time
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any, Literal, Protocol

from pipeline import __version__, store
from pipeline.batch.walk import walk
from pipeline.batch.worker import Outcome, Task, provenance
from pipeline.errors import PipelineError
from pipeline.ingest import check_size, identify
from pipeline.model import Options, shown

log = logging.getLogger(__name__)

EventKind = Literal["start", "processed", "skipped", "failed"]


def cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


@dataclass(frozen=True)
class Settings:
    workers: int | None = None  # local worker processes; None: all cores
    scheduler: str | None = None  # tcp://HOST:PORT of a Dask scheduler instead of local workers
    force: bool = False  # redo documents already stored with this pipeline version
    retry_failed: bool = False  # redo documents stored as failed
    doc_timeout: float = 3600.0  # wall-clock seconds per document before its worker is stopped
    exclude: tuple[str, ...] = ()  # glob patterns of file names to leave out inside folders


@dataclass(frozen=True)
class Event:
    """What the batch tells its caller (the CLI draws progress from these)."""

    kind: EventKind
    path: str = ""
    pages: int = 0
    message: str = ""
    total: int = 0  # with "start": the number of files found


@dataclass
class Failure:
    path: str
    error: str


@dataclass
class NotAFile:
    path: str
    reason: str


@dataclass
class Summary:
    documents: int = 0
    processed: int = 0  # stored this run, status done or partial
    partial: int = 0
    skipped: int = 0  # content already stored (a re-run, or a copy under another name)
    failed: int = 0
    pages_ocr: int = 0
    pages_text: int = 0  # text layer or text file
    obligations: int = 0
    seconds: float = 0.0
    startup_seconds: float = 0.0  # of `seconds`: starting workers and loading dictionaries
    workers: int = 0
    peak_worker_mb: float = 0.0
    ran_on: list[str] = field(default_factory=list)  # host:pid of the workers that did the work
    database: str = ""
    failures: list[Failure] = field(default_factory=list)
    # Entries in folders named like documents that are none (FIFOs, symlink loops, folders):
    # skipped, with the reason; they are no documents, so they do not change the exit code.
    not_files: list[NotAFile] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["seconds"] = round(self.seconds, 3)
        data["startup_seconds"] = round(self.startup_seconds, 3)
        data["peak_worker_mb"] = round(self.peak_worker_mb, 1)
        return data


def _tune(options: Options, settings: Settings, workers: int, files: int) -> Options:
    """OCR processes per document: 1 on Dask (daemonic workers), else the cores left over."""
    if options.jobs is not None:
        return options
    if settings.scheduler:
        return replace(options, jobs=1)
    return replace(options, jobs=max(1, cpu_count() // max(1, min(workers, files))))


def ingest(
    paths: list[Path],
    db: str | Path,
    options: Options | None = None,
    settings: Settings | None = None,
    on_event: Callable[[Event], None] | None = None,
    arriving: Iterable[Path] | None = None,
) -> Summary:
    """Ingest files and folders into the database at `db`; raises StoreError if it cannot write.

    `arriving` instead of `paths`: files taken as they come (the OParl harvest's downloads), so
    that processing runs while later files are still being fetched.
    """
    started = time.perf_counter()
    options = options or Options()
    settings = settings or Settings()
    emit = on_event or (lambda event: None)
    files: Iterable[Path]
    if arriving is None:
        files, missing, not_files = walk(paths, settings.exclude)
    else:
        files, missing, not_files = arriving, [], []
    known = len(files) if isinstance(files, list) else None
    workers = 1 if settings.scheduler else max(1, settings.workers or cpu_count())
    workers = min(workers, max(1, known if known is not None else workers))
    summary = Summary(documents=(known or 0) + len(missing), workers=workers, database=str(db))
    summary.not_files = [NotAFile(shown(m.path), m.message) for m in not_files]
    if known is not None:  # files arriving: their caller knows how many to expect
        emit(Event("start", total=summary.documents))
    options = _tune(options, settings, workers, known if known is not None else workers)
    pool = _pool(settings, workers)
    conn = store.connect(db)
    waiting: dict[str, list[str]] = {}  # content hash → paths, while its document is in flight

    def fail(path: str, error: str) -> None:
        path, error = shown(path), shown(error)  # a non-UTF-8 file name, printable
        summary.failed += 1
        summary.failures.append(Failure(path, error))
        emit(Event("failed", path, message=error))

    def skip(path: str, why: str) -> None:
        summary.skipped += 1
        emit(Event("skipped", shown(path), message=shown(why)))

    def plan() -> Iterator[Task]:
        for file in files:
            if known is None:
                summary.documents += 1
            path = str(file)
            try:
                sha, size = identify(file)  # hashed once: the worker is given the hash
            except PipelineError as err:
                fail(path, f"{err.stage}: {err}")
                continue
            if sha in waiting:
                waiting[sha].append(path)
                continue
            state = store.stored_state(conn, sha)
            if state is not None and _keep(state, settings):
                with store.transaction(conn):
                    store.add_paths(conn, sha[:16], [path])
                if state.status == "failed":  # still failed: say so (and in the exit code)
                    fail(path, f"{state.error} (stored as failed; --retry-failed redoes it)")
                else:
                    skip(path, "already stored")
                continue
            try:
                check_size(file, size, options)
            except PipelineError as err:
                error = f"{err.stage}: {err}"
                with store.transaction(conn):
                    store.save_failure(conn, sha, [path], error, provenance(options))
                fail(path, error)
                continue
            waiting[sha] = [path]
            yield Task(sha, path, options)

    outcomes = pool.run(plan())
    try:
        for outcome in outcomes:
            names = waiting.pop(outcome.task.sha256, [outcome.task.path])
            if outcome.worker and outcome.worker not in summary.ran_on:
                summary.ran_on.append(outcome.worker)
            _store(conn, outcome, names, summary)
            if outcome.document is not None:
                emit(
                    Event("processed", shown(outcome.task.path), pages=len(outcome.document.pages))
                )
            else:
                fail(outcome.task.path, outcome.error or "unknown error")
            for extra in names[1:]:
                skip(extra, f"same content as {outcome.task.path}")
    finally:
        outcomes.close()  # stops the workers at once, also when storing raised (disk full)
        conn.close()
        for m in missing:
            fail(m.path, f"ingest: {m.path}: {m.message}")
    summary.peak_worker_mb = pool.peak_rss_mb
    summary.workers = pool.size
    summary.startup_seconds = pool.startup_seconds
    summary.seconds = time.perf_counter() - started
    return summary


def _keep(state: store.StoredState, settings: Settings) -> bool:
    """Whether a stored document stands as it is (the skip rule)."""
    if settings.force or state.pipeline_version != __version__:
        return False
    return not (state.status == "failed" and settings.retry_failed)


class Pool(Protocol):
    """What the runner needs of LocalPool and DaskPool."""

    size: int
    peak_rss_mb: float
    startup_seconds: float

    def run(self, tasks: Iterable[Task]) -> Generator[Outcome, None, None]: ...


def _pool(settings: Settings, workers: int) -> Pool:
    if settings.scheduler:
        from pipeline.batch.cluster import DaskPool  # imports distributed: only when asked

        return DaskPool(settings.scheduler, settings.doc_timeout)
    from pipeline.batch.pool import LocalPool

    return LocalPool(workers, settings.doc_timeout)


def _store(conn: sqlite3.Connection, outcome: Outcome, paths: list[str], summary: Summary) -> None:
    """Write one outcome (with every path its content was found under) in one transaction."""
    prov = outcome.provenance or provenance(outcome.task.options)
    doc = outcome.document
    with store.transaction(conn):
        if doc is None:
            store.save_failure(conn, outcome.task.sha256, paths, outcome.error or "", prov)
            return
        doc.sha256 = outcome.task.sha256  # what the runner hashed (the worker does not rehash)
        summary.obligations += store.save_document(conn, doc, prov, paths)
    summary.processed += 1
    summary.partial += doc.status == "partial" or bool(doc.errors)
    for page in doc.pages:
        if page.method == "ocr":
            summary.pages_ocr += 1
        else:
            summary.pages_text += 1
