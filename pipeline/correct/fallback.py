"""Edit-distance fallback for misreadings the confusion model does not know (symspellpy).

Built lazily, only when a document has an unknown word the confusion model cannot explain, and
only over the frequent part of the lexicon: the full 364k-word list would take seconds and
hundreds of megabytes with symspellpy's delete index, while the words worth guessing by plain
edit distance are the common ones.
"""

from __future__ import annotations

import logging
from functools import cache

from symspellpy import SymSpell, Verbosity

from pipeline.correct.channel import Channel
from pipeline.correct.lexicon import Lexicon, load_lexicon

log = logging.getLogger(__name__)

MIN_ZIPF = 3.5  # words rarer than ~1.6 per million are not guessed by edit distance alone
MAX_DISTANCE = 2
EDIT_COST = 2.0  # channel cost of one plain edit that no measured confusion explains
EDIT_VARIANTS = 16  # cheapest confusion readings that are also tried with one plain edit
EDIT_COMPOUND_VARIANTS = 4  # … of which these also reach compounds (slow to check)
# From this length also a compound of listed parts that a doubled letter hides
# ("Gesamttfertigstellung"; any lost letter would turn "Eilentscheidung" into "Eilenscheidung").
LONG_DOUBLED_FROM = 14


@cache
def _index() -> SymSpell:
    lex = load_lexicon()
    index = SymSpell(max_dictionary_edit_distance=MAX_DISTANCE, prefix_length=7)
    for word, z in lex.entries():
        if z >= MIN_ZIPF * 10 and len(word) >= 3:
            index.create_dictionary_entry(word.lower(), int(10 ** (z / 10)))
    log.debug("symspell fallback index: %d words", len(index.words))
    return index


def edit_candidates(word: str, lex: Lexicon | None = None) -> list[tuple[str, int]]:
    """Valid words within edit distance 2 of `word` (case restored), with their distance."""
    lex = lex or load_lexicon()
    found = _index().lookup(word.lower(), Verbosity.CLOSEST, MAX_DISTANCE)
    out = []
    for s in found:
        cand = s.term
        if word[:1].isupper():
            cand = cand[:1].upper() + cand[1:]
        if cand != word and cand in lex:
            out.append((cand, s.distance))
    return out


ALPHABET = "abcdefghijklmnopqrstuvwxyzäöüß"


def edits1(word: str) -> set[str]:
    """Every string one deletion, transposition, replacement or insertion away."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    out = {a + b[1:] for a, b in splits if b}
    out |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    out |= {a + c + b[1:] for a, b in splits if b for c in ALPHABET}
    out |= {a + c + b for a, b in splits for c in ALPHABET}
    out.discard(word)
    return out


def _edits_cased(word: str) -> set[str]:
    if word[:1].isupper():
        return {v[:1].upper() + v[1:] for v in edits1(word[0].lower() + word[1:]) if v}
    return edits1(word)


TWINS = {("o", "ö"), ("ö", "o"), ("a", "ä"), ("ä", "a"), ("u", "ü"), ("ü", "u")}


def doubled(word: str) -> set[str]:
    """`word` without one letter of a pair OCR doubled: a letter twice ("Haushalltsplan") or
    beside its umlaut ("Zentrenkoönzepts", "OÖrtsvorstehern")."""
    out = set()
    for i in range(1, len(word)):
        a, b = word[i - 1].lower(), word[i].lower()
        if a == b or (a, b) in TWINS:
            out.add(word[: i - 1] + word[i:])
            out.add(word[:i] + word[i + 1 :])
    out.discard(word)
    return out


def near_words(word: str, lex: Lexicon) -> list[str]:
    """Valid words (compounds included) one plain edit away from `word`."""
    return sorted(c for c in _edits_cased(word) if c in lex)


def near_listed(word: str, lex: Lexicon) -> list[str]:
    """Listed words (no compounds) one plain edit away from `word`: a set lookup per edit, about
    a millisecond for a long word, where checking compounds takes a hundred times longer."""
    return sorted(c for c in _edits_cased(word) if lex.knows_lower(c) and lex.listed(c))


def edited(word: str, lex: Lexicon, ch: Channel, budget: float) -> list[tuple[float, str]]:
    """Readings within two plain edits (symspell) or one edit besides the cheapest confusions
    (those within `budget`), best first, each scored by its full channel cost: the measured
    confusions where they explain a difference, EDIT_COST per character where none does."""
    found: set[str] = set()
    variants: dict[str, float] = {}
    for v, c, _r in ch.variants(word, budget):
        if v.isalpha() and c < variants.get(v, 99.0):
            variants[v] = c
    for k, (v, _c) in enumerate(sorted(variants.items(), key=lambda x: x[1])[:EDIT_VARIANTS]):
        near = near_words if k < EDIT_COMPOUND_VARIANTS else near_listed
        found.update(near(v, lex))
    if word.isalpha():
        found.update(cand for cand, _d in edit_candidates(word, lex))
    return _scored(word, found, lex, ch)


def edited_listed(word: str, lex: Lexicon, ch: Channel) -> list[tuple[float, str]]:
    """Listed words one plain edit from `word` (and long compounds behind a doubled letter),
    scored as in `edited`: what clean text, where names abound, may be corrected to."""
    found = set(near_listed(word, lex))
    if len(word) >= LONG_DOUBLED_FROM:
        found.update(v for v in doubled(word) if v in lex)
    return _scored(word, found, lex, ch)


def _scored(word: str, found: set[str], lex: Lexicon, ch: Channel) -> list[tuple[float, str]]:
    scored = [(lex.frequency(c) - ch.reading_cost(word, c, EDIT_COST), c) for c in found]
    return sorted(scored, key=lambda x: (-x[0], x[1]))
