"""Ingest (placeholder): text files only."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.errors import InputNotFound
from pipeline.model import Document, Page, file_sha256

if TYPE_CHECKING:
    from pipeline.process import Options


def load(path: Path, options: Options) -> Document:
    if not path.exists():
        raise InputNotFound(f"{path}: no such file")
    text = path.read_text(encoding="utf-8")
    return Document(source=str(path), sha256=file_sha256(path), pages=[Page(1, "text-file", text)])
