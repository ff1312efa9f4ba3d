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
SHORT_PART = 4  # parts shorter than this must be common words (zipf×10 below)
SHORT_PART_ZIPF = 45
MAX_PARTS = 4
LONG_MODIFIER = 5  # frequent wordfreq-only words this long serve as modifiers ("Solar|dach")
EXTRA_MODIFIER_ZIPF = 35
COMPOUND_PENALTY = 1.0  # an unlisted compound is rarer than its rarest part
# … and rarer than the frequency from which wordfreq words enter the lexicon (build script).
UNLISTED_CEILING = 2.9
# Modifiers with these endings always take a linking "s" (Digitalisierung|s|konzept).
NEEDS_S = ("ung", "heit", "keit", "schaft", "tion", "tät", "ling")
UNKNOWN_ZIPF = 0.0
UMLAUT = {"a": "ä", "o": "ö", "u": "ü", "A": "Ä", "O": "Ö", "U": "Ü"}
UMLAUT |= {v: k for k, v in UMLAUT.items()}
CEILING_SPAN = 2  # letters by which a reading's length may differ (frequency ceiling)
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
        self._split_memo: dict[tuple[str, bool, int], tuple[str, ...] | None] = {}
        self._ceilings: list[float] | None = None
        self._twin_memo: dict[str, bool] = {}

    def ceiling(self, word: str) -> float:
        """The highest frequency of a listed word within two letters of `word`'s length: what
        a reading of `word` can reach at most (channel rules change the length by one)."""
        if self._ceilings is None:
            top: dict[int, int] = {}
            for w, z in self._zipf.items():
                if top.get(len(w), -1) < z:
                    top[len(w)] = z
            longest = max(top, default=0)
            self._ceilings = [
                max(top.get(k, 0) for k in range(n - CEILING_SPAN, n + CEILING_SPAN + 1)) / 10
                for n in range(longest + 1)
            ]
        n = len(word)
        return self._ceilings[n] if n < len(self._ceilings) else self._ceilings[-1]

    def entries(self):
        """(word, zipf × 10) for every listed form."""
        return self._zipf.items()

    def __len__(self) -> int:
        return len(self._zipf)

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self.is_valid(word)

    def has_form(self, word: str) -> bool:
        """True when exactly this form (this casing) is listed."""
        return word in self._zipf

    def knows_lower(self, word: str) -> bool:
        """Some listed form has this word's letters (one lookup: a quick test before `listed`)."""
        return word.lower() in self._lower

    def listed(self, word: str) -> bool:
        """True when the exact form, or its sentence-start / all-caps variant, is listed."""
        if word in self._zipf:
            return True
        if not word:
            return False
        sentence_start = word[0].isupper() and (word[1:].islower() or len(word) == 1)
        if sentence_start and word[0].lower() + word[1:] in self._zipf:
            return True
        return len(word) > 1 and word.isupper() and word.lower() in self._lower

    def is_valid(self, word: str) -> bool:
        """A listed word, a hyphenated word of valid parts, or a compound of listed parts."""
        if self.listed(word):
            return True
        if "-" in word:
            pieces = [p for p in word.split("-") if p]
            return bool(pieces) and all(self.is_valid(p) or p.isupper() for p in pieces)
        if not self._compound(word):
            return False
        found = self._twin_memo.get(word)
        if found is None:
            if len(self._twin_memo) > 200_000:
                self._twin_memo.clear()
            found = self._twin_memo[word] = not self._umlaut_twin(word)
        return found

    def _compound(self, word: str) -> bool:
        if len(word) < 2 * MIN_PART or not (word.islower() or word[1:].islower()):
            return False
        parts = self.split_compound(word)
        if parts is None:
            return False
        # A lower-case compound needs a lower-case head: "stadtrat" is no word, "hochwertig" is.
        return not word.islower() or parts[-1] in self._zipf

    def _umlaut_twin(self, word: str) -> bool:
        """An unlisted compound that is a more frequent listed word with umlaut dots lost or
        added: "Burgermeister" splits into "burger" + "meister", but it is "Bürgermeister" as
        OCR (or a keyboard without umlauts) wrote it; "Bekanntgäben" is "Bekanntgaben". (A
        twin that is only a compound proves nothing: "Teil|haushält" is no reason to doubt
        "Teilhaushalt".)"""
        own = None
        for i, ch in enumerate(word):
            other = UMLAUT.get(ch)
            if other is None:
                continue
            twin = word[:i] + other + word[i + 1 :]
            if self.listed(twin):
                own = self.frequency(word) if own is None else own
                if self.frequency(twin) > own:
                    return True
        return False

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
        estimate = min(zs) - COMPOUND_PENALTY * (len(parts) - 1)
        return max(LISTED_FLOOR, min(estimate, UNLISTED_CEILING))

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

    def _split(self, low: str, head: bool, depth: int = 0) -> tuple[str, ...] | None:
        """Memoised by (word, head, depth): the recursion tries every cut at every depth, which
        without it is polynomial of degree MAX_PARTS in the word's length (a glued OCR line of
        200 letters took over a minute)."""
        key = (low, head, depth)
        if key not in self._split_memo:
            if len(self._split_memo) > 200_000:
                self._split_memo.clear()
            self._split_memo[key] = self._split_uncached(low, head, depth)
        return self._split_memo[key]

    def _split_uncached(self, low: str, head: bool, depth: int) -> tuple[str, ...] | None:
        # Try the longest head first: "stadtratsfraktion" → "stadtrats" + "fraktion".
        for cut in range(MIN_PART, len(low) - MIN_PART + 1):
            tail, first = low[cut:], low[:cut]
            if tail not in self._parts and (not head or tail not in self._lower):
                continue
            if len(tail) < SHORT_PART and self._lower[tail] < SHORT_PART_ZIPF:
                continue
            stem = self._modifier(first, depth)
            if stem is not None:
                return (*stem, tail)
        return None

    def _modifier(self, first: str, depth: int) -> tuple[str, ...] | None:
        for fuge in FUGEN:
            if fuge and not first.endswith(fuge):
                continue
            stem = first[: len(first) - len(fuge)] if fuge else first
            if len(stem) < MIN_PART or (fuge != "s" and stem.endswith(NEEDS_S)):
                continue
            short_ok = len(stem) >= SHORT_PART or self._lower.get(stem, 0) >= SHORT_PART_ZIPF
            if stem in self._parts and short_ok:
                return (stem,)
            if len(stem) >= LONG_MODIFIER and self._lower.get(stem, 0) >= EXTRA_MODIFIER_ZIPF:
                return (stem,)  # a frequent word the curated list lacks ("Photovoltaik|anlage")
            if len(stem) >= SHORT_PART and (
                stem + "en" in self._parts or stem + "n" in self._parts
            ):
                return (stem,)  # verb stem: "Wohn|raum", "Schreib|tisch"
        if depth >= MAX_PARTS - 1:
            return None
        # A modifier that is itself a compound: its last part takes the linking element its
        # ending needs: "Rest|nutzungs|dauer" is "restnutzung" + "s", "Restnutzung|dauer" is no
        # word. Other modifiers are split as they stand ("Stadt|rats|fraktion").
        stem = first[:-1] if first.endswith("s") and first[:-1].endswith(NEEDS_S) else first
        if len(stem) < 2 * MIN_PART or (stem == first and first.endswith(NEEDS_S)):
            return None
        return self._split(stem, head=False, depth=depth + 1)

    def curated(self, word: str) -> bool:
        """This exact form is in the curated word list (not only in wordfreq)."""
        return word in self._zipf and word.lower() in self._parts

    def is_part(self, word: str) -> bool:
        """A curated (not frequency-only) word that can stand alone after splitting glued words."""
        return len(word) >= MIN_PART and self.listed(word) and word.lower() in self._parts

    def is_modifier(self, word: str) -> bool:
        """Valid as the first half of a suspended compound ("Zukunfts-", "Genehmigungs-")."""
        return self.is_valid(word) or self._modifier(word.lower(), 0) is not None

    def known_share(self, text: str) -> float:
        """Share of alphabetic tokens (two letters or more) that are valid words; 0.0 if none."""
        tokens = [t.strip("-") for t in WORD_RE.findall(text)]
        tokens = [t for t in tokens if len(t) >= 2]
        if not tokens:
            return 0.0
        return sum(1 for t in tokens if self.is_valid(t)) / len(tokens)


def read_entries(name: str = "lexicon.tsv.gz") -> tuple[dict[str, int], set[str]]:
    """Parse the shipped lexicon: word → zipf×10, and the curated words usable as parts."""
    entries: dict[str, int] = {}
    parts: set[str] = set()
    with gzip.open(dictionary_path(name), "rt", encoding="utf-8") as fh:
        lines = fh.read().splitlines()  # one read: twice as fast as iterating the gzip file
    for line in lines:
        word, _, rest = line.partition("\t")
        zipf, _, marker = rest.partition("\t")
        entries[word] = int(zipf)
        if not marker and (word.islower() or word[1:].islower()):
            parts.add(word.lower())  # no acronyms or abbreviations ("SFr", "Okt") as parts
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
