"""The context a deadline candidate is read in: the cue patterns of time_grammar.json
("deadline_cues"), the clause around an expression, its tense (cue lists, and HanTa's
morphology for any verb in the preterite), and the uses that identify a paper, ask a
question or list a schedule. Shared by the deadline selector (deadlines.py)."""

from __future__ import annotations

import bisect
import re
from functools import cache, lru_cache

from pipeline.extract import morph, resources, timex
from pipeline.extract.time import lexicon


@cache
def cue(name: str) -> re.Pattern[str]:
    """A deadline cue pattern of time_grammar.json; prepositions ignore case, verbs do not."""
    flags = (
        re.I
        if name
        in (
            "due_prep",
            "year_prep",
            "identifying_before",
            "identifying_prefix",
            "event_prep",
            "meeting_prep",
            "forward_prep",
            "period_prep",
        )
        else 0
    )
    return re.compile(lexicon.grammar()["deadline_cues"][name], flags)


def clause(sent: str, start: int, end: int) -> str:
    """The clause of a sentence around [start, end) (offsets in `sent`): between commas,
    semicolons, colons, dashes or brackets; the expression itself left out."""
    breaks = [m.end() for m in cue("clause_break").finditer(sent)]
    k = bisect.bisect_right(breaks, start)
    lo = breaks[k - 1] if k else 0
    nxt = [m.start() for m in cue("clause_break").finditer(sent, end)]
    hi = nxt[0] if nxt else len(sent)
    return sent[lo:start] + " " + sent[end:hi]


@lru_cache(maxsize=4096)
def past_cue(text: str) -> bool:
    _, past = lexicon.tense_res()
    return bool(
        past.search(text) or cue("past_sentence").search(text) or cue("perfect").search(text)
    )


@lru_cache(maxsize=4096)
def future_cue(text: str) -> bool:
    fut, _ = lexicon.tense_res()
    return bool(fut.search(text) or cue("mandate").search(text) or cue("infinitive").search(text))


WORD = re.compile(r"[^\W\d_]+|\d+|[^\w\s]")


@lru_cache(maxsize=4096)
def _past_verb(clause: str) -> bool:
    """A finite verb of the clause in the preterite ("informierte", "befasste sich"), by
    HanTa's morphology (morph.py): any verb, not only those the cue lists name."""
    words = WORD.findall(clause)
    if len(words) < 2:
        return False
    forms = resources.load("obligations")["finite_forms"]
    return any(
        "Tense=Past" in morph.verb_features(w, tag, lemma, forms) or _weak_preterite(w, tag)
        for w, (lemma, tag) in zip(words, morph.tag_words(words), strict=True)
    )


def _weak_preterite(word: str, tag: str) -> bool:
    """A finite verb HanTa splits as participle + adjective ending ("diskutier|t|e"): in a
    finite slot that is the preterite "-te", "-ten"."""
    if not tag.endswith("(FIN)"):
        return False
    parts = morph.morphemes(word)
    return (
        len(parts) >= 3
        and parts[-2] == ("t", "SUF_PP")
        and parts[-1][0] in ("e", "en")
        and parts[-1][1] == "SUF_ADJ"
    )


def past_clause(clause: str) -> bool:
    """The clause reports what happened: a past cue, or (where no cue of a mandate or
    schedule is there either) a finite verb in the preterite."""
    return past_cue(clause) or (not future_cue(clause) and _past_verb(clause))


def reports_past(sent: str, clause: str) -> bool:
    """The expression's clause reports events: a past cue there and no cue of a mandate or
    schedule; or a past sentence whose clause around the expression looks nowhere ahead."""
    if future_cue(clause):
        return False
    return past_clause(clause) or past_cue(sent)


def identifies(text: str, pstart: int, prefix: str, end: int) -> bool:
    """ "Antrag vom 03.04.2020", "seit dem 1. Mai": the date names a paper or a start;
    "im Rahmen der Sitzung vom 30.07.2019": the date after an event names which one."""
    before = text[max(0, pstart - 25) : pstart]
    own_prep = cue("meeting_prep").match(prefix)  # "Antrag zur Sitzung am …": the meeting
    return bool(
        (cue("identifying_before").search(before) and not own_prep)
        or cue("identifying_prefix").match(prefix)
        or cue("identifying_after").match(text[end : end + 20])
    )


def schedule_line(text: str, e: timex.TimeExpr, pstart: int, today: str | None) -> bool:
    """ "Ausschreibung: April 2025", "- Wiedervorlage: 01.09.2024": a line of a schedule, a
    label and a day, month or quarter after the document's date. A header field ("Datum:",
    "Sitzung am:", "Stand:") names the paper's own dates, not a schedule."""
    if e.precision not in ("day", "month", "quarter", "week") or not (e.date and today):
        return False
    line_start = text.rfind("\n", 0, pstart) + 1
    line_end = text.find("\n", e.end)
    tail = text[e.end : len(text) if line_end < 0 else line_end]
    label = text[line_start:pstart]
    if tail.strip(" \t.;") or not cue("schedule_line").fullmatch(label):
        return False
    return e.date > today and not cue("header_label").match(label)


SENTENCE_END = re.compile(r"[.!?](?=\s|$)")


def asked(text: str, e: timex.TimeExpr, window: tuple[int, int]) -> bool:
    """The expression stands in a question ("Ist geplant, den Radweg bis 2025
    fertigzustellen?"), up to the end of `window` (its segment: a heading or list item below
    is another one), or in a reported one ("fragt, ob die Ampel noch in diesem Jahr kommt"):
    a question asks when, it sets nothing."""
    lo, end = window
    m = SENTENCE_END.search(text, e.end, end)
    if m and m.group(0) == "?":
        return True
    starts = [k.end() for k in SENTENCE_END.finditer(text, lo, e.start)]
    return bool(cue("reported_question").search(text[starts[-1] if starts else lo : e.start]))
