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
import re
from dataclasses import dataclass, field
from typing import Any

from pipeline.extract import actors, clauses, constructions
from pipeline.extract.bodies import Mention
from pipeline.extract.body_forms import gender
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


@dataclass
class Context:
    """What the candidates of one document share: text, mentions, grammar, addressed body."""

    text: str
    mentions: list[Mention]
    canon: dict[int, str]
    res: dict[str, Any]
    addressee: str | None = None  # of the letter (salutation, address field)
    administration: str | None = None  # the administrative body the text names most often
    recent: str | None = None  # the actor of the last explicit mandate of the section
    times: list[Any] = field(default_factory=list)  # time expressions (timex.TimeExpr)
    ref: str | None = None  # ISO date the text is seen from
    doc_type: str | None = None  # the document's type (metadata), for its narrative tense
    session_body: str | None = None  # the council or committee whose session minutes record
    antecedents: list[str] = field(default_factory=list)  # bodies the segment before names


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
        if carry is not None and carry.kind == "request" and _nominal_item(seg, body, ctx.res):
            feats = {"header_carry": 1.0, "list_item": 1.0, "c_" + carry.construction: 1.0}
            feats |= {"explicit": 1.0, "sec_open": float(sections[k] == 1)}
            feats["sec_decision"] = float(sections[k] == 2)
            out.append(Candidate(start, seg.end, carry.kind, carry_actor, body.strip(), feats))
            continue
        if not toks or not body.strip():
            continue
        names = [(m.start, m.end) for m in ctx.mentions if seg.start <= m.start < seg.end]
        ctx.antecedents = (
            [n for _, n in _mentions_in(ctx, segs[k - 1].start, segs[k - 1].end)] if k else []
        )
        parts = clauses.split(toks, ctx.res, names)
        hit = constructions.best(parts, ctx.res)
        feats = constructions.features(parts, body, ctx.res)
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
        elif feats["n_past"] and hit.construction in RECORDED and hit.clause.kind == "main":
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
    if hit.construction not in RECORDED or hit.clause.kind != "main":
        return False
    if section == BACKGROUND or feats.get("n_time_past"):
        return False
    return not any(t.text.lower() in ctx.res["past_markers"] for t in hit.clause.toks)


# constructions that state a rule when a statute stands before their verb
STATUTE_RULES = ("zu_infinitive", "modal", "modal_passive")


def _law_subject(hit: constructions.Hit, res: dict[str, Any]) -> bool:
    """The subject of the clause is a law, statute or contract: it, not this text, binds."""
    head = actors.subject_head(hit.clause.toks, res)
    return head is not None and head.lower().endswith(tuple(res["statute_heads"]))


def _cites_rule(clause: clauses.Clause, res: dict[str, Any]) -> bool:
    """The clause opens with its source, a statute ("Nach § 95 GO …", "Gemäß der
    Hauptsatzung …"): what follows is that statute's rule, quoted."""
    head = " ".join(t.text for t in clause.toks[:6])
    low = head.lower()
    opens = any(low.startswith(o + " ") for o in res["rule_openers"])
    markers = [m for m in res["statute"] if m.lower() not in res["rule_openers"]]
    return opens and any(m in head if len(m) <= 4 else m.lower() in low for m in markers)


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


NOMINAL_ITEM = re.compile(r"(?:die|der|das|den|eine[nr]?|ein)\s+(?:[a-zäöüß]\w*\s+)?([A-ZÄÖÜ]\w+)")


def _nominal_item(seg: Segment, body: str, res: dict[str, Any]) -> bool:
    """A list item under "Wir beantragen:" that names the act as a noun ("1. Die Einrichtung
    einer Tempo-30-Zone"): each such item is one of the motion's requests."""
    m = NOMINAL_ITEM.match(body.strip().lower()[:1] + body.strip()[1:])
    return bool(seg.list_item and m and m.group(1).endswith(tuple(res["action_noun_suffixes"])))


def _item_clause(parts: list[clauses.Clause]) -> bool:
    """A list item under a header: an infinitive clause ("ein Konzept zu erstellen")."""
    return any(
        clauses.zu_infinitives(c) or any(t.has("VerbForm=Inf") for t in c.toks) for c in parts
    )


PRONOUN_GENDER = {"er": "m", "sie": "f"}


def _agreeing(names: list[str], pronoun: str) -> str | None:
    """The first of the bodies named before whose head agrees with the pronoun in gender
    ("Die Arbeitsgruppe … Sie", "Der Kämmerer … Er"; a head of unknown gender agrees)."""
    for name in names:
        g = gender(name.split()[0])
        if g is None or g == PRONOUN_GENDER[pronoun]:
            return name
    return None


def _mentions_in(ctx: Context, start: int, end: int) -> list[tuple[int, str]]:
    return [(m.start, ctx.canon[i]) for i, m in enumerate(ctx.mentions) if start <= m.start < end]


def actor_of(hit: constructions.Hit, parts: list[clauses.Clause], ctx: Context) -> str | None:
    """The body in the role the construction names, from the case cues of its clause."""
    return located_actor(hit, parts, ctx)[0]


# constructions whose actor may stand in the infinitive clause after the verb ("beschließt,
# die Verwaltung zu beauftragen", "Wir beantragen, den Bürgermeister zu bitten")
DEEP = ("decide_next", "motion", "request_answer")


def located_actor(
    hit: constructions.Hit, parts: list[clauses.Clause], ctx: Context
) -> tuple[str | None, str]:
    """(actor, where it came from: 'clause', 'context' (the body the text addresses
    its duties to), or 'none')."""
    toks = hit.clause.toks
    lo, hi = toks[0].idx, (parts[-1].toks[-1].idx + len(parts[-1].toks[-1].text))
    mentions = [
        (m.start, m.end, ctx.canon[i]) for i, m in enumerate(ctx.mentions) if lo <= m.start < hi
    ]
    agentive = hit.construction in actors.AGENTIVE or (
        hit.construction == "zu_infinitive" and hit.verb.lemma.lower() == "haben"
    )
    for wanted in hit.actor_roles:
        pronoun = actors.pronoun_subject(hit, ctx.res) if wanted == "subject" else None
        antecedent = _agreeing(ctx.antecedents, pronoun) if pronoun else None
        if antecedent:
            return antecedent, "clause"  # "Der Bürgermeister berichtet … Er sagt zu, …"
        if wanted in ("addressee", "administration"):
            found, source = _context_actor(ctx, wanted)
            if found:
                return found, source
            continue
        deliberates = wanted == "venue" and any(
            t.has("VerbForm=Part") and t.lemma.lower() in ctx.res["deliberation_verbs"]
            for c in parts[parts.index(hit.clause) :]
            for t in c.toks
        )
        if wanted == "venue" and not deliberates:
            continue  # only a body that deliberates acts where it meets ("… wird dort beraten")
        where = actors.search_toks(hit.clause, parts, wanted, hit.construction in DEEP)
        after = hit.verb.idx if wanted == "object" else -1
        name = actors.in_role(where, wanted, after, mentions, ctx.res, agentive)
        if name:
            return name, "clause"
        if deliberates and ctx.session_body:
            # "Über … soll in der Sitzung im September entschieden werden": the body that meets
            return ctx.session_body, "session"
    if hit.construction == "schedule" and ctx.session_body:
        return ctx.session_body, "session"  # "Die nächste Sitzung findet am … statt"
    if hit.kind == "commitment" and actors.person_subject(hit.clause.toks, ctx.res):
        # "Herr X sagt zu, …" in minutes: a person answering for the body the text addresses
        found, source = _context_actor(ctx, "administration")
        if found:
            return found, source
    return None, "none"


def _context_actor(ctx: Context, wanted: str) -> tuple[str | None, str]:
    """The body the document addresses its duties to: the actor of the explicit mandate
    just before (same section), the letter's addressee, the administration it names."""
    if ctx.recent:
        return ctx.recent, "recent"
    if wanted == "addressee" and ctx.addressee:
        return ctx.addressee, "addressee"
    return ctx.administration, "administration"


SESSION_KINDS = ("council", "committee", "board")


def session_body(ctx: Context) -> str | None:
    """The body whose session a record reports: the first council, committee or board named in
    its heading lines ("Niederschrift über die Sitzung des Sozialausschusses")."""
    if ctx.doc_type not in ctx.res["record_types"]:
        return None
    lines = ctx.text.lstrip().split("\n", 3)
    head_end = len(ctx.text) - len(ctx.text.lstrip()) + sum(len(x) + 1 for x in lines[:3])
    for i, m in enumerate(ctx.mentions):
        if m.start < head_end and m.kind in SESSION_KINDS:
            return ctx.canon[i]
    return None


def addressed_body(ctx: Context) -> str | None:
    """The body a letter or motion is addressed to: the body named in its salutation or
    address field, else the administration it names most often (else the office)."""
    return letter_addressee(ctx) or administration(ctx)


def letter_addressee(ctx: Context) -> str | None:
    """The body named in the salutation or the address field, else None."""
    text = ctx.text
    for cue in ctx.res["salutations"]:
        for m in re.finditer(re.escape(cue), text[:5000]):
            named = _mentions_in(ctx, m.end(), m.end() + 60)
            if named:
                return named[0][1]
    for label in ctx.res["address_labels"]:
        for m in re.finditer(rf"(?m)^\s*{re.escape(label)}\b\s*:?", text[:2000]):
            named = _mentions_in(ctx, m.end(), m.end() + 80)
            if named:
                return named[0][1]
    return None


def administration(ctx: Context) -> str | None:
    """The executive a passive duty of a motion or Vorlage ("… sind einzustellen") is
    addressed to: the administration as a whole or the board that heads it ("Verwaltung",
    "Magistrat", "Gemeindevorstand", "Bezirksamt"), else the office at its head
    ("Bürgermeister", "Landrat"), else a unit of it; the one the text names most often."""
    executive = tuple(h.lower() for h in ctx.res["executive_heads"])

    def whole(i: int, kind: str) -> bool:
        head = ctx.canon[i].split()[0].lower()
        return head.endswith(executive) or (
            kind == "administration" and head.endswith("verwaltung")
        )

    tiers = (
        lambda i, kind: whole(i, kind),
        lambda i, kind: kind == "office",
        lambda i, kind: kind == "administration",
    )
    for tier in tiers:
        counts: dict[str, int] = {}
        for i, mention in enumerate(ctx.mentions):
            if tier(i, mention.kind):
                counts[ctx.canon[i]] = counts.get(ctx.canon[i], 0) + 1
        if counts:
            return max(counts.items(), key=lambda kv: (kv[1], -len(kv[0])))[0]
    return None
