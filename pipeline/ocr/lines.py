"""Paragraph breaks from where lines sit on the page, for PDF text layers and OCR alike.

A blank line goes where the gap to the previous line is over PARAGRAPH_GAP line pitches. The
line pitch is the smallest gap that recurs between consecutive lines of body-text height, not
the median gap: on a page of short items (one- and two-line paragraphs, a Beschlussvorschlag's
points) most gaps ARE paragraph gaps, and their median would hide every break, gluing a
running header or a heading onto the first sentence below it.
"""

from __future__ import annotations

from collections.abc import Sequence

PARAGRAPH_GAP = 1.6  # a line gap this many times the usual pitch is a paragraph break
SAME_GAP = 0.03  # gaps within 3 % of each other are one recurring pitch
NEAR_LINE = 0.8  # lines nearer than this share of their height (a superscript) are no pitch


def line_pitch(lines: Sequence[tuple[float, float]], size_ratio: float) -> float:
    """The line pitch of `lines` ((top, height) in reading order); 0 when there is none.

    Body-text lines are those whose height is within `size_ratio` of the median height (a PDF's
    font sizes are exact; OCR boxes vary with ascenders and descenders, so OCR passes more).
    """
    if len(lines) < 2:
        return 0.0
    heights = sorted(h for _, h in lines)
    body = heights[len(heights) // 2]

    def is_body(h: float) -> bool:
        return min(h, body) > 0 and max(h, body) <= size_ratio * min(h, body)

    gaps = sorted(
        b[0] - a[0]
        for a, b in zip(lines, lines[1:], strict=False)
        if is_body(a[1]) and is_body(b[1]) and b[0] - a[0] >= NEAR_LINE * max(a[1], b[1])
    )
    for gap in gaps:  # smallest first
        if sum(abs(other - gap) <= SAME_GAP * gap for other in gaps) >= 2:
            return gap
    return gaps[0] if gaps else 0.0


def breaks(tops: Sequence[float], pitch: float) -> list[bool]:
    """Per line: whether a paragraph break comes before it (never before the first)."""
    return [
        bool(i and pitch and tops[i] - tops[i - 1] > PARAGRAPH_GAP * pitch)
        for i in range(len(tops))
    ]
