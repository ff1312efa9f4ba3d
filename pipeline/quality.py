"""Text-quality measures: edit distances for CER, and how word-like a text is.

`word_share` decides whether a PDF text layer is real text or an old scanner's garbage layer,
and (with OCR confidence) whether an OCR pass was good enough. It uses the project lexicon
(`pipeline.lexicon`) when that module exists, else the system word list (/usr/share/dict/ngerman)
when installed, else a shape heuristic (letters only, a vowel, a plausible case pattern).
"""

from __future__ import annotations

import functools
import importlib
import logging
import re
from collections.abc import Callable, Hashable, Sequence
from pathlib import Path

log = logging.getLogger(__name__)

SYSTEM_WORDLIST = Path("/usr/share/dict/ngerman")
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
    return token.strip(EDGE_PUNCT)


def _forms(word: str) -> tuple[str, ...]:
    return (word, word.lower(), word.capitalize())


@functools.lru_cache(maxsize=1)
def _lookup() -> Callable[[str], bool]:
    """The best available test for 'is a known German word' (loaded once)."""
    try:
        lexicon_module = importlib.import_module("pipeline.lexicon")
        lexicon = lexicon_module.load_lexicon()
        method = next(
            (getattr(lexicon, n) for n in ("is_known", "known", "contains") if hasattr(lexicon, n)),
            lexicon.__contains__,
        )
        method("und")  # fail here, not per word, when the API is not what we expect
        log.debug("word share: using pipeline.lexicon")
        return lambda word: any(method(form) for form in _forms(word))
    except Exception as err:  # noqa: BLE001 - any failure falls back to the next source
        log.debug("pipeline.lexicon unavailable (%s)", err)
    if SYSTEM_WORDLIST.exists():
        words = set(SYSTEM_WORDLIST.read_text(encoding="utf-8", errors="replace").split())
        lowered = {w.lower() for w in words}
        log.debug("word share: using %s", SYSTEM_WORDLIST)
        return lambda word: word in words or word.lower() in lowered
    log.debug("word share: no word list, using word shapes only")
    return lambda word: False


def is_known(word: str) -> bool:
    """True when the lexicon (or word list) knows the word; False when there is none."""
    return _lookup()(word)


def looks_like_word(token: str) -> bool:
    """Shape test without a lexicon: letters only, a vowel, a plausible case pattern."""
    return bool(WORD_SHAPE.match(token)) and any(c in VOWELS for c in token)


def word_share(text: str) -> float:
    """Share of alphabetic tokens that are real words (lexicon, else shape); 0 for no tokens.

    Numbers and punctuation are neither counted for nor against: a table of figures is not
    garbage. Short tokens (1–2 letters) count only when they have a plausible shape.
    """
    tokens = [strip_token(t) for t in TOKEN.findall(text)]
    tokens = [t for t in tokens if t and any(c.isalpha() for c in t)]
    if not tokens:
        return 0.0
    good = 0
    for token in tokens:
        if not looks_like_word(token):
            continue
        if _is_real(token):
            good += 1
    return good / len(tokens)


def _is_real(token: str) -> bool:
    parts = [p for p in token.split("-") if p]
    if len(token) <= 3 or not _has_lexicon():
        return True
    return all(len(p) <= 2 or _compound_known(p) for p in parts)


@functools.lru_cache(maxsize=1)
def _has_lexicon() -> bool:
    return is_known("und") or is_known("der")


def _compound_known(word: str, min_part: int = 3) -> bool:
    """German compounds: a word is known when it splits into known parts (with a linking s)."""
    if is_known(word):
        return True
    lower = word.lower()
    for cut in range(min_part, len(lower) - min_part + 1):
        head, tail = lower[:cut], lower[cut:]
        heads = [head] + ([head[:-1]] if head.endswith("s") and len(head) > min_part else [])
        if any(is_known(h) for h in heads) and (is_known(tail) or is_known(tail.capitalize())):
            return True
    return False


def mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None
