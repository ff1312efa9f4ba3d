"""Which part of a council document each segment stands in: the decision part (under
"Beschlussvorschlag:", "Der Rat möge beschließen:", "Wir beantragen:"), the background
(under "Sachverhalt:", "Begründung:"), or, before any heading, the open part of a document
whose type proposes or records decisions.

A heading is known by its form, not by a list of one corpus's layouts: a line of its own, short,
ending in a colon, whose first word begins with a decision or background stem
("Beschluss|empfehlung des Hauptausschusses", "Erläuterung|en zum Beschlussvorschlag"), or a
short line whose verb decides or moves ("… möge beschließen:", "Der Gemeinderat der Stadt Calw
beschließt:", "Wir beantragen:"). Stems and verbs are data (dictionaries/extraction/
obligations.json), the exact headings too.
"""

from __future__ import annotations

import re
from typing import Any

from pipeline.extract.deadlines import KENNTNIS
from pipeline.extract.segment import Segment, strip_marker

DECISION, OPEN, BACKGROUND = 2, 1, 0
# a heading has at most this many words ("Der Gemeinderat der Stadt Calw beschließt wie folgt:")
HEADING_WORDS = 12
CLOSED = re.compile(KENNTNIS)  # "Beschluss: zur Kenntnis genommen" closes the decision part
OPENING_TYPES = (None, "Antrag", "Änderungsantrag", "Beschlussvorlage", "Beschluss")


def heading_kind(line: str, res: dict[str, Any]) -> int | None:
    """DECISION or BACKGROUND for a heading line, None for any other line."""
    low = line.strip().rstrip(":").strip().lower()
    label = re.split(r"[:\n]", low, maxsplit=1)[0].strip()
    if not label:
        return None
    if label in res["background_headings"] or low in res["background_headings"]:
        return BACKGROUND
    if label in res["decision_headings"] or low in res["decision_headings"]:
        return BACKGROUND if CLOSED.search(low) else DECISION
    words = re.findall(r"[\wäöüß-]+", label)
    if (
        words[:1]
        and words[0] in ("der", "die", "das")
        and any(w in res["decision_heading_verbs"] for w in words[1:8])
    ):
        return DECISION  # "Der Gemeinderat der Stadt Calw beschließt: / , die Verwaltung …"
    if not words or len(words) > HEADING_WORDS:
        return None
    # a label with a number ("Beschluss Nr.:", "Beschluss KT 134/2025:") is a record's field
    headed = line.rstrip().endswith(":") and not re.search(r"\d|\bnr\b", label)
    if headed and words[0].startswith(tuple(res["background_heading_stems"])):
        return BACKGROUND
    if headed and words[0].startswith(tuple(res["decision_heading_stems"])):
        return DECISION
    if line.rstrip().endswith(":") and any(w in res["decision_heading_verbs"] for w in words):
        return DECISION
    return None


def states(text: str, segs: list[Segment], doc_type: str | None, res: dict[str, Any]) -> list[int]:
    """The part each segment stands in (DECISION, OPEN or BACKGROUND)."""
    state = OPEN if doc_type in OPENING_TYPES else BACKGROUND
    out = []
    for s in segs:
        if s.line_start:
            kind = heading_kind(strip_marker(text[s.start : s.end])[1], res)
            if kind is not None:
                state = kind
        out.append(state)
    return out
