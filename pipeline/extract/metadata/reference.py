"""The document's own number ("Drucksache 21/4711", "VO/2021/123", "A0283/24/1") from its header.

Where it is printed, in order of trust: a number field of the form block ("Vorlage Nr.: …",
the label column of a two-column block), the heading that names the type and the number
("Beschlussvorlage - 0456/2010"), a number alone under the type heading. Numbers that cite
another paper ("Antrag vom …", "zur Drucksache …") and numbers of a list of several decisions
are not the document's own.
"""

from __future__ import annotations

import re
from functools import cache

from pipeline.extract.metadata.layout import Field, Line, bare_label, data, is_prose, ref_shape

FORM_ZONE = 20  # a number field further down numbers an item (a decision in minutes)
HEADING_ZONE = 12  # non-blank lines in which a heading may carry the number
REF_GROUPS = ("ref", "ref2", "ref3", "ref4", "ref5")  # the number in each form of heading


@cache
def _heading_ref() -> re.Pattern[str]:
    words = data()["reference"]["heading_words"]
    shape = data()["reference"]["shape"]
    number = data()["reference"]["number"]
    return re.compile(
        rf"^\W{{0,3}}{words}(?:[-\s]*(?:Nr\.?|Nummer))?\s*(?:[-–:]\s*|\s)\(?(?:Nr\.?\s*)?(?P<ref>{shape})"
        rf"|^\W{{0,3}}{words}\b[^:\n]{{0,40}}?\b(?:Nr\.?|Nummer)\s*:?\s*(?P<ref2>{shape})"
        rf"|^\W{{0,3}}{words}(?:[-\s]*(?:Nr\.?|Nummer))?\s*[-–:]?\s*(?P<ref3>{number})\s*$"
        rf"|^\W{{0,3}}{words}\s+vom\s+\d{{1,2}}\.\s?\d{{1,2}}\.\s?\d{{2,4}},\s*(?P<ref4>{shape})"
        rf"|^\W{{0,3}}{words}\b[^:\n]{{0,60}}?[(–,-]\s*(?:Drucksache|Drs\.?|Vorlage|Vorl\.|DS|Ds\.?)"
        rf"(?:[-\s]*(?:Nr\.?|Nummer))?\s*:?\s*(?P<ref5>{shape})",
        re.I,
    )


@cache
def _cited() -> re.Pattern[str]:
    return re.compile(data()["reference"]["cited_before"], re.I)


@cache
def _cited_in_heading() -> re.Pattern[str]:
    return re.compile(data()["reference"]["cited_in_heading"], re.I)


@cache
def _agenda_item() -> re.Pattern[str]:
    return re.compile(data()["reference"]["agenda_item"])


def _clean(value: str) -> str:
    return value.strip(" :;,.()[]")


def from_value(value: str, allow_number: bool) -> str | None:
    """The number in a field's value: a reference shape, or a bare number after "Nr."."""
    m = ref_shape().search(value)
    if m and not _cited().search(value[: m.start()]):
        return _clean(m.group(0))
    if allow_number:
        n = re.fullmatch(data()["reference"]["number"], value.strip())
        if n:
            return _clean(n.group(0))
    return None


def find(lines: list[Line], fields: list[Field]) -> tuple[str | None, str]:
    """(reference, where it was found) or (None, ""): the number printed first in the header,
    from a number field or a numbering heading."""
    found: list[tuple[int, str, str]] = []
    for f in fields:
        if f.kind != "reference" or _cited().search(f.label):
            continue
        numbered = f.paired != "block" and bool(
            re.search(r"Nr|Nummer|Drucksache|Drs|Vorlage", f.label, re.I)
        )
        ref = from_value(f.value, numbered)
        if ref:
            found.append((f.line, ref, f"field {f.label.strip()}"))
    by_label: dict[str, set[str]] = {}
    for _, ref, where in found:
        by_label.setdefault(where, set()).add(ref)
    # one label with several numbers is a list of items; a number field far down numbers an item
    found = [c for c in found if len(by_label[c[2]]) == 1 and c[0] < FORM_ZONE]
    headings: list[tuple[int, str, str]] = []
    for k, ln in enumerate(lines[:HEADING_ZONE]):
        m = _heading_ref().match(ln.text)
        label = bare_label(lines[k - 1].text) if k else None
        if label is not None and label[0] != "reference":
            continue  # "Bezug:" / "Vorlage 2023/219": the value of a form label, not a heading
        if m and not is_prose(ln.text[: m.end()]) and not _cites_other(ln.text, m):
            headings.append(
                (
                    ln.index,
                    _clean(next(g for g in m.group(*REF_GROUPS) if g)),
                    "heading",
                )
            )
    if len({ref for _, ref, _ in headings}) == 1:  # several: a list of numbered items
        found.append(headings[0])
    if not found:
        return None, ""
    _, ref, where = min(found)
    return ref, where


def _cites_other(line: str, m: re.Match[str]) -> bool:
    """Whether the heading names another paper before the number ("Mitteilung zur Anfrage
    Nr. 0815/2020"): then the number is that paper's."""
    start = next(m.start(g) for g in REF_GROUPS if m.group(g))
    return _cited_in_heading().search(line[:start]) is not None


INLINE_CHARS = 1500  # "Drs.-Nr. …" in running text
ROW_CHARS = 600  # "Vorlage 2023/0140" in a header row beside other columns


@cache
def _inline() -> tuple[re.Pattern[str], re.Pattern[str]]:
    shape = data()["reference"]["shape"]
    numbered = re.compile(
        rf"\b(?:Drs|Drucksache|Vorlage|Ds)\.?\s?-?\s?(?:Nr\.?|Nummer)\s*:?\s*(?P<ref>{shape})"
    )
    row = re.compile(
        rf"\b(?:Drs|Drucksache|Drucksachen|Vorlage|Vorlagen|Ds|DS)\.?(?:\s?-?\s?(?:Nr\.?|Nummer))?"
        rf"\s*[:-]?\s*(?P<ref>{shape})"
    )
    return numbered, row


def inline(text: str) -> tuple[str | None, str]:
    """A number after "Drs.-Nr." in the header's running text, or after "Vorlage"/"Drucksache"
    in a header row shared with other columns — when only one such number is there."""
    for pattern, chars, where in zip(
        _inline(), (INLINE_CHARS, ROW_CHARS), ("text Nr.", "row"), strict=True
    ):
        head = text[:INLINE_CHARS]
        refs = {
            _clean(m.group("ref")): m.start()
            for m in pattern.finditer(head)
            if _own_here(head, m.start(), row=where == "row")
        }
        if len(refs) == 1 and min(refs.values()) < chars:
            return next(iter(refs)), where
    return None, ""


RUNNING_TEXT = re.compile(r"(?:^|\s)(?!(?:nicht)?öffentlich\s)[a-zäöüß]{2,}\s")


def _own_here(head: str, start: int, row: bool) -> bool:
    """Whether a number found at `start` can be the document's own: not cited ("zur Vorlage"),
    not the paper of an item in an agenda (unless that item heads the page: "TOP 5 Haushalt
    (Drucksache 0456/2014)" on one item's page, whose paper it is), and, for a number without
    "Nr.", not inside running text (a header row holds labels and values, a sentence cites)."""
    line_start = head.rfind("\n", 0, start) + 1
    before = head[line_start:start]
    if _cited().search(head[max(0, start - 30) : start]):
        return False
    if _agenda_item().match(before) and head[:line_start].strip():
        return False  # an item of an agenda; as the page's first line it heads the item's page
    return not (row and RUNNING_TEXT.search(before))


def before_title(lines: list[Line], title: str | None) -> tuple[str | None, str]:
    """A number that opens the line repeating the title ("2014/284 Haushaltssatzung …"), as
    ALLRIS prints the paper's number before its subject."""
    if not title or len(title) < 12:
        return None, ""
    for ln in lines[: HEADING_ZONE + 8]:
        m = ref_shape().match(ln.text)
        if m and "/" in m.group(0) and ln.text[m.end() :].strip()[:20] == title[:20]:
            return _clean(m.group(0)), "number before title"
    return None, ""


def _under_other_label(lines: list[Line], k: int) -> bool:
    """Whether line k stands right under a label of another kind ("Bezug:", "Az.:")."""
    label = bare_label(lines[k - 1].text) if k else None
    return label is not None and label[0] != "reference"


ALONE_ZONE = 6  # header lines in which a number may stand alone (the corner of a form)


def alone(lines: list[Line]) -> tuple[str | None, str]:
    """A number on a line of its own at the very top ("BV/123/2021" above the type heading, as
    systems print it in the corner of the form): only a shape with letters or a year part, so
    that a page number or an amount is never taken."""
    found = [
        ln.text.strip()
        for k, ln in enumerate(lines[:ALONE_ZONE])
        if ref_shape().fullmatch(ln.text.strip())
        and re.search(r"[A-ZÄÖÜ]|(?:19|20)\d\d", ln.text)
        and not _under_other_label(lines, k)
    ]
    if len(set(found)) == 1:
        return _clean(found[0]), "number alone"
    return None, ""
