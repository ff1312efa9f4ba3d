"""Correction figures for `make eval`: the corrector beside the naive SymSpell baseline.

    .venv/bin/python -m scripts.eval_correction [--docs 20] [--pages 2]

Reads ../shared (seed 004 and its truth, the dev corpus) and says so and stops when it is absent.
Sections, each for both systems:
(a) seed 004 (real OCR): word error rate against the hand-corrected truth;
(b) dev texts with generated document-specific confusions (scripts/confusions.py): CER reduction;
(c) plain tesseract (default settings) on photocopied scans of a fixed subset of dev texts
    (scripts/scans.py): share of misread words fixed, share of correctly read words broken;
    words are aligned OCR↔truth, words tesseract dropped count in neither figure. OCR output is
    cached in .cache/eval_correction/;
(d) clean dev texts: share of words changed, and words/s of the correction alone (scoring untimed),
    by the clock and per CPU second (the machine may be shared);
(e) speed: start-up time (clock and CPU), whole run and peak memory (the CLI on a one-page file);
(f) the held-apart renders of `make channel` (fonts and texts the channel was not estimated
    from; the pipeline's own OCR): misread words fixed, correct words broken, as in (c);
(g) restraint on historical German and Latin (scripts/eval_restraint.py): words changed per
    1,000, CER of a degraded version before and after; with OCR, also of tesseract's reading of
    renders of those texts.
The baseline is symspellpy token by token (lookup, Verbosity.CLOSEST, max edit distance 2,
casing restored) over wordfreq's German list.
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from scripts import eval_restraint

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CACHE = ROOT / ".cache" / "eval_correction"
SEED = SHARED / "seeds" / "004_a44e3f0d91533863.txt"
TRUTH = SHARED / "seeds" / "004_truth.txt"
TOKEN = re.compile(r"[A-Za-zÄÖÜäöüß]+")


# ---------------------------------------------------------------- the two systems


class Ours:
    name = "corrector"

    def __init__(self) -> None:
        from pipeline.correct.engine import Corrector

        self.engine = Corrector()

    def __call__(self, text: str) -> str:
        return self.engine.correct_texts([text])[0][0]

    def pages(self, texts: list[str]) -> list[str]:
        """A document's pages corrected together, as the pipeline stage does."""
        return [fixed for fixed, _ in self.engine.correct_texts(texts)]


class Baseline:
    """symspellpy lookup per token over wordfreq's German list (what the issue measured)."""

    name = "baseline"

    def __init__(self) -> None:
        import wordfreq
        from symspellpy import SymSpell

        self.sym = SymSpell(max_dictionary_edit_distance=2, prefix_length=7)
        for word, freq in wordfreq.get_frequency_dict("de", "large").items():
            if word.isalpha():
                self.sym.create_dictionary_entry(word, max(1, int(freq * 1e9)))
        self.cache: dict[str, str] = {}

    def word(self, w: str) -> str:
        from symspellpy import Verbosity

        if w not in self.cache:
            found = self.sym.lookup(w, Verbosity.CLOSEST, 2, transfer_casing=True)
            self.cache[w] = found[0].term if found else w
        return self.cache[w]

    def __call__(self, text: str) -> str:
        return TOKEN.sub(lambda m: self.word(m.group()), text)

    def pages(self, texts: list[str]) -> list[str]:
        return [self(t) for t in texts]


# ---------------------------------------------------------------- measures


def levenshtein(a, b) -> int:
    from pipeline.ocr.quality import levenshtein as lev

    return lev(a, b)


def wer(hyp: str, ref: str) -> float:
    h, r = hyp.split(), ref.split()
    return levenshtein(h, r) / max(1, len(r))


def cer(hyp: str, ref: str) -> float:
    h, r = " ".join(hyp.split()), " ".join(ref.split())
    return levenshtein(h, r) / max(1, len(r))


def aligned_words(ocr: str, truth: str) -> list[tuple[int, str]]:
    """(index in OCR words, truth word) for OCR words aligned one-to-one with a truth word."""
    o, t = ocr.split(), truth.split()
    pairs = []
    sm = difflib.SequenceMatcher(a=o, b=t, autojunk=False)
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal" or (op == "replace" and i2 - i1 == j2 - j1):
            pairs.extend((i1 + k, t[j1 + k]) for k in range(i2 - i1))
    return pairs


EDGE = "\"'„“”‚‘’«»()[]{}.,;:!?…*"


def fixed_and_broken(
    ocr: str, corrected: str, truth: str, letters_only: bool = False
) -> tuple[int, int, int, int]:
    """Misread words fixed / misread, correct words broken / correct (words aligned by index).

    The corrector may split a glued word, so corrected words are aligned to OCR words first.
    With `letters_only`, punctuation at word edges is ignored and only truth words with a
    letter count: the words a word corrector is for (a "," read as "." is left to others).
    """
    o, c = ocr.split(), corrected.split()
    o2c: dict[int, str] = {}
    sm = difflib.SequenceMatcher(a=o, b=c, autojunk=False)
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal" or (op == "replace" and i2 - i1 == j2 - j1):
            o2c.update((i1 + k, c[j1 + k]) for k in range(i2 - i1))
        elif op == "replace":
            o2c.update((i, " ".join(c[j1:j2])) for i in range(i1, i2))
    fixed = wrong = broken = right = 0
    for i, t in aligned_words(ocr, truth):
        now, seen = o2c.get(i, o[i]), o[i]
        if letters_only:
            if not any(ch.isalpha() for ch in t):
                continue
            t, now, seen = t.strip(EDGE), now.strip(EDGE), seen.strip(EDGE)
        if seen == t:
            right += 1
            broken += now != t
        else:
            wrong += 1
            fixed += now == t
    return fixed, wrong, broken, right


# ---------------------------------------------------------------- data


def corpus() -> list[Path]:
    return sorted((SHARED / "corpus").glob("*.txt"))


def ocr_pages(files: list[Path], pages: int) -> list[list[tuple[str, str]]]:
    """Per document, (tesseract text, drawn truth) per page of photocopy scans, cached."""
    from scripts import scans
    from scripts.eval_ocr import plain_tesseract

    CACHE.mkdir(parents=True, exist_ok=True)
    out = []
    for n, path in enumerate(files):
        key = CACHE / f"{path.stem}-photocopy-p{pages}.json"
        if not key.exists():
            rendered = scans.scan(path.read_text(encoding="utf-8"), "photocopy", seed=n)[:pages]
            result = []
            with tempfile.TemporaryDirectory() as tmp:
                for i, page in enumerate(rendered):
                    img = Path(tmp) / f"p{i}.png"
                    page.image.save(img)
                    result.append([plain_tesseract(img)["text"], page.truth])
            key.write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
            print(f"  OCR cached: {key.name}", file=sys.stderr, flush=True)
        out.append([tuple(p) for p in json.loads(key.read_text(encoding="utf-8"))])
    return out


# ---------------------------------------------------------------- sections


def seed_section(systems) -> None:
    raw, truth = SEED.read_text(encoding="utf-8"), TRUTH.read_text(encoding="utf-8")
    print(f"(a) seed 004 WER: raw {wer(raw, truth):.1%}", end="")
    for s in systems:
        print(f" | {s.name} {wer(s(raw), truth):.1%}", end="")
    print("   (target ≤ 1 %)")


def confusion_section(systems, texts: dict[str, str]) -> None:
    from scripts.confusions import confuse

    dist = {s.name: 0 for s in systems}
    raw_dist = total = 0
    for key, truth in texts.items():
        noisy = confuse(truth, key)
        t = " ".join(truth.split())
        total += len(t)
        raw_dist += levenshtein(" ".join(noisy.split()), t)
        for s in systems:
            dist[s.name] += levenshtein(" ".join(s(noisy).split()), t)
    print(f"(b) generated confusions, {len(texts)} docs: raw CER {raw_dist / total:.2%}", end="")
    for s in systems:
        print(
            f" | {s.name} CER {dist[s.name] / total:.2%}, "
            f"reduction {1 - dist[s.name] / raw_dist:.0%}",
            end="",
        )
    print("   (target reduction ≥ 85 %)")


def ocr_section(systems, docs: list[list[tuple[str, str]]]) -> None:
    pages = sum(len(d) for d in docs)
    print(f"(c) plain tesseract on photocopy scans, {len(docs)} docs, {pages} pages:")
    for s in systems:
        f = w = b = r = 0
        started = time.perf_counter()
        for doc in docs:
            fixed = s.pages([ocr for ocr, _ in doc])
            for (ocr, truth), corrected in zip(doc, fixed, strict=True):
                counts = fixed_and_broken(ocr, corrected, truth)
                f, w, b, r = f + counts[0], w + counts[1], b + counts[2], r + counts[3]
        secs = time.perf_counter() - started
        words = sum(len(TOKEN.findall(ocr)) for d in docs for ocr, _ in d)
        print(
            f"    {s.name:9}: misread words fixed {f}/{w} = {f / max(1, w):.1%} (target ≥ 50 %), "
            f"correct words broken {b}/{r} = {b / max(1, r):.2%} (target ≤ 0.3 %); "
            f"{words / secs:,.0f} words/s incl. scoring"
        )


def heldout_section(systems) -> None:
    """(f): the test split of scripts/channel.py, each render one document."""
    from scripts import channel

    pages = channel.run(channel.make_jobs("test"))
    looks = sorted({p["look"] for p in pages})
    fonts = sorted({p["font"] for p in pages})
    print(
        f"(f) held-apart channel renders (pipeline OCR): {len(pages)} pages, fonts "
        f"{', '.join(fonts)}; looks {', '.join(looks)}:"
    )
    for s in systems:
        fixed = [s.pages([page["ocr"]])[0] for page in pages]
        for letters in (False, True):
            total = [0, 0, 0, 0]
            copies = [0, 0, 0, 0]
            for page, corrected in zip(pages, fixed, strict=True):
                counts = fixed_and_broken(page["ocr"], corrected, page["truth"], letters)
                for i in range(4):
                    total[i] += counts[i]
                    copies[i] += counts[i] if page["look"].startswith("photocopy") else 0
            f, w, b, r = total
            what = "words (letters only)" if letters else "tokens"
            print(
                f"    {s.name:9} {what:20}: misread fixed {f}/{w} = {f / max(1, w):.1%}, "
                f"correct broken {b}/{r} = {b / max(1, r):.2%}; photocopies only: fixed "
                f"{copies[0] / max(1, copies[1]):.1%}, broken {copies[2] / max(1, copies[3]):.2%}"
            )
    print("    (targets: misread words fixed ≥ 50 %, correct words broken ≤ 0.3 %)")


def clean_section(systems, texts: dict[str, str]) -> None:
    words = sum(len(TOKEN.findall(t)) for t in texts.values())
    print(f"(d) clean dev texts, {len(texts)} docs, {words} words: words changed", end="")
    for s in systems:
        secs = cpu = 0.0  # the correction alone, not the scoring below
        changed = 0
        for t in texts.values():
            started, started_cpu = time.perf_counter(), time.process_time()
            fixed = s(t)
            secs += time.perf_counter() - started
            cpu += time.process_time() - started_cpu
            before, after = TOKEN.findall(t), TOKEN.findall(fixed)
            changed += sum(
                1
                for op in difflib.SequenceMatcher(a=before, b=after, autojunk=False).get_opcodes()
                if op[0] != "equal"
                for _ in range(op[2] - op[1])
            )
        print(
            f" | {s.name} {changed / words:.2%} ({words / secs:,.0f} words/s; "
            f"{words / cpu:,.0f} per CPU second)",
            end="",
        )
    print("   (target ≤ 0.1 %, ≥ 20,000 words/s)")


def speed_section() -> None:
    """Start-up and peak memory of `council correct` on a one-page text, in a fresh process."""
    probe = (
        "import sys, time\n"
        "t, cpu = time.perf_counter(), time.process_time()\n"
        "from pipeline.correct import corrector\n"
        "c = corrector()\n"
        "startup = time.perf_counter() - t\n"
        "startup_cpu = time.process_time() - cpu\n"
        "import pipeline.cli.correct\n"
        "from pipeline.cli.app import app\n"
        "sys.argv = ['council', 'correct', sys.argv[1]]\n"
        "try:\n    app()\nexcept SystemExit:\n    pass\n"
        "status = open('/proc/self/status').read().split('VmHWM:')[1].split()[0]\n"
        "peak = int(status) / 1024  # ru_maxrss would include the forking parent\n"
        "print(f'{startup:.2f} {startup_cpu:.2f} {peak:.0f}', file=sys.stderr)\n"
    )
    text = TRUTH.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "page.txt"
        page.write_text(text, encoding="utf-8")
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", probe, str(page)],
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=True,
        )
        wall = time.perf_counter() - started
    startup, startup_cpu, peak = done.stderr.strip().splitlines()[-1].split()
    print(
        f"(e) council correct on a one-page file: dictionary start-up {startup} s "
        f"({startup_cpu} CPU s), whole run "
        f"{wall:.2f} s, peak memory {peak} MB   (targets ≤ 1 s, ≤ 250 MB)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=40, help="documents scanned for (c)")
    parser.add_argument("--pages", type=int, default=2, help="pages per scanned document")
    parser.add_argument(
        "--no-ocr", action="store_true", help="skip (c) and (g)'s OCR part: they run tesseract"
    )
    parser.add_argument("--only-heldout", action="store_true", help="only section (f)")
    parser.add_argument("--no-baseline", action="store_true", help="only the corrector (faster)")
    args = parser.parse_args()
    if not (SHARED / "corpus").is_dir() or not SEED.exists():
        print(f"eval_correction: {SHARED} is absent; the seed and dev corpus are needed.")
        eval_restraint.section()  # its texts ship in tests/resources
        return
    started = time.perf_counter()
    systems = [Ours()] if args.no_baseline else [Ours(), Baseline()]
    print(f"(set-up of both systems: {time.perf_counter() - started:.1f} s)")
    if args.only_heldout:
        heldout_section(systems)
        return
    texts = {p.stem: p.read_text(encoding="utf-8") for p in corpus()}
    seed_section(systems)
    confusion_section(systems, texts)
    if not args.no_ocr:
        ocr_section(systems, ocr_pages(corpus()[::2][: args.docs], args.pages))
    clean_section(systems, texts)
    speed_section()
    heldout_section(systems)
    eval_restraint.section()
    if not args.no_ocr:
        eval_restraint.ocr_section()


if __name__ == "__main__":
    main()
