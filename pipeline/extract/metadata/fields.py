"""Title, date and submitters of a document, from its form block and heading.

The title is the value of "Betreff:" (or "Kurztitel", "Gegenstand" …) or the heading of the
matter — never a letterhead line or the bare type word. The date is the document's own: a date
field, a letter date line ("Musterstadt, den 12.03.2024"), the "vom …" of the heading that
numbers the paper; only minutes and decisions, which are dated by their meeting, fall back to
the meeting date in the header. A date in the body (a meeting, another paper) never counts.
"""

from __future__ import annotations

import re
from functools import cache

from pipeline.extract import timex
from pipeline.extract.metadata.layout import (
    Field,
    Line,
    bare_label,
    data,
    inline_fields,
    is_letterhead,
    is_prose,
    ref_shape,
)

TITLE_MAX = 250
DATED_BY_MEETING = ("Niederschrift", "Beschluss", "Sonstiges")


@cache
def _skip() -> list[re.Pattern[str]]:
    return [re.compile(p, re.I) for p in data()["title_skip"]["patterns"]]


@cache
def _type_word() -> re.Pattern[str]:
    words = data()["reference"]["heading_words"]
    return re.compile(rf"^\W{{0,3}}(?:{words})\b\W*", re.I)


def _continues(line: str, nxt: str | None) -> bool:
    """A title printed over two lines: the next line goes on in lower case."""
    return bool(nxt) and bool(re.match(r"[a-zäöü(„\"-]", nxt or "")) and len(line) < 120


def title(lines: list[Line], fields: list[Field]) -> tuple[str | None, str]:
    """(title, where it was found)."""
    texts = [ln.text for ln in lines]
    for f in fields:
        if f.kind == "title" and f.value and not is_letterhead(f.value):
            value = f.value
            nxt = texts[f.line + 1] if f.line + 1 < len(texts) else None
            if nxt is not None and _continues(value, nxt) and not bare_label(nxt):
                value = f"{value} {nxt}"
            return value[:TITLE_MAX], f"field {f.label}"
    for line in texts[:15]:
        if is_prose(line) and SENTENCE.search(line):
            break  # running text, even with an address or a web link in it
        if is_letterhead(line) or inline_fields(line) or bare_label(line):
            continue
        item = re.match(data()["title_skip"]["agenda_item_title"], line)
        if item:
            return item.group("title")[:TITLE_MAX], "heading"  # "zu TOP 8: Friedhofssatzung"
        opens_with_type = bool(_type_word().match(line))
        if any(p.search(line) for p in _skip()) or (
            not opens_with_type and re.match(data()["title_skip"]["form_label"], line)
        ):
            continue
        if SENTENCE.search(line):
            break  # the running text has begun: a fragment without a heading has no title
        rest = _heading_rest(line)
        if rest is None:
            continue
        if len(rest) >= 8 and not _only_date_or_number(rest):
            return rest[:TITLE_MAX], "heading"
    return _after_number(fields)


# a sentence of running text: it ends with a full stop after a word, or one sentence follows
# another
SENTENCE = re.compile(r"[a-zäöüß)“\"]{2}[.!]\s*$|\w[.!?][“\"]\s*$|[a-zäöüß]{2}[.!?]\s+[A-ZÄÖÜ]")


def _after_number(fields: list[Field]) -> tuple[str | None, str]:
    """ "Vorlage: 2022/0155 Parkraumkonzept Innenstadt": on an agenda item's page ALLRIS prints
    the paper's number and subject in one field."""
    for f in fields:
        if f.kind != "reference":
            continue
        m = ref_shape().match(f.value)
        rest = f.value[m.end() :].strip(" -–:") if m else ""
        if len(rest) >= 8 and not SENTENCE.search(rest):
            return rest[:TITLE_MAX], f"field {f.label}"
    return None, ""


def _heading_rest(line: str) -> str | None:
    """The matter a heading line names: what follows the type word and number, if anything."""
    m = _type_word().match(line)
    if not m:
        return line
    rest = line[m.end() :]
    rest = (
        re.sub(r"^(?:Nr\.?\s*)?[\w/ .-]*\d[\w/.-]*\s*[-–:]?\s*", "", rest)
        if re.match(r"(?:Nr\.?\s*)?[A-Z]{0,5}[\s/-]?\d", rest)
        else rest
    )
    if re.match(data()["title_skip"]["cites_paper"], rest):
        # "Änderungsantrag zur Vorlage 2023/0140": the paper it refers to, the matter follows
        parts = re.split(r"\s[-–:]\s|:\s", rest, maxsplit=1)
        return parts[1].strip(" -–:") or None if len(parts) == 2 else None
    if re.match(r"(?:zu[mr]?|auf|über|betreffend|bezüglich|wegen)\s", rest):
        return line  # "Antrag zur Installation von Trinkbrunnen": the heading is the title
    if re.match(r"(?:der|des|von|an|für|aus)\b", rest):
        # "Antrag der SPD-Fraktion: Radwege": who writes to whom, then the matter if any
        parts = re.split(r"\s[-–:]\s|:\s", rest, maxsplit=1)
        rest = parts[1] if len(parts) == 2 else ""
    return rest.strip(" -–:") or None


def _only_date_or_number(text: str) -> bool:
    return bool(re.fullmatch(r"(?:Nr\.?\s*)?[\d\s./:·,-]+|\w{1,3}[\d\s./:-]+", text))


# a day date can only be where a day number is followed by a month (number or name) or in ISO
MAY_HOLD_DAY = re.compile(r"\d{1,2}\.\s?(?:\d{1,2}\.|[^\W\d_]{3,})|\d{4}-\d{2}-\d{2}")


def _days(line: str) -> list:
    """The day-precision time expressions of a line (timex is costly: skip lines without one)."""
    if not MAY_HOLD_DAY.search(line):
        return []
    return [e for e in timex.find(line, None) if e.precision == "day" and e.date]


def _day(value: str) -> str | None:
    found = _days(value)
    return found[0].date if found else None


@cache
def _own_vom() -> re.Pattern[str]:
    return re.compile(data()["dates"]["own_number_vom"])


LETTER_DATE = re.compile(r"^(?:[A-ZÄÖÜ][\w.()/ -]{1,40},\s*)(?:den\s+|am\s+)?")


def document_date(lines: list[Line], fields: list[Field], doc_type: str) -> tuple[str | None, str]:
    """(ISO date, where it was found)."""
    for f in fields:
        if f.kind == "date":
            d = _day(f.value)
            if d:
                return d, f"field {f.label}"
    for ln in lines[:30]:
        m = LETTER_DATE.match(ln.text)
        if m and not is_prose(ln.text):
            found = _days(ln.text)
            if (
                found
                and found[0].start == m.end()
                and found[0].end >= len(ln.text.rstrip(" .")) - 1
            ):
                return found[0].date, "letter date"
    for ln in lines[:8]:
        for e in _days(ln.text):
            if _own_vom().match(ln.text[: e.start]):
                return e.date, "heading vom"
    for ln in lines[:12]:
        if re.match(r"\W*Beratungs\w*\s*:?\s*$", ln.text):
            break  # the dates of a Beratungsfolge table are meetings
        if re.fullmatch(
            r"(?:\w{2,10},?\s+)?\d{1,2}\.\s?(?:\d{1,2}\.|[A-ZÄÖÜ][a-zäöü]+)\s?\d{4}", ln.text
        ):
            d = _day(ln.text)
            if d:
                return d, "date line"
    if doc_type in DATED_BY_MEETING:
        for f in fields:
            if f.kind == "meeting_date":
                d = _day(f.value)
                if d:
                    return d, f"field {f.label}"
    d = header_date(lines, doc_type)
    return (d, "heading") if d else (None, "")


@cache
def _submitter_tail() -> re.Pattern[str]:
    return re.compile(data()["submitter_tail"], re.M)


def submitters(text: str, fields: list[Field], faction_names: list[str]) -> list[str]:
    """Who submitted: a labelled field, else factions named in the header or the signature."""
    found: list[str] = []
    for f in fields:
        if f.kind == "submitter" and 2 < len(f.value) < 100 and f.value not in found:
            found.append(f.value)
    if found:
        return found
    head = text[:800]
    for name in faction_names:
        if name in head and name not in found:
            found.append(name)
    if not found:
        tail = text[-600:]
        found = [n for n in faction_names if n in tail][:2]
    return found


LIST_ITEM = re.compile(r"^\s*(?:\d{1,2}|[a-z])[.)]\s")
# "zur Sitzung am 7. März 2024", "für die Sitzung des Rates am …": when the paper is discussed
FOR_MEETING = re.compile(r"\b(?:zur|für\s+die|in\s+der)\s+(?:\w+\s+)?Sitzung\b[^.]{0,60}$", re.I)
NOT_OWN = re.compile(r"\b(?:vom|von|bis|zum|seit|Stand|am|ab)\s*$", re.I)


def header_date(lines: list[Line], doc_type: str) -> str | None:
    """A day date in the first heading lines that is no agenda item, no cited paper's date and
    (except for minutes and decisions, dated by their meeting) not the meeting it is for."""
    heads = [ln.text for ln in lines if not LIST_ITEM.match(ln.text)][:5]
    meeting: str | None = None
    for k, line in enumerate(heads):
        if len(line) > 80 and not re.search(r"[Ss]itzung|Datum", line):
            continue
        for e in _days(line):
            before = line[: e.start]
            own_meeting = bool(
                re.search(r"[Ss]itzung\w*\b[^;:]{0,60}\b(?:vom|am)\s*$|dem\s*$", before)
            )
            # "Niederschrift / über die Sitzung des Rates / am Dienstag, 7. November 2023"
            own_meeting = own_meeting or (
                k > 0 and "itzung" in heads[k - 1] and bool(re.match(r"(?:am|vom)\s", line))
            )
            if NOT_OWN.search(before[-12:]) and not own_meeting:
                continue
            if FOR_MEETING.search(before) and doc_type not in DATED_BY_MEETING:
                if k < 3 and not re.search(r"\bbis\b", before):
                    meeting = meeting or e.date  # the meeting it is for: the last resort
                continue
            return e.date
    return meeting
