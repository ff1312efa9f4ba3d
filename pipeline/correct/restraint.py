"""Is this document modern standard German? If not, the corrector holds back.

The lexicon and the word frequencies describe today's spelling. Applied to a text of 1850 they
"correct" its period spelling ("getheilt" → "geteilt", "seyn" → "sein"), to Latin they make
German-looking words ("munera vana" → "munter van"), to English, nonsense. So before
correcting, the document's word types are measured: the share of lexicon words, the share of
tokens that carry a historical spelling cue whose modern form the lexicon lists (th/t, ey/ei,
-iren/-ieren, ß/ss, ſ: dictionaries/restraint.tsv), and the share of function words of other
languages. Where either share is high the corrector only makes the changes that confusions
make near-certain — the measured ones ("ı" for "i") or the document's own dominant ones (a page
whose every "m" reads "rn") — never to a period spelling's modern form, and the decision is
recorded on the pages. A misread cue word ("Urthcil") counts through the channel's readings.
Measured on historical German and Latin by scripts/eval_restraint.py.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache

from pipeline.correct.lexicon import Lexicon
from pipeline.data import dictionary_path

CUES_FILE = "restraint.tsv"
# Of tokens: modern council text has none (a quoted "daß" at most; none of the 94 dev texts,
# their generated confusions, 820 renders, 43 photocopied pages reaches it), a degraded page of
# 1888 ("Urthcil", "nothwendig") has 0.7 %.
HISTORICAL_SHARE = 0.005
FOREIGN_SHARE = 0.03  # "ad hoc" or "the" once in a thousand words is still German
MIN_CUES = 2  # a single cue in a short text says nothing


@dataclass(frozen=True)
class Cues:
    historical: tuple[tuple[str, str], ...]  # (cue, modern form)
    foreign: frozenset[str]
    older: tuple[tuple[str, str], ...] = ()  # spellings of 1901–1996: kept, not counted


@cache
def cues(name: str = CUES_FILE) -> Cues:
    historical, older, foreign = [], [], set()
    for line in dictionary_path(name).read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        fields = line.split("\t")
        if fields[0] == "historical":
            historical.append((fields[1], fields[2]))
        elif fields[0] == "older":
            older.append((fields[1], fields[2]))
        else:
            foreign.add(fields[1])
    return Cues(tuple(historical), frozenset(foreign), tuple(older))


@dataclass(frozen=True)
class Assessment:
    tokens: int
    known: float  # share of tokens the lexicon accepts
    historical: float  # share of tokens with a historical spelling cue
    foreign: float  # share of tokens that are function words of Latin or English
    modern: bool

    def note(self) -> str:
        verdict = (
            "modern German: full correction"
            if self.modern
            else ("not modern standard German: only near-certain channel corrections")
        )
        return (
            f"correction: {verdict} (lexicon words {self.known:.0%}, historical spellings "
            f"{self.historical:.1%}, Latin/English function words {self.foreign:.1%} "
            f"of {self.tokens} tokens)"
        )


def historical_form(word: str, lex: Lexicon, table: Cues, older: bool = False) -> bool:
    """True when `word` is unlisted but a historical spelling of a listed word ("Noth"); with
    `older`, also a spelling of 1901–1996 ("daß")."""
    for cue, modern in table.historical + (table.older if older else ()):
        if cue not in word:
            continue
        if cue == "ſ" or not modern.isalpha():
            return True
        if cue == "iren":
            if word.endswith(cue) and lex.is_valid(word[: -len(cue)] + modern):
                return True
            continue
        if lex.is_valid(word.replace(cue, modern)) or lex.is_valid(
            word.replace(cue.capitalize(), modern.capitalize())
        ):
            return True
    return False


def assess(
    types: Counter[str],
    invalid: set[str],
    lex: Lexicon,
    table: Cues,
    readings: Callable[[str], Iterable[str]] | None = None,
) -> Assessment:
    """Measure the word types of a document (`invalid`: those the lexicon does not accept).

    On a degraded page the cue words are misread too ("Urthcil"): `readings` gives what the
    OCR channel makes of a word, and an unlisted word with a cue counts as a period spelling
    when one of its readings is one ("Urtheil")."""
    tokens = sum(types.values())
    if not tokens:
        return Assessment(0, 0.0, 0.0, 0.0, True)
    known = 1 - sum(types[w] for w in invalid) / tokens

    def period(w: str) -> bool:
        if historical_form(w, lex, table):
            return True
        if readings is None or not any(cue in w for cue, _m in table.historical):
            return False
        # A period spelling is unlisted: a reading that is a valid word ("Enthaltungen" for
        # "Enthaltungcn") is the modern word misread, whatever its letters.
        return any(r not in lex and historical_form(r, lex, table) for r in readings(w))

    historical = sum(types[w] for w in invalid | {w for w in types if "ſ" in w} if period(w))
    foreign = sum(n for w, n in types.items() if w in table.foreign)
    modern = not (
        (historical >= MIN_CUES and historical >= HISTORICAL_SHARE * tokens)
        or (foreign >= MIN_CUES and foreign >= FOREIGN_SHARE * tokens)
    )
    return Assessment(tokens, known, historical / tokens, foreign / tokens, modern)
