"""Where a sentence starts, and the I/J capitals tesseract puts on closed-class words.

Tesseract reads a word-initial "i"/"j" as "I"/"J" ("Ist", "Jedoch"). Only a capital inside a
line of a sentence is evidence of that; at a line start it may be the writer's (a heading, a
verse), and after a short line (a heading, a paragraph end) a new sentence begins.
"""

from __future__ import annotations

from functools import lru_cache

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
