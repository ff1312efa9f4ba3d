"""Turn OCR results into Pages; one bad page becomes an error record, not a failed document."""

from __future__ import annotations

import time
from collections.abc import Iterable

from PIL import Image

from pipeline.errors import OcrError
from pipeline.model import Document, Options, Page, PipelineErrorRecord
from pipeline.ocr import tesseract as ocr


def ocr_into(
    doc: Document,
    images: Iterable[tuple[int, Image.Image]],
    options: Options,
    notes: dict[int, list[str]],
    other_pages: int = 0,
) -> dict[int, Page]:
    """OCR the (page number, image) pairs in parallel and return their Pages by number.

    A page whose OCR fails gets an empty Page and an entry in `doc.errors`; when every page
    fails and the document has no `other_pages` (text-layer pages), the first error is raised:
    nothing usable came out.
    """
    started = time.perf_counter()
    pages: dict[int, Page] = {}
    failures: list[OcrError] = []
    for number, result in ocr.ocr_pages(
        images, options.language, options.jobs, options.page_timeout
    ):
        page_notes = list(notes.get(number, []))
        if isinstance(result, OcrError):
            failures.append(result)
            doc.errors.append(PipelineErrorRecord("ocr", str(result), number))
            pages[number] = Page(number, "ocr", "", None, notes=page_notes + ["OCR failed"])
            continue
        pages[number] = Page(
            number,
            "ocr",
            result.text,
            result.confidence,
            words=result.words,
            notes=page_notes + result.notes,
        )
    if failures and len(failures) == len(pages) and not other_pages:
        doc.errors.clear()
        raise failures[0]
    doc.timings["ocr"] = doc.timings.get("ocr", 0.0) + time.perf_counter() - started
    return pages
