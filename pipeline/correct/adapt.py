"""What the corrector learns about one document: its channel, its noise level, its words.

Hard EM over the document's unknown words (`adapt`): fix the ones that have one clear reading
under the current channel, count the confusions those fixes needed, re-estimate the confusion
probabilities from the counts (a document that turns "a" into "o" gets a cheap o→a), repeat.
The noisier the document — the more of its tokens are unknown and the more of those the
channel explains — the less attractive it is to leave an unknown word alone (`DocModel.prior`).
"""

from __future__ import annotations

import logging
import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from pipeline.correct.channel import Channel
from pipeline.correct.lexicon import Lexicon

log = logging.getLogger(__name__)

UNKNOWN_PRIOR = 1.5  # score of leaving an unknown word as it is, in clean text (a rare word)
GENUINE_RATE = (
    0.04  # share of tokens clean council text has outside the lexicon (names, rare words)
)
EXPLAINED_WEIGHT = 2.0
MAX_ZIPF = 7.0
EVIDENCE_SCORE = -0.5  # EM counts clear fixes scoring at least this, even below the prior
CLEAR_MARGIN = 0.5  # pass 1 learns only from fixes this much better than the runner-up
PASS2_BUDGET = 6.0
STRONG_RULE = 0.03  # confusion probability from which valid words are reconsidered
STRONG_MIN_USES = 3  # tokens a confusion must have fixed before it counts as dominant
# Distinct words a confusion must have fixed before it explains a capitalised word better than
# a name does.
SUPPORT_MIN_WORDS = 2
MIN_UNKNOWN_TYPES = 5  # fewer unknown words than this say nothing about the noise level
NOISE_WEIGHT = 1.5
ADAPT_ROUNDS = 2
DOC_WORD_WEIGHT, DOC_WORD_MAX = 1.0, 1.0  # bonus of a reading the document uses elsewhere

# candidates(word, channel, budget) → [(score, reading, rules)], best first (engine.py)
Candidates = Callable[[str, Channel, float], list[tuple[float, str, tuple]]]


@dataclass
class DocModel:
    """What the corrector learned about one document."""

    channel: Channel
    prior: float  # score of leaving an unknown word as it is
    noisy: bool  # enough unknown words to be OCR output: plain edits and splits are allowed
    strong: set[tuple[str, str]] = field(default_factory=set)  # confusions adapted far up
    supported: set[tuple[str, str]] = field(default_factory=set)  # seen repeatedly in this doc
    vocabulary: Counter[str] = field(default_factory=Counter)  # valid words the document uses

    def boost(self, word: str, seen: int) -> float:
        """A reading the document itself uses more often than the `seen` times of the unknown
        word is likelier here ("Stimmzettel"); a recurring name is not ("Kunkel", "Dunkel")."""
        n = self.vocabulary.get(word, 0)
        return min(DOC_WORD_MAX, DOC_WORD_WEIGHT * math.log10(1 + n)) if n > seen else 0.0


def budget(prior: float, ceiling: float = MAX_ZIPF) -> float:
    """Channel cost beyond which no reading (at most `ceiling` frequent) can beat leaving the
    word alone."""
    return max(1.0, min(PASS2_BUDGET, ceiling - prior))


def adapt(
    types: Counter[str], invalid: set[str], base: Channel, lex: Lexicon, candidates: Candidates
) -> DocModel:
    """The document's channel, and the score of leaving one of its unknown words alone.

    A few rounds of hard EM: fix the unknown words that have one clear reading, count the
    confusions those fixes needed, re-estimate the confusion probabilities, repeat. Leaving an
    unknown word alone gets less attractive the noisier the document is: the more of its
    tokens are unknown (clean council text has a few percent: names) and the more of its
    unknown words the confusion model explains.
    """
    tokens = sum(types.values())
    unknown_rate = sum(types[w] for w in invalid) / tokens if tokens else 0.0
    base_prior = UNKNOWN_PRIOR + NOISE_WEIGHT * math.log10(
        min(1.0, GENUINE_RATE / max(unknown_rate, 1e-9))
    )
    noisy = unknown_rate >= 2 * GENUINE_RATE
    channel, prior = base, base_prior
    used: Counter[tuple[str, str]] = Counter()
    words_fixed: Counter[tuple[str, str]] = Counter()  # distinct words, not tokens
    joined = "\n".join(w for w, n in types.items() for _ in range(n))
    seen = {s: joined.count(s) for s in {s for s, _t in base.probs}}
    for _round in range(ADAPT_ROUNDS):
        used, words_fixed = Counter(), Counter()
        explained = 0
        for w in invalid:
            cands = candidates(w, channel, budget(prior, lex.ceiling(w)))
            if not cands or cands[0][0] < min(prior, EVIDENCE_SCORE):
                continue
            if len(cands) > 1 and cands[0][0] - cands[1][0] < CLEAR_MARGIN:
                continue
            explained += 1
            for rule in cands[0][2]:
                used[rule] += types[w]
            words_fixed.update(set(cands[0][2]))
        if not used:
            break
        share = explained / len(invalid) if len(invalid) >= MIN_UNKNOWN_TYPES else 0.0
        prior = base_prior + EXPLAINED_WEIGHT * math.log10(max(0.1, 1.0 - share))
        channel = base.adapted(used, seen)
        log.debug("adaptation: %s; unknown-word prior %.2f", used.most_common(6), prior)
    base_probs = base.probs
    strong = {
        r
        for r, p in channel.probs.items()
        if p >= max(STRONG_RULE, 3 * base_probs[r]) and used[r] >= STRONG_MIN_USES
    }
    supported = {r for r, n in words_fixed.items() if n >= SUPPORT_MIN_WORDS}
    vocabulary = Counter({w: n for w, n in types.items() if w not in invalid})
    return DocModel(channel, prior, noisy, strong, supported, vocabulary)
