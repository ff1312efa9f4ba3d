"""The constructions by which council German instructs, requests or commits, read from the
finite verb of a main clause and the verbs it governs (lemmas and morphology from HanTa,
verb classes from dictionaries/extraction/obligations.json):

- mandate: "wird beauftragt/gebeten" (passive), "beauftragt/bittet die Verwaltung" (active),
  "soll/muss … (werden)", "ist/hat … zu + Infinitiv", "beschließt, … zu beauftragen";
- request: "Wir beantragen, … einzurichten", "Wir fragen die Verwaltung", "Um Beantwortung
  wird gebeten", "bat die Fraktionen, … zu nennen";
- commitment: "wird … vorlegen" (future), "werde … erarbeitet" (reported speech), "sagt zu",
  "bot an", "Die Verwaltung prüft …";
- referral: "wird dem Ausschuss zugeleitet", "ist … zuzuleiten";
- scheduled: "tagt/trifft sich …", "entscheidet über …".

The features that speak for or against a duty, for the classifier, are in
`clause_features.py`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pipeline.extract.clauses import Clause, Tok, zu_infinitives

PRESENT = ("Tense=Pres",)


@dataclass
class Hit:
    construction: str
    kind: str
    clause: Clause
    verb: Tok
    actor_roles: tuple[str, ...]
    # a duty only where the clause names its body ("Es wurde vereinbart, dass die Verwaltung
    # …"; "…, dass der Winterdienst wie bisher bleibt" sets none)
    named_only: bool = False


def _lemma(t: Tok, clause: Clause) -> str:
    """The verb's lemma with its separated prefix ("sagt … zu" → "zusagen"): the first one
    after it and before the next finite verb ("stimmt … zu und beauftragt": not "zubeauftragen")."""
    if t.finite:
        later = [x.idx for x in clause.finite if x.idx > t.idx]
        end = later[0] if later else float("inf")
        prefix = next(
            (x.text.lower() for x in clause.toks if x.tag == "PTKVZ" and t.idx < x.idx < end), ""
        )
        return prefix + t.lemma.lower()
    return t.lemma.lower()


def _present(t: Tok) -> bool:
    return t.has("Tense=Pres")


def _zu_group(parts: list[Clause], i: int) -> list[Tok]:
    """Zu-infinitives of clause i and of the infinitive clauses that continue it."""
    out = list(zu_infinitives(parts[i]))
    for c in parts[i + 1 :]:
        if c.kind != "infinitive":
            break
        out += zu_infinitives(c)
    return out


def _declares_readiness(clause: Clause, fin: Tok, zus: list[Tok], res: dict[str, Any]) -> bool:
    """ "erklärt sich bereit, … zu": a declaration of readiness promises the act."""
    return (
        _in(fin.lemma.lower(), res, "declaration_verbs")
        and bool(zus)
        and any(t.tag == "PRF" for t in clause.toks)
        and any(t.text.lower() in res["readiness_adjectives"] for t in clause.toks)
    )


def _handed_over(clause: Clause, participles: list[Tok], res: dict[str, Any]) -> bool:
    """ "wird dem Finanzausschuss zur Vorberatung vorgelegt", "an den Hauptausschuss zur
    Beratung übergeben": a paper handed to a body for deliberation is referred to it."""
    if not any(_in(p.lemma.lower(), res, "handover_verbs") for p in participles):
        return False
    low = [t.text.lower() for t in clause.toks]
    # "zur Beratung", "zur weiteren Beratung"
    return any(
        w in res["purpose_prepositions"] and set(low[k + 1 : k + 3]) & set(res["referral_purposes"])
        for k, w in enumerate(low)
    )


def _dass_follows(parts: list[Clause], i: int) -> bool:
    """Whether a "dass" clause follows clause i directly (what was decided or agreed)."""
    return i + 1 < len(parts) and parts[i + 1].kind == "complement" and parts[i + 1].head == "dass"


def _referral(clause: Clause, res: dict[str, Any]) -> bool:
    """ "wird auf die Anlage verwiesen" refers the reader; a referral goes to a body."""
    return not any(t.text.lower() in res["reference_prepositions"] for t in clause.toks)


def _in(lemma: str, res: dict[str, Any], key: str) -> bool:
    return lemma in res[key]


def _main_hit(parts: list[Clause], i: int, res: dict[str, Any]) -> Hit | None:
    """The construction of clause i: of its first finite verb that has one ("Der Kreistag
    stimmt … zu und beauftragt die Verwaltung": the second of two coordinated verbs)."""
    for fin in parts[i].finite:
        hit = _verb_hit(parts, i, fin, res)
        if hit is not None:
            return hit
    return None


def _first_person_subject(clause: Clause, fin: Tok, res: dict[str, Any]) -> bool:
    """ "Wir beantragen …", "Vor diesem Hintergrund fragen wir …": the writer is the subject,
    first in the clause or right after its finite verb (verb second)."""
    toks = clause.toks
    first = res["first_person"]
    if any(t.text.lower() in first for t in toks[:3]):
        return True
    k = next((i for i, t in enumerate(toks) if t is fin), -1)
    return 0 <= k < len(toks) - 1 and toks[k + 1].text.lower() in first


def _polite_imperative(clause: Clause, fin: Tok, res: dict[str, Any]) -> bool:
    """ "Bitte beantworten Sie folgende Fragen": a request to the reader the text addresses."""
    toks = clause.toks
    k = next((i for i, t in enumerate(toks) if t is fin), -1)
    polite = res["polite_request"]
    return (
        toks[0].text.lower() == polite["opener"]
        and 0 < k < len(toks) - 1
        and toks[k + 1].text == polite["address"]
    )


def _assignment(clause: Clause, fin: Tok, res: dict[str, Any]) -> Hit | None:
    """ "erteilt dem Amt den Auftrag" (the dative acts), "erhält die Verwaltung Auftrag"."""
    if not any(t.text.lower().endswith(tuple(res["assignment_nouns"])) for t in clause.toks):
        return None
    lemma = fin.lemma.lower()
    if lemma in res["assignment_verbs"]["give"]:
        return Hit("assignment", "mandate", clause, fin, ("recipient",))
    if lemma in res["assignment_verbs"]["receive"]:
        return Hit("assignment", "mandate", clause, fin, ("subject",))
    return None


def _werden_hit(
    parts: list[Clause],
    i: int,
    fin: Tok,
    parts_pp: list[Tok],
    infs: list[Tok],
    zus: list[Tok],
    res: dict[str, Any],
) -> Hit | None:
    """The construction of a clause whose finite verb is "werden": passive mandates and
    referrals, decisions of a next step, passives and futures that commit."""
    clause = parts[i]
    if any(_in(p.lemma.lower(), res, "mandate_verbs") for p in parts_pp):
        if any(t.lemma in res["answer_nouns"] for t in clause.toks):
            return Hit("request_answer", "request", clause, fin, ("addressee",))
        roles: tuple[str, ...] = ("subject", "recipient", "agent", "addressee")
        return Hit("passive_mandate", "mandate", clause, fin, roles)
    if any(_in(p.lemma.lower(), res, "decision_verbs") for p in parts_pp) and zus:
        # "Es wurde beschlossen, … zu prüfen"
        return Hit("decide_next", "mandate", clause, fin, ("object", "addressee"))
    if any(_in(p.lemma.lower(), res, "decision_verbs") for p in parts_pp) and _dass_follows(
        parts, i
    ):
        # "Es wurde vereinbart, dass die Verwaltung einen Vorschlag erarbeitet"
        return Hit("decide_next", "mandate", clause, fin, ("object",), named_only=True)
    if any(_in(p.lemma.lower(), res, "referral_verbs") for p in parts_pp) or _handed_over(
        clause, parts_pp, res
    ):
        # "wird auf die Anlage verwiesen" refers the reader: no duty at all
        return (
            Hit("referral", "referral", clause, fin, ("recipient",))
            if _referral(clause, res)
            else None
        )
    if parts_pp and not infs:
        name = "reported_passive" if fin.has("Mood=Sub1") else "passive"
        if name == "passive" and any(t.text.lower() in res["forward_adverbs"] for t in clause.toks):
            name = "passive_forward"  # present passive with a forward adverb: a future act
        return Hit(
            name, "commitment", clause, fin, ("agent", "venue", "administration", "addressee")
        )
    if infs or zus:
        name = "reported" if fin.has("Mood=Sub1") else "future"
        return Hit(name, "commitment", clause, fin, ("subject",))
    return None


def _verb_hit(parts: list[Clause], i: int, fin: Tok, res: dict[str, Any]) -> Hit | None:
    clause = parts[i]
    lemma = _lemma(fin, clause)
    assignment = _assignment(clause, fin, res)
    if assignment is not None:
        return assignment
    verbs = [t for t in clause.toks if t is not fin and t.tag.startswith("V")]
    parts_pp = [t for t in verbs if t.has("VerbForm=Part")]
    infs = [t for t in verbs if t.has("VerbForm=Inf") and not t.has("Zu=Yes")]
    zus = _zu_group(parts, i)
    zu_here = zu_infinitives(clause)
    subject_first = _first_person_subject(clause, fin, res)
    if lemma == "werden":
        return _werden_hit(parts, i, fin, parts_pp, infs, zus, res)
    if _in(lemma, res, "mandate_verbs") or _in(fin.lemma.lower(), res, "mandate_verbs"):
        if any(t.lemma in res["approval_nouns"] for t in clause.toks):
            return None  # "Wir bitten um Zustimmung": the vote itself, no duty
        if any(t.text in res["reader_pronouns"] for t in clause.toks[1:]):
            return None  # "Wir bitten Sie, … mitzubringen": the reader, no named body
        if any(t.lemma in res["answer_nouns"] for t in clause.toks):
            return Hit("request_answer", "request", clause, fin, ("object", "addressee"))
        if subject_first:
            return Hit("motion", "request", clause, fin, ("object", "addressee"))
        if any(t.tag == "PRF" for t in clause.toks):  # "verpflichtet sich, … zu"
            return Hit("commitment", "commitment", clause, fin, ("subject",))
        return Hit("active_mandate", "mandate", clause, fin, ("object",))
    if _in(lemma, res, "referral_verbs"):
        # "Herr X verweist darauf, dass …" points something out
        return (
            Hit("referral", "referral", clause, fin, ("recipient",))
            if _referral(clause, res)
            else None
        )
    if _in(lemma, res, "motion_verbs") and (subject_first or zus):
        return Hit("motion", "request", clause, fin, ("object", "addressee"))
    if _in(lemma, res, "question_verbs") and subject_first:
        return Hit("request_answer", "request", clause, fin, ("object", "addressee"))
    if _in(lemma, res, "answer_verbs") and _polite_imperative(clause, fin, res):
        return Hit("request_answer", "request", clause, fin, ("addressee",))
    if _in(lemma, res, "decision_verbs") and zus:
        return Hit("decide_next", "mandate", clause, fin, ("object", "subject"))
    if _in(lemma, res, "decision_verbs") and any(t.text.lower() == "über" for t in clause.toks):
        return Hit("decides", "scheduled", clause, fin, ("subject",))
    if _declares_readiness(clause, fin, zus, res):
        # "Die Verwaltung erklärte sich bereit, die Zahlen nachzuliefern"
        return Hit("commitment", "commitment", clause, fin, ("subject",))
    if _in(lemma, res, "commitment_verbs"):
        if any(t.text.lower() == "es" for t in clause.toks) and any(
            t.tag == "PRF" for t in clause.toks
        ):
            return None  # "es bietet sich an, …": it suggests itself, nobody offers
        return Hit("commitment", "commitment", clause, fin, ("subject",))
    if _in(fin.lemma.lower(), res, "mandate_modals") and (infs or parts_pp):
        return _modal_hit(clause, fin, infs, parts_pp, res)
    if fin.lemma.lower() in ("sein", "haben"):
        zu_hit = _zu_hit(parts, i, fin, parts_pp, zu_here, res)
        if zu_hit is not None:
            return zu_hit if zu_hit.construction else None
    if _in(lemma, res, "schedule_verbs") and _present(fin):
        return Hit("schedule", "scheduled", clause, fin, ("subject",))
    if (_in(lemma, res, "action_verbs") or _in(fin.lemma.lower(), res, "action_verbs")) and (
        _present(fin)
    ):
        return Hit("present_action", "commitment", clause, fin, ("subject",))
    return None


def _modal_hit(
    clause: Clause, fin: Tok, infs: list[Tok], parts_pp: list[Tok], res: dict[str, Any]
) -> Hit | None:
    """ "soll/muss … (werden)": a mandate, active or passive; none where the modal reports or
    describes."""
    if fin.lemma.lower() == "sollen" and _evidential(clause, res):
        return None  # "Nach Auskunft der Verwaltung soll die Brücke … saniert werden"
    if not parts_pp and all(t.lemma.lower() in res["copulas"] for t in infs):
        return None  # "Ziel soll … sein", "Sie sollten von Relevanz sein": a property
    if any(t.lemma.lower() == "werden" for t in infs) and parts_pp:
        roles = ("agent", "venue", "administration", "addressee")
        return Hit("modal_passive", "mandate", clause, fin, roles)
    return Hit("modal", "mandate", clause, fin, ("subject",))


def _evidential(clause: Clause, res: dict[str, Any]) -> bool:
    """ "laut Verwaltung", "nach Angaben des Amtes": a source named for what is reported, so
    "soll" reports a plan or a claim ("it is said to"), it does not instruct."""
    low = [t.text.lower() for t in clause.toks]
    if any(w in res["evidential_prepositions"] for w in low):
        return True
    return any(
        w == "nach" and any(x in res["evidential_nouns"] for x in low[k + 1 : k + 3])
        for k, w in enumerate(low)
    )


def _zu_hit(
    parts: list[Clause],
    i: int,
    fin: Tok,
    parts_pp: list[Tok],
    zu_here: list[Tok],
    res: dict[str, Any],
) -> Hit | None:
    """ "ist/hat … zu + Infinitiv" with sein/haben as the finite verb `fin` of clause i; a Hit
    with an empty construction where the grammar rules the clause out."""
    clause = parts[i]
    # "ist wichtig, … zu informieren": an opinion whose zu-clause is its subject
    predicative = any(
        t.tag == "ADJD" and t.text.lower() in res["opinion_lemmas"] for t in clause.toks
    )
    governed = ""  # what the zu-clause after the comma depends on, when not on sein/haben
    if not zu_here and not predicative and len(parts) > i + 1 and parts[i + 1].kind == "infinitive":
        zu_here = zu_infinitives(parts[i + 1])
        governed = _zu_governor(clause, parts[i + 1], parts_pp, res)
    if fin.lemma.lower() == "haben" and zu_here and not governed:
        governed = _perfect_before_zu(clause, zu_here[0], parts_pp, res)
    if fin.lemma.lower() in ("sein", "haben") and zu_here and governed:
        if governed == "perfect_zu" and any(
            _in(p.lemma.lower(), res, "commitment_verbs") for p in parts_pp
        ):
            # "Die Telekom hat zugesagt, … herzustellen": a promise made, its act to come
            return Hit("commitment", "commitment", clause, fin, ("subject",))
        # "hat beschlossen, … zu prüfen" (perfect), "ist bereit / daran interessiert, … zu"
        # (an adjective's complement): the zu-clause belongs to the participle or adjective
        return Hit(governed, "mandate", clause, fin, ("subject",))
    if fin.lemma.lower() in ("sein", "haben") and zu_here:
        zu_lemma = zu_here[0].lemma.lower()
        if _in(zu_lemma, res, "state_zu_verbs"):
            # "ist ein Anstieg zu verzeichnen", "ist der Gruppe B zuzuordnen": "ist … zu" of a
            # verb of finding or classing reads "can be", a description, not a duty
            return Hit("", "", clause, fin, ())
        if _in(zu_lemma, res, "referral_verbs"):
            return Hit("referral", "referral", clause, fin, ("recipient", "addressee"))
        roles = (
            ("subject",)
            if fin.lemma.lower() == "haben"
            else ("agent", "venue", "administration", "addressee")
        )
        return Hit("zu_infinitive", "mandate", clause, fin, roles)
    return None


def _zu_governor(
    clause: Clause, zu_clause: Clause, participles: list[Tok], res: dict[str, Any]
) -> str:
    """'perfect_zu' when a participle (not of a mandate verb: "ist beauftragt, … zu") heads
    the zu-clause after the comma; 'adjective_zu' when a pronominal adverb ("ist daran
    interessiert, … zu"), an expletive "es" ("ist es wichtig, … zu") or a predicative
    adjective with a zu-clause that has its own object ("ist bereit, die Kosten zu tragen")
    does; else '' (an adverbial between commas: "ist regelmäßig, …, zu unterrichten")."""
    if any(p.lemma.lower() not in res["mandate_verbs"] for p in participles):
        return "perfect_zu"
    words = {t.text.lower() for t in clause.toks}
    if any(t.tag in ("PROAV", "PAV") for t in clause.toks) or "es" in words:
        return "adjective_zu"
    own_object = any(t.tag in ("NN", "NE") for t in zu_clause.toks)
    if own_object and any(t.tag == "ADJD" for t in clause.toks):
        return "adjective_zu"
    return ""


def _perfect_before_zu(clause: Clause, zu: Tok, participles: list[Tok], res: dict[str, Any]) -> str:
    """ "hat sich bereit erklärt, in Kooperation zu treten" without its comma: a participle
    that does not stand right before the zu-infinitive makes the perfect tense (one right
    before it is an adverb: "hat gesondert auszuweisen")."""
    toks = clause.toks
    k = next((i for i, t in enumerate(toks) if t is zu), -1)
    before = toks[k - 1] if k > 0 and toks[k - 1].tag != "PTKZU" else toks[k - 2] if k > 1 else None
    if any(p is not before and p.lemma.lower() not in res["mandate_verbs"] for p in participles):
        return "perfect_zu"
    return ""


def best(parts: list[Clause], res: dict[str, Any]) -> Hit | None:
    """The construction of the first main clause that has one (else of any clause, so that the
    classifier can weigh a construction that sits in a subordinate clause)."""
    fallback = None
    for i, c in enumerate(parts):
        hit = _main_hit(parts, i, res)
        if hit is None:
            continue
        if c.kind == "main":
            return hit
        fallback = fallback or hit
    return fallback


def hits(parts: list[Clause], res: dict[str, Any]) -> list[Hit]:
    """Every construction of the segment, main clauses first: a sentence may carry two duties
    ("bot an, … zu übernehmen, und bat die Fraktionen, … zu nennen")."""
    out = []
    for i, c in enumerate(parts):
        for fin in c.finite:
            hit = _verb_hit(parts, i, fin, res)
            if hit is not None:
                out.append(hit)
    return sorted(out, key=lambda h: h.clause.kind != "main")
