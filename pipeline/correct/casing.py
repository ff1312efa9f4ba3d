"""Where a sentence starts, and the I/J capitals tesseract puts on closed-class words.

Tesseract reads a word-initial "i"/"j" as "I"/"J" ("Ist", "Jedoch"). Only a capital inside a
line of a sentence is evidence of that; at a line start it may be the writer's (a heading, a
verse), and after a short line (a heading, a paragraph end) a new sentence begins.
"""

from __future__ import annotations

from functools import lru_cache

from pipeline.correct.lexicon import Lexicon
from pipeline.correct.tokens import Token

# Closed-class words that are never capitalised inside a sentence: evidence for I/J misreads.
CLOSED_CLASS = {"in", "im", "ist", "ich", "ihm", "ihn", "immer", "indem", "inzwischen", "innerhalb"}
CLOSED_CLASS |= {"insbesondere", "infolge", "je", "jedoch", "jetzt", "jeweils", "jedes", "jeder"}
CLOSED_CLASS |= {"inklusive", "insgesamt", "inwieweit", "indes", "irgendwie", "jederzeit"}
CLOSED_CLASS |= {"jedenfalls", "jemals", "jene", "jenseits", "jedem", "jeden"}
POLITE = {"Ihr", "Ihre", "Ihrer", "Ihren", "Ihrem", "Ihres", "Ihnen"}  # capitalised on purpose
SHORT_LINE = 0.6  # of the median line length: a shorter line ends a heading or paragraph


def case_evidence(text: str, toks: list[Token]) -> int:
    """Closed-class words capitalised inside a line of a sentence ("… das Ist …"): I/J
    misreads. At a line start the capital may be the writer's (a verse, a heading)."""
    return sum(
        1
        for t in toks
        if t.text[:1] in "IJ"
        and t.text.lower() in CLOSED_CLASS
        and mid_sentence(text, t.start)
        and "\n" not in text[max(0, t.start - 3) : t.start]
    )


def mid_sentence(text: str, start: int) -> bool:
    """True when the word at `start` follows a word, number or comma of the same sentence."""
    i = start - 1
    newlines = 0
    while i >= 0 and text[i].isspace():
        newlines += text[i] == "\n"
        i -= 1
    if i < 0 or newlines >= 2:
        return False
    if newlines == 1 and i - text.rfind("\n", 0, i) < SHORT_LINE * _typical_line(text):
        return False  # after a heading or the short last line of a paragraph: a new sentence
    if text[i].isdigit():
        return newlines == 0  # "Tempo 30 In der …", but not a line that ends in a number
    return text[i].isalpha() or text[i] in ",;"


@lru_cache(maxsize=16)
def _typical_line(text: str) -> float:
    """Median length of the text's non-empty lines."""
    lengths = sorted(len(line) for line in text.splitlines() if line.strip())
    return lengths[len(lengths) // 2] if lengths else 0.0


def lowered_capitals(
    lex: Lexicon, text: str, toks: list[Token], corrected: dict[str, str]
) -> dict[int, str]:
    """Tesseract reads a word-initial "i"/"j" as "I"/"J" ("Ist", "Jedoch"): inside a sentence
    a capitalised word whose capital form is no noun gets its lower-case form back (token index
    → word). `corrected`: the reading the corrector chose for a word."""
    out: dict[int, str] = {}
    for i, tok in enumerate(toks):
        w = corrected.get(tok.text, tok.text)
        if w[:1] not in "IJ" or not w[1:].islower() or w in POLITE or tok.before_hyphen:
            continue  # "Ist-Ergebnis": the first part of a compound noun
        low = w[0].lower() + w[1:]
        if low in CLOSED_CLASS:  # never a noun: even "Ist." protected as an abbreviation
            if tok.protected and text[tok.end : tok.end + 1] not in ("", *" \n.,;:"):
                continue
        else:
            if tok.protected or lex.has_form(w) or not lex.curated(low):
                continue  # a noun, or a word the curated list does not know in lower case
            if lex.split_compound(w):
                continue
        if mid_sentence(text, tok.start):
            out[i] = low
    return out


def sentence_capital(lex: Lexicon, text: str, tok: Token, reading: str) -> bool:
    """A lower-case reading of a word that OCR shows with a capital (or a glyph for one) at the
    start of a sentence keeps the capital: casing comes from the source."""
    first = tok.text[0]
    return (
        reading[0].islower()
        and (first.isupper() or (first in "l|1!" and reading[0] == "i"))
        and not mid_sentence(text, tok.start)
        and lex.is_valid(reading[0].upper() + reading[1:])
    )


def odd_capitals(
    lex: Lexicon, texts: list[str], pages: list[list[Token]], invalid: set[str], max_zipf: float
) -> set[str]:
    """Capitalised words valid only as a rare (≤ `max_zipf`) lower-case word at a sentence start
    ("Ablaufe", "Umstürz") that the document shows only inside sentences."""
    inside: dict[str, bool] = {}
    for text, toks in zip(texts, pages, strict=True):
        for t in toks:
            w = t.text
            if t.protected or w in invalid or not (w[0].isupper() and w[1:].islower()):
                continue
            if inside.get(w) is False:
                continue
            low = w[0].lower() + w[1:]
            if lex.has_form(w) or not lex.has_form(low) or lex.frequency(low) > max_zipf:
                inside[w] = False
                continue
            inside[w] = mid_sentence(text, t.start)
    return {w for w, mid in inside.items() if mid}
