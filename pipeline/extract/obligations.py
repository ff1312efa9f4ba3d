"""Obligations: sentences and list items whose main clause instructs, requests or commits a
body to a future act.

The construction of the main clause (see `constructions.py`) proposes a candidate with its
kind and where its actor stands (subject, object, recipient, agent); features of the clause
(mood, tense, subordinate clauses, negation, section) go to a logistic-regression classifier
trained on the annotated corpus (`make train`, parameters in
dictionaries/extraction/obligation_model.json), whose probability is the confidence.
The actor is read from the clause's case cues, never defaulted from the document type.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any

from pipeline.extract import actors, clause_features, clauses, constructions, morph
from pipeline.extract.addressing import Context, actor_of, located_actor
from pipeline.extract.logistic import probability
from pipeline.extract.sections import BACKGROUND
from pipeline.extract.segment import Segment, strip_marker

THRESHOLD = 0.5
# constructions that name the duty in their verb (beauftragen, bitten, zuleiten, beantragen):
# one feature for all of them, so that the classifier can weigh the rarer ones by the common
EXPLICIT = ("passive_mandate", "active_mandate", "request_answer", "referral", "motion")
# those whose actor then carries the implicit duties that follow ("… ist zu berichten"); the
# body a matter is referred to deliberates on it, it does not execute what follows
ADDRESSING = tuple(c for c in EXPLICIT if c != "referral")


@dataclass
class Found:
    start: int
    end: int
    actor: str | None
    action: str | None
    confidence: float
    kind: str


@dataclass
class Candidate:
    """A segment with a proposing construction, its features and its rule-given actor."""

    start: int
    end: int
    kind: str
    actor: str | None
    action: str | None
    features: dict[str, float] = field(default_factory=dict)
    # where the actor came from: clause, recent, addressee, administration, carry or none
    actor_source: str = "none"


def calibrated(p: float, steps: list[list[float]]) -> float:
    """The share of true obligations among held-out candidates with the classifier's
    probability near p (the model's isotonic step function [lowest p, share]); p itself
    where the model has no calibration."""
    if not steps:
        return p
    k = bisect.bisect_right([low for low, _ in steps], p) - 1
    return steps[max(k, 0)][1]


def decide(cands: list[Candidate], model: dict[str, Any]) -> list[Found]:
    """Obligations among the candidates: probability ≥ THRESHOLD; the confidence is the
    calibrated probability (how often a held-out prediction with that score was right)."""
    out = []
    steps = model.get("calibration") or []
    seen: set[tuple[str, str | None]] = set()
    for c in cands:
        p = probability(c.features, model)
        # a page that prints its text twice (a RIS page's "Betreff" and "Inhalt") sets one duty
        key = (" ".join((c.action or "").split()).lower(), c.actor)
        if p >= THRESHOLD and key not in seen:
            seen.add(key)
            conf = round(calibrated(p, steps), 3)
            out.append(Found(c.start, c.end, c.actor, c.action, conf, c.kind))
    return out


def candidates(
    ctx: Context, segs: list[Segment], sections: list[int], tagged: dict[int, list[clauses.Tok]]
) -> list[Candidate]:
    """Candidates over the segments (tagged: segment index → tokens of tagged segments)."""
    out: list[Candidate] = []
    carry: constructions.Hit | None = None
    carry_actor: str | None = None
    section = -1
    for k, seg in enumerate(segs):
        if sections[k] != section:
            section, ctx.recent = sections[k], None
        toks = tagged.get(k)
        skip, body = strip_marker(ctx.text[seg.start : seg.end])
        start = seg.start + skip
        if carry is not None and not seg.list_item and not _continues(segs, k):
            carry = None
        if carry is not None and carry.kind == "request" and _nominal_item(seg, body, ctx):
            feats = {"header_carry": 1.0, "list_item": 1.0, "c_" + carry.construction: 1.0}
            feats |= {"explicit": 1.0, "sec_open": float(sections[k] == 1)}
            feats["sec_decision"] = float(sections[k] == 2)
            out.append(Candidate(start, seg.end, carry.kind, carry_actor, body.strip(), feats))
            continue
        if not toks or not body.strip():
            continue
        names = [(m.start, m.end) for m in ctx.mentions if seg.start <= m.start < seg.end]
        ctx.previous = segs[k - 1] if k else None
        parts = clauses.split(toks, ctx.res, names)
        hit = constructions.best(parts, ctx.res)
        feats = clause_features.features(parts, body, ctx.res)
        feats["sec_decision"] = float(sections[k] == 2)
        feats["sec_open"] = float(sections[k] == 1)
        feats["list_item"] = float(seg.list_item)
        feats.update(_time_features(ctx, seg.start, seg.end))
        if (
            k > 0
            and body.lstrip()[:1] in QUOTES
            and _cites(ctx.text[segs[k - 1].start : segs[k - 1].end], ctx.res)
        ):
            feats["quoted"] = 1.0  # „…“ after "In § 12 heißt es:" quotes a rule
        if hit is not None and hit.construction != "request_answer" and _is_header(body, parts):
            carry, carry_actor = hit, actor_of(hit, parts, ctx)
            ctx.recent = carry_actor or ctx.recent
            continue
        if hit is None and carry is not None and _item_clause(parts):
            feats["header_carry"] = 1.0
            feats["n_no_main_finite"] = feats["only_subordinate"] = 0.0  # the header's verb
            feats["short"] = 0.0  # an item is short because its header carries the verb
            feats["actor_named"] = float(carry_actor is not None)  # named by the header
            feats["c_" + carry.construction] = 1.0
            feats["explicit"] = float(carry.construction in EXPLICIT)
            out.append(Candidate(start, seg.end, carry.kind, carry_actor, body.strip(), feats))
            continue
        if hit is None or _not_binding(hit, body, ctx.res) or _cited_or_proposed(hit, feats, ctx):
            continue
        actor, source = located_actor(hit, parts, ctx)
        if hit.named_only and source != "clause":
            continue
        if source != "clause":
            # another construction of the sentence may name its body ("Herr X bot an, … und
            # bat die Fraktionen, …")
            for other in constructions.hits(parts, ctx.res):
                named = located_actor(other, parts, ctx) if other is not hit else (None, "")
                if named[1] == "clause":
                    actor, source = named
                    break
        if _records_session(hit, feats, sections[k], ctx):
            feats["n_past"], feats["past_record"] = 0.0, 1.0
        elif feats["n_past"] and _recorded_act(hit):
            continue  # "Der Ausschuss beauftragte die Verwaltung 2021, …": history, done
        feats["c_" + hit.construction] = 1.0
        feats["explicit"] = float(hit.construction in EXPLICIT)
        feats["hit_subordinate"] = float(hit.clause.kind not in ("main", "infinitive"))
        if feats["hit_subordinate"]:
            feats["hit_in_" + hit.clause.kind] = 1.0  # a purpose or condition sets no duty
        # "berichtet, dass …", "erklärt, wie …": the verb reports the clause it governs
        at = parts.index(hit.clause) if hit.clause in parts else -1
        feats["n_reports_clause"] = float(
            0 <= at < len(parts) - 1 and parts[at + 1].kind in ("complement", "question")
        )
        # minutes narrate in the present what persons do ("Frau X berichtet über …")
        feats["n_person_subject"] = float(actors.person_subject(hit.clause.toks, ctx.res))
        if hit.construction == "future" and source == "none" and _predicts(hit, ctx.res):
            continue  # "Einige Projekte werden Kosten verursachen": a forecast, nobody acts
        # a duty binds a specific body: whether the clause names one is evidence
        feats["actor_named"] = float(source == "clause")
        feats["actor_addressee"] = float(source not in ("clause", "none"))
        # "Die Ampel soll verhindern, dass …": the subject of an active verb is a thing
        feats["n_thing_subject"] = float(
            source == "none"
            and "subject" in hit.actor_roles[:1]
            and actors.has_subject(hit.clause.toks, ctx.res)
            and not feats["n_person_subject"]
        )
        if actor is None and carry is not None:
            actor, feats["header_carry"], source = carry_actor, 1.0, "carry"
        if (
            source == "clause"
            and hit.construction in ADDRESSING
            and _sets_context(feats, actor, ctx)
        ):
            ctx.recent = actor
        cand = Candidate(start, seg.end, hit.kind, actor, body.strip()[:300], feats, source)
        out.append(cand)
    return out


# constructions by which minutes record what a body decided, asked or promised at the session
# (not a member's motion or suggestion: "Herr X regte an, … zu prüfen" binds nobody)
RECORDED = ("passive_mandate", "active_mandate", "referral", "decide_next", "commitment")


def _recorded_act(hit: constructions.Hit) -> bool:
    """A main clause's mandate, decision, referral or promise: what a record narrates."""
    return hit.construction in RECORDED and hit.clause.kind == "main"


def _records_session(
    hit: constructions.Hit, feats: dict[str, float], section: int, ctx: Context
) -> bool:
    """Whether a past-tense clause narrates this session's own act: minutes and session reports
    are written in the past ("Der Ausschuss beschloss, die Verwaltung zu beauftragen", "Die
    Verwaltung sagte eine Prüfung zu"), so there the past tense of a mandate, request or
    promise records a duty set at the meeting; unless the clause dates it before the document
    ("im Mai 2021", "in der letzten Sitzung") or it stands under a background heading."""
    if not feats.get("n_past") or ctx.doc_type not in ctx.res["record_types"]:
        return False
    if not _recorded_act(hit):
        return False
    if section == BACKGROUND or feats.get("n_time_past"):
        return False
    spans = [(e.start, e.end) for e in ctx.times]
    toks = hit.clause.toks
    return not any(
        t.text.lower() in ctx.res["past_markers"]
        # "bis zum letzten Werktag" looks ahead
        and not (k and toks[k - 1].text.lower() in ctx.res["forward_prepositions"])
        and not any(a <= t.idx < b for a, b in spans)
        for k, t in enumerate(toks)
    )


# constructions that state a rule when a statute stands before their verb
STATUTE_RULES = ("zu_infinitive", "modal", "modal_passive")


def _law_subject(hit: constructions.Hit, res: dict[str, Any]) -> bool:
    """The subject of the clause is a law, statute or contract: it, not this text, binds."""
    head = actors.subject_head(hit.clause.toks, res)
    return head is not None and head.lower().endswith(tuple(res["statute_heads"]))


def _cites_rule(clause: clauses.Clause, res: dict[str, Any]) -> bool:
    """The clause opens with its source, a statute in the opener's phrase ("Nach § 95 GO …",
    "Gemäß der Hauptsatzung …"): what follows is that statute's rule, quoted. ("Nach Abschluss
    der Beratungen zur Satzung …" opens with a time.)"""
    words = [t.text for t in clause.toks[:8]]
    low = " ".join(words).lower()
    opener = next((o for o in res["rule_openers"] if low.startswith(o + " ")), None)
    if opener is None:
        return False
    rest = words[len(opener.split()) :]
    if rest and rest[0].lower() in res["nominal_item_articles"] + ["dem", "des"]:
        rest = rest[1:]
    if not rest:
        return False
    markers = [m.strip() for m in res["statute"] if m.lower() not in res["rule_openers"]]
    # the statute within the opener's phrase ("Nach den Vorschriften des Gesetzes über …")
    return any(
        w.startswith(m) if len(m) <= 4 else m.lower() in w.lower()
        for w in rest[:3]
        for m in markers
    )


def _cited_or_proposed(hit: constructions.Hit, feats: dict[str, float], ctx: Context) -> bool:
    """Clauses that state someone else's rule or proposal, not a duty this text sets: a rule
    cited from a statute that opens the clause ("Nach § 95 GO ist … aufzustellen"), quoted
    after it, or made by a law as subject ("Das Gesetz verpflichtet die Kommunen"); a motion
    or recommendation that minutes or a decision record of someone ("Der Vorsitzende schlägt
    vor, …", "Der Ausschuss empfiehlt dem Rat, …"), put to the vote. The writer's own motion
    ("Wir beantragen …") and a motion document's requests stay."""
    if hit.construction in STATUTE_RULES and _cites_rule(hit.clause, ctx.res):
        return True  # "Nach § 95 GO ist der Haushaltsplan … aufzustellen": the law's rule
    if feats.get("quoted"):
        return True  # „…“ after "In § 12 heißt es:": a rule or statement quoted
    if hit.construction == "active_mandate" and _law_subject(hit, ctx.res):
        return True  # "Das Onlinezugangsgesetz verpflichtet die Kommunen": a law binds
    return (
        hit.construction == "motion"
        and ctx.doc_type in ctx.res["record_types"]
        and not feats.get("first_person")
    )


def _not_binding(hit: constructions.Hit, body: str, res: dict[str, Any]) -> bool:
    """Clauses that by their grammar set no duty: a question (only the request to answer
    it binds), a negated mandate, referral or promise, and a hypothetical in Konjunktiv II
    ("müssten verlegt werden", "würde eingestellt"; "sollte" and "möchte" are polite forms
    of a request and stay)."""
    if body.rstrip().endswith("?") and hit.construction != "request_answer":
        return True
    negated = any(t.text.lower() in res["negation"] for t in hit.clause.toks)
    if negated and (hit.construction in EXPLICIT or hit.kind == "commitment"):
        return True  # "wird nicht zugeleitet", "sagt nicht zu" (but "ist nicht zu kürzen" binds)
    verb = hit.verb
    return verb.has("Mood=Sub") and verb.lemma.lower() not in res["polite_subjunctives"]


def _sets_context(feats: dict[str, float], actor: str | None, ctx: Context) -> bool:
    """Whether a mandate's body becomes the addressee of the implicit duties after it: a named
    body of a present mandate of this text ("Das Gesetz verpflichtet die Kommunen" or a past
    mandate does not address the text's own duties)."""
    own = not (feats.get("n_statute_subject") or feats.get("n_past") or feats.get("quoted"))
    return own and actor in ctx.canon.values()


def _predicts(hit: constructions.Hit, res: dict[str, Any]) -> bool:
    """A future whose subject is a thing, not a body nor an act ("Die Prüfung wird im Mai
    erfolgen" is a scheduled act): werden + infinitive then predicts."""
    head = actors.subject_head(hit.clause.toks, res)
    return head is not None and not head.lower().endswith(tuple(res["action_noun_suffixes"]))


QUOTES = ("„", "»", "«", '"', "“")


def _cites(before: str, res: dict[str, Any]) -> bool:
    """The segment before introduces a quotation of a statute or of someone's words."""
    tail = before.rstrip()
    if not tail.endswith(":"):
        return False
    low = tail.lower()
    return any(s.lower() in low for s in res["statute"]) or any(
        w in low.split() for w in res["citing_words"]
    )


def _time_features(ctx: Context, start: int, end: int) -> dict[str, float]:
    """Whether the segment names a time after the text's date (or one relative to a coming
    event: "in der nächsten Sitzung") or only times before it: a duty looks forward, a
    report of the past names past dates."""
    future = past = False
    for e in ctx.times:
        if not start <= e.start < end:
            continue
        if e.date and ctx.ref:
            future = future or e.date >= ctx.ref
            past = past or e.date < ctx.ref
        elif e.relative_to or e.precision in ("relative", "event", "duration"):
            future = True
    return {"p_time_future": float(future), "n_time_past": float(past and not future)}


def _continues(segs: list[Segment], k: int) -> bool:
    """Segment k follows a header or item directly (no new paragraph between)."""
    return k > 0 and segs[k - 1].list_item


def _is_header(body: str, parts: list[clauses.Clause]) -> bool:
    """ "Die Verwaltung wird beauftragt:" / "…, beauftragt den Bürgermeister," before items
    that carry the infinitives."""
    tail = body.rstrip()
    return tail.endswith((":", ",")) and not any(clauses.zu_infinitives(c) for c in parts)


def _nominal_item(seg: Segment, body: str, ctx: Context) -> bool:
    """A list item under "Wir beantragen:" that names the act as a noun and has no verb of
    its own ("1. Die Einrichtung einer Tempo-30-Zone"): each such item is one of the motion's
    requests. An item that names a body ("Die Verwaltung …") or states something ("Die
    Begründung ergibt sich …") is none."""
    words = body.split()
    if (
        not seg.list_item
        or len(words) < 2
        or words[0].lower() not in ctx.res["nominal_item_articles"]
    ):
        return False
    noun = next((w for w in words[1:3] if w[:1].isupper()), "")
    if not noun.endswith(tuple(ctx.res["action_noun_suffixes"])):
        return False
    if any(seg.start <= m.start < seg.end for m in ctx.mentions):
        return False
    return not any(tag.endswith("(FIN)") for _, tag in morph.tag_words(words))


def _item_clause(parts: list[clauses.Clause]) -> bool:
    """A list item under a header: an infinitive clause ("ein Konzept zu erstellen")."""
    return any(
        clauses.zu_infinitives(c) or any(t.has("VerbForm=Inf") for t in c.toks) for c in parts
    )
