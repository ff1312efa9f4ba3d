"""From decisions to text: a page's tokens rewritten, each change kept with its confidence.

The corrector (engine.py) decides per word type; this module applies those decisions to one
page's tokens, together with the fixes that are not about words — symbols misread before a
number (tokens.symbol_fixes), abbreviations misread before a number (numbers.py), capitals
tesseract put on "i"/"j" (casing.py) — and restores a sentence-initial capital that a reading
of a lower-case word would lose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.correct import casing
from pipeline.correct.changes import Change
from pipeline.correct.lexicon import Lexicon
from pipeline.correct.numbers import number_word_fixes
from pipeline.correct.tokens import Token, symbol_fixes

SYMBOL_CONFIDENCE = 0.9


@dataclass
class Decision:
    """A word's reading and the posterior share behind it."""

    corrected: str
    confidence: float
    rules: tuple = ()


@dataclass(frozen=True)
class Symbols:
    """The measured symbol misreadings (seen token → symbol) and their compiled pattern."""

    table: dict[str, str]
    pattern: re.Pattern[str] | None


def rewrite(
    text: str,
    toks: list[Token],
    lex: Lexicon,
    symbols: Symbols,
    decisions: dict[str, Decision | None],
    overrides: dict[int, Decision],
) -> tuple[str, list[Change]]:
    """`text` with the decisions (per word type; `overrides` per token index) applied."""
    edits = [
        (at, at + len(old), old, new, SYMBOL_CONFIDENCE)
        for at, old, new in symbol_fixes(text, symbols.table, symbols.pattern)
    ]
    taken = {at for at, *_ in edits}
    for at, old, new in number_word_fixes(text, lex):
        if at not in taken:
            edits.append((at, at + len(old), old, new, SYMBOL_CONFIDENCE))
    spans = [(start, end) for start, end, *_ in edits]
    for i, tok in enumerate(toks):
        if any(start <= tok.start < end for start, end in spans):
            continue  # part of a misread symbol or abbreviation ("Ne" in "Ne 131")
        d = overrides.get(i) or (None if tok.protected else decisions.get(tok.text))
        if d is not None and d.corrected != tok.text:
            new = d.corrected
            if i not in overrides and casing.sentence_capital(lex, text, tok, new):
                new = new[0].upper() + new[1:]  # "ln den …" at a sentence start is "In den …"
            edits.append((tok.start, tok.end, tok.text, new, round(d.confidence, 3)))
    out, changes, pos = [], [], 0
    for start, end, old, new, conf in sorted(edits):
        out.append(text[pos:start])
        out.append(new)
        changes.append(Change(start, end, old, new, conf))
        pos = end
    out.append(text[pos:])
    return "".join(out), changes
