"""Deterministic fake scans of council text, for samples, tests and `make eval`.

Three looks, after the recipe in the foundation issue:
- ``clean``: the text rendered on A4 at 300 dpi, black on white;
- ``office``: an office scan (skew of up to ±0.7°, slight blur, grain, JPEG at quality 60);
- ``photocopy``: a photocopy of a photocopy (Gaussian blur σ 1.5, ink bleed by a 5×5 grey-level
  erosion, resampled to 200 dpi, hard threshold at 170).
Each page also returns the text exactly as it was drawn (the OCR ground truth).
"""

from __future__ import annotations

import io
import random
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

A4_300DPI = (2480, 3508)
MARGIN = 280
FONT_SIZE = 42  # ~10 pt at 300 dpi
LINE_HEIGHT = 60
FONT_CANDIDATES = [
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
]
LOOKS = ("clean", "office", "photocopy")


@dataclass
class ScanPage:
    image: Image.Image
    truth: str  # the lines drawn on this page, joined by newlines


def _font(size: int = FONT_SIZE) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for candidate in FONT_CANDIDATES:
        if Path(candidate).exists():
            return ImageFont.truetype(candidate, size)
    return ImageFont.load_default(size)


def wrap_lines(text: str, font, width: int) -> list[str]:
    """Word-wrap each input line to the printable width; keep empty lines as paragraph gaps."""
    out: list[str] = []
    for raw in text.replace("\u00a0", " ").splitlines():
        words = raw.split()
        if not words:
            if out and out[-1] != "":
                out.append("")
            continue
        line = words[0]
        for word in words[1:]:
            trial = f"{line} {word}"
            if font.getlength(trial) <= width:
                line = trial
            else:
                out.append(line)
                line = word
        out.append(line)
    while out and out[-1] == "":
        out.pop()
    return out


def render_pages(text: str, lines_per_page: int | None = None) -> list[ScanPage]:
    """Render text to clean A4 pages at 300 dpi."""
    font = _font()
    width, height = A4_300DPI
    per_page = lines_per_page or (height - 2 * MARGIN) // LINE_HEIGHT
    lines = wrap_lines(text, font, width - 2 * MARGIN)
    pages = []
    for i in range(0, max(len(lines), 1), per_page):
        chunk = lines[i : i + per_page]
        while chunk and chunk[0] == "":
            chunk = chunk[1:]
        image = Image.new("L", A4_300DPI, 255)
        draw = ImageDraw.Draw(image)
        for n, line in enumerate(chunk):
            draw.text((MARGIN, MARGIN + n * LINE_HEIGHT), line, font=font, fill=0)
        pages.append(ScanPage(image, "\n".join(chunk)))
    return pages


def office(image: Image.Image, seed: int) -> Image.Image:
    rng = random.Random(seed)
    angle = rng.uniform(-0.7, 0.7)
    out = image.rotate(angle, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=255)
    out = out.filter(ImageFilter.GaussianBlur(0.6))
    noise = np.random.default_rng(seed).normal(128, 10, (out.height, out.width))
    grain = Image.fromarray(np.clip(noise, 0, 255).astype(np.uint8), "L")
    out = Image.blend(out, grain, 0.06)
    buffer = io.BytesIO()
    out.save(buffer, "JPEG", quality=60)
    return Image.open(io.BytesIO(buffer.getvalue())).convert("L")


def photocopy(image: Image.Image, seed: int) -> Image.Image:
    out = image.filter(ImageFilter.GaussianBlur(1.5))
    out = out.filter(ImageFilter.MinFilter(5))  # grey-level erosion: dark ink spreads
    w, h = out.size
    out = out.resize((w * 2 // 3, h * 2 // 3), Image.Resampling.BILINEAR)  # 300 → 200 dpi
    out = out.point(lambda v: 255 if v > 170 else 0)
    out.info["dpi"] = (200, 200)
    return out


def scan(text: str, look: str = "office", seed: int = 0) -> list[ScanPage]:
    """Render text as scanned pages with the given look; deterministic for a given seed."""
    if look not in LOOKS:
        raise ValueError(f"look must be one of {LOOKS}")
    pages = render_pages(text)
    if look == "clean":
        return pages
    degrade = office if look == "office" else photocopy
    return [ScanPage(degrade(p.image, seed + i), p.truth) for i, p in enumerate(pages)]


def save_pdf(pages: list[ScanPage], path: Path, dpi: int = 300) -> None:
    """Write image-only pages as a PDF (what a scanner without OCR produces)."""
    images = [p.image.convert("L") for p in pages]
    fixed = time.gmtime(0)  # no wall-clock dates: the same input gives the same bytes
    images[0].save(
        path,
        "PDF",
        resolution=dpi,
        save_all=True,
        append_images=images[1:],
        creationDate=fixed,
        modDate=fixed,
    )
