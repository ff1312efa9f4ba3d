"""What runs in a worker process (local pool or Dask): one document in, one picklable outcome out.

Workers never touch the database; they return the processed `Document` (without OCR word boxes,
which the store does not keep) or the error, plus the provenance of the run.
"""

from __future__ import annotations

import logging
import os
import resource
import socket
import time
import traceback
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pipeline import __version__
from pipeline.errors import InputNotFound, PipelineError
from pipeline.model import Document, Options, Provenance
from pipeline.process import process
from pipeline.process import warm as warm_stages

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Task:
    sha256: str
    path: str
    options: Options


@dataclass
class Outcome:
    task: Task
    document: Document | None = None
    error: str | None = None  # "stage: message" when the document failed
    provenance: Provenance | None = None
    seconds: float = 0.0
    peak_rss_mb: float = 0.0  # of the worker process so far
    worker: str = ""


def overdue(task: Task, limit: float, seconds: float) -> Outcome:
    """The outcome of a document the pool stopped at the per-document wall-clock limit."""
    error = (
        f"pipeline: stopped after {limit:g} s, the per-document limit (raise it with --doc-timeout)"
    )
    return Outcome(task, error=error, seconds=seconds)


@cache
def tesseract_version() -> str | None:
    """Recorded with each document; None when tesseract is missing or hangs (10 s probe)."""
    from pipeline.ocr.tesseract import version

    return version()


@cache
def dictionaries_checksum() -> str | None:
    try:
        from pipeline.data import dictionaries_checksum as checksum

        return checksum()
    except (PipelineError, OSError):
        return None


def provenance(options: Options) -> Provenance:
    return Provenance(__version__, tesseract_version(), options.language, dictionaries_checksum())


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def warm() -> None:
    """Load dictionaries and models once per worker, before its first document, by running a
    short text through the pipeline itself (pipeline.process.warm)."""
    started = time.perf_counter()
    try:
        warm_stages()
    except Exception:  # noqa: BLE001 - a failing warm-up shows again, with a message, per document
        log.warning("worker warm-up failed:\n%s", traceback.format_exc())
    provenance(Options())
    log.debug("worker %d warm in %.2fs", os.getpid(), time.perf_counter() - started)


def run_one(task: Task) -> Outcome:
    """Process one file; never raises (every failure becomes `Outcome.error`)."""
    started = time.perf_counter()
    outcome = Outcome(task=task, worker=f"{socket.gethostname()}:{os.getpid()}")
    outcome.provenance = provenance(task.options)
    try:
        if not Path(task.path).is_file():
            raise InputNotFound(
                f"{task.path} is not visible on worker {outcome.worker} "
                "(Dask workers need the same paths, e.g. a shared file system)"
            )
        doc = process(task.path, task.options, task.sha256)
        for page in doc.pages:
            page.words = []
        doc.timings["total"] = time.perf_counter() - started
        outcome.document = doc
    except PipelineError as err:
        outcome.error = f"{err.stage}: {err}"
    except MemoryError:
        outcome.error = "pipeline: out of memory (lower --max-pixels or --max-pages)"
    except Exception as err:  # noqa: BLE001 - one document's failure must not stop the batch
        log.debug("internal error on %s:\n%s", task.path, traceback.format_exc())
        outcome.error = f"internal error: {type(err).__name__}: {err}"
    outcome.seconds = time.perf_counter() - started
    outcome.peak_rss_mb = peak_rss_mb()
    return outcome
