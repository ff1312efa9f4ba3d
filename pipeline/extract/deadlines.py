"""Deadlines: the time expressions that set when something is due or scheduled, chosen from all
time expressions of a document by their context: the obligation they sit in, the preposition
that leads them in ("bis", "spätestens"), the mood and tense of their clause (a mandate or a
schedule looks forward, a report of events backwards), and uses that only identify something
("Antrag vom 03.04.2020") or quote a statute. The cue patterns are data
(time_grammar.json, "deadline_cues")."""

from __future__ import annotations

import bisect
import dataclasses
import re
from functools import cache, lru_cache
from typing import Any

from spacy.tokens import Doc

from pipeline.extract import morph, resources, segment, timex
from pipeline.extract.logistic import probability
from pipeline.extract.text import doc_text as _text
from pipeline.extract.time import lexicon

# kinds that never set a due day on their own: a length ("drei Jahre lang"), a clock time,
# a decade or century, a general direction ("künftig", "derzeit")
NOT_DUE = {"span", "time", "decade", "century", "general"}
DATED = ("day", "month", "year", "quarter", "season", "week")
KENNTNIS = r"kenntnis|abgelehnt|vertagt|zurückgezogen|erledigt"


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
        )
        else 0
    )
    return re.compile(lexicon.grammar()["deadline_cues"][name], flags)


def _segment_of(segs: list[segment.Segment], pos: int) -> int | None:
    lo, hi = 0, len(segs) - 1
    while lo <= hi:
        mid = (lo + hi) // 2
        if segs[mid].end < pos:
            lo = mid + 1
        elif segs[mid].start > pos:
            hi = mid - 1
        else:
            return mid
    return None


def _clause(sent: str, start: int, end: int) -> str:
    """The clause of a sentence around [start, end) (offsets in `sent`): between commas,
    semicolons, colons, dashes or brackets; the expression itself left out."""
    breaks = [m.end() for m in cue("clause_break").finditer(sent)]
    k = bisect.bisect_right(breaks, start)
    lo = breaks[k - 1] if k else 0
    nxt = [m.start() for m in cue("clause_break").finditer(sent, end)]
    hi = nxt[0] if nxt else len(sent)
    return sent[lo:start] + " " + sent[end:hi]


@lru_cache(maxsize=4096)
def _past_cue(text: str) -> bool:
    _, past = lexicon.tense_res()
    return bool(
        past.search(text) or cue("past_sentence").search(text) or cue("perfect").search(text)
    )


@lru_cache(maxsize=4096)
def _future_cue(text: str) -> bool:
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


def _past_clause(clause: str) -> bool:
    """The clause reports what happened: a past cue, or (where no cue of a mandate or
    schedule is there either) a finite verb in the preterite."""
    return _past_cue(clause) or (not _future_cue(clause) and _past_verb(clause))


def _reports_past(sent: str, clause: str) -> bool:
    """The expression's clause reports events: a past cue there and no cue of a mandate or
    schedule; or a past sentence whose clause around the expression looks nowhere ahead."""
    if _future_cue(clause):
        return False
    return _past_clause(clause) or _past_cue(sent)


def _identifies(text: str, pstart: int, prefix: str, end: int) -> bool:
    """ "Antrag vom 03.04.2020", "seit dem 1. Mai": the date names a paper or a start;
    "im Rahmen der Sitzung vom 30.07.2019": the date after an event names which one."""
    before = text[max(0, pstart - 25) : pstart]
    own_prep = cue("meeting_prep").match(prefix)  # "Antrag zur Sitzung am …": the meeting
    return bool(
        (cue("identifying_before").search(before) and not own_prep)
        or cue("identifying_prefix").match(prefix)
        or cue("identifying_after").match(text[end : end + 20])
    )


def _dated_is_due(
    e: timex.TimeExpr, prefix: str, sent: str, clause: str, future: bool, in_obl: bool
) -> bool:
    """A date, month, year … is due when it sits in an obligation, or a due-setting preposition
    leads it in and it lies ahead, or its sentence schedules or mandates. "für" names a period
    ("die Liste für das 2. Halbjahr", "Mittel für 2025") as often as a planned time: only with
    a verb of planning in its clause ("ist für 2025 geplant", "für den 24. März angesetzt")."""
    plan_for = bool(re.match(r"für\b", prefix, re.I) and cue("plan").search(clause))
    if not in_obl:
        if not cue("due_prep").match(prefix):
            return False
        if re.match(r"für\b", prefix, re.I) and not plan_for:
            return False
        if not (future or cue("schedule").search(sent) or cue("modal").search(sent)):
            return False
    return e.precision != "year" or plan_for or bool(cue("year_prep").match(prefix))


def _range_start(text: str, exprs: list[timex.TimeExpr], i: int, pstart: int) -> int:
    """ "vom 1. März bis 31. März 2022": the end of a range is due, the phrase is the range."""
    if i == 0 or not re.match(r"bis\b", text[pstart : exprs[i].start], re.I):
        return pstart
    prev = exprs[i - 1]
    if text[prev.end : pstart].strip():
        return pstart
    lead = re.search(
        r"\b(?:vom|von|zwischen)\s+(?:dem\s+)?\Z", text[max(0, prev.start - 15) : prev.start], re.I
    )
    return (
        prev.start - (len(text[max(0, prev.start - 15) : prev.start]) - lead.start())
        if lead
        else pstart
    )


def _label_due(e: timex.TimeExpr, prefix: str, clause: str, in_obl: bool) -> bool:
    """ "zum Schuljahr 2024/25" sets when (led in by zum/ab/bis, in a duty or a plan);
    "im Schuljahr 2024/25" is a label. A named event without a year is kept."""
    if not (e.relative_to and re.search(r"\d", e.relative_to)):
        return True
    planned = in_obl or _future_cue(clause) or bool(cue("schedule").search(clause))
    return bool(cue("event_prep").match(prefix)) and planned


def _span_due(text: str, e: timex.TimeExpr, clause: str, in_obl: bool) -> bool:
    """ "ist jährlich zu berichten" sets a duty's rhythm; a rate ("jährlich 5.000 Euro",
    "monatlich rund 300 Besucher") does not."""
    rate = r"\s+(?:(?:rund|ca\.|etwa|über|bis\s+zu|mindestens)\s+)?\d"
    if re.match(rate, text[e.end : e.end + 20]):
        return False
    return in_obl or _future_cue(clause) or bool(cue("schedule").search(clause))


def _now_or_before(e: timex.TimeExpr, today: str | None) -> bool:
    """A relative expression resolved to the anchor's day or before it."""
    relative = e.anchor and e.explicit_year and not e.relative_to
    return bool(relative and e.date and today and e.date <= today)


def _adverbial_year(text: str, e: timex.TimeExpr, prefix: str) -> bool:
    """A bare year that is an adverbial of its clause: after a verb, an adverb or a comma
    ("soll 2024 gebaut werden"), not after a noun or an article ("der Haushalt 2024")."""
    if e.precision != "year" or prefix != text[e.start : e.end] or not prefix.isdigit():
        return False
    return bool(cue("year_adverbial_after").search(text[max(0, e.start - 30) : e.start]))


def _kind_due(
    text: str,
    e: timex.TimeExpr,
    prefix: str,
    context: tuple[str, str],
    today: str | None,
    in_obl: bool,
) -> bool:
    """The test each kind of expression must pass to set a due time (context: sentence, clause)."""
    sent, clause = context
    if e.precision in DATED:
        future = bool(e.date and today and e.date > today)
        if _adverbial_year(text, e, prefix):  # "soll 2024 gebaut werden", "beginnt 2024"
            planned = in_obl or _future_cue(clause) or cue("schedule").search(clause)
            return bool(planned and future)
        return _dated_is_due(e, prefix, sent, clause, future, in_obl)
    if e.precision == "event":
        return _label_due(e, prefix, clause, in_obl)
    if e.precision in ("duration", "recurring"):
        return _span_due(text, e, clause, in_obl)
    if e.precision == "process" or e.value == "FUTURE_REF":
        # "nach Abschluss der Prüfung", "umgehend", "zeitnah": due for a duty or a plan
        return in_obl or _future_cue(clause) or bool(cue("schedule").search(clause))
    return True


SENTENCE_WINDOW = 200


@dataclasses.dataclass
class Candidate:
    """A time expression that could set a due time: its phrase start (with the preposition),
    the expression, the grammar's verdict (`rule`) and the context features the learned
    selector weighs."""

    pstart: int
    expr: timex.TimeExpr
    rule: bool
    features: dict[str, float] = dataclasses.field(default_factory=dict)


def _window(
    text: str, segs: list[segment.Segment], e: timex.TimeExpr
) -> tuple[int | None, int, int]:
    """The segment of `e` and its sentence, read at most SENTENCE_WINDOW characters either
    side: a run-on "sentence" (a list without full stops) would make each search quadratic."""
    k = _segment_of(segs, e.start)
    lo, hi = (segs[k].start, segs[k].end) if k is not None else (e.start - 100, e.end + 100)
    lo = max(0, lo, e.start - SENTENCE_WINDOW)
    hi = min(len(text), hi, e.end + SENTENCE_WINDOW)
    return k, lo, hi


def deadline_candidates(doc: Doc, obligation_spans: set[int]) -> list[Candidate]:
    """Every time expression that may set a due time, with the grammar's verdict and the
    features of its context; a length, a clock time, "bis heute" never do."""
    text, ref, segs = _text(doc), doc._.ref_date, doc._.segments
    today = ref.isoformat() if ref else None
    out = []
    for i, e in enumerate(doc._.timex):
        if e.precision in NOT_DUE or e.value in ("PRESENT_REF", "PAST_REF"):
            continue
        if _now_or_before(e, today) or (e.date and today and e.date < today and e.explicit_year):
            continue  # "bis heute", "vor zwei Wochen", "am 12.01.2023" in a later paper: past
        pstart = timex.with_prefix(text, e)
        prefix = text[pstart : e.end]
        k, lo, hi = _window(text, segs, e)
        sent = text[lo:hi]
        facts = {
            "identifies": _identifies(text, pstart, prefix, e.end),
            "line_alone": k is not None and segs[k].line_start and hi - lo < 40,
            "in_obl": k is not None and k in obligation_spans,
            # a statute quoted sets periods ("binnen sechs Monaten", "jährlich"), not days
            "statute": e.precision in ("duration", "year", "recurring")
            and bool(cue("statute").search(sent)),
            "own_date": bool(e.date and e.date == doc._.doc_date and not e.relative_to),
            "ahead": bool(
                e.explicit_year
                and e.precision in ("day", "month")
                and e.date
                and today
                and e.date > today
            ),
        }
        facts["schedule_line"] = _schedule_line(text, e, pstart, today)
        if _header_or_own(e, prefix, facts) or _asked(text, e, (lo, hi)):
            continue
        pstart = _range_start(text, doc._.timex, i, pstart)
        clause = _clause(sent, max(0, pstart - lo), e.end - lo)
        facts["kind_due"] = facts["schedule_line"] or _kind_due(
            text, e, prefix, (sent, clause), today, facts["in_obl"]
        )
        rule = facts["kind_due"] and _rule(e, (sent, clause), facts)
        feats = features(text, e, prefix, (sent, clause), today, {**facts, "rule": rule})
        if e.precision == "process":
            e = dataclasses.replace(e, precision="relative")
        out.append(Candidate(pstart, e, rule, feats))
    return out


def _schedule_line(text: str, e: timex.TimeExpr, pstart: int, today: str | None) -> bool:
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


def _asked(text: str, e: timex.TimeExpr, window: tuple[int, int]) -> bool:
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


def _header_or_own(e: timex.TimeExpr, prefix: str, facts: dict[str, bool]) -> bool:
    """The document's own date ("Musterstadt, den 01.02.2023"; in a duty only when a
    preposition sets it: "bis zum 01.02.2023"), or a date alone on a header line without such
    a preposition: never a deadline."""
    due = bool(cue("due_prep").match(prefix)) or facts["schedule_line"]
    if facts["own_date"] and not (facts["in_obl"] and due):
        return True
    return facts["line_alone"] and e.precision == "day" and not due


def _rule(e: timex.TimeExpr, context: tuple[str, str], facts: dict[str, bool]) -> bool:
    """The grammar's verdict on an expression that passed the test of its kind: ruled out by
    what identifies, heads, quotes or reports it."""
    sent, clause = context
    in_obl = facts["in_obl"]
    if facts["identifies"]:
        return False
    if not in_obl and facts["statute"]:
        return False  # periods quoted from statutes
    if not in_obl and e.precision in ("year", "decade", "period") and cue("forecast").search(sent):
        return False  # "Die Kosten steigen bis 2027 auf 4 Mio. Euro": a projection, not a due
    if e.precision == "period" and not in_obl:
        return False  # "in den kommenden Jahren" is a deadline only when something is due
    # a day or month of a named year after the document's date is no event it can report:
    # "Der Termin wurde auf den 14. November 2024 festgelegt" schedules
    return in_obl or facts["ahead"] or not _reports_past(sent, clause)


def features(
    text: str,
    e: timex.TimeExpr,
    prefix: str,
    context: tuple[str, str],
    today: str | None,
    facts: dict[str, bool],
) -> dict[str, float]:
    """The context of a candidate as binary features: the grammar's verdict (`facts["rule"]`),
    its kind, the kind of preposition that leads it in, the mood and tense of its clause and
    sentence, where it lies from the document date, and what identifies, heads or quotes it.
    No word of the text is a feature itself: a selector trained on one corpus's wording would
    fit its councils, not the grammar."""
    sent, clause = context
    out = {name: 1.0 for name, on in facts.items() if on}
    out["kind:" + e.precision] = 1.0
    checks = {
        "due_prep": bool(cue("due_prep").match(prefix)),
        "year_prep": bool(cue("year_prep").match(prefix)),
        "event_prep": bool(cue("event_prep").match(prefix)),
        "past_clause": _past_clause(clause),
        "past_sent": _past_cue(sent),
        "future_clause": _future_cue(clause),
        "future_sent": _future_cue(sent),
        "schedule_clause": bool(cue("schedule").search(clause)),
        "schedule_sent": bool(cue("schedule").search(sent)),
        "modal_sent": bool(cue("modal").search(sent)),
        "forecast": bool(cue("forecast").search(sent)),
        "reports_past": _reports_past(sent, clause),
        "explicit_year": e.explicit_year,
        "after_today": bool(e.date and today and e.date > today),
        "before_today": bool(e.date and today and e.date < today),
        "no_date": not e.date,
        "label_year": bool(e.relative_to and re.search(r"\d", e.relative_to)),
        "rate": bool(
            re.match(r"\s+(?:(?:rund|ca\.|etwa|über|bis\s+zu)\s+)?\d", text[e.end : e.end + 20])
        ),
    }
    before = text[max(0, e.start - 40) : e.start]
    checks["meeting"] = bool(cue("meeting").search(prefix))
    checks["label_before"] = bool(cue("label_before").search(before))
    out.update({name: 1.0 for name, on in checks.items() if on})
    return out


THRESHOLD = 0.5


def choose(
    text: str, cands: list[Candidate], model: dict[str, Any] | None
) -> list[tuple[int, timex.TimeExpr]]:
    """The candidates that set a due time (by the model when given, else the grammar's
    verdict), adjacent parts of one phrase joined."""
    if model is None:
        chosen = [(c.pstart, c.expr) for c in cands if c.rule]
    else:
        chosen = [(c.pstart, c.expr) for c in cands if probability(c.features, model) >= THRESHOLD]
    return _merge_adjacent(text, chosen)


def select_deadlines(
    doc: Doc, obligation_spans: set[int], model: dict[str, Any] | None = None
) -> tuple[list[Candidate], list[tuple[int, timex.TimeExpr]]]:
    """The candidates of a document and the deadlines among them: (phrase start, expr), chosen
    by the trained selector (dictionaries/extraction/deadline_model.json) unless `model` is
    given."""
    cands = deadline_candidates(doc, obligation_spans)
    return cands, choose(_text(doc), cands, model or resources.load("deadline_model"))


def _merge_adjacent(
    text: str, found: list[tuple[int, timex.TimeExpr]]
) -> list[tuple[int, timex.TimeExpr]]:
    """ "für die erste Ratssitzung" + "nach den Sommerferien" is one phrase: join expressions
    separated only by a space (or "im"/"am"), keeping the date of the more precise part."""
    out: list[tuple[int, timex.TimeExpr]] = []
    for pstart, e in found:
        if out:
            prev_start, prev = out[-1]
            gap = text[prev.end : pstart]
            both_days = bool(e.date and prev.date)
            if (
                not both_days
                and len(gap) <= 4
                and re.fullmatch(r"\s*(?:im|am|,)?\s*", gap)
                and "\n\n" not in gap
            ):
                dated = e if e.date else prev
                merged = dataclasses.replace(
                    dated,
                    start=prev.start,
                    end=e.end,
                    time=dated.time or prev.time,
                    precision=dated.precision if dated.date else prev.precision,
                    relative_to=prev.relative_to or e.relative_to,
                )
                out[-1] = (prev_start, merged)
                continue
        out.append((pstart, e))
    return out
