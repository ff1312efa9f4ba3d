"""File type from the first bytes of the file (magic numbers), with the name only as a hint."""

from __future__ import annotations

from pathlib import Path

MAGIC: list[tuple[bytes, str]] = [
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"II*\x00", "tiff"),
    (b"MM\x00*", "tiff"),
    (b"PK\x03\x04", "a ZIP-based (Word, OpenDocument or ZIP)"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office"),
    (b"GIF8", "GIF"),
    (b"BM", "BMP"),
    (b"{\\rtf", "RTF"),
]
# The one list of supported files, by suffix and the kind `sniff` reports for their content. A
# folder walk takes exactly these suffixes; the kind itself is always decided by content (the
# suffix only breaks the tie for a text that happens to start like a BMP or UTF-16 file).
SUFFIXES: dict[str, str] = {
    ".pdf": "pdf",
    ".png": "png",
    ".jpg": "jpeg",
    ".jpeg": "jpeg",
    ".jpe": "jpeg",
    ".tif": "tiff",
    ".tiff": "tiff",
    ".txt": "text",
    ".text": "text",
    ".md": "text",
}
SUPPORTED = tuple(SUFFIXES)
TEXT_SUFFIXES = {suffix for suffix, kind in SUFFIXES.items() if kind == "text"} | {""}
# Texts read when named but not looked for in folders (a log or a table beside the scans).
NAMED_ONLY = {".csv": "text", ".log": "text"}


def name_lies(path: Path, kind: str) -> bool:
    """Whether `path` has the suffix of another supported kind than the `kind` sniffed."""
    suffix = path.suffix.lower()
    claimed = SUFFIXES.get(suffix) or NAMED_ONLY.get(suffix)
    return claimed is not None and claimed != kind


def sniff(path: Path) -> str:
    """Return 'pdf', 'png', 'jpeg', 'tiff', 'text', or a description of an unsupported type."""
    with path.open("rb") as fh:
        head = fh.read(8192)
    if b"%PDF-" in head[:1024]:
        return "pdf"
    for magic, kind in MAGIC:
        if head.startswith(magic):
            if kind == "BMP" and path.suffix.lower() in TEXT_SUFFIXES:
                break  # "BM…" may well be the start of a text
            return kind
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "WebP"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) and path.suffix.lower() in TEXT_SUFFIXES:
        return "text"  # UTF-16 with a byte-order mark ("Unicode" in Windows Notepad)
    if _is_text(head):
        return "text"
    return "binary (unknown)"


def _is_text(head: bytes) -> bool:
    """Text when nearly all bytes are printable or whitespace. A few NUL bytes (a damaged
    export, a padded record) do not make a text binary; UTF-16 without a byte-order mark
    (every other byte NUL) and real binaries have far more than 1 %."""
    controls = sum(1 for b in head if b < 32 and b not in (0, 9, 10, 12, 13))
    return controls <= len(head) * 0.01 and head.count(0) <= max(8, len(head) // 100)
