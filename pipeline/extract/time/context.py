"""What a relative or year-less expression is resolved against, and which way it looks.

News mode (council papers): the anchor is the document date. Narrative mode (histories,
chronicles): the anchor is the last date the text named before the expression. The direction
comes from the expression's own preposition ("bis" → future, "seit" → past), then from the
tense of its clause (a mandate looks forward, a report of events backwards)."""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass, field

from pipeline.extract.time import lexicon

FUTURE_PREP = re.compile(r"(?:\b(?:bis|spätestens|ab|zum|künftig|ab\s+dem|bis\s+zum)\s+)$", re.I)
PAST_PREP = re.compile(r"(?:\b(?:seit|vom|seit\s+dem|Stand|zuletzt|bereits\s+am)\s+)$", re.I)


@dataclass
class Context:
    text: str
    ref: dt.date | None
    narrative: bool = False
    # a paper without its date: the dates it names are the anchors, resolved as in a paper
    anchored: bool = False
    # narrative anchors: (end, date, granularity) of dates named, sorted by position
    anchors: list[tuple[int, dt.date, str]] = field(default_factory=list)
    _breaks: list[int] | None = None

    def anchor(self, pos: int) -> tuple[dt.date | None, str]:
        """The date a relative expression at `pos` is resolved against, with its granularity
        ("day", "month", "year")."""
        if (self.narrative or self.anchored) and self.anchors:
            k = bisect.bisect_right(self.anchors, pos, key=lambda a: a[0]) - 1  # ended before
            if k >= 0:
                return self.anchors[k][1], self.anchors[k][2]
        return self.ref, "day"

    def clause(self, start: int, end: int) -> str:
        """The clause around a span: between sentence breaks (not the dots of dates)."""
        if self._breaks is None:
            pattern = lexicon.compiled("sentence_break")
            self._breaks = [m.end() for m in pattern.finditer(self.text)]
        k = bisect.bisect_right(self._breaks, start)
        lo = self._breaks[k - 1] if k else 0
        hi = self._breaks[k] if k < len(self._breaks) else len(self.text)
        lo, hi = max(lo, start - 300), min(hi, end + 300)
        return self.text[lo:start] + " " + self.text[end:hi]

    def direction(self, start: int, end: int) -> str | None:
        """'future', 'past' or None (no cue) for the expression at [start, end)."""
        before = self.text[max(0, start - 25) : start]
        if FUTURE_PREP.search(before):
            return "future"
        if PAST_PREP.search(before):
            return "past"
        fut, past = lexicon.tense_res()
        clause = self.clause(start, end)
        has_fut = bool(fut.search(clause))
        has_past = bool(past.search(clause) or lexicon.perfect().search(clause))
        if has_past and not has_fut:
            return "past"
        if has_fut:
            return "future"
        return None
