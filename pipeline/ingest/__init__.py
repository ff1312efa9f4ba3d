"""Ingest: one input file (PDF, image, text) into a Document with one Page per page.

The file type is decided by content (magic bytes), not by the name: a scan saved as `.pdf`
that is really a PNG is still read, and a renamed Word file is refused with a clear message.
Every failure raises a PipelineError subclass whose message says what to do.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

from pipeline.errors import InputError, InputNotFound, InputTooLarge, UnsupportedType
from pipeline.ingest.sniff import name_lies, sniff
from pipeline.model import Document, Options, file_sha256, shown

log = logging.getLogger(__name__)

__all__ = ["load", "sniff"]


def load(path: Path, options: Options) -> Document:
    """Read one file into a Document (pages with raw_text, method, confidence, words, notes).

    Raises InputNotFound, InputError (empty, corrupt), EncryptedInput, UnsupportedType,
    InputTooLarge, OcrEngineMissing or OcrError (when no page could be read).
    """
    from pipeline.ingest import image, pdf, text  # noqa: PLC0415 - keeps `sniff` import light

    started = time.perf_counter()
    path = Path(path)
    if not path.exists():
        raise InputNotFound(f"{path}: no such file (check the path)")
    if not path.is_file():
        raise InputError(f"{path}: is not a file (give a PDF, image or .txt file)")
    size = path.stat().st_size
    if size == 0:
        raise InputError(f"{path}: the file is empty (0 bytes); export or scan it again")
    if size > options.max_bytes:
        raise InputTooLarge(
            f"{path}: {size / 2**20:.0f} MiB is over the limit of "
            f"{options.max_bytes / 2**20:.0f} MiB; split the file or raise the limit"
        )
    kind = sniff(path)
    log.debug("%s: detected %s", path, kind)
    doc = Document(source=shown(str(path)), sha256=file_sha256(path))
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
            f"{path}: {kind} files are not supported; give a PDF, PNG, JPEG, TIFF or .txt file "
            "(export other documents to PDF first)"
        )
    doc.timings["ingest"] = time.perf_counter() - started
    return doc
