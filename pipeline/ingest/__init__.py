"""Ingest: one input file (PDF, image, text) into a Document with one Page per page.

Pages that need OCR are left empty (method "ocr") with their images on `doc.scans`, for the
OCR stage. The file is checked (exists, size) and hashed once, here: `identify` and
`check_size` are also what the batch runner calls before it hands a file to a worker.

The file type is decided by content (magic bytes), not by the name: a scan saved as `.pdf`
that is really a PNG is still read, and a renamed Word file is refused with a clear message.
Every failure raises a PipelineError subclass whose message says what to do.
"""

from __future__ import annotations

import logging
from pathlib import Path

from pipeline.errors import InputError, InputNotFound, InputTooLarge, UnsupportedType
from pipeline.ingest.sniff import SUPPORTED, name_lies, sniff
from pipeline.model import Document, Options, file_sha256, shown, stage

log = logging.getLogger(__name__)

__all__ = ["SUPPORTED", "check_size", "identify", "load", "run", "sniff"]


def identify(path: Path) -> tuple[str, int]:
    """(SHA-256, size in bytes) of an input file; InputNotFound or InputError when it is not
    a readable regular file. The hash is the document's identity in the store."""
    if not path.exists():
        raise InputNotFound(f"{path}: no such file (check the path)")
    if not path.is_file():
        raise InputError(f"{path}: is not a file (give a PDF, image or text file)")
    try:
        return file_sha256(path), path.stat().st_size
    except OSError as err:
        raise InputError(f"{path}: cannot read it ({err.strerror or err})") from err


def check_size(path: Path, size: int, options: Options) -> None:
    """Refuse an empty file or one over `options.max_bytes` before anything reads it."""
    if size == 0:
        raise InputError(f"{path}: empty file (0 bytes); export or scan it again")
    if size > options.max_bytes:
        raise InputTooLarge(
            f"{path}: {size / 2**20:.0f} MiB is over the limit of "
            f"{options.max_bytes / 2**20:.0f} MiB; split the file or raise the limit "
            "(--max-bytes)"
        )


@stage("ingest")
def run(doc: Document, options: Options) -> Document:
    """The ingest stage: read `doc.source` into pages (see `load`). A document whose `sha256`
    is already set was identified and size-checked by the caller (the batch runner)."""
    path = Path(doc.source)
    if not doc.sha256:
        doc.sha256, size = identify(path)
        check_size(path, size, options)
    elif not path.is_file():
        raise InputNotFound(f"{path}: no such file (check the path)")
    load(path, options, doc)
    return doc


def load(path: Path, options: Options, doc: Document | None = None) -> Document:
    """Read one file into a Document (pages with raw_text, method, confidence, words, notes;
    pages to OCR empty, their images on `doc.scans`).

    Raises InputNotFound, InputError (empty, corrupt), EncryptedInput, UnsupportedType or
    InputTooLarge.
    """
    from pipeline.ingest import image, pdf, text  # noqa: PLC0415 - keeps `sniff` import light

    path = Path(path)
    if doc is None:
        sha256, size = identify(path)
        check_size(path, size, options)
        doc = Document(source=str(path), sha256=sha256)
    doc.source = shown(str(path))  # printable: a non-UTF-8 name's bytes as \xNN
    kind = sniff(path)
    log.debug("%s: detected %s", path, kind)
    if name_lies(path, kind):
        doc.warnings.append(
            f"the file is named {path.suffix} but holds {kind.upper()}; it was read as {kind}"
        )
    if kind == "pdf":
        pdf.load_pdf(path, options, doc)
    elif kind in {"png", "jpeg", "tiff"}:
        image.load_image(path, options, doc)
    elif kind == "text":
        text.load_text(path, options, doc)
    else:
        raise UnsupportedType(
            f"{path}: {kind} files are not supported; give a PDF, PNG, JPEG, TIFF or text file "
            f"({', '.join(SUPPORTED)}; export other documents to PDF first)"
        )
    return doc
