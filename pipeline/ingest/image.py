"""Image input (PNG, JPEG, TIFF incl. multi-page): every frame is a page, left to the OCR stage."""

from __future__ import annotations

import logging
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps

from pipeline.errors import InputError, InputTooLarge
from pipeline.model import Document, Options, Page

log = logging.getLogger(__name__)


def _too_large(path: Path, what: str, limit: str) -> InputTooLarge:
    return InputTooLarge(f"{path}: {what} is over the limit of {limit}; scale the image down")


def load_image(path: Path, options: Options, doc: Document) -> None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # we check ourselves
            image = Image.open(path)
    except Image.DecompressionBombError as err:
        raise _too_large(path, "the image", f"{options.max_pixels:,} pixels") from err
    except (OSError, SyntaxError, ValueError) as err:
        raise InputError(f"{path}: the image cannot be read ({err}); is it damaged?") from err
    with image:
        frames = getattr(image, "n_frames", 1)
        if frames > options.max_pages:
            raise _too_large(path, f"{frames} pages", f"{options.max_pages} pages")
        _check_frames(path, image, frames, options.max_pixels)  # limits before decoding any
        doc.pages = [
            Page(n, "ocr", "", None, notes=[f"image ({image.format}), frame {n} of {frames}"])
            for n in range(1, frames + 1)
        ]
    doc.scans = ImageFrames(str(path), frames, options.max_pixels)


@dataclass(frozen=True)
class ImageFrames:
    """The frames of an image file, decoded one at a time when the OCR stage asks."""

    path: str
    frames: int
    max_pixels: int

    def images(self) -> Iterator[tuple[int, Image.Image, list[str]]]:
        path = Path(self.path)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", Image.DecompressionBombWarning)
                image = Image.open(path)
        except (OSError, SyntaxError, ValueError) as err:
            raise InputError(f"{path}: the image cannot be read ({err}); is it damaged?") from err
        with image:
            for number, frame in _frames(path, image, self.frames, self.max_pixels):
                yield number, frame, []


def _check_frames(path: Path, image: Image.Image, frames: int, max_pixels: int) -> None:
    """Every frame is there and within the pixel limit (read from the headers, not decoded)."""
    for index in range(frames):
        _seek_frame(path, image, index, max_pixels)
    image.seek(0)


def _seek_frame(path: Path, image: Image.Image, index: int, max_pixels: int) -> None:
    """Go to frame `index`; raises InputError when it is missing, and the over-a-limit error
    when it has more pixels than allowed (from its header: nothing is decoded yet)."""
    try:
        image.seek(index)
    except EOFError as err:
        raise InputError(f"{path}: frame {index + 1} is missing; is the file damaged?") from err
    width, height = image.size
    if width * height > max_pixels:
        raise _too_large(
            path, f"page {index + 1} ({width}×{height} pixels)", f"{max_pixels:,} pixels"
        )


def _frames(
    path: Path, image: Image.Image, frames: int, max_pixels: int
) -> Iterator[tuple[int, Image.Image]]:
    """Each frame as a grayscale image; the pixel limit is checked before decoding it."""
    for index in range(frames):
        _seek_frame(path, image, index, max_pixels)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", Image.DecompressionBombWarning)
                frame = ImageOps.exif_transpose(image.copy()) or image.copy()
                if frame.mode in {"I", "I;16", "I;16B", "I;16L"}:  # 16-bit grey: keep the top byte
                    wide = np.asarray(frame, dtype=np.uint32) >> 8
                    frame = Image.fromarray(np.clip(wide, 0, 255).astype(np.uint8), "L")
                if frame.mode in {"RGBA", "LA", "P"}:
                    frame = frame.convert("RGBA")
                    background = Image.new("RGBA", frame.size, "white")
                    frame = Image.alpha_composite(background, frame)
                frame = frame.convert("L")
        except (OSError, ValueError) as err:
            raise InputError(
                f"{path}: page {index + 1} cannot be decoded ({err}); is it damaged?"
            ) from err
        frame.info["dpi"] = image.info.get("dpi", (300, 300))
        yield index + 1, frame
