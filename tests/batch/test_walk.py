"""pipeline.batch.walk: what a folder walk takes agrees with what a single file check reads."""

from __future__ import annotations

from pathlib import Path

import pytest
from factories import PAGE_LINES, render, text_pdf

from pipeline import batch
from pipeline.ingest import sniff
from pipeline.ingest.sniff import SUFFIXES
from pipeline.model import Options
from pipeline.process import process

NOT_TAKEN = [".docx", ".gif", ".bmp", ".zip", ".html", ".odt"]


def test_the_walk_takes_exactly_the_supported_suffixes(tmp_path: Path) -> None:
    for suffix in [*SUFFIXES, *NOT_TAKEN]:
        (tmp_path / f"doc{suffix}").write_text("Der Rat beschließt.", encoding="utf-8")
        (tmp_path / f"UPPER{suffix.upper()}").write_text("Der Rat beschließt.", encoding="utf-8")
    found, missing, skipped = batch.walk([tmp_path])
    assert not missing and not skipped
    assert sorted({p.suffix.lower() for p in found}) == sorted(SUFFIXES)
    assert len(found) == 2 * len(SUFFIXES)


def test_every_supported_suffix_is_one_the_sniffer_reads(tmp_path: Path) -> None:
    """A real file of each supported suffix is sniffed as the kind the list names for it."""
    samples = {
        "pdf": lambda path: text_pdf(path, PAGE_LINES),
        "png": lambda path: render(PAGE_LINES[0]).save(path, format="PNG"),
        "jpeg": lambda path: render(PAGE_LINES[0]).save(path, format="JPEG"),
        "tiff": lambda path: render(PAGE_LINES[0]).save(path, format="TIFF"),
        "text": lambda path: path.write_text("Der Rat beschließt.\n", encoding="utf-8"),
    }
    for suffix, kind in SUFFIXES.items():
        path = tmp_path / f"input{suffix}"
        samples[kind](path)
        assert sniff(path) == kind, suffix


@pytest.mark.parametrize("suffix", [".md", ".text"])
def test_ingest_of_a_folder_takes_what_check_reads(tmp_path: Path, suffix: str) -> None:
    """`council ingest folder/` once skipped the .md files that `council check a.md` reads."""
    path = tmp_path / "in" / f"antrag{suffix}"
    path.parent.mkdir()
    path.write_text("# Antrag\n\nDer Rat beschließt die Sanierung.\n", encoding="utf-8")
    options = Options(correct=False, extract=False)
    assert process(path, options).pages[0].method == "text-file"
    summary = batch.ingest([path.parent], tmp_path / "c.db", options, batch.Settings(workers=1))
    assert (summary.documents, summary.processed, summary.failed) == (1, 1, 0)
