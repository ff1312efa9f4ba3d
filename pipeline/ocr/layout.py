"""Page layout clean-up: raw_text → clean_text, the text that later stages read.

- Running headers and footers (letterhead lines, "Seite 2 von 5", a date) repeated at the top
  or bottom of several pages are left out, so that a sentence split by a page break meets its
  second half again in `Document.text`. The header stays once, on the first page: it carries
  the reference and date that extraction needs, and it splits no sentence there. Lines are
  compared fuzzily (digits masked, OCR noise tolerated): page numbers and OCR errors vary.
- Words hyphenated at a line end are joined when the joined word is the real one
  ("Digitalisie-" + "rungsstrategie"); real hyphens stay ("Haupt- und Finanzausschuss",
  "Bürger-Initiative", "deutsch-französisch").
- Lines holding only (non-breaking) spaces become empty lines.
`raw_text` keeps everything as read.
"""

from __future__ import annotations

import functools
import logging
import math
import re
from collections import Counter
from difflib import SequenceMatcher

from pipeline.model import Document, Options, stage
from pipeline.ocr.quality import is_known, is_listed

log = logging.getLogger(__name__)

ZONE = 5  # non-empty lines at the top and bottom of a page that may be running lines
SIMILAR = 0.85  # fuzzy match of masked lines across pages (OCR noise)
PAGE_NUMBER = re.compile(
    r"^\W*(?:seite|blatt|page|s\.)?\s*\d{1,4}\s*(?:(?:von|/|of|aus)\s*\d{1,4})?\W*$", re.IGNORECASE
)
PAGE_WORD = re.compile(r"seite|blatt|page|von", re.IGNORECASE)
# words after which a line-end hyphen is a suspended compound ("Haupt- und Finanzausschuss")
CONJUNCTIONS = {
    "und",
    "oder",
    "bzw",
    "sowie",
    "als",
    "bis",
    "noch",
    "wie",
    "u",
    "o",
    "beziehungsweise",
}
HYPHEN_END = re.compile(r"(?:^|(?<=[\s(„\"']))([A-Za-zÄÖÜäöüß]{2,})([-\u00ad])$")
NEXT_WORD = re.compile(r"^([A-Za-zÄÖÜäöüß]+)(\S*)\s*(.*)$")
FIRST_WORD = re.compile(r"([A-Za-zÄÖÜäöüß]+)(\S*)[ \t]*")


def mask(line: str) -> str:
    """Comparable form of a line: lower case, digits masked, spaces collapsed."""
    return " ".join(re.sub(r"\d+", "#", line.lower()).split())


def _zones(lines: list[str]) -> tuple[list[int], list[int]]:
    filled = [i for i, line in enumerate(lines) if line.strip()]
    return filled[:ZONE], filled[::-1][:ZONE]


def _similar(a: str, b: str) -> bool:
    if a == b:
        return True
    if abs(len(a) - len(b)) > max(len(a), len(b)) * (1 - SIMILAR):
        return False
    # Shared characters bound the ratio from above (difflib's quick_ratio) at a fraction of
    # its cost; most pairs of different lines end here.
    shared = sum((_chars(a) & _chars(b)).values())
    if 2 * shared < SIMILAR * (len(a) + len(b)):
        return False
    return SequenceMatcher(None, a, b, autojunk=False).ratio() >= SIMILAR


@functools.lru_cache(maxsize=4096)
def _chars(line: str) -> Counter[str]:
    return Counter(line)


def _repeated(key: str, edges: list[list[str]], needed: int) -> bool:
    """Whether a line similar to `key` sits in the same edge zone of `needed` other pages.

    `key` is in its own page's zone, so the answer does not depend on which page asks; the
    count stops as soon as it is decided (long documents would otherwise cost pages²).
    """
    hits, left = -1, len(edges)  # -1: the page the key comes from matches itself
    for zone in edges:
        left -= 1
        if key in zone or any(_similar(key, other) for other in zone):
            hits += 1
            if hits >= needed:
                return True
        elif hits + left < needed:
            return False
    return False


def running_lines(pages: list[list[str]]) -> list[set[int]]:
    """Per page, the indices of lines that are running headers/footers (or page numbers).

    A line at the top (bottom) of a page is running when a similar line sits at the top
    (bottom) of at least half of the other pages (and of one other page at least); lines are
    taken from the edge inwards and the walk stops at the first line that is not running.
    The first page keeps its header once (letterhead, reference and date are the document's
    metadata that extraction reads); its page number and footer go like all the others.
    """
    count = len(pages)
    needed = max(1, math.ceil((count - 1) / 2))
    zones = [_zones(lines) for lines in pages]
    masked = [[mask(line) for line in lines] for lines in pages]
    edges = [[[masked[q][j] for j in zones[q][side]] for q in range(count)] for side in (0, 1)]
    known: list[dict[str, bool]] = [{}, {}]  # per side: masked line → repeated
    result: list[set[int]] = []
    for p, lines in enumerate(pages):
        drop: set[int] = set()
        for side in (0, 1):
            for index in zones[p][side]:
                key = masked[p][index]
                if key not in known[side]:
                    known[side][key] = count > 1 and _repeated(key, edges[side], needed)
                repeated = known[side][key]
                line = lines[index].strip()
                numbered = PAGE_NUMBER.match(line) and (count > 1 or PAGE_WORD.search(line))
                if numbered or (repeated and (p, side) != (0, 0)):
                    drop.add(index)
                elif not repeated:
                    break
        result.append(drop)
    return result


def join_decision(head: str, tail: str) -> str | None:
    """How to mend `head-` at a line end followed by `tail`: 'join', 'hyphen', or None (leave).

    A lower-case continuation is line-end hyphenation unless both halves are words and the
    join is not ("deutsch-französisch"); a capitalised continuation is a real hyphenated
    compound ("Bürger-Initiative"); a conjunction means a suspended compound ("Haupt- und").
    """
    if tail.lower() in CONJUNCTIONS:
        return None
    if tail[0].isupper():
        return "hyphen"
    if head[0].islower() and is_known(head) and is_known(tail) and not is_listed(head + tail):
        return "hyphen"
    return "join"


def _mended(before: str, word: str) -> str | None:
    """`before` (ending in a hyphenated word) completed by `word`, or None to leave it."""
    end = HYPHEN_END.search(before)
    if not end:
        return None
    decision = "join" if end.group(2) == "\u00ad" else join_decision(end.group(1), word)
    if decision is None:
        return None
    return before[:-1] + ("-" if decision == "hyphen" else "")


def dehyphenate(text: str) -> str:
    """Join words hyphenated at line ends; the rest of the next line stays on its own line."""
    lines = text.split("\n")
    i = 0
    while i < len(lines) - 1:
        nxt = NEXT_WORD.match(lines[i + 1].lstrip())
        stem = _mended(lines[i].rstrip(), nxt.group(1)) if nxt else None
        if nxt and stem is not None:
            lines[i] = stem + nxt.group(1) + nxt.group(2)
            if nxt.group(3):
                lines[i + 1] = nxt.group(3)
            else:
                del lines[i + 1]
            continue  # the joined line may end in a hyphen again
        i += 1
    return "\n".join(lines)


def _blank_nbsp(text: str) -> str:
    return "\n".join(
        "" if not line.replace("\u00a0", " ").strip() else line for line in text.split("\n")
    )


def _trim(lines: list[str]) -> list[str]:
    start, end = 0, len(lines)
    while start < end and not lines[start].strip():
        start += 1
    while end > start and not lines[end - 1].strip():
        end -= 1
    return lines[start:end]


def _mend_page_break(doc: Document) -> None:
    """A word hyphenated at the end of one page is completed there from the next page."""
    for page, following in zip(doc.pages, doc.pages[1:], strict=False):
        rest = following.clean_text.lstrip()
        nxt = FIRST_WORD.match(rest)
        stem = _mended(page.clean_text.rstrip(), nxt.group(1)) if nxt else None
        if nxt and stem is not None:
            page.clean_text = stem + nxt.group(1) + nxt.group(2)
            following.clean_text = rest[nxt.end() :].lstrip("\n")
            following.notes.append("first word moved to the previous page (hyphenated)")


def clean(doc: Document) -> Document:
    """Set `page.clean_text` for every page (running lines out, hyphens mended)."""
    pages = [_blank_nbsp(p.raw_text).split("\n") for p in doc.pages]
    running = running_lines(pages)
    for page, lines, drop in zip(doc.pages, pages, running, strict=True):
        if drop:
            page.notes.append(f"{len(drop)} running header/footer line(s) left out")
            log.debug("page %d: running lines %s", page.number, [lines[i] for i in sorted(drop)])
        kept = _trim([line for i, line in enumerate(lines) if i not in drop])
        page.clean_text = dehyphenate("\n".join(kept)).replace("\u00ad", "")
    _mend_page_break(doc)
    return doc


@stage("layout")
def run(doc: Document, options: Options) -> Document:
    """The layout stage: `clean` every page, whether it came from OCR or a text layer."""
    return clean(doc)
