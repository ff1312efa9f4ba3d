"""Plain-text input: UTF-8, else cp1252, else latin-1; form feeds split pages."""

from __future__ import annotations

import logging
from pathlib import Path

from pipeline.errors import InputError, InputTooLarge
from pipeline.model import Document, Options, Page

log = logging.getLogger(__name__)


def decode(data: bytes) -> tuple[str, str]:
    """Decode bytes as UTF-8 (BOM allowed), falling back to cp1252 then latin-1 (never fails);
    UTF-16 when the bytes start with its byte-order mark."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            pass
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding), encoding.removesuffix("-sig")
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1"), "latin-1"


def load_text(path: Path, options: Options, doc: Document) -> None:
    data = path.read_bytes()
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16: NUL bytes belong to it
        text, encoding = decode(data)
    else:
        nuls = data.count(0)
        if nuls:
            doc.warnings.append(f"{nuls} NUL byte(s) in the text file were dropped")
            log.info("%s: dropped %d NUL bytes", path, nuls)
        text, encoding = decode(data.replace(b"\x00", b""))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError(f"{path}: the text file holds no text (only whitespace)")
    chunks = text.split("\f")
    while len(chunks) > 1 and not chunks[-1].strip():
        chunks.pop()  # a trailing form feed does not open a page
    if len(chunks) > options.max_pages:
        raise InputTooLarge(
            f"{path}: {len(chunks)} pages (form feeds) is over the limit of {options.max_pages}"
        )
    note = f"text file, {encoding}" + (", split on form feeds" if len(chunks) > 1 else "")
    if encoding != "utf-8":
        log.info("%s: not UTF-8, read as %s", path, encoding)
    doc.pages = [
        Page(number=i, method="text-file", raw_text=chunk, notes=[note])
        for i, chunk in enumerate(chunks, 1)
    ]
