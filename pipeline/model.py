"""The record that flows through every stage: one typed `Document` with its pages and entities.

Offsets (`start`, `end`) always refer to the corrected `text` of the page named by `page`
(1-based). Stages that read the whole document use `Document.text`, the page texts joined by a
single newline, so that sentences running over a page break meet again; `Document.locate`
maps an offset in that joined text back to (page, offset in page). A span that runs over a page
break keeps the page where it starts, and its `end` counts on into the next page (the joining
newline included).

The shared types live here, below every stage: `Options` (how to process), `Provenance` (what
produced a record), the `Stage` signature with its `stage()` timer, and `PageImages` (the page
images ingest leaves for the OCR stage).
"""

from __future__ import annotations

import functools
import hashlib
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Protocol

if TYPE_CHECKING:
    from PIL import Image

PageMethod = Literal["text-layer", "ocr", "text-file"]
DocType = Literal[
    "Antrag",
    "Änderungsantrag",
    "Beschlussvorlage",
    "Anfrage",
    "Beschluss",
    "Mitteilung",
    "Niederschrift",
    "Sonstiges",
]
Status = Literal["pending", "done", "partial", "failed", "skipped"]


@dataclass(frozen=True)
class Options:
    """How to process a file: limits, language, which stages run. Picklable (sent to workers)."""

    jobs: int | None = None  # OCR processes per document; None: all cores
    reference_date: str | None = None  # ISO date for year-less deadlines; default: document date
    correct: bool = True
    extract: bool = True
    max_pages: int = 1000
    max_pixels: int = 80_000_000  # per rendered page; guards against decompression bombs
    max_bytes: int = 500 * 1024 * 1024
    page_timeout: float = 180.0  # seconds tesseract may spend on one page
    language: str = "deu"


@dataclass(frozen=True)
class Provenance:
    """What produced a record: stored with each document so results can be traced and redone."""

    pipeline_version: str
    tesseract_version: str | None
    ocr_language: str
    dictionary_checksum: str | None


@dataclass
class Word:
    """One OCR word with its box (pixels of the rendered page) and tesseract confidence 0–100."""

    text: str
    conf: float
    left: int
    top: int
    width: int
    height: int
    block: int = 0
    line: int = 0


@dataclass
class Page:
    number: int
    method: PageMethod
    raw_text: str
    confidence: float | None = None  # mean OCR word confidence 0–100; None when not OCRed
    clean_text: str = ""  # raw_text without running headers/footers, line-end hyphens joined
    text: str = ""  # clean_text after OCR correction; all offsets refer to this
    words: list[Word] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # why this method was chosen, psm used, …


@dataclass
class Correction:
    page: int
    start: int
    end: int
    original: str
    corrected: str
    confidence: float


@dataclass
class Body:
    name: str  # normalised base form: "Ausschuss für Digitalisierung und Infrastruktur"
    mention: str  # as written: "des Ausschusses für Digitalisierung und Infrastruktur"
    kind: str  # council, committee, faction, administration, office, group, board, organisation
    page: int
    start: int
    end: int


@dataclass
class Deadline:
    text: str
    date: str | None  # ISO YYYY-MM-DD: the last day the phrase allows
    time: str | None  # HH:MM when given
    precision: str  # day, week, month, quarter, season, year, relative,
    # recurring, duration, unknown
    relative_to: str | None  # event or body the deadline is relative to
    page: int
    start: int
    end: int


@dataclass
class Time:
    """One time expression of the text, TIMEX3-style: `type` DATE, TIME, DURATION or SET;
    `value` "2021-12-15", "2021-12", "2021", "2021-Q4", "2021-W50", "P3M", "XXXX-12-15";
    `anchor` what a relative or year-less form was resolved against (an ISO date or the
    event it hangs on), None when fully explicit; `date` the last day it allows, if known."""

    text: str
    type: str
    value: str | None
    anchor: str | None
    date: str | None
    page: int
    start: int
    end: int


@dataclass
class Obligation:
    text: str
    actor: str | None
    action: str | None
    requester: str | None
    deadline: Deadline | None
    page: int
    start: int
    end: int
    confidence: float
    # mandate, request, commitment, referral or scheduled (pipeline/extract/constructions.py)
    kind: str | None = None


@dataclass
class PipelineErrorRecord:
    stage: str
    message: str
    page: int | None = None


class PageImages(Protocol):
    """The page images the OCR stage is to read, rendered one at a time when it asks (so a long
    scan is never held in memory whole): (page number, image, notes on how it was obtained).
    Ingest leaves one on `Document.scans`; it must be picklable (plain paths and numbers)."""

    def images(self) -> Iterator[tuple[int, Image.Image, list[str]]]: ...


@dataclass
class Document:
    source: str  # path as given by the user
    sha256: str = ""
    pages: list[Page] = field(default_factory=list)
    type: str | None = None
    type_confidence: float | None = None  # probability of `type` under the cue model
    type_evidence: str | None = None  # the cue that decided `type`, with the words it matched
    reference: str | None = None
    title: str | None = None
    date: str | None = None
    submitters: list[str] = field(default_factory=list)
    corrections: list[Correction] = field(default_factory=list)
    bodies: list[Body] = field(default_factory=list)
    deadlines: list[Deadline] = field(default_factory=list)
    times: list[Time] = field(default_factory=list)  # every time expression; deadlines ⊂ times
    obligations: list[Obligation] = field(default_factory=list)
    status: Status = "pending"
    errors: list[PipelineErrorRecord] = field(default_factory=list)
    # Read in full, but something to know: a name that lies about the type, NUL bytes dropped.
    warnings: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    reference_date: str | None = None  # resolves year-less deadlines; default: document date
    scans: PageImages | None = field(default=None, repr=False, compare=False)  # for the OCR stage

    @property
    def id(self) -> str:
        return self.sha256[:16]

    @property
    def text(self) -> str:
        """All page texts joined by one newline: what extraction reads."""
        return "\n".join(p.text for p in self.pages)

    def page_starts(self) -> list[int]:
        starts, pos = [], 0
        for p in self.pages:
            starts.append(pos)
            pos += len(p.text) + 1
        return starts

    def locate(self, offset: int, starts: list[int] | None = None) -> tuple[int, int]:
        """Map an offset in `text` to (page number, offset within that page's text)."""
        starts = starts if starts is not None else self.page_starts()
        index = 0
        for i, s in enumerate(starts):
            if s <= offset:
                index = i
            else:
                break
        return self.pages[index].number if self.pages else 1, offset - starts[index]

    def to_record(self) -> dict[str, Any]:
        """The JSON record of `council check --json` (schema: pipeline/record.schema.json)."""
        return {
            "document": {
                "id": self.id,
                "source": self.source,
                "sha256": self.sha256,
                "type": self.type,
                "type_confidence": self.type_confidence,
                "type_evidence": self.type_evidence,
                "reference": self.reference,
                "title": self.title,
                "date": self.date,
                "submitters": list(self.submitters),
                "pages": len(self.pages),
            },
            "pages": [
                {
                    "number": p.number,
                    "method": p.method,
                    "confidence": None if p.confidence is None else round(p.confidence, 2),
                    "raw_text": p.raw_text,
                    "text": p.text,
                }
                for p in self.pages
            ],
            "corrections": [asdict(c) for c in self.corrections],
            "bodies": [asdict(b) for b in self.bodies],
            "deadlines": [asdict(d) for d in self.deadlines],
            "times": [asdict(t) for t in self.times],
            "obligations": [asdict(o) for o in self.obligations],
            "status": self.status,
            "errors": [asdict(e) for e in self.errors],
            "warnings": list(self.warnings),
            "timings": {k: round(v, 4) for k, v in self.timings.items()},
        }


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


Stage = Callable[[Document, Options], Document]


def stage(name: str) -> Callable[[Stage], Stage]:
    """Make a function the pipeline stage `name`: its wall time is added to doc.timings[name].

    Every stage is timed the same way, so `process()` stays a plain loop over the stages.
    """

    def wrap(run: Stage) -> Stage:
        @functools.wraps(run)
        def timed(doc: Document, options: Options) -> Document:
            started = time.perf_counter()
            try:
                return run(doc, options)
            finally:
                doc.timings[name] = doc.timings.get(name, 0.0) + time.perf_counter() - started

        timed.stage_name = name  # type: ignore[attr-defined]
        return timed

    return wrap


def shown(text: str) -> str:
    """`text` safe to print, store and put in JSON: the bytes of a file name that is not valid
    UTF-8 (Python keeps them as surrogate escapes) written as `\\xNN`, the rest unchanged.

    The exact bytes of such a path are stored beside it (`document_paths.raw_path`).
    """
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        pass
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a lone surrogate that is no escaped byte (e.g. from JSON)
        return text.encode("utf-8", "backslashreplace").decode("ascii")
