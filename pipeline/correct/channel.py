"""The OCR confusion model: which substrings tesseract misreads as which, and how likely that is.

The probabilities are measured: `make channel` (scripts/channel.py) renders German text in
several fonts and degradations, reads it with the pipeline's OCR and counts, per substring the
OCR shows, how often the print had something else (dictionaries/ocr_channel.tsv). The shape
priors below (`BASE_RULES`, generic OCR knowledge) count as PRIOR_WEIGHT pseudo-occurrences
against those counts, so a confusion the renders never showed keeps a small probability and
one they showed often gets its measured one.

A rule (seen, true, p) says: where the page shows `seen`, the print may have had `true`, with
probability p per occurrence of `seen`. Costs are -log10 p, so a candidate's channel cost is the
sum over the rules it applies plus, for every untouched position where some rule could apply,
the cost of *not* being misread (-log10(1 - Σp)) — that term is what lets a document whose "o" is
usually an "a" prefer "aber" over the valid but rarer "ober". The prior probabilities are
generic OCR knowledge (shape similarity); `Channel.adapted` re-estimates them for one document.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache

from pipeline.data import dictionary_path

# (seen, true, prior probability per occurrence of `seen`)
BASE_RULES: list[tuple[str, str, float]] = [
    ("o", "a", 0.004),
    ("q", "a", 0.03),
    ("a", "o", 0.003),
    ("e", "a", 0.002),
    ("l", "i", 0.02),
    ("i", "l", 0.02),
    ("l", "I", 0.02),
    ("I", "l", 0.02),
    ("1", "l", 0.05),
    ("1", "I", 0.05),
    ("|", "l", 0.1),
    ("|", "I", 0.1),
    ("!", "l", 0.01),
    ("j", "i", 0.004),
    ("i", "j", 0.005),
    ("rn", "m", 0.01),
    ("m", "rn", 0.003),
    ("#", "f", 0.2),
    ("#", "rf", 0.1),
    ("ii", "ü", 0.05),
    ("u", "ü", 0.006),
    ("a", "ä", 0.006),
    ("o", "ö", 0.005),
    ("ü", "u", 0.002),
    ("ä", "a", 0.002),
    ("ö", "o", 0.002),
    ("B", "ß", 0.02),
    ("ß", "B", 0.005),
    ("c", "e", 0.005),
    ("e", "c", 0.004),
    ("cl", "d", 0.01),
    ("d", "cl", 0.002),
    ("l", "t", 0.004),
    ("t", "l", 0.003),
    ("f", "t", 0.002),
    ("t", "f", 0.002),
    ("n", "u", 0.002),
    ("u", "n", 0.002),
    ("b", "h", 0.002),
    ("h", "b", 0.002),
    ("li", "h", 0.003),
    ("h", "li", 0.002),
    ("ri", "n", 0.002),
    ("vv", "w", 0.02),
    ("0", "o", 0.03),
    ("0", "O", 0.03),
    ("5", "s", 0.01),
    ("8", "B", 0.005),
    # Kinds tesseract showed on photocopied council pages (issue 12): "vorgestekt", "Strallenbau",
    # "Verwalıung", "Umsetzumg".
    ("k", "l", 0.002),
    ("ll", "ß", 0.005),
    ("ı", "t", 0.02),
    ("m", "n", 0.002),
    ("n", "m", 0.001),
    (".", "l", 0.02),  # inside a word (tokens.py): a faint "l" ("nachträg.ich")
    ("l.", "L", 0.02),  # at a word's start (tokens.py): a capital L whose foot broke off
    ("L.", "L", 0.02),
    ("ﬁ", "fi", 0.9),
    ("ﬂ", "fl", 0.9),
    ("e", "o", 0.002),
    ("o", "e", 0.002),
    ("c", "o", 0.002),
    ("n", "r", 0.001),
    ("s", "a", 0.001),
    ("y", "v", 0.002),
    ("k", "h", 0.002),
    ("I", "1", 0.01),
    ("I", "i", 0.01),
    ("ö", "ä", 0.001),
    ("ä", "ö", 0.001),
    ("q", "g", 0.01),
    ("g", "q", 0.002),
]
MAX_EDITS = 6
# A confusion of a base letter also shows on its umlaut: a document reading "a" as "o" reads "ä"
# as "ö". The linked rule takes the adapted probability of its base rule when that is higher.
LINKED = {("ö", "ä"): ("o", "a"), ("Ö", "Ä"): ("O", "A"), ("ä", "ö"): ("a", "o")}
MAX_VARIANTS = 30_000
CHANNEL_FILE = "ocr_channel.tsv"
PRIOR_WEIGHT = 100.0  # pseudo-occurrences of `seen` the shape prior counts for
KEEP_PRIORS = 1  # a document-specific confusion needs its prior to be found (engine.py adapts)
MIN_PROB = 1e-4  # rarer confusions cost more than any budget: not worth enumerating
MIN_MEASURED = 3  # observations a confusion without a shape prior needs


def _with_capitals(rules: list[tuple[str, str, float]]) -> list[tuple[str, str, float]]:
    """Add the capitalised form of each letter rule ("o"→"a" gives "O"→"A")."""
    out = list(rules)
    seen = {(s, t) for s, t, _ in rules}
    for s, t, p in rules:
        if s[0].islower() and t[0].islower():
            cap = (s[0].upper() + s[1:], t[0].upper() + t[1:])
            if cap not in seen and cap[0] != cap[1]:
                seen.add(cap)
                out.append((*cap, p))
    return out


def shape_rules() -> list[tuple[str, str, float]]:
    """The shape priors with their capital forms."""
    return _with_capitals(BASE_RULES)


@dataclass(frozen=True)
class Measured:
    """The counts of dictionaries/ocr_channel.tsv."""

    rules: dict[tuple[str, str], tuple[int, int]]  # (seen, printed) → (count, seen_total)
    symbols: dict[str, tuple[str, int, int]]  # token before a number → (symbol, count, total)


@cache
def measured(name: str = CHANNEL_FILE) -> Measured:
    rules: dict[tuple[str, str], tuple[int, int]] = {}
    symbols: dict[str, tuple[str, int, int]] = {}
    for line in dictionary_path(name).read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        seen, printed, n, total, context = line.split("\t")
        if context == "num":
            if seen not in symbols or symbols[seen][1] < int(n):
                symbols[seen] = (printed, int(n), int(total))
        elif seen.lower() != printed.lower():  # capitals depend on the sentence: engine.py
            rules[(seen, printed)] = (int(n), int(total))
    return Measured(rules, symbols)


def cost(p: float) -> float:
    return -math.log10(max(p, 1e-9))


@dataclass
class Channel:
    """Rule probabilities for one document, with the derived substitution and keep costs."""

    probs: dict[tuple[str, str], float] = field(default_factory=dict)
    # The corrector's readings of words under this channel (engine.py keeps them here).
    readings: dict[str, tuple[float, list]] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def default(cls) -> Channel:
        """The measured channel, the shape priors blended in."""
        prior = {(s, t): p for s, t, p in shape_rules()}
        counts = measured().rules
        probs = {}
        for rule in prior.keys() | counts.keys():
            n, total = counts.get(rule, (0, 0))
            if rule not in prior and n < MIN_MEASURED:
                continue  # seen once or twice: too few to say how likely it is
            weight = PRIOR_WEIGHT if rule in prior else 1.0  # no prior: the measurement alone
            p = (n + weight * prior.get(rule, 0.0)) / (total + weight)
            if KEEP_PRIORS:
                p = max(p, prior.get(rule, 0.0))
            if p >= MIN_PROB:
                probs[rule] = p
        learned = [(s, t, p) for (s, t), p in probs.items()]
        return cls({(s, t): p for s, t, p in _with_capitals(learned)})

    @classmethod
    def shapes(cls) -> Channel:
        """The shape priors alone (no measurement)."""
        return cls({(s, t): p for s, t, p in shape_rules()})

    def __post_init__(self) -> None:
        self.by_first: dict[str, list[tuple[str, str, float]]] = {}
        out_mass: dict[str, float] = {}
        for (s, t), p in self.probs.items():
            self.by_first.setdefault(s[0], []).append((s, t, cost(p)))
            out_mass[s[0]] = out_mass.get(s[0], 0.0) + p
        self.keep = {ch: -math.log10(max(1e-6, 1 - min(m, 0.95))) for ch, m in out_mass.items()}

    def adapted(self, used: dict[tuple[str, str], int], seen: dict[str, int], weight: float = 10):
        """A channel whose rule probabilities also count this document's confident fixes.

        `used[(s, t)]` is how often rule s→t was needed, `seen[s]` how often `s` occurs in the
        document's words; the prior counts as `weight` pseudo-observations.
        """
        probs = {}
        for (s, t), p in self.probs.items():
            n = used.get((s, t), 0)
            probs[(s, t)] = (n + weight * p) / (seen.get(s, 0) + weight)
        for rule, base in LINKED.items():
            if rule in probs and base in probs:
                probs[rule] = max(probs[rule], probs[base])
        return Channel(probs)

    def reading_cost(self, seen: str, printed: str, edit_cost: float) -> float:
        """Channel cost of OCR showing `seen` where `printed` was printed: the measured
        confusions where they explain a difference, `edit_cost` per character otherwise."""
        total = 0.0
        runs = char_runs(printed, seen)
        for k, (t, o) in enumerate(runs):
            if t == o:
                total += self.keep.get(o, 0.0)
                continue
            left = runs[k - 1][1] if k and runs[k - 1][0] == runs[k - 1][1] else ""
            right = runs[k + 1][1] if k + 1 < len(runs) and runs[k + 1][0] == runs[k + 1][1] else ""
            p = self.probs.get((o, t)) or self.probs.get((left + o, left + t))
            p = p or self.probs.get((o + right, t + right))
            total += cost(p) if p else edit_cost * max(len(t), len(o))
        return total

    def keep_cost(self, word: str) -> float:
        return sum(self.keep.get(ch, 0.0) for ch in word)

    def variants(self, word: str, budget: float) -> Iterator[tuple[str, float, tuple]]:
        """All rewritings of `word` with channel cost ≤ budget: (variant, cost, rules used)."""
        n = len(word)
        # Suffix sums of keep costs so that a branch knows its cheapest completion.
        keep = [self.keep.get(ch, 0.0) for ch in word]
        tail = [0.0] * (n + 1)
        for i in range(n - 1, -1, -1):
            tail[i] = tail[i + 1] + keep[i]
        count = 0

        def walk(i: int, acc: list[str], c: float, rules: tuple) -> Iterator:
            nonlocal count
            if count > MAX_VARIANTS:
                return
            if i == n:
                count += 1
                yield "".join(acc), c, rules
                return
            ch = word[i]
            if c + tail[i] <= budget:
                acc.append(ch)
                yield from walk(i + 1, acc, c + keep[i], rules)
                acc.pop()
            if len(rules) >= MAX_EDITS:
                return
            for s, t, rc in self.by_first.get(ch, ()):
                if word.startswith(s, i) and c + rc + tail[i + len(s)] <= budget:
                    acc.append(t)
                    yield from walk(i + len(s), acc, c + rc, (*rules, (s, t)))
                    acc.pop()

        yield from walk(0, [], 0.0, ())


def char_runs(truth: str, ocr: str) -> list[tuple[str, str]]:
    """(printed, read) pieces: single equal characters, and maximal runs of differences."""
    n, m = len(truth), len(ocr)
    d = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n + 1):
        d[i][0] = i
    for j in range(m + 1):
        d[0][j] = j
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            d[i][j] = min(
                d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (truth[i - 1] != ocr[j - 1])
            )
    ops: list[tuple[str, str]] = []
    i, j = n, m
    while i or j:
        if i and j and truth[i - 1] == ocr[j - 1] and d[i][j] == d[i - 1][j - 1]:
            ops.append((truth[i - 1], ocr[j - 1]))
            i, j = i - 1, j - 1
            continue
        if i and j and d[i][j] == d[i - 1][j - 1] + 1:
            ops.append((truth[i - 1], ocr[j - 1] + "\0"))  # substitution, marked as a difference
            i, j = i - 1, j - 1
        elif i and d[i][j] == d[i - 1][j] + 1:
            ops.append((truth[i - 1], "\0"))
            i -= 1
        else:
            ops.append(("", ocr[j - 1] + "\0"))
            j -= 1
    out: list[tuple[str, str]] = []
    run_t = run_o = ""
    for t, o in reversed(ops):
        if o.endswith("\0"):
            run_t, run_o = run_t + t, run_o + o[:-1]
            continue
        if run_t or run_o:
            out.append((run_t, run_o))
            run_t = run_o = ""
        out.append((t, o))
    if run_t or run_o:
        out.append((run_t, run_o))
    return out
