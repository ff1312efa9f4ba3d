"""Build dictionaries/lexicon.tsv.gz offline from registry sources (`make dictionaries`).

Validity comes from Debian's igerman98 word list (`wngerman`: /usr/share/dict/ngerman, every
inflected form spelled out) plus the council vocabulary we write ourselves; frequencies come from
wordfreq's German list. wordfreq lower-cases and folds ß to "ss", and it contains OCR junk
("lhnen", "hiefür"), so it only supplies frequencies for words the word list knows, plus its
frequent words that the word list lacks (place names, party names) unless they look like an OCR
misreading of a more frequent known word. Output: one "word<TAB>zipf×10" line per word, sorted;
a third column "f" marks the wordfreq-only words.
"""

from __future__ import annotations

import gzip
import math
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "dictionaries" / "lexicon.tsv.gz"
VOCAB = ROOT / "dictionaries" / "council_vocabulary.txt"
NGERMAN = Path("/usr/share/dict/ngerman")
MIN_EXTRA_ZIPF = 3.0  # wordfreq-only words must be at least this frequent (1 per million)
VOCAB_FLOOR = 3.0  # council words are common in council papers whatever general text says
WORD = re.compile(r"^[A-Za-zÄÖÜäöüß]+(?:-[A-Za-zÄÖÜäöüß]+)*$")
# Misreadings (true → OCR) used to recognise junk forms in wordfreq.
JUNK_PAIRS = [("i", "l"), ("a", "o"), ("a", "q"), ("m", "rn"), ("d", "cl"), ("e", "c"), ("ü", "ii")]
JUNK_PAIRS += [("f", "#"), ("t", "l"), ("j", "i"), ("i", "j"), ("ä", "a"), ("ö", "o"), ("ü", "u")]
JUNK_MARGIN = 1.0  # the known word must be ten times as frequent for the form to count as junk


def read_vocabulary(path: Path) -> list[str]:
    words: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0]
        words.extend(w for w in line.split() if WORD.match(w))
    return words


def zipf_table() -> dict[str, float]:
    import wordfreq

    freqs = wordfreq.get_frequency_dict("de", "large")
    return {w: math.log10(f * 1e9) for w, f in freqs.items() if f > 0}


def junk_like(word: str, known: dict[str, float], zipf: float) -> bool:
    """True when undoing one OCR confusion in `word` gives a known word that is more frequent."""
    for true, seen in JUNK_PAIRS:
        start = word.find(seen)
        while start >= 0:
            cand = word[:start] + true + word[start + len(seen) :]
            if known.get(cand, -1.0) > zipf + JUNK_MARGIN:
                return True
            start = word.find(seen, start + 1)
    return False


def build() -> dict[str, str]:
    if not NGERMAN.exists():
        raise SystemExit(f"{NGERMAN} is missing: apt-get install wngerman")
    listed = [w for w in NGERMAN.read_text(encoding="utf-8").split() if WORD.match(w)]
    vocabulary = set(read_vocabulary(VOCAB))
    listed += sorted(vocabulary)
    zipf = zipf_table()
    out: dict[str, str] = {}
    lowered: dict[str, float] = {}
    for w in listed:
        low = w.lower()
        z = zipf.get(low, zipf.get(low.replace("ß", "ss"), 0.0))
        if w in vocabulary:
            z = max(z, VOCAB_FLOOR)
        out[w] = str(round(z * 10))
        lowered[low] = max(lowered.get(low, 0.0), z)
    known_folded = {w.replace("ß", "ss") for w in lowered}
    added = 0
    for w, z in zipf.items():
        if z < MIN_EXTRA_ZIPF or w in lowered or not WORD.match(w) or len(w) < 2:
            continue
        if w in known_folded:  # ß folded away by wordfreq: the ß form is already listed
            continue
        if junk_like(w, lowered, z):
            continue
        out[w] = f"{round(z * 10)}\tf"  # "f": known from frequency only, not a compound part
        added += 1
    print(f"{len(listed)} listed forms, {added} frequent wordfreq words added", file=sys.stderr)
    return out


def main() -> None:
    table = build()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    body = "".join(f"{w}\t{z}\n" for w, z in sorted(table.items()))
    with gzip.GzipFile(OUT, "wb", mtime=0) as fh:  # mtime 0: reproducible bytes
        fh.write(body.encode("utf-8"))
    print(f"wrote {OUT} ({len(table)} words, {OUT.stat().st_size // 1024} KiB)", file=sys.stderr)


if __name__ == "__main__":
    main()
