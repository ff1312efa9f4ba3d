"""Document metadata from the header zone: type, own reference number, title (Betreff), date,
submitters. RIS exports print these as "Label: value" or as a label line followed by its value."""

from __future__ import annotations

import re

from pipeline.extract import timex

# "ZD/1355/2021", "167-17", "VO/AA 19/20/048", "BV/002/2022": parts joined by / or -, or by a
# space before a part with a digit; at least one digit
REF = r"(?=[\w/ -]*\d)[A-ZÄÖÜ0-9][\w]*(?:(?:\s?[/-]\s?|\s(?=\w*\d))[\w]+)+|\d{2,5}"
REF_INLINE = re.compile(
    r"^\s*(?:Beschlussvorlage|Berichtsvorlage|Informationsvorlage|Mitteilungsvorlage|Vorlage|Drucksache|"
    r"Antrag der Verwaltung|Änderungsantrag(?:\s+zum\s+\w+)?|Anfrage|Antrag|Drs\.?)"
    rf"(?:[-\s]*(?:Nr\.?|Nummer))?\s*(?:-|–|:|\s)\s*({REF})(?=[\s:;,)]|$)",
    re.M,
)
REF_LINE = re.compile(
    r"^\s*(?:Vorlage|Vorlagen-?Nr\.?|Drucksache|Drucksachen-?Nr\.?|Nummer|Drs\.?-?Nr\.?|Vorlage-?Nr\.?)\s*:?\s*$",
    re.I,
)
REF_VALUE = re.compile(rf"^\s*({REF})\s*$")
DRS = re.compile(rf"\b(?:Drs|Drucksache)\.?\s?-?\s?(?:Nr\.?)\s*({REF})")
LIST_ITEM = re.compile(r"^\s*(?:\d{1,2}|[a-z])[.)]\s")
TITLE = re.compile(r"^\s*(?:Betreff|Betr\.|Titel|Gegenstand)\s*:?\s*(.*)$", re.I)
DATE_LINE = re.compile(r"^\s*Datum\s*:?\s*(.*)$", re.I)

TYPE_CUES: list[tuple[str, re.Pattern]] = [
    ("Änderungsantrag", re.compile(r"\bÄnderungs-?antrag\b|\bErgänzungsantrag\b", re.I)),
    (
        "Anfrage",
        re.compile(
            r"^\s*(?:Kleine\s+|Große\s+|Mündliche\s+|Schriftliche\s+)?Anfrage\b|\bAnfrage\s+(?:der|des|von|zur)\b",
            re.M,
        ),
    ),
    (
        "Mitteilung",
        re.compile(
            r"\b(?:Mitteilungsvorlage|Informationsvorlage|Berichtsvorlage|Mitteilung der Verwaltung)\b|^\s*Mitteilung\b",  # noqa: E501
            re.M,
        ),
    ),
    (
        "Beschlussvorlage",
        re.compile(
            r"\b(?:Beschlussvorlage|Sitzungsvorlage|Verwaltungsvorlage|Vorlage\s*[-–]\s*\S|Antrag der Verwaltung)\b"  # noqa: E501
        ),
    ),
    (
        "Niederschrift",
        re.compile(
            r"^\s*(?:Niederschrift|Protokoll|Wortprotokoll|Sitzungsprotokoll|Ergebnisprotokoll)\b|\bTagesordnung\b",
            re.M,
        ),
    ),
    (
        "Antrag",
        re.compile(
            r"^\s*(?:Gemeinsamer\s+)?Antrag\b|\bbeantrag(?:en|t)\b|möge beschließen|\bAntrag\s+(?:der|des|von|zur|zum)\b",  # noqa: E501
            re.M,
        ),
    ),
]
MINUTES_CUE = re.compile(
    r"\b(?:Herr|Frau|Vorsitzende[r]?|Bürgermeister(?:in)?|Ratsherr|Ratsfrau|Mitglied|Ortsvorsteher(?:in)?)\s+"
    r"(?:Dr\.\s+)?[A-ZÄÖÜ][\w-]+\s+(?:erläutert|erläuterte|teilt|teilte|berichtet|berichtete|führt|führte|fragt|fragte|"
    r"erklärt|erklärte|weist|wies|stellt|stellte|informiert|informierte|bittet|bat|merkt|merkte|antwortet|antwortete|"
    r"gibt|gab|eröffnet|eröffnete|schlägt|sagt|sagte|spricht|sprach|möchte|ergänzt|ergänzte|begrüßt|verliest|befürwortet)\b"
)
DECISION_CUE = re.compile(
    r"^\s*(?:Beschluss|Beschlusstext|Ergebnis/Beschluss|Beschlussempfehlung)\s*:|\bbeschließt\b|\bBeschluss\b",
    re.M,
)


REPORTED = re.compile(
    r"\b[A-ZÄÖÜ][\w.-]+\s+(?:teilt|teilte|erläutert|erläuterte|berichtet|berichtete|führt|führte|fragt|fragte|"
    r"erklärt|erklärte|weist|wies|informiert|informierte|merkt|merkte|antwortet|antwortete|ergänzt|ergänzte|"
    r"begrüßt|begrüßte|eröffnet|eröffnete|verliest|verlas|befürwortet|bemängelt|bittet|bat|regt|regte|spricht|sprach|"
    r"stellt|stellte|schlägt|schlug|verweist|verwies|gibt|gab|möchte|sieht|sah|hält|hielt|betont|betonte|bestätigt|bestätigte)\b"
)


REPORTED_INV = re.compile(
    r"\b(?:erläutert|erläuterte|teilt|teilte|berichtet|berichtete|erklärt|erklärte|antwortet|antwortete|"
    r"ergänzt|ergänzte|fragt|fragte)\s+(?:Herr|Frau|Bürgermeister(?:in)?|Ratsherr|Ratsfrau|Mitglied)\b"
)
PERSON = re.compile(r"\b(?:Herr|Frau|Herrn)\s+(?:Dr\.\s+)?[A-ZÄÖÜ]")
LABEL_LINE = re.compile(
    r"^(?:Beschluss|Abstimmung|Ergebnis|Beschlussvorschlag|Beschlussempfehlung|Beschlusstext|"
    r"Antragstext|Beratungsinhalt|Protokoll|Wortprotokoll|TOP)\b[^.]*$|^[^.]{0,40}:$"
)
PERSON_START = re.compile(
    r"^(?:Herr|Frau|Der\s+Vorsitzende|Die\s+Vorsitzende|Vorsitzende[r]?|Bürgermeister(?:in)?|Bgm\.|"
    r"Ratsherr|Ratsfrau|Ratsmitglied|Mitglied|Ortsvorsteher(?:in)?|Oberbürgermeister(?:in)?|Landrat)"
    r"\s+(?:\d\.\s+)?(?:Dr\.\s+)?[A-ZÄÖÜ][\w-]+\s+[a-zäöü]"
)
SUBJUNCTIVE = re.compile(r"\b(?:werde|sei|habe|könne|müsse|solle|wolle)\b")


def doc_type(text: str) -> str:
    """One of the model's DocType values, from the header zone and the text's register."""
    lines = [ln.strip(" \t\u00a0") for ln in text.split("\n")[:25] if ln.strip(" \t\u00a0")]
    if not lines:
        return "Sonstiges"
    first = lines[0]
    head = "\n".join(lines[:12])[:700]
    reported = len(REPORTED.findall(text)) + len(REPORTED_INV.findall(text))
    reported += len(SUBJUNCTIVE.findall(text)) // 2
    reported += len(re.findall(r"\b(?:verlässt|verließ|verlassen)\b[^.]*\bRaum\b", text))
    if re.search(r"\b(?:Änderungs-?antrag|Ergänzungsantrag)\b", head[:400], re.I):
        return "Änderungsantrag"
    if (
        re.search(
            r"^(?:Kleine\s+|Große\s+|Mündliche\s+|Schriftliche\s+|Einwohner)?Anfrage\b",
            head,
            re.M | re.I,
        )
        and reported < 3
    ):
        return "Anfrage"
    if re.match(r"(?:[\w-]+\s+)?(?:Sachstands)?[Bb]ericht\b", first) or re.search(
        r"\bfolgende\s+Mitteilung\b", head
    ):
        return "Mitteilung"
    if re.match(
        r"(?:Niederschrift|Protokoll|Wortprotokoll|Sitzungsprotokoll|Ergebnisprotokoll)\b", first
    ):
        return "Niederschrift"
    if re.search(
        r"^\W*(?:Mitteilungsvorlage|Informationsvorlage|Berichtsvorlage|Kenntnisnahme-?vorlage|Mitteilung)\b",
        head,
        re.M,
    ):
        return "Mitteilung"
    if re.match(
        r"(?:Beschlussvorlage|Sitzungsvorlage|Verwaltungsvorlage|Vorlage\b|Antrag der Verwaltung|Drucksache)",  # noqa: E501
        first,
    ) or re.search(r"^Art\s*\n(?:Beschlussvorlage|Beschlussfassung)", head, re.M):
        return "Beschlussvorlage"
    if re.match(r"(?:Gemeinsamer\s+|Dringlichkeits)?Antrag\b", first):
        return "Antrag"
    if re.search(r"^(?:Fragesteller(?:in)?|Anfragende[r]?)\s*:", head, re.M):
        return "Anfrage"
    content = next((ln for ln in lines if not LABEL_LINE.match(ln)), "")
    if PERSON_START.match(content):
        return "Niederschrift"  # minutes open with who said what
    if re.match(r"Beschlüsse\b", first) or re.search(r"\bbeschließt\b", content[:300]):
        return "Beschluss"
    if reported >= 2 or re.search(
        r"\b(?:Beratungsinhalt|Wortprotokoll|Protokoll)\s*:", text[:2000]
    ):
        return "Niederschrift"
    motion = re.search(
        r"\bSehr geehrte|möge beschließen|\bbeantragt\b|\bbeantragen\b", head
    ) or re.search(r"^(?:Der|Die|Das)\s+[\w-]+\s+beschließt\s*:", head, re.M)
    motion = motion or re.search(
        r"\b(?:Gemeinsamer\s+)?Antrag\s+(?:zu[mr]?|der|des|von|auf)\b", "\n".join(lines[:2])
    )
    decided = re.search(r"^(?:Beschluss|Abstimmung|Ergebnis)\s*:", "\n".join(lines[:5]), re.M)
    if motion and not decided:
        return "Antrag"
    persons = len(PERSON.findall(text))
    if (reported or persons) and re.match(r"Beschluss\s*:.*Kenntnis", first, re.I):
        return "Niederschrift"
    if reported and persons and not re.match(r"Beschluss", first):
        return "Niederschrift"
    if re.search(
        r"^(?:Beschluss|Beschlusstext|Ergebnis/Beschluss|Beschlussempfehlung)\b", head, re.M
    ) or re.search(r"\bbeschließt\b|\bwird beauftragt\b", text):
        return "Beschluss"
    if reported:
        return "Niederschrift"
    return "Beschluss"


def reference(text: str) -> str | None:
    """The document's own number as printed ("ZD/1355/2021", "167-17"), from the header."""
    lines = [ln for ln in text.split("\n")[:40]]
    head = "\n".join(lines[:8])
    m = REF_INLINE.search(head)
    if (
        m
        and re.search(r"\d", m.group(1))
        and (re.search(r"[/-]", m.group(1)) or "Nr" in m.group(0))
    ):
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
        if (
            len(line) > 15
            and not REF_INLINE.match(line)
            and not re.match(
                r"(?:Beschlussvorschlag|Beratungsfolge|Sachverhalt|Begründung|Beschlussempfehlung|Antrag|Protokoll)\b",
                line,
            )
            and not re.match(r"(?:Beschluss|Abstimmung)\s*:", line)
        ):
            return line[:200]
    return None


# the header line that numbers the document itself and dates it
OWN_DATE = re.compile(
    r"^\s*(?:Drucksache|Drucks\.|Ds\.|DS|Vorlage|Beschlussvorlage|Vorlagen-?(?:Nr\.|nummer)|"
    r"Informationsvorlage|Mitteilungsvorlage|Sitzungsvorlage)\b[^,;]{0,40}?\d[^,;]{0,20}?\bvom\s*$"
)
# a motion's or question's own opening line ("Antrag der CDU-Fraktion vom 10.01.2025"); further
# down the same words cite another paper
OWN_MOTION = re.compile(
    r"^\s*(?:Antrag|Änderungsantrag|Ergänzungsantrag|Anfrage|Dringlichkeitsantrag)\s+"
    r"(?:der|des|von)\b[^,;:]{0,80}?\bvom\s*$"
)
# "zur Sitzung am 7. März 2024", "für die Sitzung des Rates am …": when the paper is discussed
FOR_MEETING = re.compile(r"\b(?:zur|für\s+die|in\s+der)\s+(?:\w+\s+)?Sitzung\b[^.]{0,60}$", re.I)


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
    # an agenda item's date is not the document's: look at the first lines that are no list item
    meeting: str | None = None
    for idx, line in enumerate([ln for ln in nonblank if not LIST_ITEM.match(ln)][:5]):
        if len(line) > 80 and not re.search(r"[Ss]itzung|Datum", line):
            continue
        for e in timex.find(line, None):
            if e.precision != "day" or not e.date:
                continue
            before = line[max(0, e.start - 12) : e.start]
            if OWN_DATE.match(line[: e.start]) or (idx == 0 and OWN_MOTION.match(line[: e.start])):
                return e.date  # "Drucksache 2024/117 vom 14.02.2024"
            if re.search(
                r"\b(?:vom|von|bis|zum|seit|Stand|am|ab)\s*$", before, re.I
            ) and not re.search(r"[Ss]itzung|dem\s*$", line[: e.start]):
                continue
            if FOR_MEETING.search(line[: e.start]):
                meeting = meeting or e.date  # the date of the meeting it is for: a fallback
                continue
            return e.date
    return meeting


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
