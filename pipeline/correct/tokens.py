"""Tokenisation for correction: words with their offsets, everything else left exactly in place.

The corrector only ever rewrites the characters of a word token, so punctuation, casing of
untouched words, line breaks and spacing survive. A token is protected (never changed) when it
is a number, date or reference code ("ZD/1355/2021", "167-17"), an acronym ("SPD", "ÖPNV",
"AfD"), part of an e-mail address or URL, or a short abbreviation before a full stop ("Tel.").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

LETTER = "A-Za-zÄÖÜäöüßﬁﬂıſ"  # "ſ": the long s of early prints (restraint.py)
LOWER = "a-zäöüßı"  # "ı": a dotless i, tesseract's reading of a faint "i" or "t"
# A word may carry characters tesseract substitutes for letters ("Hie#ür", "A1le", "|hnen")
# between letters; at its edges they are punctuation or numbers, not part of the word.
WORD = re.compile(
    rf"(?:[lL]\.(?=[{LOWER}]{{3}})|[{LETTER}])"  # "l.andes": a capital L's foot read as "."
    rf"(?:[{LETTER}]|[#|01](?=[{LETTER}#|01]*[{LETTER}])"
    rf"|(?<=[{LOWER}]{{2}})\.(?=[{LOWER}]{{2}}))*"  # "nachträg.ich": a faint "l" read as "."
    rf"(?:(?<=[{LETTER}]{{2}})[#1|](?![0-9]))?"  # "Berich1", "Bedar#": a misread last letter
)
CHUNK = re.compile(r"\S+")
DIGIT = re.compile("[2-9]")
URLISH = re.compile(r"@|://|^www\.|\.(?:de|com|org|net|eu|info)\b", re.I)
GENDER_TAIL = re.compile(r"^(?:In|Innen)$")
GENDER_FORM = re.compile(r"[a-zäöüß](?:In|Innen|\*innen|:innen)$")  # "BürgerInnen"
QUOTES = re.compile('[„“”"]')
ACRONYM_SHAPE = re.compile(r"^[A-ZÄÖÜ][A-ZÄÖÜa-zäöüß]*[A-ZÄÖÜ][A-ZÄÖÜa-zäöüß]*$")


@dataclass
class Token:
    start: int
    end: int
    text: str
    protected: bool
    before_hyphen: bool = False  # "Zukunfts-" in "Zukunfts- und Finanzplanung"


def is_acronym(word: str) -> bool:
    """Two or more capitals and no long lower-case run: "SPD", "ÖPNV", "AfD", "GmbH"."""
    if word[1:].islower() or word.islower():
        return False  # most words: at most the first letter is a capital
    caps = sum(ch.isupper() for ch in word)
    if caps < 2 or not ACRONYM_SHAPE.match(word):
        return False
    if word.isupper():
        return True
    runs = re.findall(r"[a-zäöüß]+", word)
    return max(len(r) for r in runs) <= 2 if runs else True


def _plain(word: str) -> bool:
    """Letters only, and no dotless i (tesseract's misread of a faint i or t)."""
    return word.isalpha() and "ı" not in word


def camel_split(word: str) -> int | None:
    """Index where a lower-case letter meets a capital inside a word that OCR glued together."""
    for i in range(3, len(word) - 2):
        if word[i].isupper() and word[i - 1].islower():
            if GENDER_TAIL.match(word[i:]) or not word[i + 1 :].islower():
                return None
            return i
    return None


def tokenize(text: str) -> list[Token]:
    """Word tokens of `text` in order, each flagged whether the corrector may touch it."""
    tokens: list[Token] = []
    for chunk in CHUNK.finditer(text):
        body = chunk.group()
        code_like = bool(URLISH.search(body)) or bool(DIGIT.search(body))
        for m in WORD.finditer(body):
            word = m.group()
            start, end = chunk.start() + m.start(), chunk.start() + m.end()
            protected = (
                code_like
                or len(word) < 2
                or is_acronym(word)
                or (("In" in word or "nnen" in word) and bool(GENDER_FORM.search(word)))
            )
            after = body[m.end() : m.end() + 1]
            before = body[m.start() - 1 : m.start()] if m.start() else ""
            # An abbreviation: "Tel.", "bzw.", "gem."; not "sınd." or "a1s.": misreads.
            if after == "." and len(word) <= 4 and word[1:].islower() and _plain(word):
                protected = True
            if before.isdigit() or after.isdigit():
                protected = True  # "3a", "B12": part of a number or code
            tokens.append(Token(start, end, word, protected, after == "-"))
    return tokens


def symbol_pattern(symbols: dict[str, str]) -> re.Pattern[str] | None:
    """A standalone token in front of a number that the channel says is a misread symbol."""
    if not symbols:
        return None
    alternatives = "|".join(re.escape(s) for s in sorted(symbols, key=len, reverse=True))
    return re.compile(rf"(?<!\S)(?:{alternatives})(?=[ \u00a0]\(?\d)")


def symbol_fixes(
    text: str, symbols: dict[str, str], pattern: re.Pattern[str] | None
) -> list[tuple[int, str, str]]:
    """Symbols tesseract misreads: "§" before a number read as "$", "8" or "S" ("gem. 8 6
    Abs. 1"; which tokens, from the measured channel: `symbols`, compiled as `pattern`); the
    closing quote of German „…“ is “, which it often reads as ”.

    A token after a number stays (a row of figures in a table). Only a ” that closes an open „
    is changed ((offset, original, corrected)); a ” after “ is English-style quoting and stays,
    and so does a straight quote, which writers also type.
    """
    fixes: list[tuple[int, str, str]] = []
    for m in pattern.finditer(text) if pattern else ():
        before = text[: m.start()].split()
        if before and re.search(r"\d[.,:;)]?$", before[-1]):
            continue
        fixes.append((m.start(), m.group(), symbols[m.group()]))
    open_low = False
    for m in QUOTES.finditer(text):
        ch = m.group()
        if ch == "„":
            open_low = True
        elif open_low:
            open_low = False
            if ch == "”":
                fixes.append((m.start(), ch, "“"))
    return fixes
