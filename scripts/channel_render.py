"""Renders and degradations for `make channel` (scripts/channel.py): German text drawn in one of
several fonts and sizes, put through one of several kinds of bad copying, and read by the
pipeline's own OCR.

Everything is deterministic for a given job (font, size, look, seed, text), so a job's OCR output
can be cached and the same command gives the same channel.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from scripts.scans import wrap_lines

DPI = 300
MARGIN = 120
WIDTH = 2480  # A4 at 300 dpi
TRUETYPE = Path("/usr/share/fonts/truetype")
OPENTYPE = Path("/usr/share/fonts/opentype")
# Debian font packages installed by scripts/install-system-deps.sh (see CHANNEL_PACKAGES there).
# Train and test fonts are of different families (no Times clone on both sides), so the held-apart
# figures say how the channel does on type it was not estimated from.
TRAIN_FONTS = {
    "dejavu-serif": TRUETYPE / "dejavu/DejaVuSerif.ttf",
    "liberation-sans": TRUETYPE / "liberation/LiberationSans-Regular.ttf",
    "free-mono": TRUETYPE / "freefont/FreeMono.ttf",
    "courier-prime": OPENTYPE / "courier-prime/Courier Prime.otf",
    "c059": OPENTYPE / "urw-base35/C059-Roman.otf",
    "p052": OPENTYPE / "urw-base35/P052-Roman.otf",
    "dejavu-sans-condensed": TRUETYPE / "dejavu/DejaVuSansCondensed.ttf",
}
TEST_FONTS = {
    "liberation-serif": TRUETYPE / "liberation/LiberationSerif-Regular.ttf",
    "dejavu-sans": TRUETYPE / "dejavu/DejaVuSans.ttf",
    "nimbus-mono": OPENTYPE / "urw-base35/NimbusMonoPS-Regular.otf",
    "bookman": OPENTYPE / "urw-base35/URWBookman-Light.otf",
}
LOOKS = ("office", "photocopy", "photocopy2", "fax", "lowres", "skewed")
SIZES_PT = (9, 10, 11, 12)


@dataclass(frozen=True)
class Job:
    font: str
    path: str
    size_pt: int
    look: str
    seed: int
    text: str

    @property
    def key(self) -> str:
        import hashlib

        raw = f"{self.font}|{self.size_pt}|{self.look}|{self.seed}|{self.text}"
        return hashlib.sha1(raw.encode("utf-8")).hexdigest()[:16]


def render(job: Job) -> tuple[Image.Image, str]:
    """The text drawn at 300 dpi in the job's font and size, and the lines as drawn."""
    px = round(job.size_pt * DPI / 72)
    font = ImageFont.truetype(job.path, px)
    lines = wrap_lines(job.text, font, WIDTH - 2 * MARGIN)
    step = round(px * 1.45)
    image = Image.new("L", (WIDTH, 2 * MARGIN + step * max(1, len(lines))), 255)
    draw = ImageDraw.Draw(image)
    for n, line in enumerate(lines):
        draw.text((MARGIN, MARGIN + n * step), line, font=font, fill=0)
    return image, "\n".join(lines)


def _jpeg(image: Image.Image, quality: int) -> Image.Image:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality)
    return Image.open(io.BytesIO(buffer.getvalue())).convert("L")


def _resample(image: Image.Image, dpi: int) -> Image.Image:
    w, h = image.size
    out = image.resize((w * dpi // DPI, h * dpi // DPI), Image.Resampling.BILINEAR)
    out.info["dpi"] = (dpi, dpi)
    return out


def _grain(image: Image.Image, rng: np.random.Generator, sigma: float, share: float):
    noise = rng.normal(128, sigma, (image.height, image.width))
    grain = Image.fromarray(np.clip(noise, 0, 255).astype(np.uint8), "L")
    return Image.blend(image, grain, share)


def _speckle(image: Image.Image, rng: np.random.Generator, rate: float) -> Image.Image:
    """Salt and pepper: toner dust and dropouts of a copier or fax line."""
    a = np.array(image)
    r = rng.random(a.shape)
    a[r < rate / 2] = 0
    a[r > 1 - rate / 2] = 255
    return Image.fromarray(a, "L")


def _threshold(image: Image.Image, level: int) -> Image.Image:
    return image.point(lambda v: 255 if v > level else 0)


def degrade(image: Image.Image, look: str, seed: int) -> Image.Image:
    """One kind of bad copy; parameters drawn from the job's seed."""
    rng = random.Random(seed)
    nrng = np.random.default_rng(seed)
    out = image
    if look == "office":  # flatbed office scan: slight skew, blur, grain, JPEG
        out = out.rotate(rng.uniform(-0.7, 0.7), Image.Resampling.BICUBIC, fillcolor=255)
        out = out.filter(ImageFilter.GaussianBlur(rng.uniform(0.4, 0.9)))
        out = _jpeg(_grain(out, nrng, 10, 0.06), rng.randint(45, 70))
        out.info["dpi"] = (DPI, DPI)
    elif look == "photocopy":  # a photocopy: blur, ink bleed, 200 dpi, hard threshold
        out = out.filter(ImageFilter.GaussianBlur(rng.uniform(1.2, 2.0)))
        out = out.filter(ImageFilter.MinFilter(rng.choice((3, 5))))
        out = _resample(out, 200)
        out = _threshold(out, rng.randint(120, 200))
        out.info["dpi"] = (200, 200)
    elif look == "photocopy2":  # a photocopy of a photocopy: twice the blur and threshold
        for _ in range(2):
            out = out.filter(ImageFilter.GaussianBlur(rng.uniform(1.0, 1.6)))
            out = _threshold(out, rng.randint(120, 200))
        out = _speckle(_resample(out, 200), nrng, 0.002)
        out.info["dpi"] = (200, 200)
    elif look == "fax":  # fine-mode fax: 204×196 dpi, binarised, line dropouts
        w, h = out.size
        out = out.filter(ImageFilter.GaussianBlur(0.8))
        out = out.resize((w * 204 // DPI, h * 196 // DPI), Image.Resampling.BILINEAR)
        out = _threshold(out, rng.randint(120, 160))
        out = _speckle(out, nrng, 0.004).resize((w * 200 // DPI, h * 200 // DPI))
        out.info["dpi"] = (200, 200)
    elif look == "lowres":  # scanned at 150 dpi in grey, saved as a poor JPEG
        out = _resample(out.filter(ImageFilter.GaussianBlur(rng.uniform(0.7, 1.2))), 150)
        out = _jpeg(out, rng.randint(30, 55))
        out.info["dpi"] = (150, 150)
    elif look == "skewed":  # fed in crooked (the pipeline deskews from 1°), 200 dpi
        angle = rng.choice((-1, 1)) * rng.uniform(0.8, 3.0)
        out = out.rotate(angle, Image.Resampling.BICUBIC, fillcolor=255, expand=True)
        out = _jpeg(_resample(out.filter(ImageFilter.GaussianBlur(0.8)), 200), 60)
        out.info["dpi"] = (200, 200)
    else:
        raise ValueError(f"unknown look {look!r}")
    return out


def ocr_job(job: Job) -> dict:
    """Render, degrade and OCR one job with the pipeline's own tesseract settings."""
    from pipeline.ocr.tesseract import ocr_image

    image, truth = render(job)
    page = degrade(image, job.look, job.seed)
    result = ocr_image(page)
    return {
        "key": job.key,
        "font": job.font,
        "look": job.look,
        "size": job.size_pt,
        "ocr": result.text,
        "truth": truth,
    }
