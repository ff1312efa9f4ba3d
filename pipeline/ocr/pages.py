"""The OCR stage: read the page images ingest left on `doc.scans` into the pages waiting for
them; one bad page becomes an error record, not a failed document.

The engine is the stage's one seam (`ENGINE`): tesseract in the program, a recorded or
misbehaving fake in the tests (tests/fake_ocr.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from PIL import Image

from pipeline.errors import OcrError
from pipeline.model import Document, Options, Page, PipelineErrorRecord, stage
from pipeline.ocr import tesseract as ocr

ENGINE: ocr.Engine = ocr.Tesseract()


@stage("ocr")
def run(doc: Document, options: Options) -> Document:
    """OCR the pages ingest could not read from a text layer; nothing to do without scans."""
    scans, doc.scans = doc.scans, None  # the Document leaves this stage without file handles
    if scans is None:
        return doc
    waiting = {p.number: p for p in doc.pages if p.method == "ocr" and not p.raw_text}

    def images() -> Iterator[tuple[int, Image.Image]]:
        for number, image, notes in scans.images():
            if number in waiting:
                waiting[number].notes.extend(notes)
            yield number, image

    read = ocr_into(doc, images(), options, {}, len(doc.pages) - len(waiting))
    for number, page in read.items():
        page.notes = waiting[number].notes + page.notes if number in waiting else page.notes
    doc.pages = sorted(
        [p for p in doc.pages if p.number not in read] + list(read.values()),
        key=lambda p: p.number,
    )
    return doc


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
    pages: dict[int, Page] = {}
    failures: list[OcrError] = []
    for number, result in ocr.ocr_pages(
        images, options.language, options.jobs, options.page_timeout, ENGINE
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
    return pages
