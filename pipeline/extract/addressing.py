"""Who the duties of a document are addressed to, and where a candidate's actor stands: the
shared context of one document's candidates (its text, body mentions, the addressed body,
the administration it names, the body whose session it records), the actor in the role a
construction names, and the context's body where the clause names none ("… ist zu
berichten" in a motion → the administration; "Er sagt zu" → the body the sentence before
opens with)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from pipeline.extract import actors, clauses, constructions
from pipeline.extract.bodies import Mention
from pipeline.extract.body_forms import gender
from pipeline.extract.segment import Segment


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
    previous: Segment | None = None  # the segment before the candidate's (for "Er", "Sie")


# how far into a sentence its subject's name may start ("Die Arbeitsgruppe Verkehr hat …")
SUBJECT_REACH = 30


def subject_named(ctx: Context, seg: Segment) -> list[str]:
    """The body that opens a sentence as its subject, for an "Er"/"Sie" in the next one; none
    when a person opens it ("Herr Müller berichtet über den Beschluss des Kreistages. Er …":
    the person speaks, answering for the administration)."""
    lead = ctx.text[seg.start : seg.start + SUBJECT_REACH].split()
    if any(w in ctx.res["person_words"] for w in lead[:2]):
        return []
    named = _mentions_in(ctx, seg.start, min(seg.end, seg.start + SUBJECT_REACH))
    return [name for _, name in named[:1]]


def _agreeing(names: list[str], pronoun: str, res: dict[str, Any]) -> str | None:
    """The first of the bodies named before whose head agrees with the pronoun in gender
    ("Die Arbeitsgruppe … Sie", "Der Kämmerer … Er"; a head of unknown gender agrees)."""
    for name in names:
        g = gender(name.split()[0])
        if g is None or g == res["person_pronouns"][pronoun]:
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
        antecedent = (
            _agreeing(subject_named(ctx, ctx.previous), pronoun, ctx.res)
            if pronoun and ctx.previous
            else None
        )
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
    head = ctx.text[:2000]
    lead = len(head) - len(head.lstrip())
    head_end = lead + sum(len(x) + 1 for x in head[lead:].split("\n", 3)[:3])
    for i, m in enumerate(ctx.mentions):  # in text order
        if m.start >= head_end:
            break
        if m.kind in SESSION_KINDS:
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
