"""Noisy-channel correction of one document, adapted to the confusions that document shows.

Score of a reading c of the observed word o: log10 P(c) + log10 P(o | c), i.e. the lexicon's Zipf
frequency minus the channel cost. Two passes: the first corrects the unknown words that have one
clear reading under the generic confusion model and counts which confusions those fixes needed;
the second re-estimates the confusion probabilities from those counts (a document that turns "a"
into "o" gets a cheap o→a) and decides every word type once. Valid words are only replaced when
a confusion this document makes often explains a much more likely word ("ober" → "aber").
"""

from __future__ import annotations

import logging
import math
from collections import Counter
from dataclasses import dataclass, field

from pipeline.correct import fallback
from pipeline.correct.channel import Channel
from pipeline.correct.lexicon import Lexicon, load_lexicon
from pipeline.correct.tokens import Token, camel_split, symbol_fixes, tokenize

log = logging.getLogger(__name__)

UNKNOWN_PRIOR = 1.5  # score of leaving an unknown word as it is, in clean text (a rare word)
NAME_BONUS = 1.5
NAME_MAX_LEN = 12
MIN_CONFIDENCE = 0.3  # below this the reading is too uncertain to replace what OCR saw
LENGTH_FROM, LENGTH_WEIGHT, LENGTH_MAX = (
    8,
    0.15,
    1.5,
)  # per: capitalised, recurring — such unknown words are more likely names
GENUINE_RATE = (
    0.04  # share of tokens clean council text has outside the lexicon (names, rare words)
)
EXPLAINED_WEIGHT = 2.0
MAX_ZIPF = 7.0
SPLIT_COST = 2.0
CASE_CONFIDENCE = 0.8
CASE_EVIDENCE = 1
# Closed-class words that are never capitalised inside a sentence: evidence for I/J misreads.
CLOSED_CLASS = {"in", "im", "ist", "ich", "ihm", "ihn", "immer", "indem", "inzwischen", "innerhalb"}
CLOSED_CLASS |= {"insbesondere", "infolge", "je", "jedoch", "jetzt", "jeweils", "jedes", "jeder"}
CLOSED_CLASS |= {"inklusive", "insgesamt", "inwieweit", "indes", "irgendwie", "jederzeit"}
CLOSED_CLASS |= {"jedenfalls", "jemals", "jene", "jenseits", "jedem", "jeden"}
POLITE = {"Ihr", "Ihre", "Ihrer", "Ihren", "Ihrem", "Ihres", "Ihnen"}  # capitalised on purpose
EVIDENCE_SCORE = -0.5  # EM counts clear fixes scoring at least this, even below the prior
CLEAR_MARGIN = 0.5  # pass 1 learns only from fixes this much better than the runner-up
PASS2_BUDGET = 6.0
REAL_WORD_BUDGET = 3.0
REAL_WORD_MARGIN = 1.0  # a valid word is replaced only by a reading 10× more probable
STRONG_RULE = 0.03  # confusion probability from which valid words are reconsidered
STRONG_MIN_USES = 3  # tokens a confusion must have fixed before it counts as dominant
# Distinct words a confusion must have fixed before it explains a capitalised word better than
# a name does.
SUPPORT_MIN_WORDS = 2
EDIT_COST = 2.0  # channel cost of one plain edit (fallback)
EDIT_VARIANTS = 16  # cheapest confusion readings that are also tried with one plain edit
MIN_UNKNOWN_TYPES = 5  # fewer unknown words than this say nothing about the noise level
NOISE_WEIGHT = 1.5
ADAPT_ROUNDS = 2
SYMBOL_CONFIDENCE = 0.9
# Confusions of glyphs that differ by a dot or a short stroke: tesseract's commonest misreads on
# degraded print. A capitalised unknown word that one of these turns into a listed word is more
# likely that word misread than a name, so such a reading keeps only part of the name bonus.
SLIGHT = {("l", "i"), ("i", "l"), ("I", "l"), ("l", "I"), ("1", "l"), ("1", "I"), ("ii", "ü")}
SLIGHT_NAME_SHARE = 0.25


@dataclass
class Change:
    start: int  # offsets in the original text
    end: int
    original: str
    corrected: str
    confidence: float


@dataclass
class DocModel:
    """What the corrector learned about one document."""

    channel: Channel
    prior: float  # score of leaving an unknown word as it is
    noisy: bool  # enough unknown words to be OCR output: plain edits and splits are allowed
    strong: set[tuple[str, str]] = field(default_factory=set)  # confusions adapted far up
    supported: set[tuple[str, str]] = field(default_factory=set)  # seen repeatedly in this doc


def budget(prior: float) -> float:
    """Channel cost beyond which no reading can beat leaving the word alone."""
    return max(1.0, min(PASS2_BUDGET, MAX_ZIPF - prior))


@dataclass
class Decision:
    corrected: str
    confidence: float
    rules: tuple = ()


class Corrector:
    def __init__(self, lex: Lexicon | None = None, channel: Channel | None = None) -> None:
        self.lex = lex or load_lexicon()
        self.base = channel or Channel.default()

    def candidates(self, word: str, ch: Channel, budget: float) -> list[tuple[float, str, tuple]]:
        """Valid readings of `word` within the budget, best first: (score, reading, rules)."""
        best: dict[str, tuple[float, tuple]] = {}
        for variant, c, rules in ch.variants(word, budget):
            if variant == word or (variant in best and best[variant][0] <= c):
                continue
            if variant in best or self.lex.is_valid(variant):
                best[variant] = (c, rules)
        scored = [(self.lex.frequency(v) - c, v, r) for v, (c, r) in best.items()]
        return sorted(scored, key=lambda x: (-x[0], x[1]))

    def correct_texts(self, texts: list[str]) -> list[tuple[str, list[Change]]]:
        """Correct the pages of one document together (they share what adaptation learns)."""
        pages = [tokenize(t) for t in texts]
        words = [tok for toks in pages for tok in toks if not tok.protected]
        types = Counter(tok.text for tok in words)
        modifiers = {t.text for t in words if t.before_hyphen and self.lex.is_modifier(t.text)}
        invalid = {w for w in types if w not in self.lex and w not in modifiers}
        doc = self._adapt(types, invalid)
        strong = {s for s, _t in doc.strong}
        decisions: dict[str, Decision | None] = {}
        for w in types:
            if w in invalid and (doc.noisy or len(w) >= 3):
                d = self.decide_unknown(w, doc, doc.prior, self._name_bonus(w, types))
                decisions[w] = d if d and d.confidence >= MIN_CONFIDENCE else None
            elif strong and any(s in w for s in strong):
                decisions[w] = self.decide_valid(w, doc.channel)
        evidence = sum(_case_evidence(text, toks) for text, toks in zip(texts, pages, strict=True))
        return [
            self._apply(text, toks, decisions, self.case_fixes(text, toks, decisions, evidence))
            for text, toks in zip(texts, pages, strict=True)
        ]

    def case_fixes(
        self, text: str, toks: list[Token], decisions: dict[str, Decision | None], evidence: int
    ) -> dict[int, Decision]:
        """Tesseract reads a word-initial "i"/"j" as "I"/"J" ("Ist", "Jedoch"): inside a sentence
        a capitalised word whose capital form is no noun gets its lower-case form back."""
        out: dict[int, Decision] = {}
        if evidence < CASE_EVIDENCE:
            return out  # this document does not show the confusion
        for i, tok in enumerate(toks):
            d = decisions.get(tok.text)
            w = d.corrected if d else tok.text
            if w[:1] not in "IJ" or not w[1:].islower() or w in POLITE:
                continue
            low = w[0].lower() + w[1:]
            if low in CLOSED_CLASS:  # never a noun: even "Ist." protected as an abbreviation
                if tok.protected and text[tok.end : tok.end + 1] not in ("", *" \n.,;:"):
                    continue
            else:
                if tok.protected or self.lex.has_form(w) or not self.lex.curated(low):
                    continue  # a noun, or a word the curated list does not know in lower case
                if self.lex.split_compound(w):
                    continue
            if not _mid_sentence(text, tok.start):
                continue
            out[i] = Decision(low, CASE_CONFIDENCE)
        return out

    @staticmethod
    def _name_bonus(w: str, types: Counter[str]) -> float:
        """Unknown capitalised words are often names; recurring ones all the more."""
        if not (w[0].isupper() and w[1:].islower()) or len(w) > NAME_MAX_LEN:
            return 0.0  # long capitalised words are compounds far more often than names
        return NAME_BONUS * (2 if types[w] >= 2 else 1)

    def _adapt(self, types: Counter[str], invalid: set[str]) -> DocModel:
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
        channel, prior = self.base, base_prior
        used: Counter[tuple[str, str]] = Counter()
        words_fixed: Counter[tuple[str, str]] = Counter()  # distinct words, not tokens
        joined = "\n".join(w for w, n in types.items() for _ in range(n))
        seen = {s: joined.count(s) for s in {s for s, _t in self.base.probs}}
        for _round in range(ADAPT_ROUNDS):
            used, words_fixed = Counter(), Counter()
            explained = 0
            for w in invalid:
                cands = self.candidates(w, channel, budget(prior))
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
            channel = self.base.adapted(used, seen)
            log.debug("adaptation: %s; unknown-word prior %.2f", used.most_common(6), prior)
        base = self.base.probs
        strong = {
            r
            for r, p in channel.probs.items()
            if p >= max(STRONG_RULE, 3 * base[r]) and used[r] >= STRONG_MIN_USES
        }
        supported = {r for r, n in words_fixed.items() if n >= SUPPORT_MIN_WORDS}
        return DocModel(channel, prior, noisy, strong, supported)

    def decide_unknown(
        self, w: str, doc: DocModel, prior: float, name_bonus: float = 0.0
    ) -> Decision | None:
        """The best reading of an unknown word, or None to leave it.

        A capitalised unknown word may be a name (`name_bonus`), unless the document's own
        dominant confusions explain it: then its recurrence is that of a systematic misreading.
        """
        # A long word that is neither listed nor a compound of listed parts is rarely genuine.
        prior -= min(LENGTH_MAX, LENGTH_WEIGHT * max(0, len(w) - LENGTH_FROM))
        cands = self.candidates(w, doc.channel, budget(prior))
        if not cands or not all(rule in doc.supported for rule in cands[0][2]):
            slight = cands and all(rule in SLIGHT for rule in cands[0][2])
            prior += name_bonus * (SLIGHT_NAME_SHARE if slight else 1.0)
        if cands and cands[0][0] > prior:
            return Decision(cands[0][1], _share(cands[0][0], [prior] + [c[0] for c in cands]))
        glued = self.split_glued(w, doc, prior)
        if glued:
            return glued
        if len(w) >= 4 and (doc.noisy or not w.isalpha()):
            scored = self.edited(w, doc.channel, prior)
            if scored and scored[0][0] > prior:
                return Decision(
                    scored[0][1], _share(scored[0][0], [prior] + [s for s, _ in scored])
                )
        return None

    def edited(self, w: str, ch: Channel, prior: float) -> list[tuple[float, str]]:
        """Readings that need one plain edit besides the cheapest confusions (symspell: two)."""
        variants: dict[str, float] = {}
        for v, c, _r in ch.variants(w, budget(prior) - EDIT_COST):
            if v.isalpha() and c < variants.get(v, 99.0):
                variants[v] = c
        best: dict[str, float] = {}
        for v, c in sorted(variants.items(), key=lambda x: x[1])[:EDIT_VARIANTS]:
            for cand in fallback.near_words(v, self.lex):
                score = self.lex.frequency(cand) - c - EDIT_COST
                best[cand] = max(best.get(cand, -99.0), score)
        if w.isalpha():
            for cand, d in fallback.edit_candidates(w, self.lex):
                score = self.lex.frequency(cand) - ch.keep_cost(w) - EDIT_COST * d
                best[cand] = max(best.get(cand, -99.0), score)
        return sorted(((s, c) for c, s in best.items()), key=lambda x: (-x[0], x[1]))

    def decide_valid(self, w: str, ch: Channel) -> Decision | None:
        own = self.lex.frequency(w) - ch.keep_cost(w)
        cands = self.candidates(w, ch, REAL_WORD_BUDGET)
        if cands and cands[0][0] >= own + REAL_WORD_MARGIN:
            return Decision(cands[0][1], _share(cands[0][0], [own] + [c[0] for c in cands]))
        return None

    def split_glued(self, w: str, doc: DocModel, prior: float) -> Decision | None:
        """Words OCR ran together: at a lower/upper case seam, else (noisy text) two words."""
        cut = camel_split(w)
        if cut is not None:
            parts = []
            for piece in (w[:cut], w[cut:]):
                if piece in self.lex:
                    parts.append((piece, 1.0))
                    continue
                d = self.decide_unknown(piece, doc, prior)
                if d is None or " " in d.corrected:
                    return None
                parts.append((d.corrected, d.confidence))
            return Decision(" ".join(p for p, _ in parts), min(c for _, c in parts) * 0.9)
        if not doc.noisy:
            return None
        best: tuple[float, str] | None = None
        for i in range(3, len(w) - 2):
            left, right = w[:i], w[i:]
            if self.lex.is_part(left) and self.lex.is_part(right):
                z = min(self.lex.frequency(left), self.lex.frequency(right)) - SPLIT_COST
                if z > prior and (best is None or z > best[0]):
                    best = (z, f"{left} {right}")
        return Decision(best[1], _share(best[0], [prior, best[0]])) if best else None

    @staticmethod
    def _apply(
        text: str,
        toks: list[Token],
        decisions: dict[str, Decision | None],
        overrides: dict[int, Decision],
    ) -> tuple[str, list[Change]]:
        edits = [
            (at, at + len(old), old, new, SYMBOL_CONFIDENCE) for at, old, new in symbol_fixes(text)
        ]
        for i, tok in enumerate(toks):
            d = overrides.get(i) or (None if tok.protected else decisions.get(tok.text))
            if d is not None and d.corrected != tok.text:
                edits.append((tok.start, tok.end, tok.text, d.corrected, round(d.confidence, 3)))
        out, changes, pos = [], [], 0
        for start, end, old, new, conf in sorted(edits):
            out.append(text[pos:start])
            out.append(new)
            changes.append(Change(start, end, old, new, conf))
            pos = end
        out.append(text[pos:])
        return "".join(out), changes


def _case_evidence(text: str, toks: list[Token]) -> int:
    """Closed-class words capitalised inside a sentence ("… das Ist …"): I/J misreads."""
    return sum(
        1
        for t in toks
        if t.text[:1] in "IJ" and t.text.lower() in CLOSED_CLASS and _mid_sentence(text, t.start)
    )


def _mid_sentence(text: str, start: int) -> bool:
    """True when the word at `start` follows a word, number or comma of the same sentence."""
    i = start - 1
    newlines = 0
    while i >= 0 and text[i].isspace():
        newlines += text[i] == "\n"
        i -= 1
    if i < 0 or newlines >= 2:
        return False
    if text[i].isdigit():
        return newlines == 0  # "Tempo 30 In der …", but not a line that ends in a number
    return text[i].isalpha() or text[i] in ",;"


def _share(best: float, scores: list[float]) -> float:
    """Posterior share of the best reading among the alternatives (log10 scores)."""
    top = max(scores)
    total = sum(10 ** (s - top) for s in scores)
    return 10 ** (best - top) / total
