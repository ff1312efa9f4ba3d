"""Text-quality measures: edit distances for CER, and how word-like a text is.

`word_share` decides whether a PDF text layer is real text or an old scanner's garbage layer,
and (with OCR confidence) whether an OCR pass was good enough; words are judged by the shipped
lexicon (`pipeline.correct.lexicon`), which accepts compounds of known parts.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Sequence

from pipeline.correct.lexicon import load_lexicon

TOKEN = re.compile(r"\S+")
EDGE_PUNCT = "\"'„“”‚‘’»«()[]{}.,;:!?*"
VOWELS = set("aeiouyäöüAEIOUYÄÖÜ")
# a plausible German word shape: lower case, capitalised or all caps, letters only
WORD_SHAPE = re.compile(r"^(?:[A-ZÄÖÜ]?[a-zäöüß]+|[A-ZÄÖÜ]{2,}|[a-zäöüß]+)(?:-[A-ZÄÖÜa-zäöüß]+)*$")


def levenshtein(a: Sequence[Hashable], b: Sequence[Hashable]) -> int:
    """Edit distance of two sequences (characters or tokens); bit-parallel (Myers/Hyyrö)."""
    if len(a) < len(b):
        a, b = b, a
    m = len(b)
    if m == 0:
        return len(a)
    peq: dict[Hashable, int] = {}
    for i, item in enumerate(b):
        peq[item] = peq.get(item, 0) | (1 << i)
    mask = (1 << m) - 1
    last = 1 << (m - 1)
    pv, mv, score = mask, 0, m
    for item in a:
        eq = peq.get(item, 0)
        xv = eq | mv
        xh = (((eq & pv) + pv) ^ pv) | eq
        ph = (mv | ~(xh | pv)) & mask
        mh = pv & xh
        if ph & last:
            score += 1
        elif mh & last:
            score -= 1
        ph = ((ph << 1) | 1) & mask
        mh = (mh << 1) & mask
        pv = (mh | ~(xv | ph)) & mask
        mv = ph & xv
    return score


def normalise_space(text: str) -> str:
    """Collapse all whitespace (line breaks, NBSP) to single spaces: CER ignores layout."""
    return " ".join(text.split())


def cer(truth: str, hypothesis: str) -> float:
    """Character error rate of `hypothesis` against `truth`, whitespace-normalised."""
    ref, hyp = normalise_space(truth), normalise_space(hypothesis)
    return levenshtein(ref, hyp) / max(len(ref), 1)


def wer(truth: str, hypothesis: str) -> float:
    """Word error rate: token-level edit distance over the number of truth tokens."""
    ref, hyp = truth.split(), hypothesis.split()
    return levenshtein(ref, hyp) / max(len(ref), 1)


def strip_token(token: str) -> str:
    """The token without quotes, brackets and sentence punctuation around it."""
    return token.strip(EDGE_PUNCT)


def is_known(word: str) -> bool:
    """True when the lexicon accepts the word, as written or capitalised (compounds included)."""
    lexicon = load_lexicon()
    return lexicon.is_valid(word) or lexicon.is_valid(word.capitalize())


def is_listed(word: str) -> bool:
    """True when the word itself is listed, not only derivable as a compound."""
    lexicon = load_lexicon()
    return lexicon.listed(word) or lexicon.listed(word.capitalize())


def looks_like_word(token: str) -> bool:
    """Shape test without a lexicon: letters only, a vowel, a plausible case pattern."""
    return bool(WORD_SHAPE.match(token)) and any(c in VOWELS for c in token)


def word_share(text: str) -> float:
    """Share of alphabetic tokens that are real words; 0 for no tokens.

    Numbers and punctuation are neither counted for nor against: a table of figures is not
    garbage. Short tokens (1–2 letters) count only when they have a plausible shape.
    """
    tokens = [strip_token(t) for t in TOKEN.findall(text)]
    tokens = [t for t in tokens if t and any(c.isalpha() for c in t)]
    if not tokens:
        return 0.0
    good = sum(1 for token in tokens if looks_like_word(token) and _is_real(token))
    return good / len(tokens)


def _is_real(token: str) -> bool:
    """Tokens of up to three letters pass on shape alone (abbreviations, particles); longer
    ones need every hyphen-separated part of three or more letters to be a known word."""
    if len(token) <= 3:
        return True
    return all(len(p) <= 2 or is_known(p) for p in token.split("-") if p)
