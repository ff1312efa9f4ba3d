"""Noisy-channel correction of one document, adapted to the confusions that document shows.

Score of a reading c of the observed word o: log10 P(c) + log10 P(o | c), i.e. the lexicon's Zipf
frequency minus the channel cost. The document's channel is adapted first (adapt.py: hard EM
over its unknown words, so a document that turns "a" into "o" gets a cheap o→a); then every
word type is decided once, and the decisions are applied to each page (rewrite.py). Valid
words are only replaced when a confusion this document makes often explains a much more likely
word ("ober" → "aber").

The generic confusion model is measured (channel.py, `make channel`); readings that need plain
edits are scored by it too (measured confusions where they explain a difference, a fixed cost
per character otherwise). A reading the document itself uses elsewhere ranks higher. Text that
is not modern German gets only fixes that the measured or the adapted channel makes
near-certain (restraint.py). The whole correction repeats
on its own output until nothing changes, so that correcting twice equals correcting once.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterator

from pipeline.correct import casing, fallback, restraint
from pipeline.correct.adapt import CLEAR_MARGIN, DocModel, adapt, budget
from pipeline.correct.casing import case_evidence
from pipeline.correct.changes import Change, compose
from pipeline.correct.channel import Channel, measured
from pipeline.correct.fallback import ALPHABET
from pipeline.correct.lexicon import Lexicon, load_lexicon
from pipeline.correct.rewrite import Decision, Symbols, rewrite
from pipeline.correct.tokens import Token, camel_split, symbol_pattern, tokenize

log = logging.getLogger(__name__)

NAME_BONUS = 1.5
NAME_MAX_LEN = 12
MIN_CONFIDENCE = 0.3  # below this the reading is too uncertain to replace what OCR saw
LENGTH_FROM, LENGTH_WEIGHT, LENGTH_MAX = (
    8,
    0.25,
    1.5,
)  # per: capitalised, recurring — such unknown words are more likely names
SPLIT_COST = 2.0
CASE_CONFIDENCE = 0.8
CASE_EVIDENCE = 1
REAL_WORD_BUDGET = 3.0
REAL_WORD_MARGIN = 1.0  # a valid word is replaced only by a reading 10× more probable
# … unless it is valid only as a compound of listed parts ("Kreisschüler|rot", "Juli|one"): its
# frequency is a guess, and a reading the document's dominant confusion explains just as well
# needs only to score higher.
COMPOUND_MARGIN = 0.0
EDIT_COST = fallback.EDIT_COST
# A word this long that is neither listed nor a compound of listed parts is rarely genuine even
# in clean text, and one plain edit from a listed word it is almost always that word misread
# ("Prüfergebrnis", "Ofizieren"): such words get plain edits in any document.
LONG_EDIT_FROM = 9
COMMON_ZIPF = 4.0  # a reading this frequent and this long is not taken for a name's neighbour
# Readings are searched only for tokens up to this length. A longer token is a glued line or
# garbage (the lexicon's longest word has 39 letters): searching its edits costs time that grows
# with the square of its length and more (200 glued letters took over a minute) for no gain.
MAX_READ_LENGTH = 36
LOWER_NOUN_FROM = 8
SHORT_READING = 3  # readings this short must be curated words (`Corrector._trusted`)
READINGS_CACHE = 50_000  # words whose base-channel readings are kept
# A lower-case word (a verb or adjective form) capitalised inside a sentence: a nominalisation
# ("das Neue") about one time in ten, so its reading as a noun costs one order of magnitude.
CAPITAL_COST = 1.0
CAPITAL_MAX_ZIPF = 3.0  # … for a rare form: a noun reading cannot beat a frequent one ("Nach")
MAX_PASSES = 4  # passes of the whole correction until it reaches a fixed point
NEAR_CERTAIN = 0.5  # confusion probability from which text that is not modern German is fixed
CERTAIN_BUDGET = 1.0
CUE_BUDGET = 3.5  # channel cost within which a misread cue word ("Urthcil") is recognised
SYMBOL_MIN_COUNT, SYMBOL_SHARE = 5, 0.8  # a symbol misreading the renders showed this clearly
# Confusions of glyphs that differ by a dot or a short stroke: tesseract's commonest misreads on
# degraded print. A capitalised unknown word that one of these turns into a listed word is more
# likely that word misread than a name, so such a reading keeps only part of the name bonus.
SLIGHT = {("l", "i"), ("i", "l"), ("I", "l"), ("l", "I"), ("1", "l"), ("1", "I"), ("ii", "ü")}
SLIGHT_NAME_SHARE = 0.25


class Corrector:
    def __init__(self, lex: Lexicon | None = None, channel: Channel | None = None) -> None:
        self.lex = lex or load_lexicon()
        self.base = channel or Channel.default()
        self._base_readings: dict[str, tuple[float, list[tuple[str, float, tuple]]]] = {}
        self.symbols = {
            seen: symbol
            for seen, (symbol, n, total) in measured().symbols.items()
            if n >= SYMBOL_MIN_COUNT and n >= SYMBOL_SHARE * total
        }
        self.symbol_table = Symbols(self.symbols, symbol_pattern(self.symbols))
        self.cues = restraint.cues()

    def candidates(self, word: str, ch: Channel, budget: float) -> list[tuple[float, str, tuple]]:
        """Valid readings of `word` within the budget, best first: (score, reading, rules).

        Readings under the shared base channel are kept across documents (most documents are
        not adapted, and names and rare words recur), those under a document's adapted channel
        on that channel (adaptation's last round and the decisions ask for the same words)."""
        if len(word) > MAX_READ_LENGTH:
            return []
        # The base channel's cache, or a document's own (kept on its channel): enumerated at
        # the budget asked for, again only when a larger one is asked for.
        cache = self._base_readings if ch is self.base else ch.readings
        found = cache.get(word)
        if found is None or found[0] < budget:
            if len(cache) > READINGS_CACHE:
                cache.clear()
            found = cache[word] = (budget, self._readings(word, ch, budget))
        readings = [r for r in found[1] if r[1] <= budget]
        scored = [(self.lex.frequency(v) - c, v, r) for v, c, r in readings]
        return sorted(scored, key=lambda x: (-x[0], x[1]))

    def _readings(self, word: str, ch: Channel, budget: float) -> list[tuple[str, float, tuple]]:
        best: dict[str, tuple[float, tuple]] = {}
        for variant, c, rules in ch.variants(word, budget):
            if variant == word or (variant in best and best[variant][0] <= c):
                continue
            if variant in best or self.lex.is_valid(variant):
                best[variant] = (c, rules)
        return [(v, c, r) for v, (c, r) in best.items()]

    def correct_texts(
        self, texts: list[str], notes: list[str] | None = None
    ) -> list[tuple[str, list[Change]]]:
        """Correct the pages of one document together (they share what adaptation learns).

        What the corrector learns about a document depends on its text, and fixing words
        changes that text (fewer unknown words, other confusion counts), so one pass is
        repeated on its own output until it changes nothing: the result is a fixed point, and
        correcting it again leaves it as it is. Changes refer to the original texts. `notes`
        receives how the document was judged (restraint.py).
        """
        current = list(texts)
        done: list[list[Change]] = [[] for _ in texts]
        for n in range(MAX_PASSES):
            results = self.correct_once(current, notes if n == 0 else None)
            if not any(changes for _, changes in results):
                break
            done = [
                compose(prev, new, orig, text)
                for prev, (_, new), orig, text in zip(done, results, texts, current, strict=True)
            ]
            current = [fixed for fixed, _ in results]
        return list(zip(current, done, strict=True))

    def correct_once(
        self, texts: list[str], notes: list[str] | None = None
    ) -> list[tuple[str, list[Change]]]:
        """One correction pass over the pages of a document."""
        pages = [tokenize(t) for t in texts]
        words = [tok for toks in pages for tok in toks if not tok.protected]
        types = Counter(tok.text for tok in words)
        modifiers = {t.text for t in words if t.before_hyphen and self.lex.is_modifier(t.text)}
        invalid = {w for w in types if w not in self.lex and w not in modifiers}
        judged = restraint.assess(types, invalid, self.lex, self.cues, self._misread)
        if notes is not None:
            notes.append(judged.note())
        if not judged.modern:
            # Near-certain under this document's own channel: its dominant confusions (a page
            # whose every "m" reads "rn") are as sure as the measured ones.
            own = adapt(types, invalid, self.base, self.lex, self.candidates).channel
            certain = {
                w: self.decide_certain(w, own) or self.decide_certain(w, self.base) for w in invalid
            }
            return [
                rewrite(t, toks, self.lex, self.symbol_table, certain, {})
                for t, toks in zip(texts, pages, strict=True)
            ]
        doc = adapt(types, invalid, self.base, self.lex, self.candidates)
        strong = {s for s, _t in doc.strong}
        decisions: dict[str, Decision | None] = {}
        capitals = casing.odd_capitals(self.lex, texts, pages, invalid, CAPITAL_MAX_ZIPF)
        for w in types:
            if w in invalid and _lower_noun(w, self.lex):
                continue  # "betreuungsplätze": the writer's slip, not OCR's
            if w in invalid and restraint.historical_form(w, self.lex, self.cues, older=True):
                continue  # a period spelling ("daß", "Noth") is the print's, not a misreading
            if w in invalid and (doc.noisy or len(w) >= 3):
                d = self.decide_unknown(w, doc, doc.prior, self._name_bonus(w, types), types[w])
                decisions[w] = d if d and d.confidence >= MIN_CONFIDENCE else None
            elif w in capitals:
                decisions[w] = self.decide_capital(w, doc)
            elif strong and any(s in w for s in strong):
                decisions[w] = self.decide_valid(w, doc.channel)
        evidence = sum(case_evidence(text, toks) for text, toks in zip(texts, pages, strict=True))
        return [
            rewrite(
                text,
                toks,
                self.lex,
                self.symbol_table,
                decisions,
                self._case_fixes(text, toks, decisions, evidence),
            )
            for text, toks in zip(texts, pages, strict=True)
        ]

    def _case_fixes(
        self, text: str, toks: list[Token], decisions: dict[str, Decision | None], evidence: int
    ) -> dict[int, Decision]:
        """Capitals tesseract put on "i"/"j" (casing.py), where the document shows that."""
        if evidence < CASE_EVIDENCE:
            return {}  # this document does not show the confusion
        corrected = {w: d.corrected for w, d in decisions.items() if d}
        lowered = casing.lowered_capitals(self.lex, text, toks, corrected)
        return {i: Decision(low, CASE_CONFIDENCE) for i, low in lowered.items()}

    def decide_capital(self, w: str, doc: DocModel) -> Decision | None:
        """A capitalised verb or adjective form inside a sentence is more often a noun misread
        ("Ablaufe" for "Abläufe"): a noun reading that beats the form, itself made less likely
        by its capital (CAPITAL_COST), replaces it."""
        own = self.lex.frequency(w) - CAPITAL_COST
        cands = [
            c
            for c in self.candidates(w, doc.channel, budget(own, self.lex.ceiling(w)))
            if self.lex.has_form(c[1])
        ]
        if cands and cands[0][0] > own:
            return Decision(cands[0][1], _share(cands[0][0], [own] + [c[0] for c in cands]))
        return None

    @staticmethod
    def _name_bonus(w: str, types: Counter[str]) -> float:
        """Unknown capitalised words are often names; recurring ones all the more."""
        if not (w[0].isupper() and w[1:].islower()) or len(w) > NAME_MAX_LEN:
            return 0.0  # long capitalised words are compounds far more often than names
        return NAME_BONUS * (2 if types[w] >= 2 else 1)

    def decide_unknown(
        self, w: str, doc: DocModel, prior: float, name_bonus: float = 0.0, seen: int = 1
    ) -> Decision | None:
        """The best reading of an unknown word, or None to leave it.

        A capitalised unknown word may be a name (`name_bonus`), unless the document's own
        dominant confusions explain it: then its recurrence is that of a systematic misreading.
        """
        # A long word that is neither listed nor a compound of listed parts is rarely genuine.
        prior -= min(LENGTH_MAX, LENGTH_WEIGHT * max(0, len(w) - LENGTH_FROM))
        cands = self.candidates(w, doc.channel, budget(prior, self.lex.ceiling(w)))
        cands = [c for c in cands if self._trusted(c[1])]
        if doc.vocabulary:
            boosted = ((c + doc.boost(v, seen), v, r) for c, v, r in cands)
            cands = sorted(boosted, key=lambda x: -x[0])
        added = 0.0
        if not cands or not all(rule in doc.supported for rule in cands[0][2]):
            slight = cands and all(rule in SLIGHT for rule in cands[0][2])
            added = name_bonus * (SLIGHT_NAME_SHARE if slight else 1.0)
            prior += added
        if cands and cands[0][0] > prior:
            return Decision(cands[0][1], _share(cands[0][0], [prior] + [c[0] for c in cands]))
        glued = self.split_glued(w, doc, prior)
        if glued:
            return glued
        # Plain edits only where the document is noisy: in text with few unknown words they
        # broke more words than they fixed on the train renders (names, rare words). A long
        # word there may only become a listed word: a compound one edit away from a name
        # ("Wermelskirchen" → "Wermalskirchen") is no evidence.
        if len(w) >= LONG_EDIT_FROM and w.isalpha() and not doc.noisy:
            scored = fallback.edited_listed(w, self.lex, doc.channel)
        elif len(w) >= 4 and (doc.noisy or not w.isalpha()):
            scored = self.edited(w, doc.channel, prior)
        else:
            scored = []
        scored = [(c, v) for c, v in scored if self._trusted(v)]
        if scored:
            scored = sorted(((c + doc.boost(v, seen), v) for c, v in scored), key=lambda x: -x[0])
            if self._common_word(w, scored[0][1]):
                prior -= added * (1 - SLIGHT_NAME_SHARE)  # "Verwatung": no name, a common word
            if scored[0][0] > prior:
                return Decision(
                    scored[0][1], _share(scored[0][0], [prior] + [s for s, _ in scored])
                )
        return None

    def _trusted(self, reading: str) -> bool:
        """A short reading must be a word of the curated list: wordfreq's short strings that
        the list lacks are abbreviations and web noise ("fn", "tg"), no reading of a misread."""
        if len(reading) > SHORT_READING:
            return True
        return self.lex.curated(reading) or self.lex.curated(reading.lower())

    def edited(self, w: str, ch: Channel, prior: float) -> list[tuple[float, str]]:
        """Readings within plain edits of `w` (fallback.py), best first."""
        if len(w) > MAX_READ_LENGTH:
            return []
        return fallback.edited(w, self.lex, ch, budget(prior, self.lex.ceiling(w)) - EDIT_COST)

    def _common_word(self, w: str, reading: str) -> bool:
        """A long reading that is a common word of the curated list: a name one edit away from
        it is far rarer than that word misread."""
        return (
            len(w) >= LONG_EDIT_FROM
            and self.lex.curated(reading)
            and self.lex.frequency(reading) >= COMMON_ZIPF
        )

    def _misread(self, w: str) -> Iterator[str]:
        """What the base channel cheaply makes of `w` (valid or not): for restraint.py."""
        if len(w) > MAX_READ_LENGTH:
            return  # a glued line: see MAX_READ_LENGTH
        for variant, _c, _r in self.base.variants(w, CUE_BUDGET):
            if variant != w:
                yield variant

    def decide_certain(self, w: str, channel: Channel) -> Decision | None:
        """The reading of an unknown word that only near-certain confusions give
        ("Verwalıung"), measured or adapted to the document (`channel`), for text that is not
        modern German; a period spelling stays."""
        if restraint.historical_form(w, self.lex, self.cues):
            return None
        cands = self.candidates(w, channel, CERTAIN_BUDGET)
        if not cands or len(cands) > 1 and cands[1][0] > cands[0][0] - CLEAR_MARGIN:
            return None
        if all(channel.probs[rule] >= NEAR_CERTAIN for rule in cands[0][2]):
            return Decision(cands[0][1], _share(cands[0][0], [c[0] for c in cands]))
        return None

    def decide_valid(self, w: str, ch: Channel) -> Decision | None:
        own = self.lex.frequency(w) - ch.keep_cost(w)
        cands = self.candidates(w, ch, REAL_WORD_BUDGET)
        margin = REAL_WORD_MARGIN if self.lex.listed(w) or "-" in w else COMPOUND_MARGIN
        if cands and cands[0][0] > own + margin:
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


def _lower_noun(w: str, lex: Lexicon) -> bool:
    """A long noun (or compound) written in lower case: OCR does not lose a capital so."""
    return len(w) >= LOWER_NOUN_FROM and w[0] in ALPHABET and lex.is_valid(w[0].upper() + w[1:])


def _share(best: float, scores: list[float]) -> float:
    """Posterior share of the best reading among the alternatives (log10 scores)."""
    top = max(scores)
    total = sum(10 ** (s - top) for s in scores)
    return 10 ** (best - top) / total
