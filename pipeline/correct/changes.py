"""A change to a page text, and how the changes of two correction passes make one list."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Change:
    start: int  # offsets in the original text
    end: int
    original: str
    corrected: str
    confidence: float


def compose(first: list[Change], second: list[Change], original: str, middle: str) -> list[Change]:
    """The changes of two passes as one list against `original`: `first` took `original` to
    `middle`, `second` (offsets in `middle`) took `middle` further."""
    moved, shift = [], 0  # where each first change sits in `middle`, and the shift it causes
    for c in first:
        grow = len(c.corrected) - (c.end - c.start)
        moved.append((c.start + shift, c.start + shift + len(c.corrected), grow, c))
        shift += grow

    def to_original(pos: int) -> int:
        return pos - sum(grow for _a, end, grow, _c in moved if end <= pos)

    out: list[Change] = []
    merged: set[int] = set()
    for c in second:
        hit = [k for k, (a, b, _g, _c) in enumerate(moved) if a < c.end and c.start < b]
        start = min([c.start] + [moved[k][0] for k in hit])
        end = max([c.end] + [moved[k][1] for k in hit])
        o_start, o_end = to_original(start), to_original(end)
        corrected = middle[start : c.start] + c.corrected + middle[c.end : end]
        conf = min([c.confidence] + [moved[k][3].confidence for k in hit])
        merged.update(hit)
        out.append(Change(o_start, o_end, original[o_start:o_end], corrected, conf))
    out.extend(m[3] for k, m in enumerate(moved) if k not in merged)
    return [c for c in sorted(out, key=lambda c: c.start) if c.original != c.corrected]
