"""Tesseract OCR of page images: one tesseract process per page, pages in parallel.

Settings were chosen by measurement (`make eval`, scripts/eval_ocr.py), not taste:
- Page segmentation: tesseract's default (`--psm 3`) drops short isolated lines ("Datum",
  "Nummer", header fields) on letters; single-block mode (`--psm 6`) keeps them but reads a
  multi-column page across the columns. So a cheap look at the image (is there a white gutter
  with text on both sides through most of the text rows? pipeline.ocr.geometry) picks the
  mode before OCR, and only a poor first pass (low confidence or few real words) is re-run
  with the other mode.
- Preprocessing: grayscale; deskew only when the page is skewed by 1° or more (measured on
  office scans fed in at 1.5–3.5°: plain tesseract lost whole paragraphs, CER 0.32, the
  deskewed pipeline 0.0008; below 1° tesseract copes alone). The skew
  is estimated on a 4× reduced image (~30 ms). Stroke thinning and upscaling were measured
  on the office and photocopy scans of scripts/scans.py and raised the CER there, so they
  are not applied. Word boxes refer to the (deskewed, turned) image that was read.
- Orientation: only a page that reads as garbage is tried upside down and sideways.
- `OMP_THREAD_LIMIT=1`: tesseract's own threads made one page several times slower when
  several pages run at once.
"""

from __future__ import annotations

import functools
import logging
import os
import subprocess
import tempfile
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import pytesseract
from PIL import Image

from pipeline import children
from pipeline.errors import OcrEngineMissing, OcrError, OcrTimeout
from pipeline.model import Word
from pipeline.ocr.geometry import estimate_skew, is_multi_column, turns
from pipeline.ocr.lines import breaks, line_pitch
from pipeline.ocr.quality import looks_like_word, strip_token, word_share

log = logging.getLogger(__name__)

SINGLE_BLOCK, AUTO = 6, 3
POOR_CONFIDENCE = 70.0  # mean word confidence below which a second segmentation is tried
POOR_WORD_SHARE = 0.7  # share of real words below which a second segmentation is tried
PROBE_TIMEOUT = 10.0  # seconds for `tesseract --version` / `--list-langs` (answer in ~20 ms)
OCR_SIZE = 1.3  # OCR line boxes within this ratio of the median height are body text
DESKEW_FROM = 1.0  # degrees; smaller skew costs tesseract nothing measurable


@dataclass
class OcrResult:
    text: str
    words: list[Word]
    confidence: float | None
    notes: list[str] = field(default_factory=list)
    share: float = 0.0  # share of real words in `text` (quality.word_share)

    @property
    def score(self) -> float:
        """Confidence mass of the word-like words: more words read well is better."""
        return sum(w.conf for w in self.words if looks_like_word(strip_token(w.text))) / 100


class Engine(Protocol):
    """What the OCR stage needs of an engine (pipeline.ocr.pages.ENGINE: tesseract, or a fake)."""

    def check(self, language: str) -> None:
        """Raise OcrEngineMissing unless the engine and the language can be used."""

    def read(self, image: Image.Image, language: str, timeout: float) -> OcrResult:
        """OCR one page image; raise OcrError when the page cannot be read."""


class Tesseract:
    """The real engine: `check_engine` and `ocr_image` below (looked up when called)."""

    def check(self, language: str) -> None:
        check_engine(language)

    def read(self, image: Image.Image, language: str, timeout: float) -> OcrResult:
        return ocr_image(image, language, timeout)


def _not_found(command: str) -> OcrEngineMissing:
    return OcrEngineMissing(
        f"tesseract was not found ({command!r}): install it, e.g. "
        "`sudo apt-get install tesseract-ocr tesseract-ocr-deu` (or run `make setup`)"
    )


def command() -> str:
    """The tesseract executable (pytesseract's setting, "tesseract" on PATH by default)."""
    return str(pytesseract.pytesseract.tesseract_cmd)


def run_tesseract(args: list[str], timeout: float) -> subprocess.CompletedProcess[bytes]:
    """Run tesseract with `args`; every call has a timeout and the process dies with us.

    Raises OcrEngineMissing when it is not installed, OcrError when it runs past `timeout`
    seconds (it is killed) or crashes (exit code or signal, with the end of its stderr).
    """
    cmd = command()
    try:
        done = subprocess.run(
            [cmd, *args],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=timeout,
            preexec_fn=children.preexec(),  # noqa: PLW1509 - only a prctl call in the child
        )
    except FileNotFoundError:
        raise _not_found(cmd) from None
    except subprocess.TimeoutExpired as err:
        raise OcrTimeout(
            f"tesseract took longer than {timeout:g} s and was stopped: raise the page timeout "
            "or check the image (very large or noisy pages take longest)"
        ) from err
    except OSError as err:
        raise OcrEngineMissing(f"tesseract ({cmd!r}) cannot be started: {err}") from err
    if done.returncode != 0:
        code = done.returncode
        why = f"signal {-code}" if code < 0 else f"exit code {code}"
        tail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-3:]
        raise OcrError(
            f"tesseract crashed ({why})"
            + (f": {' / '.join(tail)}" if tail else " without a message")
        )
    return done


@functools.lru_cache(maxsize=8)
def _languages(cmd: str) -> tuple[str, ...]:
    try:
        done = run_tesseract(["--list-langs"], PROBE_TIMEOUT)
    except OcrEngineMissing:
        raise
    except OcrError as err:
        raise OcrEngineMissing(f"tesseract ({cmd!r}) does not answer --list-langs: {err}") from err
    lines = done.stdout.decode("utf-8", "replace").splitlines()
    return tuple(line.strip() for line in lines[1:] if line.strip())


@functools.lru_cache(maxsize=8)
def _version(cmd: str) -> str:
    done = run_tesseract(["--version"], PROBE_TIMEOUT)
    out = (done.stdout or done.stderr).decode("utf-8", "replace").split()
    return out[1] if len(out) > 1 and out[0] == "tesseract" else (" ".join(out[:2]) or "unknown")


def version() -> str | None:
    """tesseract's version ("5.3.0"), None when it is missing or does not answer in time."""
    try:
        return _version(command())
    except OcrEngineMissing:  # not installed: fine for text and born-digital PDFs
        return None
    except OcrError as err:  # installed but hangs or crashes: worth a word
        log.warning("tesseract version unknown: %s", err)
        return None


def check_engine(language: str) -> None:
    """Raise OcrEngineMissing unless tesseract and every language in `language` are installed."""
    installed = _languages(command())
    for lang in language.split("+"):
        if lang not in installed:
            raise OcrEngineMissing(
                f"tesseract has no '{lang}' language data: install tesseract-ocr-{lang} "
                f"(e.g. `sudo apt-get install tesseract-ocr-{lang}`)"
            )


def _words(data: dict[str, list]) -> list[Word]:
    """Words with confidence ≥ 0; `line` numbers run through the block (tesseract restarts them
    in every paragraph, and its paragraphs are not reliable in single-block mode)."""
    words: list[Word] = []
    line_ids: dict[tuple[int, int, int], int] = {}
    for i, raw in enumerate(data["text"]):
        text = (raw or "").strip()
        conf = float(data["conf"][i])
        if not text or conf < 0:
            continue
        block = int(data["block_num"][i])
        key = (block, int(data["par_num"][i]), int(data["line_num"][i]))
        if key not in line_ids:
            line_ids[key] = sum(1 for k in line_ids if k[0] == block) + 1
        words.append(
            Word(
                text=text,
                conf=conf,
                left=int(data["left"][i]),
                top=int(data["top"][i]),
                width=int(data["width"][i]),
                height=int(data["height"][i]),
                block=block,
                line=line_ids[key],
            )
        )
    return words


def rebuild_text(words: list[Word]) -> str:
    """Lines from tesseract's (block, line) numbers; a blank line between blocks and at a
    paragraph gap (`ocr.lines`: much larger than the body's usual line pitch)."""
    rows: list[list[Word]] = []
    for word in words:
        if rows and (rows[-1][0].block, rows[-1][0].line) == (word.block, word.line):
            rows[-1].append(word)
        else:
            rows.append([word])
    tops = [min(w.top for w in row) for row in rows]
    heights = [max(w.height for w in row) for row in rows]
    gaps = breaks(tops, line_pitch(list(zip(tops, heights, strict=True)), OCR_SIZE))
    out: list[str] = []
    for i, row in enumerate(rows):
        if i and (gaps[i] or row[0].block != rows[i - 1][0].block):
            out.append("")
        out.append(" ".join(w.text for w in row))
    return "\n".join(out)


def parse_tsv(output: bytes) -> dict[str, list[str]]:
    """tesseract's TSV output as columns (the shape `_words` reads); rows that do not fit the
    header are dropped. Raises OcrError when there is no TSV table at all (garbage output)."""
    lines = output.decode("utf-8", "replace").splitlines()
    header = lines[0].split("\t") if lines else []
    if not {"text", "conf", "left", "top", "block_num", "line_num"} <= set(header):
        raise OcrError("tesseract printed no TSV table (is it really tesseract?)")
    columns: dict[str, list[str]] = {name: [] for name in header}
    for line in lines[1:]:
        cells = line.split("\t")
        if len(cells) != len(header):
            continue
        try:
            float(cells[header.index("conf")])
            for name in ("left", "top", "width", "height", "block_num", "par_num", "line_num"):
                int(cells[header.index(name)])
        except ValueError:
            continue
        for name, cell in zip(header, cells, strict=True):
            columns[name].append(cell)
    return columns


def _run(path: str, psm: int, dpi: int, language: str, timeout: float) -> OcrResult:
    args = [path, "stdout", "-l", language, "--psm", str(psm), "--dpi", str(dpi), "tsv"]
    data = parse_tsv(run_tesseract(args, timeout).stdout)
    words = _words(data)
    confidence = sum(w.conf for w in words) / len(words) if words else None
    text = rebuild_text(words)
    return OcrResult(text, words, confidence, [f"psm {psm}"], word_share(text))


def _poor(
    result: OcrResult, confidence: float = POOR_CONFIDENCE, share: float = POOR_WORD_SHARE
) -> bool:
    return (result.confidence or 0) < confidence or result.share < share


def _read(gray: Image.Image, path: str, dpi: int, language: str, timeout: float) -> OcrResult:
    """OCR an upright page: segmentation mode from the column probe, the other mode only when
    the first pass is poor (the better of the two by confidence mass is kept)."""
    gray.save(path)
    columns = is_multi_column(gray)
    first_psm, other_psm = (AUTO, SINGLE_BLOCK) if columns else (SINGLE_BLOCK, AUTO)
    result = _run(path, first_psm, dpi, language, timeout)
    result.notes.insert(0, "layout: multi-column" if columns else "layout: single column")
    if _poor(result) and result.words:
        second = _run(path, other_psm, dpi, language, timeout)
        keep = second if second.score > result.score else result
        keep.notes = result.notes + [
            f"poor first pass (conf {result.confidence or 0:.0f}, words {result.share:.0%}): "
            f"tried psm {other_psm}, kept psm {first_psm if keep is result else other_psm}"
        ]
        result = keep
    return result


def ocr_image(image: Image.Image, language: str = "deu", timeout: float = 180.0) -> OcrResult:
    """OCR one page image; raises OcrError (OcrEngineMissing) when tesseract fails.

    A page that still reads as garbage (confidence < 50 or under 40 % real words) although
    it has words is tried turned by 180°, 90° and 270° (upside-down or sideways scans); the
    best reading is kept. Blank pages (no words) are never turned.
    """
    if os.environ.get("OMP_THREAD_LIMIT") != "1":
        os.environ["OMP_THREAD_LIMIT"] = "1"
    gray = image.convert("L") if image.mode != "L" else image
    notes = []
    angle = estimate_skew(gray)
    if abs(angle) >= DESKEW_FROM:
        gray = gray.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
        notes.append(f"deskewed by {angle:+.1f}°")
    dpi = int(round((image.info.get("dpi") or (300, 300))[0])) or 300
    dpi = dpi if 70 <= dpi <= 1200 else 300
    with tempfile.TemporaryDirectory(prefix="council-ocr-") as tmp:
        path = str(Path(tmp) / "page.pgm")  # uncompressed: cheapest to write and read
        result = _read(gray, path, dpi, language, timeout)
        if result.words and _poor(result, 50, 0.4):
            for turn in turns(gray):
                candidate = _read(gray.rotate(turn, expand=True), path, dpi, language, timeout)
                candidate.notes.insert(0, f"turned by {turn}°")
                if candidate.score > result.score:
                    result = candidate
                if not _poor(candidate):
                    break
    result.notes = notes + result.notes
    return result


def ocr_pages(
    pages: Iterable[tuple[int, Image.Image]],
    language: str = "deu",
    jobs: int | None = None,
    timeout: float = 180.0,
    engine: Engine | None = None,
) -> Iterator[tuple[int, OcrResult | OcrError]]:
    """OCR pages in parallel (one tesseract process each), yielding (number, result or error).

    `pages` is consumed lazily and at most `jobs` + 1 pages wait at once, so a long PDF is not
    rendered into memory all at once. Results come in page order. OcrEngineMissing is raised
    at once (before any page is read) since no page could succeed.
    """
    engine = engine or Tesseract()
    engine.check(language)
    os.environ["OMP_THREAD_LIMIT"] = "1"  # inherited by every tesseract process
    workers = jobs or os.cpu_count() or 1
    pending: list[tuple[int, Future[OcrResult]]] = []
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="ocr") as pool:
        for number, image in pages:
            pending.append((number, pool.submit(engine.read, image, language, timeout)))
            while len(pending) > workers:
                yield _collect(*pending.pop(0))
        for number, future in pending:
            yield _collect(number, future)


def _collect(number: int, future: Future[OcrResult]) -> tuple[int, OcrResult | OcrError]:
    try:
        return number, future.result()
    except OcrEngineMissing:
        raise
    except OcrError as err:
        log.warning("page %d: %s", number, err)
        return number, err
    except Exception as err:  # noqa: BLE001 - one odd page must not sink the document
        log.warning("page %d: OCR failed unexpectedly", number, exc_info=True)
        return number, OcrError(
            f"OCR of this page failed unexpectedly ({type(err).__name__}: {err})"
        )
