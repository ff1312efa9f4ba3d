"""Abbreviations before numbers misread: "Ne 131/2023", "N? 120/2023" for "Nr. …".

What stands right before a number in council German is a small closed class ("Nr.", "Abs.",
"Art.", "§": dictionaries/number_words.txt; the paragraph sign has its measured channel in
tokens.symbol_fixes). Degraded print loses or garbles the small letters of such an
abbreviation, and the token left is too short for the word corrector (a single letter is never
touched, "Ne" has no German reading). A standalone token before a number that is no valid word
and is one edit from one abbreviation of the class, with the same first letter, is that
abbreviation.
"""

from __future__ import annotations

import re
from functools import cache

from pipeline.correct.lexicon import Lexicon
from pipeline.data import dictionary_path

NUMBER_WORDS_FILE = "number_words.txt"
MAX_SEEN = 3  # characters of the misread token (without its trailing ".", ":")
BEFORE_NUMBER = re.compile(r"(?<!\S)(\S{1,4})(?=[ \u00a0]\(?\d)")
REFERENCE_AFTER = re.compile(r"[ \u00a0]\(?\d+[/.-]\d")  # "120/2023", "0815-21"


@cache
def number_words(name: str = NUMBER_WORDS_FILE) -> tuple[str, ...]:
    lines = dictionary_path(name).read_text(encoding="utf-8").splitlines()
    return tuple(ln.strip() for ln in lines if ln.strip() and not ln.startswith("#"))


def _one_edit(a: str, b: str) -> bool:
    """Levenshtein distance exactly 1."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long = sorted((a, b), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def reading(token: str, lex: Lexicon, words: tuple[str, ...]) -> str | None:
    """The abbreviation `token` (standing before a number) misreads, or None."""
    if token in words:
        return None
    core = token.rstrip(".:")
    if not core or len(core) > MAX_SEEN or lex.is_valid(core) or not core[0].isupper():
        return None
    found = [w for w in words if w[0] == core[0] and _one_edit(core, w.rstrip("."))]
    return found[0] if len(found) == 1 else None


def number_word_fixes(text: str, lex: Lexicon) -> list[tuple[int, str, str]]:
    """(offset, original, corrected) of misread abbreviations before numbers; a token after a
    number (a row of figures) stays."""
    words = number_words()
    fixes = []
    for m in BEFORE_NUMBER.finditer(text):
        before = text[max(0, m.start() - 40) : m.start()].split()
        if before and re.search(r"\d[.,:;)]?$", before[-1]):
            continue
        if len(m.group(1).rstrip(".:")) == 1 and not REFERENCE_AFTER.match(text, m.end()):
            continue  # "Bauteil T 3": a lone letter is an abbreviation only before a paper's number
        fixed = reading(m.group(1), lex, words)
        if fixed is not None:
            fixes.append((m.start(), m.group(1), fixed))
    return fixes
