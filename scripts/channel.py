"""`make channel`: estimate tesseract's error channel on German print from rendered, degraded,
OCRed text, into dictionaries/ocr_channel.tsv (recipe in dictionaries/README.md).

    nice .venv/bin/python -m scripts.channel [--jobs 2] [--scale 1.0]

1. Text: the dev corpus (../shared/corpus, when present; municipalities of fold 0 of
   scripts/corpus.py are held apart), German fortunes (Debian `fortunes-de`, entries split by a
   hash into train and test) and sentences of lexicon words with paragraph signs, percentages
   and euro amounts (so the symbol cases occur).
2. Renders: seven train fonts and four test fonts of other families (scripts/channel_render.py),
   9–12 pt, each page through one of six degradations (office scan, photocopy, photocopy of a
   photocopy, fax, 150 dpi JPEG, skew), read by the pipeline's own OCR (`ocr_image`). OCR output
   is cached per render in .cache/channel/.
3. Alignment: words by difflib, then characters by Levenshtein inside each differing stretch of
   at most four words; a run of differing characters is one confusion (so "m" read as "rn" is
   the two-letter confusion rn→m, not two edits). A dropped letter becomes a rule on its left
   neighbour ("a" read where "al" was printed), a spurious one a rule on the pair ("ll" → "l").
4. Estimate: P(printed t | OCR shows s) = n(s→t) / n(s), with n(s) the occurrences of s in the
   aligned OCR text. Rules seen at least MIN_COUNT times are written. Standalone tokens in front
   of a number (where "§" is read as "8", "5", "$") are counted apart, as context `num`.

Only the train renders are used for the estimate; `make eval` (scripts/eval_correction.py)
measures the corrector on the test renders.
"""

from __future__ import annotations

import argparse
import difflib
import json
import random
import re
import sys
import time
import zlib
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from pipeline.correct.channel import char_runs
from scripts import corpus
from scripts.channel_render import LOOKS, SIZES_PT, TEST_FONTS, TRAIN_FONTS, Job, ocr_job

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".cache" / "channel"
OUT = ROOT / "dictionaries" / "ocr_channel.tsv"
FORTUNES = Path("/usr/share/games/fortunes/de")
CHUNK_CHARS = 700
TRAIN_PER_FONT, TEST_PER_FONT = 100, 30
MIN_COUNT = 2
MAX_RUN = 3  # longer differing runs are garbage (a smudge), not a confusion
MAX_BLOCK = 4  # words per side of a differing stretch that is aligned by characters
SYMBOLS = "§%€"
NUMBER = re.compile(r"^\(?\d")
GLYPHS = "01|!#£"  # non-letters tesseract shows inside words in place of letters


# ---------------------------------------------------------------- text


def _chunks(text: str, size: int = CHUNK_CHARS) -> list[str]:
    """Paragraph-respecting pieces of about `size` characters."""
    out, cur = [], ""
    for para in re.split(r"\n\s*\n", text):
        para = para.strip()
        if not para:
            continue
        if cur and len(cur) + len(para) > size:
            out.append(cur)
            cur = ""
        cur = f"{cur}\n\n{para}" if cur else para[: 2 * size]
    if cur:
        out.append(cur)
    return out


def _fortunes() -> list[str]:
    entries = []
    for path in sorted(FORTUNES.glob("*.u8")):
        for entry in path.read_text(encoding="utf-8", errors="replace").split("\n%\n"):
            body = "\n".join(ln for ln in entry.splitlines() if not ln.startswith("\t"))
            if 40 < len(body) < 600 and "|" not in body and "__" not in body:
                entries.append(body.strip())
    return entries


def _lexicon_sentences(rng: random.Random, n: int) -> list[str]:
    """Lines of frequent lexicon words with the symbol cases council text has."""
    from pipeline.correct.lexicon import load_lexicon

    words = sorted(w for w, z in load_lexicon().entries() if z >= 30 and w.isalpha())
    out = []
    for _ in range(n):
        lines = []
        for _ in range(8):
            line = [rng.choice(words) for _ in range(rng.randint(5, 9))]
            at = rng.randrange(len(line))
            line.insert(at, rng.choice(_SYMBOL_PHRASES)(rng))
            lines.append(" ".join(line) + rng.choice(".,;:"))
        out.append("\n".join(lines))
    return out


_SYMBOL_PHRASES = [
    lambda r: f"gemäß § {r.randint(1, 140)} {r.choice(['GO', 'BauGB', 'KAG', 'GemO', 'BGB'])}",
    lambda r: f"§ {r.randint(1, 99)} Abs. {r.randint(1, 6)}",
    lambda r: f"{r.randint(1, 99)} %",
    lambda r: f"{r.randint(1, 999)}.{r.randint(100, 999)} €",
    lambda r: f"{r.randint(1, 9999)},{r.randint(10, 99)} EUR",
    lambda r: f"am {r.randint(1, 28)}.{r.randint(1, 12)}.{r.randint(2000, 2030)}",
]


SOURCE_WEIGHTS = {"corpus": 0.5, "fortunes": 0.25, "lexicon": 0.25}


def texts(rng: random.Random) -> dict[str, dict[str, list[str]]]:
    """Text pieces per split and source: no corpus municipality, fortune or lexicon sentence
    is on both sides."""
    out: dict[str, dict[str, list[str]]] = {"train": {}, "test": {}}
    for side in out.values():
        for source in SOURCE_WEIGHTS:
            side[source] = []
    if corpus.available():
        for doc in corpus.load():
            side = "test" if corpus.fold_of(doc.municipality, 5) == 0 else "train"
            out[side]["corpus"].extend(_chunks(doc.text)[:4])
    fortunes = _fortunes()
    for i in range(0, len(fortunes) - 4, 4):
        piece = "\n\n".join(fortunes[i : i + 4])
        side = "test" if zlib.crc32(piece.encode()) % 5 == 0 else "train"
        out[side]["fortunes"].append(piece)
    lexical = _lexicon_sentences(rng, 60)
    out["train"]["lexicon"], out["test"]["lexicon"] = lexical[:45], lexical[45:]
    return out


def make_jobs(split: str, scale: float = 1.0, seed: int = 12) -> list[Job]:
    """The renders of one split ("train" or "test"), deterministic."""
    pools = {k: v for k, v in texts(random.Random(seed))[split].items() if v}
    fonts, per = (TRAIN_FONTS, TRAIN_PER_FONT) if split == "train" else (TEST_FONTS, TEST_PER_FONT)
    rng = random.Random(f"{seed}:{split}")
    sources = sorted(pools)
    weights = [SOURCE_WEIGHTS[s] for s in sources]
    jobs = []
    for n, (font, path) in enumerate(sorted(fonts.items())):
        if not path.exists():
            print(f"channel: font {path} missing (scripts/install-system-deps.sh)", file=sys.stderr)
            continue
        for k in range(max(1, round(per * scale))):
            look = LOOKS[(n + k) % len(LOOKS)]
            size = SIZES_PT[(n * 3 + k) % len(SIZES_PT)]
            pool = pools[rng.choices(sources, weights)[0]]
            jobs.append(Job(font, str(path), size, look, rng.randrange(10**6), rng.choice(pool)))
    return jobs


def run(jobs: list[Job], workers: int = 2) -> list[dict]:
    """OCR results of the jobs, from the cache where present."""
    CACHE.mkdir(parents=True, exist_ok=True)
    todo = [j for j in jobs if not (CACHE / f"{j.key}.json").exists()]
    if todo:
        print(f"channel: rendering and reading {len(todo)} pages…", file=sys.stderr, flush=True)
        with ProcessPoolExecutor(max_workers=workers) as pool:
            for result in pool.map(ocr_job, todo):
                path = CACHE / f"{result['key']}.json"
                path.write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
    return [json.loads((CACHE / f"{j.key}.json").read_text(encoding="utf-8")) for j in jobs]


# ---------------------------------------------------------------- alignment


def confusions(truth: str, ocr: str) -> list[tuple[str, str]]:
    """(seen, printed) rules one differing stretch needs; dropped and spurious letters take
    their left neighbour (or, at the start, their right one) as context."""
    runs = char_runs(truth, ocr)
    out = []
    for k, (t, o) in enumerate(runs):
        if t == o or len(t) > MAX_RUN or len(o) > MAX_RUN or " " in t + o:
            continue
        left = runs[k - 1][1] if k and runs[k - 1][0] == runs[k - 1][1] else ""
        right = runs[k + 1][1] if k + 1 < len(runs) and runs[k + 1][0] == runs[k + 1][1] else ""
        if t and o:
            out.append((o, t))
        elif right.strip() and (t or o) == right * len(t or o) and left != right:
            out.append((o + right, t + right))  # a doubled or lost double letter: "ll" ↔ "l"
        elif left.strip():
            out.append((left + o, left + t))
        elif right.strip():
            out.append((o + right, t + right))
    return out


def align_page(ocr: str, truth: str, stats: Counter, events: Counter, seen_text: list[str]):
    """Count one page's confusions; the OCR words that were aligned go into `seen_text`."""
    o, t = ocr.split(), truth.split()
    sm = difflib.SequenceMatcher(a=o, b=t, autojunk=False)
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            seen_text.append(" ".join(o[i1:i2]))
            stats["words"] += i2 - i1
            continue
        if op != "replace" or i2 - i1 > MAX_BLOCK or j2 - j1 > MAX_BLOCK:
            stats["dropped or garbled words"] += j2 - j1
            continue
        stats["words"] += j2 - j1
        stats["misread words"] += j2 - j1
        a, b = " ".join(t[j1:j2]), " ".join(o[i1:i2])
        if a.replace(" ", "") == b.replace(" ", ""):
            stats["split" if b.count(" ") > a.count(" ") else "merged"] += 1
        if i2 - i1 == j2 - j1:
            for ow, tw in zip(o[i1:i2], t[j1:j2], strict=True):
                if any(s in tw for s in SYMBOLS) and tw.strip("()") in SYMBOLS:
                    events[(ow, tw.strip("()"), "num")] += 1
        seen_text.append(b)
        for rule in confusions(a, b):
            events[(*rule, "")] += 1


def _wordish(seen: str, printed: str, ctx: str) -> bool:
    """Rules the corrector can use: letters inside words (where OCR may show a digit or a
    stray glyph), or a symbol in front of a number."""
    if ctx == "num":
        return printed in SYMBOLS
    return printed.isalpha() and all(ch.isalpha() or ch in GLYPHS for ch in seen)


def number_contexts(pages: list[dict]) -> Counter:
    """How often each standalone token stands in front of a number in the OCR text."""
    out: Counter = Counter()
    for page in pages:
        words = page["ocr"].split()
        for w, nxt in zip(words, words[1:], strict=False):
            if NUMBER.match(nxt) and len(w) <= 2:
                out[w] += 1
    return out


def estimate(pages: list[dict]) -> tuple[list[tuple[str, str, int, int, str]], Counter]:
    """Rules (seen, printed, n(s→t), n(s), context) from the aligned pages."""
    stats: Counter = Counter()
    events: Counter = Counter()
    seen_text: list[str] = []
    for page in pages:
        align_page(page["ocr"], page["truth"], stats, events, seen_text)
    joined = "\n".join(seen_text)
    # A glyph that is no letter ("0", "1", "|") stands for one only inside a word (tokens.py):
    # its occurrences are counted in tokens with a letter, not in numbers.
    lettered = "\n".join(w for w in joined.split() if any(ch.isalpha() for ch in w))
    before_number = number_contexts(pages)
    from pipeline.correct.channel import shape_rules

    rules = []
    priors = {(s, t, "") for s, t, _p in shape_rules()}
    for s, t, ctx in sorted(set(events) | priors):
        n = events[(s, t, ctx)]
        if (n < MIN_COUNT and (s, t, ctx) not in priors) or s == t or not _wordish(s, t, ctx):
            continue
        if ctx == "num":
            total = before_number[s]
        else:
            total = (joined if all(ch.isalpha() for ch in s) else lettered).count(s)
        rules.append((s, t, n, max(total, n), ctx))
    stats["characters"] = len(joined)
    return rules, stats


def write(rules: list[tuple[str, str, int, int, str]], stats: Counter, jobs: list[Job]) -> None:
    fonts = sorted({j.font for j in jobs})
    head = [
        "# tesseract's error channel on German print, estimated by `make channel` "
        "(scripts/channel.py; recipe in dictionaries/README.md)",
        f"# {len(jobs)} train renders, fonts {', '.join(fonts)}; looks {', '.join(LOOKS)}",
        "# " + "; ".join(f"{k} {v}" for k, v in sorted(stats.items())),
        "# seen\tprinted\tcount\tseen_total\tcontext   (P(printed | seen) = count / seen_total)",
    ]
    lines = [f"{s}\t{t}\t{n}\t{total}\t{ctx}" for s, t, n, total, ctx in rules]
    OUT.write_text("\n".join(head + lines) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--jobs", type=int, default=2, help="tesseract processes at once")
    parser.add_argument("--scale", type=float, default=1.0, help="render volume factor")
    args = parser.parse_args()
    started = time.perf_counter()
    train = make_jobs("train", args.scale)
    pages = run(train, args.jobs)
    run(make_jobs("test", args.scale), args.jobs)  # cached for `make eval`
    rules, stats = estimate(pages)
    write(rules, stats, train)
    print(
        f"channel: {len(rules)} rules from {len(pages)} train pages ({stats['characters']} "
        f"characters, {stats['misread words']} misread words) → {OUT.relative_to(ROOT)} "
        f"in {time.perf_counter() - started:.0f} s"
    )
    for s, t, n, total, ctx in sorted(rules, key=lambda r: -r[2])[:25]:
        print(f"  {s!r:>8} → {t!r:8} {n:4d}/{total:<6d} {ctx}")


if __name__ == "__main__":
    main()
