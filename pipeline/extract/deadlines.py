"""Deadlines: the time expressions that set when something is due or scheduled, chosen from all
time expressions of a document by their context: the obligation they sit in, the preposition
that leads them in ("bis", "spätestens"), the mood and tense of their clause (a mandate or a
schedule looks forward, a report of events backwards), and uses that only identify something
("Antrag vom 03.04.2020") or quote a statute. The cue patterns are data
(time_grammar.json, "deadline_cues"), read by deadline_context.py."""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from spacy.tokens import Doc

from pipeline.extract import deadline_context as ctx
from pipeline.extract import resources, segment, timex
from pipeline.extract.logistic import probability
from pipeline.extract.text import doc_text as _text

# kinds that never set a due day on their own: a length ("drei Jahre lang"), a clock time,
# a decade or century, a general direction ("künftig", "derzeit")
NOT_DUE = {"span", "time", "decade", "century", "general"}
DATED = ("day", "month", "year", "quarter", "season", "week")
KENNTNIS = r"kenntnis|abgelehnt|vertagt|zurückgezogen|erledigt"


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


def _dated_is_due(
    e: timex.TimeExpr, prefix: str, sent: str, clause: str, future: bool, in_obl: bool
) -> bool:
    """A date, month, year … is due when it sits in an obligation, or a due-setting preposition
    leads it in and it lies ahead, or its sentence schedules or mandates. "für" names a period
    ("die Liste für das 2. Halbjahr", "Mittel für 2025") as often as a planned time: only with
    a verb of planning in its clause ("ist für 2025 geplant", "für den 24. März angesetzt")."""
    plan_for = bool(ctx.cue("period_prep").match(prefix) and ctx.cue("plan").search(clause))
    if not in_obl:
        if not ctx.cue("due_prep").match(prefix):
            return False
        if ctx.cue("period_prep").match(prefix) and not plan_for:
            return False
        if not (future or ctx.cue("schedule").search(sent) or ctx.cue("modal").search(sent)):
            return False
    return e.precision != "year" or plan_for or bool(ctx.cue("year_prep").match(prefix))


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
    planned = in_obl or ctx.future_cue(clause) or bool(ctx.cue("schedule").search(clause))
    return bool(ctx.cue("event_prep").match(prefix)) and planned


def _span_due(text: str, e: timex.TimeExpr, clause: str, in_obl: bool) -> bool:
    """ "ist jährlich zu berichten" sets a duty's rhythm; a rate ("jährlich 5.000 Euro",
    "monatlich rund 300 Besucher") does not."""
    rate = r"\s+(?:(?:rund|ca\.|etwa|über|bis\s+zu|mindestens)\s+)?\d"
    if re.match(rate, text[e.end : e.end + 20]):
        return False
    return in_obl or ctx.future_cue(clause) or bool(ctx.cue("schedule").search(clause))


def _now_or_before(e: timex.TimeExpr, today: str | None) -> bool:
    """A relative expression resolved to the anchor's day or before it."""
    relative = e.anchor and e.explicit_year and not e.relative_to
    return bool(relative and e.date and today and e.date <= today)


def _adverbial_year(text: str, e: timex.TimeExpr, prefix: str) -> bool:
    """A bare year that is an adverbial of its clause: after a verb, an adverb or a comma
    ("soll 2024 gebaut werden"), not after a noun or an article ("der Haushalt 2024")."""
    if e.precision != "year" or prefix != text[e.start : e.end] or not prefix.isdigit():
        return False
    return bool(ctx.cue("year_adverbial_after").search(text[max(0, e.start - 30) : e.start]))


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
            planned = in_obl or ctx.future_cue(clause) or ctx.cue("schedule").search(clause)
            return bool(planned and future)
        return _dated_is_due(e, prefix, sent, clause, future, in_obl)
    if e.precision == "event":
        return _label_due(e, prefix, clause, in_obl)
    if e.precision in ("duration", "recurring"):
        return _span_due(text, e, clause, in_obl)
    if e.precision == "process" or e.value == "FUTURE_REF":
        # "nach Abschluss der Prüfung", "umgehend", "zeitnah": due for a duty or a plan
        return in_obl or ctx.future_cue(clause) or bool(ctx.cue("schedule").search(clause))
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
            "identifies": ctx.identifies(text, pstart, prefix, e.end),
            "line_alone": k is not None and segs[k].line_start and hi - lo < 40,
            "in_obl": k is not None and k in obligation_spans,
            # a statute quoted sets periods ("binnen sechs Monaten", "jährlich"), not days
            "statute": e.precision in ("duration", "year", "recurring")
            and bool(ctx.cue("statute").search(sent)),
            "own_date": bool(e.date and e.date == doc._.doc_date and not e.relative_to),
            "ahead": bool(
                e.explicit_year
                and e.precision in ("day", "month")
                and e.date
                and today
                and e.date > today
            ),
        }
        facts["schedule_line"] = ctx.schedule_line(text, e, pstart, today)
        facts["announced"] = _announced(e, prefix, sent, today)
        if _header_or_own(e, prefix, facts) or ctx.asked(text, e, (lo, hi)):
            continue
        pstart = _range_start(text, doc._.timex, i, pstart)
        clause = ctx.clause(sent, max(0, pstart - lo), e.end - lo)
        facts["kind_due"] = facts["schedule_line"] or _kind_due(
            text, e, prefix, (sent, clause), today, facts["in_obl"]
        )
        rule = facts["kind_due"] and _rule(e, (sent, clause), facts)
        feats = features(text, e, prefix, (sent, clause), today, {**facts, "rule": rule})
        if e.precision == "process":
            e = dataclasses.replace(e, precision="relative")
        out.append(Candidate(pstart, e, rule, feats))
    return out


def _announced(e: timex.TimeExpr, prefix: str, sent: str, today: str | None) -> bool:
    """ "Der Bürgermeister informierte über die Sperrung ab Mitte Juni": the past tense is the
    report's (a verb of saying), the time it names lies ahead, with its year or led in by a
    preposition that points ahead ("ab", "bis"; "am Montag" takes its direction from the
    tense); a pluperfect in the sentence reports the past after all."""
    if not (e.date and today and e.date > today):
        return False
    if not (e.explicit_year or ctx.cue("forward_prep").match(prefix)):
        return False
    return bool(ctx.cue("reporting").search(sent)) and not ctx.cue("perfect").search(sent)


def _header_or_own(e: timex.TimeExpr, prefix: str, facts: dict[str, bool]) -> bool:
    """The document's own date ("Musterstadt, den 01.02.2023"; in a duty only when a
    preposition sets it: "bis zum 01.02.2023"), or a date alone on a header line without such
    a preposition: never a deadline."""
    due = bool(ctx.cue("due_prep").match(prefix)) or facts["schedule_line"]
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
    if (
        not in_obl
        and e.precision in ("year", "decade", "period")
        and ctx.cue("forecast").search(sent)
    ):
        return False  # "Die Kosten steigen bis 2027 auf 4 Mio. Euro": a projection, not a due
    if e.precision == "period" and not in_obl:
        return False  # "in den kommenden Jahren" is a deadline only when something is due
    # a day or month of a named year after the document's date is no event it can report:
    # "Der Termin wurde auf den 14. November 2024 festgelegt" schedules. Only with a verb of
    # planning there: a document date read wrong (an older date it cites) would else make
    # every later past event look ahead
    ahead = facts["ahead"] and bool(ctx.cue("plan").search(sent))
    return in_obl or ahead or facts["announced"] or not ctx.reports_past(sent, clause)


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
        "due_prep": bool(ctx.cue("due_prep").match(prefix)),
        "year_prep": bool(ctx.cue("year_prep").match(prefix)),
        "event_prep": bool(ctx.cue("event_prep").match(prefix)),
        "past_clause": ctx.past_clause(clause),
        "past_sent": ctx.past_cue(sent),
        "future_clause": ctx.future_cue(clause),
        "future_sent": ctx.future_cue(sent),
        "schedule_clause": bool(ctx.cue("schedule").search(clause)),
        "schedule_sent": bool(ctx.cue("schedule").search(sent)),
        "modal_sent": bool(ctx.cue("modal").search(sent)),
        "forecast": bool(ctx.cue("forecast").search(sent)),
        "reports_past": ctx.reports_past(sent, clause),
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
    checks["meeting"] = bool(ctx.cue("meeting").search(prefix))
    checks["label_before"] = bool(ctx.cue("label_before").search(before))
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
    separated only by a space (or "im"/"am"), keeping the date of the more precise part. A
    meeting of a body named with its remit ("des Ausschusses für Bildung, Jugend und Sport")
    followed by its date is quoted by the date alone, as the corpus gold does."""
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
                if (
                    e.date
                    and not prev.date
                    and ctx.cue("remit").search(text[prev.start : prev.end])
                ):
                    out[-1] = (pstart, e)
                    continue
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
