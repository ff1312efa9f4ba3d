"""Document metadata from the header zone: type, own reference number, title (Betreff), date,
submitters. RIS exports print these as "Label: value" or as a label line followed by its value."""

from __future__ import annotations

import re

from pipeline.extract import timex

REF = r"[A-ZÄÖÜ]{0,6}[-/ ]?[A-Za-z0-9]*\d[\w]*(?:\s?[/-]\s?[\w]+)+(?:-\d+)?|\d{2,5}"
REF_INLINE = re.compile(
    r"(?:Beschlussvorlage|Berichtsvorlage|Informationsvorlage|Mitteilungsvorlage|Vorlage|Drucksache|"
    r"Antrag der Verwaltung|Änderungsantrag(?:\s+zum\s+\w+)?|Anfrage|Antrag|Drs\.?)"
    rf"(?:[-\s]*(?:Nr\.?|Nummer))?\s*(?:-|–|:|\s)\s*({REF})(?=[\s:;,)]|$)"
)
REF_LINE = re.compile(r"^\s*(?:Vorlage|Vorlagen-?Nr\.?|Drucksache|Drucksachen-?Nr\.?|Nummer|Drs\.?-?Nr\.?|Vorlage-?Nr\.?)\s*:?\s*$", re.I)
REF_VALUE = re.compile(rf"^\s*({REF})\s*$")
DRS = re.compile(rf"\b(?:Drs|Drucksache)\.?\s?-?\s?(?:Nr\.?)\s*({REF})")
TITLE = re.compile(r"^\s*(?:Betreff|Betr\.|Titel|Gegenstand)\s*:?\s*(.*)$", re.I)
DATE_LINE = re.compile(r"^\s*Datum\s*:?\s*(.*)$", re.I)

TYPE_CUES: list[tuple[str, re.Pattern]] = [
    ("Änderungsantrag", re.compile(r"\bÄnderungs-?antrag\b|\bErgänzungsantrag\b", re.I)),
    ("Anfrage", re.compile(r"^\s*(?:Kleine\s+|Große\s+|Mündliche\s+|Schriftliche\s+)?Anfrage\b|\bAnfrage\s+(?:der|des|von|zur)\b", re.M)),
    ("Mitteilung", re.compile(r"\b(?:Mitteilungsvorlage|Informationsvorlage|Berichtsvorlage|Mitteilung der Verwaltung|Bericht der Verwaltung)\b|^\s*Mitteilung\b", re.M)),
    ("Beschlussvorlage", re.compile(r"\b(?:Beschlussvorlage|Sitzungsvorlage|Verwaltungsvorlage|Vorlage\s*[-–]\s*\S|Antrag der Verwaltung)\b")),
    ("Niederschrift", re.compile(r"^\s*(?:Niederschrift|Protokoll|Wortprotokoll|Sitzungsprotokoll|Ergebnisprotokoll)\b|\bTagesordnung\b", re.M)),
    ("Antrag", re.compile(r"^\s*(?:Gemeinsamer\s+)?Antrag\b|\bbeantrag(?:en|t)\b|möge beschließen|\bAntrag\s+(?:der|des|von|zur|zum)\b", re.M)),
]
MINUTES_CUE = re.compile(
    r"\b(?:Herr|Frau|Vorsitzende[r]?|Bürgermeister(?:in)?|Ratsherr|Ratsfrau|Mitglied|Ortsvorsteher(?:in)?)\s+"
    r"(?:Dr\.\s+)?[A-ZÄÖÜ][\w-]+\s+(?:erläutert|erläuterte|teilt|teilte|berichtet|berichtete|führt|führte|fragt|fragte|"
    r"erklärt|erklärte|weist|wies|stellt|stellte|informiert|informierte|bittet|bat|merkt|merkte|antwortet|antwortete|"
    r"gibt|gab|eröffnet|eröffnete|schlägt|sagt|sagte|spricht|sprach|möchte|ergänzt|ergänzte|begrüßt|verliest|befürwortet)\b"
)
DECISION_CUE = re.compile(r"^\s*(?:Beschluss|Beschlusstext|Ergebnis/Beschluss|Beschlussempfehlung)\s*:|\bbeschließt\b|\bBeschluss\b", re.M)


def doc_type(text: str) -> str:
    """One of the model's DocType values, from the header zone and the text's register."""
    head = text[:600]
    minutes = len(MINUTES_CUE.findall(text))
    for name, cue in TYPE_CUES:
        if cue.search(head):
            if name in ("Antrag", "Beschlussvorlage") and minutes >= 2 and not re.search(r"^\s*Antrag\b|Beschlussvorlage", head, re.M):
                return "Niederschrift"
            if name == "Antrag" and re.match(r"\s*Beschluss\s*:", head):
                break
            return name
    if minutes >= 2 or re.search(r"\b(?:Beratungsinhalt|Wortprotokoll|Protokoll)\s*:", text[:2000]):
        return "Niederschrift"
    if DECISION_CUE.search(text[:3000]):
        return "Beschluss"
    if re.search(r"\bSehr geehrte", head):
        return "Antrag"
    return "Sonstiges"


def reference(text: str) -> str | None:
    """The document's own number as printed ("ZD/1355/2021", "167-17"), from the header."""
    lines = [ln for ln in text.split("\n")[:40]]
    head = "\n".join(lines[:8])
    m = REF_INLINE.search(head)
    if m and re.search(r"\d", m.group(1)) and (re.search(r"[/-]", m.group(1)) or "Nr" in m.group(0)):
        return m.group(1).strip()
    nonblank = [ln for ln in lines if ln.strip(" \t\u00a0")]
    for i, line in enumerate(nonblank[:-1]):
        if REF_LINE.match(line):
            for nxt in nonblank[i + 1 : i + 4]:
                v = REF_VALUE.match(nxt)
                if v and re.search(r"[/-]", v.group(1)):
                    return v.group(1).strip()
    m = DRS.search(text[:1500])
    return m.group(1).strip() if m else None


def title(text: str) -> str | None:
    lines = [ln.strip(" \t\u00a0") for ln in text.split("\n")[:40]]
    for i, line in enumerate(lines):
        m = TITLE.match(line)
        if m:
            value = m.group(1).strip() or next((x for x in lines[i + 1 :] if x), "")
            return value or None
    for line in lines:
        if len(line) > 15 and not REF_INLINE.match(line) and not re.match(r"(?:Beschluss|Abstimmung)\s*:", line):
            return line[:200]
    return None


def document_date(text: str) -> str | None:
    """The document's own date: a "Datum" field, else a date alone in the first header lines."""
    lines = [ln.strip(" \t\u00a0") for ln in text.split("\n")[:60]]
    nonblank = [ln for ln in lines if ln]
    for i, line in enumerate(nonblank):
        m = DATE_LINE.match(line)
        if m:
            for cand in [m.group(1), *nonblank[i + 1 : i + 6]]:
                found = [e for e in timex.find(cand, None) if e.precision == "day" and e.date]
                if found:
                    return found[0].date
    for line in nonblank[:5]:
        for e in timex.find(line, None):
            if e.precision != "day" or not e.date:
                continue
            before = line[max(0, e.start - 12) : e.start]
            if re.search(r"\b(?:vom|von|bis|zum|seit|Stand|am)\s*$", before, re.I) and not re.search(r"Sitzung|dem\s*$", line[: e.start]):
                continue
            return e.date
    return None


SUBMITTER = re.compile(
    r"(?:^\s*(?:Antragsteller(?:in)?|Einreicher(?:in)?|Absender|Fragesteller(?:in)?|Verfasser(?:in)?|Antrag\s+(?:der|des|von))\s*:?\s*)(.+)$",
    re.M,
)


def submitters(text: str, faction_names: list[str]) -> list[str]:
    """Who submitted: a labelled field, else factions named in the header or the signature."""
    head = text[:800]
    found: list[str] = []
    for name in faction_names:
        if name in head and name not in found:
            found.append(name)
    if not found:
        m = SUBMITTER.search(text[:1500])
        if m:
            value = m.group(1).strip(" :\u00a0")
            if not value:
                nxt = text[m.end() : m.end() + 120].strip().split("\n")[0]
                value = nxt.strip()
            if value and len(value) < 100:
                found.append(value)
    if not found:
        tail = text[-600:]
        found = [n for n in faction_names if n in tail][:2]
    return found
