"""Restraint on text that is not modern German, for `make eval` (section (g) of eval_correction).

    .venv/bin/python -m scripts.eval_restraint [--no-ocr]

A proxy for public historical OCR sets (not available offline): the texts in
tests/resources/historical/ (provenance in its README) — period spelling of 1838 written for
this project, Nietzsche's "Der Antichrist" (1888, as Debian's fortunes-de ships it), Livy's
Lucretia (Latin, as Debian's collatinus ships it) — and an early-print version of the first two
with the long s (ſ) wherever a round s does not end the word. For each: how many words per
1,000 the corrector changes in the clean text (target ≤ 50 on early prints and Latin), and the
character error rate of a degraded version (document-specific glyph confusions,
scripts/confusions.py, plus dotless i) before and after correction (target: not raised).
Then (unless --no-ocr) each text drawn in a Times face, degraded as an office scan, a photocopy,
a photocopy of a photocopy and a fax (scripts/channel_render.py) and read by the pipeline's
tesseract: CER before and after correction, words changed per 1,000. Needs nothing from ../shared.
"""

from __future__ import annotations

import difflib
import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HISTORICAL = ROOT / "tests" / "resources" / "historical"
SOURCES = {
    "period spelling 1838": "gemeinderath_1838.txt",
    "Nietzsche 1888": "nietzsche_antichrist_1888.txt",
    "Latin (Livy)": "livy_lucretia.txt",
}
TOKEN = re.compile(r"[^\W\d_]+")
DOTLESS_RATE = 0.15  # share of "i" a degraded page shows as "ı" (tesseract's faint i)
LONG_S = re.compile(r"s(?=[^\W\d_])")


def long_s(text: str) -> str:
    """An early print's spelling: the long s wherever s does not end a word."""
    return LONG_S.sub("ſ", text)


def texts() -> dict[str, str]:
    out = {name: (HISTORICAL / file).read_text(encoding="utf-8") for name, file in SOURCES.items()}
    out["early print (ſ) 1838"] = long_s(out["period spelling 1838"])
    out["early print (ſ) 1888"] = long_s(out["Nietzsche 1888"])
    return out


def degrade(text: str, key: str) -> str:
    """`text` as degraded OCR might show it: the document's glyph confusions (a→o, rn→m, …;
    scripts/confusions.py) and a share of dotless i."""
    from scripts.confusions import confuse

    rng = random.Random(key)
    noisy = confuse(text, key)
    return "".join("ı" if ch == "i" and rng.random() < DOTLESS_RATE else ch for ch in noisy)


def changed_words(before: str, after: str) -> tuple[int, int]:
    """(words changed, words) between two versions of a text."""
    a, b = TOKEN.findall(before), TOKEN.findall(after)
    sm = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    changed = sum(i2 - i1 for op, i1, i2, _j1, _j2 in sm.get_opcodes() if op != "equal")
    return changed, len(a)


def cer(hyp: str, ref: str) -> float:
    from pipeline.ocr.quality import levenshtein

    h, r = " ".join(hyp.split()), " ".join(ref.split())
    return levenshtein(h, r) / max(1, len(r))


def measure(correct, text: str, key: str) -> dict:
    """Figures of one text under `correct` (str → (str, notes))."""
    fixed, note = correct(text)
    changed, words = changed_words(text, fixed)
    noisy = degrade(text, key)
    noisy_fixed, noisy_note = correct(noisy)
    return {
        "words": words,
        "changed_per_1000": 1000 * changed / max(1, words),
        "cer_before": cer(noisy, text),
        "cer_after": cer(noisy_fixed, text),
        "note": note,
        "degraded_note": noisy_note,
    }


def corrector_fn():
    from pipeline.correct.engine import Corrector

    engine = Corrector()

    def correct(text: str) -> tuple[str, str]:
        notes: list[str] = []
        [(fixed, _changes)] = engine.correct_texts([text], notes)
        return fixed, notes[0] if notes else ""

    return correct


def _verdict(note: str) -> str:
    return "full correction" if "full correction" in note else "restrained"


def section() -> None:
    correct = corrector_fn()
    print("(g) restraint on text that is not modern German (tests/resources/historical):")
    for name, text in texts().items():
        m = measure(correct, text, name)
        print(
            f"    {name:22}: {m['words']:4d} words, {m['changed_per_1000']:5.1f} changed per "
            f"1,000 ({_verdict(m['note'])}); degraded CER {m['cer_before']:.2%} → "
            f"{m['cer_after']:.2%} ({_verdict(m['degraded_note'])})"
        )
    print("    (targets: ≤ 50 words changed per 1,000 on early prints and Latin; CER not raised)")


OCR_FONT = "liberation-serif"  # a Times face, as books and newspapers were set in Antiqua
OCR_LOOKS = ("office", "photocopy", "photocopy2", "fax")


def ocr_pages() -> list[tuple[str, str, dict]]:
    """(text name, look, OCR result) of each text rendered and read by the pipeline's OCR
    (scripts/channel_render.py; cached with the channel's renders in .cache/channel/)."""
    from scripts import channel
    from scripts.channel_render import TEST_FONTS, Job

    jobs, names = [], []
    for name, text in texts().items():
        for look in OCR_LOOKS:
            seed = 1000 + OCR_LOOKS.index(look)
            jobs.append(Job(OCR_FONT, str(TEST_FONTS[OCR_FONT]), 11, look, seed, text))
            names.append((name, look))
    return [(n, look, page) for (n, look), page in zip(names, channel.run(jobs), strict=True)]


def ocr_section() -> None:
    """Real OCR errors on the historical texts: does correction raise the CER?"""
    correct = corrector_fn()
    print(f"    tesseract on renders ({OCR_FONT} 11 pt; the long s is read as f or s):")
    for name, look, page in ocr_pages():
        fixed, note = correct(page["ocr"])
        changed, words = changed_words(page["ocr"], fixed)
        print(
            f"    {name:22} {look:10}: CER {cer(page['ocr'], page['truth']):.2%} → "
            f"{cer(fixed, page['truth']):.2%}, {1000 * changed / max(1, words):5.1f} words "
            f"changed per 1,000 ({_verdict(note)})"
        )


if __name__ == "__main__":
    import sys

    section()
    if "--no-ocr" not in sys.argv:
        ocr_section()
