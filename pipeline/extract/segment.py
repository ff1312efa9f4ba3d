"""Sentence and list-item spans for council layout.

RIS exports break lines inside sentences, put headings ("Beschlussvorschlag:") on lines of
their own, number every list item "1.", and leave lines that hold only a non-breaking space.
We cut on blank lines, headings and list markers first, then on sentence-final punctuation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

BLANK = re.compile(r"^[\s\u00a0\u200b\ufeff]*$")
LIST_MARKER = re.compile(
    r"^[\s\u00a0]*(?:(?:\d{1,3}|[a-zA-Z]|[ivxIVX]{1,4})[.)]|\(\w{1,3}\)|[-–•·*Ø§>]|\u2022|\uf0b7)"
    r"(?=\s|\u00a0|$)"
)
# Abbreviations after which a full stop does not end a sentence.
ABBREV = {
    "nr",
    "abs",
    "bzw",
    "ggf",
    "vgl",
    "evtl",
    "ca",
    "dr",
    "prof",
    "hr",
    "fr",
    "str",
    "st",
    "gem",
    "lt",
    "max",
    "min",
    "inkl",
    "zzgl",
    "bzgl",
    "z",
    "b",
    "u",
    "a",
    "v",
    "d",
    "i",
    "s",
    "o",
    "m",
    "bgm",
    "stv",
    "tel",
    "art",
    "ziff",
    "drs",
    "vorl",
    "anl",
    "sog",
    "jh",
    "jhd",
    "usw",
    "etc",
    "mio",
    "mrd",
    "tsd",
    "std",
    "kap",
    "lfd",
    "fa",
    "gr",
    "kl",
    "ff",
    "f",
    "ö",
    "nö",
    "top",
    "ltd",
    "dipl",
    "ing",
    "mdb",
    "mdl",
    "oberbgm",
    "allg",
    "bspw",
    "insb",
    "sept",
    "okt",
    "nov",
    "dez",
    "jan",
    "feb",
    "aug",
    "eur",
    "abt",
    "stellv",
    "gez",
    "akt",
    "ortsbgm",
    "stadtverw",
}
# the lookbehind starts a match only at the first of a run of dots (else "......" is quadratic)
SENT_END = re.compile(r"(?<![.!?])[.!?]+[\"'“”«»)]*(?=\s+[\"„“(]?[A-ZÄÖÜ0-9])")


FUNCTION_END = re.compile(
    r"\b(?:und|oder|sowie|der|die|das|den|dem|des|ein|eine|einen|einem|einer|für|mit|von|zu|zur|zum|"
    r"im|in|an|auf|bei|über|unter|nach|vor|ob|dass|sie|diese|dieser|wie|als|bis|nicht|auch)$",
    re.IGNORECASE,  # "… vorzulegen. Die" + line break: a sentence begun at the end of a line
)
COLON = re.compile(r":(?=\s*[\"„“]?[A-ZÄÖÜ])")


# no sentence of council prose is this long (the longest of 220 annotated obligations has 398
# characters); a longer one (a run without punctuation, a table read as one line) is cut at a
# space, so that per-sentence work (deadline cues are searched per expression in its sentence)
# stays linear in the text with a small constant
MAX_SEGMENT = 600


@dataclass(frozen=True)
class Segment:
    start: int
    end: int
    line_start: bool  # begins at the start of a line (heading or list item candidates)
    list_item: bool


# header lines that name the paper or the meeting ("Niederschrift über die Sitzung des
# Ortschaftsrates am 14.05.2024") stand alone however long they are
HEADER_LINE = re.compile(
    r"^(?:Niederschrift|Protokoll|Ergebnisprotokoll|Sitzungsprotokoll|Tagesordnung|TOP\s|"
    r"Drucksache|Beschlussvorlage|Sitzungsvorlage|Mitteilungsvorlage|Informationsvorlage|"
    r"Öffentliche\s+Sitzung|Nichtöffentliche\s+Sitzung|Sitzung\s+(?:des|der|am|vom))\b"
)


def _is_heading(line: str) -> bool:
    s = line.strip(" \t\u00a0")
    return (
        (s.endswith(":") and len(s) <= 60)
        or (len(s) <= 40 and not s.endswith((".", ",")))
        or (bool(HEADER_LINE.match(s)) and not s.endswith((",", "-")) and len(s) <= 160)
    )


def _lines(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def blocks(text: str) -> list[tuple[int, int, bool]]:
    """Runs of lines that belong together: (start, end, starts_with_list_marker)."""
    result: list[tuple[int, int, bool]] = []
    cur: list[int] | None = None
    cur_list = False
    prev_line = ""
    blank_before = False
    for start, end in _lines(text):
        line = text[start:end]
        if BLANK.match(line):
            blank_before = True
            continue
        is_item = bool(LIST_MARKER.match(line))
        prev = prev_line.rstrip(" \t\u00a0")
        lower_next = line.lstrip(" \t\u00a0")[:1].islower()
        salutation = re.match(r"\s*(?:Sehr\s+geehrte|Liebe|Hallo|Guten\s+Tag)", prev)
        open_end = not salutation and (prev.endswith(("-", ",")) or bool(FUNCTION_END.search(prev)))
        join = (
            cur is not None
            and not is_item
            and not prev.endswith((".", ":", ";", "!", "?"))
            and (
                # a blank line inside a sentence (double-spaced PDFs) only when it clearly goes on
                (
                    (lower_next and open_end)
                    # "…, ob sie diese" + blank line + "Dachflächen …": no sentence ends on an
                    # article or a conjunction
                    or (open_end and len(prev.strip()) >= 45 and not prev.endswith("-"))
                )
                if blank_before
                else (
                    lower_next
                    and not salutation
                    or open_end
                    or (len(prev.strip()) >= 45 and not _is_heading(prev))
                )
            )
        )
        blank_before = False
        if join and cur is not None:
            cur[1] = end
        else:
            if cur:
                result.append((cur[0], cur[1], cur_list))
            cur, cur_list = [start, end], is_item
        prev_line = line
    if cur:
        result.append((cur[0], cur[1], cur_list))
    return result


def _ends_with_abbrev(text: str, dot: int) -> bool:
    m = re.search(r"(\w+)\.*$", text[max(0, dot - 12) : dot + 1])
    if not m:
        return False
    word = m.group(1)
    return word.lower() in ABBREV or word.isdigit() and len(word) <= 2 or len(word) == 1


def segments(text: str) -> list[Segment]:
    """Sentences and list items of `text` as character spans (whitespace trimmed)."""
    out: list[Segment] = []
    for bstart, bend, is_item in blocks(text):
        chunk = text[bstart:bend]
        cuts = [0]
        for m in SENT_END.finditer(chunk):
            dot = m.start()
            if chunk[dot] == "." and _ends_with_abbrev(chunk, dot):
                continue
            cuts.append(m.end())
        for m in COLON.finditer(chunk):
            left = chunk[: m.start()]
            prev = max((c for c in cuts if c <= m.start()), default=0)
            if len(left[prev:].split()) <= 8:
                cuts.append(m.end())
        cuts = _cap(chunk, sorted(set(cuts)))
        for i, (a, b) in enumerate(zip(cuts, cuts[1:], strict=False)):
            seg = chunk[a:b]
            lead = len(seg) - len(seg.lstrip(" \t\n\u00a0"))
            trail = len(seg.rstrip(" \t\n\u00a0"))
            if trail <= lead:
                continue
            out.append(Segment(bstart + a + lead, bstart + a + trail, i == 0, is_item and i == 0))
    return out


def _cap(chunk: str, cuts: list[int]) -> list[int]:
    """The cut positions with the end of `chunk` appended, and extra cuts at spaces so that no
    piece exceeds MAX_SEGMENT characters."""
    out: list[int] = []
    for a, b in zip(cuts, [*cuts[1:], len(chunk)], strict=True):
        out.append(a)
        while b - a > MAX_SEGMENT:
            space = chunk.rfind(" ", a + MAX_SEGMENT // 2, a + MAX_SEGMENT)
            a = space + 1 if space > a else a + MAX_SEGMENT
            out.append(a)
    out.append(len(chunk))
    return out


def strip_marker(text: str) -> tuple[int, str]:
    """Offset past a leading list marker and the rest of `text`."""
    m = LIST_MARKER.match(text)
    if not m:
        return 0, text
    rest = text[m.end() :]
    skip = m.end() + len(rest) - len(rest.lstrip(" \t\u00a0"))
    return skip, text[skip:]
