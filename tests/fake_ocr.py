"""A fake OCR engine for the OCR stage's one seam (`pipeline.ocr.pages.ENGINE`).

Most tests that touch OCR want tesseract's real output on their images, not tesseract itself:
`recorded` mode replays what tesseract read on the same image (keyed by a hash of the image's
pixels and the language) from tests/resources/ocr/recordings.json. An image without a recording is
read by the real tesseract when it is installed (and recorded when COUNCIL_RECORD_OCR=1), and
the test is skipped when it is not. The other modes are the ways an engine misbehaves:

- `hang`: the page runs into the page timeout (after sleeping it), as tesseract does on a page
  it cannot finish;
- `crash`: tesseract dies on the page;
- `empty`: a page on which nothing is read (a blank scan);
- `garbage`: confident-looking nonsense;
- `missing`: the engine (or its language) is not installed.

`bad_pages` limits the misbehaviour to the images it accepts; the others are `recorded`.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Literal

import pytest
from PIL import Image

from pipeline.errors import OcrEngineMissing, OcrError, OcrTimeout
from pipeline.model import Word
from pipeline.ocr import tesseract
from pipeline.ocr.quality import word_share

RECORDINGS = Path(__file__).resolve().parent / "resources" / "ocr" / "recordings.json"
Mode = Literal["recorded", "hang", "crash", "empty", "garbage", "missing"]
GARBAGE_WORDS = ["xq3#f", "Tlkw;;", "Rrrn8", ",.;jjj", "qqz~", "3a4b5c", "ffr!l", "ÄÄÄx9"]
_lock = threading.Lock()


def image_key(image: Image.Image, language: str) -> str:
    """What a recording is found by: the language and the exact pixels of the page image."""
    digest = hashlib.sha256(f"{language}|{image.mode}|{image.size}|".encode())
    digest.update(image.tobytes())
    return digest.hexdigest()[:32]


def _load() -> dict[str, dict]:
    if not RECORDINGS.exists():
        return {}
    return json.loads(RECORDINGS.read_text(encoding="utf-8"))


def _from_json(data: dict) -> tesseract.OcrResult:
    words = [Word(**w) for w in data["words"]]
    return tesseract.OcrResult(
        data["text"], words, data["confidence"], list(data["notes"]), data["share"]
    )


def _to_json(result: tesseract.OcrResult) -> dict:
    return {
        "text": result.text,
        "words": [asdict(w) for w in result.words],
        "confidence": result.confidence,
        "notes": result.notes,
        "share": result.share,
    }


@dataclass
class FakeOcr:
    mode: Mode = "recorded"
    bad_pages: Callable[[Image.Image], bool] | None = None
    reads: list[str] = field(default_factory=list)  # the key of every image read, in order

    def check(self, language: str) -> None:
        if self.mode == "missing":
            raise OcrEngineMissing(
                "tesseract was not found ('fake'): install it, e.g. "
                "`sudo apt-get install tesseract-ocr tesseract-ocr-deu` (or run `make setup`)"
            )

    def read(self, image: Image.Image, language: str, timeout: float) -> tesseract.OcrResult:
        key = image_key(image, language)
        with _lock:
            self.reads.append(key)
        misbehave = self.bad_pages is None or self.bad_pages(image)
        mode = self.mode if misbehave else "recorded"
        if mode == "hang":
            time.sleep(timeout)
            raise OcrTimeout(
                f"tesseract took longer than {timeout:g} s and was stopped: raise the page "
                "timeout or check the image (very large or noisy pages take longest)"
            )
        if mode == "crash":
            raise OcrError("tesseract failed on this page: Segmentation fault (fake crash)")
        if mode == "empty":
            return tesseract.OcrResult("", [], None, ["psm 6"], 0.0)
        if mode == "garbage":
            words = [
                Word(text, 91.0, 100 + 120 * i, 100, 100, 30, block=1, line=1)
                for i, text in enumerate(GARBAGE_WORDS)
            ]
            text = " ".join(GARBAGE_WORDS)
            return tesseract.OcrResult(text, words, 91.0, ["psm 6"], word_share(text))
        return self.replay(image, language, timeout, key)

    def replay(
        self, image: Image.Image, language: str, timeout: float, key: str
    ) -> tesseract.OcrResult:
        recorded = _load().get(key)
        if recorded is not None:
            return _from_json(recorded)
        try:
            tesseract.check_engine(language)
        except OcrEngineMissing:
            pytest.skip(f"no recorded OCR for image {key} and tesseract is not installed")
        result = tesseract.ocr_image(image, language, timeout)
        if os.environ.get("COUNCIL_RECORD_OCR") == "1":
            with _lock:
                recordings = _load()
                recordings[key] = _to_json(result)
                RECORDINGS.parent.mkdir(parents=True, exist_ok=True)
                RECORDINGS.write_text(
                    json.dumps(recordings, ensure_ascii=False, indent=0, sort_keys=True) + "\n",
                    encoding="utf-8",
                )
        return result
