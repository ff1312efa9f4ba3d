"""Generator of document-specific OCR confusions, for measuring correction (`make eval`).

Real OCR of one document tends to repeat a few confusions systematically (seed 004 turns nearly
every "a" into "o" or "q"), while another document shows others. `confuse(text, key)` picks 2–4
confusion families for the document (deterministically from `key`) and a rate for each, then
applies them to the letters of the text. Families follow glyph shapes: a→o/q, I→l, j→i, rf→#,
e→c, rn→m, ü→ii, d→cl, l→1, ß→B, …
"""

from __future__ import annotations

import random
import re

# (true substring, what OCR shows instead)
FAMILIES: list[tuple[str, tuple[str, ...]]] = [
    ("a", ("o", "q")),
    ("I", ("l",)),
    ("j", ("i",)),
    ("rf", ("#",)),
    ("e", ("c",)),
    ("rn", ("m",)),
    ("ü", ("ii",)),
    ("d", ("cl",)),
    ("l", ("1",)),
    ("ß", ("B",)),
    ("ä", ("a",)),
    ("i", ("l",)),
    ("h", ("b",)),
    ("m", ("rn",)),
    ("t", ("l",)),
    ("ö", ("o",)),
]
WORD = re.compile(r"[A-Za-zÄÖÜäöüß]+")


def pick(key: str) -> list[tuple[str, tuple[str, ...], float]]:
    """The confusion families and rates of one document."""
    rng = random.Random(key)
    chosen = rng.sample(FAMILIES, rng.randint(2, 4))
    return [(true, seen, rng.uniform(0.3, 0.9)) for true, seen in chosen]


def confuse(text: str, key: str) -> str:
    """`text` with the document's confusions applied inside words; deterministic per key."""
    families = pick(key)
    rng = random.Random(key + ":apply")

    def word(m: re.Match) -> str:
        w = m.group()
        for true, seen, rate in families:
            parts = w.split(true)
            if len(parts) == 1:
                continue
            out = parts[0]
            for part in parts[1:]:
                out += (rng.choice(seen) if rng.random() < rate else true) + part
            w = out
        return w

    return WORD.sub(word, text)
