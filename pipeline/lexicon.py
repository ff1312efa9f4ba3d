"""The German lexicon the corrector trusts: word validity (with compounds) and word frequencies.

Other stages use it too (OCR/layout measure text quality with `known_share` and ask it whether a
line-end hyphen joins one word). Validity is case-aware: a listed lower-case word may also start a
sentence capitalised, any word may be written in capitals, but a noun is not valid in lower case.
Compounds the list lacks ("Kreisschülerrat") are accepted when they split into listed parts with
the usual linking elements (Fugen), so that the corrector never splits a valid compound.
"""

from __future__ import annotations

import gzip
import logging
import re
from functools import cache

from pipeline.data import dictionary_path

log = logging.getLogger(__name__)

LETTERS = "A-Za-zÄÖÜäöüß"
WORD_RE = re.compile(rf"[{LETTERS}]+(?:-[{LETTERS}]+)*")
FUGEN = ("", "s", "es", "n", "en", "er", "e", "ns")
MIN_PART = 3  # shortest compound part ("Rat", "Amt")
MIN_MODIFIER = 4  # shortest first part taken without the list's own confidence
UNKNOWN_ZIPF = 0.0
LISTED_FLOOR = 1.5  # frequency given to listed words wordfreq has never seen


class Lexicon:
    """Word forms with their Zipf frequency (log10 per billion words)."""

    def __init__(self, entries: dict[str, int], parts: set[str]) -> None:
        self._zipf = entries  # exact form → zipf × 10
        self._lower: dict[str, int] = {}
        for word, z in entries.items():
            low = word.lower()
            if self._lower.get(low, -1) < z:
                self._lower[low] = z
        self._parts = parts  # lower-case forms usable as compound parts (the curated list)
        self._compound_cache: dict[str, tuple[str, ...] | None] = {}

    def __len__(self) -> int:
        return len(self._zipf)

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self.is_valid(word)

    def listed(self, word: str) -> bool:
        """True when the exact form, or its sentence-start / all-caps variant, is listed."""
        if word in self._zipf:
            return True
        if not word:
            return False
        if word[0].isupper() and (word[1:].islower() or len(word) == 1):
            if word[0].lower() + word[1:] in self._zipf:
                return True
        return len(word) > 1 and word.isupper() and word.lower() in self._lower

    def is_valid(self, word: str) -> bool:
        """A listed word, a hyphenated word of valid parts, or a compound of listed parts."""
        if self.listed(word):
            return True
        if "-" in word:
            pieces = [p for p in word.split("-") if p]
            return bool(pieces) and all(self.is_valid(p) or p.isupper() for p in pieces)
        if len(word) < 2 * MIN_PART or not (word.islower() or word[1:].islower()):
            return False
        return self.split_compound(word) is not None

    def frequency(self, word: str) -> float:
        """Zipf frequency of a valid word (0 when unknown); compounds rank below their parts."""
        z = self._zipf.get(word)
        if z is None and word[:1].isupper():
            z = self._zipf.get(word[0].lower() + word[1:])
        if z is None and word.isupper():
            z = self._lower.get(word.lower())
        if z is not None:
            return max(z / 10, LISTED_FLOOR)
        if "-" in word:
            pieces = [p for p in word.split("-") if p]
            return min((self.frequency(p) for p in pieces), default=UNKNOWN_ZIPF)
        parts = self.split_compound(word) if len(word) >= 2 * MIN_PART else None
        if parts is None:
            return UNKNOWN_ZIPF
        zs = [self._lower.get(p, 0) / 10 for p in parts]
        return max(LISTED_FLOOR, min(zs) - 0.5 * (len(parts) - 1))

    def split_compound(self, word: str) -> tuple[str, ...] | None:
        """Listed parts (lower case) that make up `word`, or None when it is no compound."""
        low = word.lower()
        if low in self._compound_cache:
            return self._compound_cache[low]
        result = self._split(low, head=True)
        if len(self._compound_cache) > 200_000:
            self._compound_cache.clear()
        self._compound_cache[low] = result
        return result

    def _split(self, low: str, head: bool) -> tuple[str, ...] | None:
        # Try the longest head first: "stadtratsfraktion" → "stadtrats" + "fraktion".
        for cut in range(MIN_PART, len(low) - MIN_PART + 1):
            tail, first = low[cut:], low[:cut]
            if tail not in self._lower or (not head and tail not in self._parts):
                continue
            stem = self._modifier(first)
            if stem is not None:
                return (*stem, tail)
        return None

    def _modifier(self, first: str) -> tuple[str, ...] | None:
        for fuge in FUGEN:
            if fuge and not first.endswith(fuge):
                continue
            stem = first[: len(first) - len(fuge)] if fuge else first
            if len(stem) < MIN_PART:
                continue
            if stem in self._parts and (len(stem) >= MIN_MODIFIER or self._lower[stem] >= 40):
                return (stem,)
            if len(stem) >= MIN_MODIFIER and (stem + "en" in self._parts or stem + "n" in self._parts):
                return (stem,)  # verb stem: "Wohn|raum", "Schreib|tisch"
        if len(first) >= 2 * MIN_PART:
            return self._split(first, head=False)
        return None

    def known_share(self, text: str) -> float:
        """Share of alphabetic tokens (two letters or more) that are valid words; 0.0 if none."""
        tokens = [t.strip("-") for t in WORD_RE.findall(text)]
        tokens = [t for t in tokens if len(t) >= 2]
        if not tokens:
            return 0.0
        return sum(1 for t in tokens if self.is_valid(t)) / len(tokens)


def read_entries(name: str = "lexicon.tsv.gz") -> tuple[dict[str, int], set[str]]:
    """Parse the shipped lexicon: word → zipf×10, and the curated words usable as parts."""
    path = dictionary_path(name)
    entries: dict[str, int] = {}
    parts: set[str] = set()
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            fields = line.rstrip("\n").split("\t")
            entries[fields[0]] = int(fields[1])
            if len(fields) == 2:
                parts.add(fields[0].lower())
    return entries, parts


@cache
def load_lexicon() -> Lexicon:
    """The shipped lexicon, loaded once per process."""
    entries, parts = read_entries()
    log.debug("lexicon: %d words", len(entries))
    return Lexicon(entries, parts)


def known_share(text: str) -> float:
    """Share of alphabetic tokens in `text` that the lexicon accepts (OCR quality measure)."""
    return load_lexicon().known_share(text)
