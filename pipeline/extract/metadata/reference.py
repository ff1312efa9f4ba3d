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

from pipeline.extract.metadata.layout import Field, Line, data, is_prose, ref_shape

FORM_ZONE = 20  # a number field further down numbers an item (a decision in minutes)
HEADING_ZONE = 12  # non-blank lines in which a heading may carry the number


@cache
def _heading_ref() -> re.Pattern[str]:
    words = data()["reference"]["heading_words"]
    shape = data()["reference"]["shape"]
    return re.compile(
        rf"^\W{{0,3}}{words}(?:[-\s]*(?:Nr\.?|Nummer))?\s*(?:[-–:]\s*|\s)(?:Nr\.?\s*)?(?P<ref>{shape})"
        rf"|^\W{{0,3}}{words}\b[^:\n]{{0,40}}?\b(?:Nr\.?|Nummer)\s*:?\s*(?P<ref2>{shape})",
        re.I,
    )


@cache
def _cited() -> re.Pattern[str]:
    return re.compile(data()["reference"]["cited_before"], re.I)


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
    """(reference, where it was found) or (None, "")."""
    for f in fields:
        if f.kind != "reference" or f.line >= FORM_ZONE:
            continue
        if _cited().search(f.label):
            continue
        numbered = bool(re.search(r"Nr|Nummer", f.label, re.I)) and f.paired != "block"
        ref = from_value(f.value, numbered)
        if ref:
            return ref, f"field {f.label.strip()}"
    candidates: list[str] = []
    for ln in lines[:HEADING_ZONE]:
        m = _heading_ref().match(ln.text)
        if m and not is_prose(ln.text[: m.end()]):
            candidates.append(_clean(m.group("ref") or m.group("ref2")))
    if len(set(candidates)) == 1:
        return candidates[0], "heading"
    return None, ""  # none, or several numbered items (a list of decisions): no own number


INLINE_CHARS = 1500


@cache
def _inline() -> re.Pattern[str]:
    shape = data()["reference"]["shape"]
    return re.compile(
        rf"\b(?:Drs|Drucksache|Vorlage|Ds)\.?\s?-?\s?(?:Nr\.?|Nummer)\s*:?\s*(?P<ref>{shape})"
    )


def inline(text: str) -> tuple[str | None, str]:
    """An explicitly numbered "Drs.-Nr. …" in the header's running text, when only one is."""
    head = text[:INLINE_CHARS]
    refs = {
        _clean(m.group("ref"))
        for m in _inline().finditer(head)
        if not _cited().search(head[max(0, m.start() - 30) : m.start()])
    }
    return (refs.pop(), "text Nr.") if len(refs) == 1 else (None, "")


def before_title(lines: list[Line], title: str | None) -> tuple[str | None, str]:
    """A number that opens the line repeating the title ("2014/284 Haushaltssatzung …"), as
    ALLRIS prints the paper's number before its subject."""
    if not title or len(title) < 12:
        return None, ""
    for ln in lines[:HEADING_ZONE + 8]:
        m = ref_shape().match(ln.text)
        if m and "/" in m.group(0) and ln.text[m.end() :].strip()[:20] == title[:20]:
            return _clean(m.group(0)), "number before title"
    return None, ""
