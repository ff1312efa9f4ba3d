"""Obligations: sentences and list items that ask, instruct or commit a body to act.

Recognised by the grammar council decisions use: passive requests ("wird beauftragt"), active
ones ("beauftragt die Verwaltung"), modals ("soll … werden"), "ist … zu + Infinitiv", future
("wird … vorlegen"), reported speech in minutes ("werde … erstellen", "sagt zu"), referrals
("wird dem Ausschuss zugeleitet"), and plain present with an administrative subject.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache

from pipeline.extract import resources
from pipeline.extract.bodies import Mention
from pipeline.extract.segment import Segment, strip_marker

_lemma_table: dict[str, object] = {}


def use_lemmas(table: object) -> None:
    """Give the classifier the pipeline's lookup lemma table (spacy-lookups-data)."""
    _lemma_table["t"] = table


def is_infinitive(word: str) -> bool:
    """ "vorlegen" is its own lemma; strong participles ("verglichen") are not."""
    table = _lemma_table.get("t")
    if table is None:
        return not word.startswith("ge")
    lemma = table.get(word, word)  # type: ignore[attr-defined]
    return lemma == word


@dataclass
class Found:
    start: int
    end: int
    actor: str | None
    action: str | None
    confidence: float
    kind: str


@cache
def _res() -> dict:
    d = dict(resources.load("obligations"))
    alt = lambda ws: "|".join(re.escape(w) for w in sorted(ws, key=len, reverse=True))  # noqa: E731
    d["re_passive"] = re.compile(
        rf"\b(?:wird|werden|werde|würde|wurde|wurden)\b(?:[^.;]{{0,120}}?)\b({alt(d['request_participles'])})\b"
    )
    d["re_active"] = re.compile(
        rf"\b({alt(d['request_verbs_active'])})\b\s+(?:hiermit\s+|daher\s+|deshalb\s+|außerdem\s+|ferner\s+)?(?:den|die|das|dem|der)?\s*"
    )
    d["re_referral"] = re.compile(
        rf"\b(?:wird|werden)\b[^.;]{{0,160}}\b({alt(d['referral_participles'])})\b"
    )
    d["re_negative"] = re.compile(rf"{alt(d['negative'])}", re.I)
    d["re_statute"] = re.compile(rf"(?:{alt(d['statute'])})")
    d["re_present"] = re.compile(rf"\s+({alt(d['action_verbs_present'])})\b")
    d["re_commit"] = re.compile(rf"\b(?:{alt(d['commitment_verbs'])})\b")
    return d


MODAL = re.compile(r"\b(soll|sollen|sollte|sollten|muss|müssen|möge|mögen)\b")
ZU_INF = re.compile(
    r"\b(ist|sind|hat|haben|bleibt|bleiben)\b[^;]*?\b((?:ab|an|auf|aus|bei|dar|durch|ein|fest|fort|"
    r"frei|her|hin|mit|nach|vor|weg|weiter|wieder|zurück|zusammen|um|über|unter|bereit|sicher|statt|"
    r"teil|hinzu|fertig|klar|offen|instand|kennen|los|heran|voran|hervor|herbei|gegenüber)?"
    r"zu(?!ge)[a-zäöüß]{2,}(?:en|ern|eln)|zu\s+[a-zäöüß]+(?:en|ern|eln))\b"
)
FUTURE = re.compile(r"\b(wird|werden|werde)\b")
INF_END = re.compile(r"\b([a-zäöüß]+(?:en|ern|eln))\s*(?:\([^)]*\))?\s*[.!;:]?\s*$")
PARTICIPLE_END = re.compile(
    r"\b((?:ge)?[a-zäöüß]+(?:t|en|iert))\s*(?:\([^)]*\))?\s*(?:werden|wird)?\s*[.!;:]?\s*$"
)
PARTICIPLE_MID = re.compile(
    r"\b(?:ge[a-zäöüß]{3,}(?:t|en)|[a-zäöüß]{3,}iert|(?:ab|an|auf|aus|bei|ein|fest|her|mit|nach|um|vor|weg|zu|zurück|dar)ge[a-zäöüß]{3,}(?:t|en)|"
    r"(?:er|ver|be|ent|über|unter|zer)[a-zäöüß]{3,}t)\b(?=\s*(?:[,;]|und\b|werden\b))"
)
PERFECT = re.compile(
    r"\b(?:hat|haben|hatte|hatten)\b[^;]*?\b(?:ge[a-zäöüß]{3,}(?:t|en)|[a-zäöüß]+iert|(?:ab|an|auf|aus|ein|fest|vor|zu|dar|her)ge[a-zäöüß]{3,}(?:t|en)|verabschiedet|beschlossen|beantragt|eingereicht|erstellt|vorgelegt|entschieden|verwiesen)\s*(?:\([^)]*\))?\s*[.;]?\s*$"  # noqa: E501
)
# quoted rules, permissions, prognoses and cross-references bind nobody
HEARSAY = re.compile(
    r"\bheißt es\b|\b(?:kann|können|könnte|könnten|darf|dürfen)\b[^.;]*\b(?:werden|erfolgen)\b|"
    r"\b(?:voraussichtlich|vermutlich|wahrscheinlich)\b|\bauf\s+(?:die|den|das)\b[^.]*\bverwiesen\b"
)
FORWARD = re.compile(
    r"\b(?:im\s+nächsten\s+Schritt|zur\s+gegebenen\s+Zeit|rechtzeitig|künftig|zukünftig|anschließend|"
    r"danach|demnächst|in\s+Kürze|zeitnah|nach\s+Abschluss|im\s+Anschluss)\b",
    re.I,
)
FUTURE_MID = re.compile(
    r"\b(wird|werden)\b[^,.;]*?\b([a-zäöüß]{3,}(?:en|ern|eln))\b(?=\s*(?:,|und\s+[a-zäöüß]+en\s*,))"
)
PASSIVE_MODAL = re.compile(r"\b(?:soll|sollen)\b[^;]*?\b[a-zäöüß]+(?:t|en)\s+werden\b")
MODAL_INF = ("können", "müssen", "dürfen", "sollen", "wollen", "lassen", "werden", "worden")
PAST = re.compile(
    r"\b(?:wurde|wurden|war|waren|hatte|hatten|worden|erhielt|fand|beschloss|beauftragte)\b"
)
NON_SUBJECT_BEFORE = re.compile(
    r"(?:\b(?:dem|den|vom|von|an|mit|für|des|beim|zum|zur|im|am|über|bei|seitens|gegenüber|durch|aus|nach|ohne|zwischen|unter|auf|in|vor|ins|ans|einem|einer|eines)\s+(?:\w+\s+)?|[A-ZÄÖÜ]\w+\s+(?:der|des)\s+)$"
)
QUESTION_WORDS = re.compile(
    r"^\s*(?:Wie|Wann|Warum|Weshalb|Welche[rsnm]?|Wo|Wer|Was|Ob|Inwiefern|Inwieweit|Wieviel|Wie viele)\b"  # noqa: E501
)
ADDRESSEE = re.compile(
    r"(?:Sehr\s+geehrte[rs]?\s+(?:Herr\s+|Frau\s+)?(?:Dr\.\s+)?((?:Ober)?[Bb]ürgermeister(?:in)?|Landrat|Landrätin|Bezirksbürgermeister(?:in)?|Stadtrat|Vorsitzende[r]?|Stadtverordnetenvorsteher(?:in)?|Ortsvorsteher(?:in)?|Kreistagsvorsitzende[r]?))"
)
ADRESSAT_FIELD = re.compile(r"^\s*(?:Adressat|An|Empfänger)\b\s*:?\s*(.*)$", re.M)
REFERRAL_TARGET = re.compile(
    r"\b(?:dem|den|an\s+den|an\s+die|in\s+den|in\s+die)\s+(?:[a-zäöü]\w+\s+){0,2}"
    r"(?:[\w-]+-\s+(?:und|sowie)\s+)?[\w-]*"
    r"(?:[Aa]usschuss|[Rr]at|[Bb]eirat|Kreistag|Gremien|[Vv]ersammlung|[Vv]ertretung|"
    r"Fachausschüsse[n]?|Ausschüsse[n]?)"
)
ADMIN_SUBJECT = re.compile(
    r"^\s*(?:Die|Der|Das)\s+(?:\w+\s+)?[\w-]*(?:[Vv]erwaltung|[Aa]mt|Magistrat|"
    r"Bürgermeister(?:in)?|Oberbürgermeister(?:in)?|Landrat|Landrätin|[Aa]usschuss|Arbeitsgruppe|"
    r"Projektgruppe|Arbeitskreis|Fachbereich|Dezernat|Beirat|Bezirksamt|Gremium)\b"
)
ADMIN_NAMES = ("magistrat", "bezirksamt", "verwaltung", "gemeindevorstand", "senat", "landratsamt")


def _bodies_in(
    mentions: list[Mention], canon: dict[int, str], start: int, end: int
) -> list[tuple[int, Mention, str]]:
    # mentions are sorted by start (bodies.find): bisect instead of a scan per segment
    lo = bisect.bisect_left(mentions, start, key=lambda m: m.start)
    hi = bisect.bisect_left(mentions, end, lo=lo, key=lambda m: m.start)
    return [(i, mentions[i], canon[i]) for i in range(lo, hi)]


def subject(
    text: str, seg_start: int, limit: int, items: list[tuple[int, Mention, str]]
) -> str | None:
    """The body in subject position before offset `limit`: not after a preposition, a dative
    article or a governing noun ("der Bericht der Verwaltung")."""
    for _, m, name in items:
        if m.start >= limit:
            break
        before = text[max(seg_start, m.start - 40) : m.start]
        if NON_SUBJECT_BEFORE.search(before):
            continue
        return name
    return None


def default_actor(text: str, mentions: list[Mention], canon: dict[int, str]) -> str | None:
    """The body a motion or decision is addressed to: the administration or its head."""
    counts: dict[str, int] = {}
    for i, m in enumerate(mentions):
        low = canon[i].lower()
        if (
            m.kind == "administration"
            and any(a in low for a in ADMIN_NAMES)
            or m.kind == "office"
            and re.search(r"bürgermeister|landrat|landrätin", low)
        ) or low in ("magistrat", "gemeindevorstand", "senat"):
            counts[canon[i]] = counts.get(canon[i], 0) + 1
    if counts:
        return max(counts.items(), key=lambda kv: (kv[1], -len(kv[0])))[0]
    return "Verwaltung"


def addressee(text: str, mentions: list[Mention], canon: dict[int, str]) -> str | None:
    m = ADDRESSEE.search(text[:3000])
    if m:
        return m.group(1)
    f = ADRESSAT_FIELD.search(text[:1500])
    if f:
        value = f.group(1).strip() or text[f.end() : f.end() + 100].strip().split("\n")[0]
        for i, b in enumerate(mentions):
            if f.start() <= b.start <= f.end() + 120:
                return canon[i]
        return value or None
    return None


REPORTING = re.compile(
    r"^\s*(?:\S+\s+){1,4}?(?:teilt|teilte|erläutert|erläuterte|berichtet|berichtete|führt|führte|weist|wies|verweist|verwies|erklärt|erklärte|fragt|fragte|informiert|informierte|betont|betonte|befürwortet|befürwortete|kritisiert|bemängelt|bestätigt|antwortet|merkt|ergänzt)\b"
)


# in decision text "Die Verwaltung berichtet dem Ausschuss halbjährlich" sets a duty, whereas in
# minutes "Die Verwaltung berichtet über den Stand" records what was said
DUTY_REPORT = re.compile(
    r"^\s*(?:Die|Der|Das)\s+(?:\w+\s+)?[\w-]*(?:[Vv]erwaltung|[Aa]mt|Magistrat|Bürgermeister(?:in)?|"
    r"Landrat|Landrätin|Amtsdirektor(?:in)?|Gemeindevorstand|Geschäftsführung)\s+"
    r"(?:berichtet|informiert|unterrichtet)\s+(?:dem|der|den|die|das|regelmäßig|jährlich|"
    r"halbjährlich|vierteljährlich|quartalsweise|monatlich|fortlaufend|laufend|bis|spätestens)\b"
)
SUBCLAUSE = re.compile(
    r",\s*(?:bei\s+denen|in\s+denen|mit\s+denen|die|der|das|dass|wenn|damit|weil|da|ob|welche[rsnm]?|"
    r"wobei|sodass|so\s+dass|zumal|obwohl|falls|sofern|soweit)\b[^,]*"
)


def main_clause(t: str) -> str:
    """`t` without its subordinate clauses: a modal in "…, bei denen … sein muss" binds nobody."""
    return SUBCLAUSE.sub("", t)


def adverbial_insert(span: str) -> bool:
    """ "ist regelmäßig, mindestens vierteljährlich, zu unterrichten": the commas enclose a short
    adverbial, not a clause ("ist wichtig, die Bürger zu informieren")."""
    parts = span.split(",")
    return (
        len(parts) == 3
        and len(parts[1].split()) <= 4
        and re.fullmatch(r"\s*(?:zu\s+)?[a-zäöüß]+", parts[2]) is not None
    )


def classify(
    seg_text: str, in_decision: bool, explicit: bool = True, doc_decides: bool = False
) -> tuple[str, float] | None:
    """(construction, confidence) of one sentence, or None when it binds nobody."""
    r = _res()
    t = seg_text
    if t.rstrip().endswith(("?", ":")) or QUESTION_WORDS.match(t):
        return None
    words = len(t.split())
    if words < 3:
        return None
    past = bool(PAST.search(t)) and not re.search(r"\b(?:wird|werden|soll|sollen|ist|sind)\b", t)
    if r["re_passive"].search(t):
        verb = r["re_passive"].search(t)
        if verb and verb.group(0).split()[0] in ("wurde", "wurden", "würde"):
            return None
        weak = verb.group(1) in r["weak_participles"]
        return ("request", 0.5 if weak else 0.95)
    if re.search(r"\b(?:beschloss|beschlossen)\b[^;]*?\bzu\s+(?:beauftragen|bitten|ersuchen)\b", t):
        return ("request-active", 0.85)
    if (
        re.search(r"\b(?:beantragt|beantragen)\s*,[^;]*?\b(?:\w+zu\w+en|zu\s+\w+en)\b", t)
        and not past
    ):
        return ("motion", 0.8)
    if (
        re.search(r"\bbeschließ(?:t|en)\b[^;]*?,\s*[^;]*?\b(?:\w+zu\w+en|zu\s+[a-zäöüß]+en)\b", t)
        and not past
    ):
        return ("motion", 0.75)  # "Der Rat beschließt, … den Auftrag zu erteilen"
    if re.search(r"\b(?:erhält|erhalten)\b[^.]*\b\w*[Aa]uftrag\b", t) and not past:
        return ("commission", 0.8)
    m = r["re_active"].search(t)
    if (
        m
        and not past
        and not re.search(
            r"\b(?:bitten|bitte|bitten\s+wir)\s+Sie\b|\bSie\s+(?:deshalb\s+|daher\s+)?bitten\b"
            # the closing formula of a motion asks for its approval: no duty for anyone
            r"|\bbitten\s+(?:\w+\s+){0,2}um\s+(?:Ihre\s+|die\s+)?"
            r"(?:Zustimmung|Annahme|Unterstützung|Beschlussfassung)\b",
            t,
        )
        and _res()["re_active"].search(t)
        and re.search(
            r"\b(?:beauftragt|beauftragen|bittet|bitten|ersucht|ersuchen|fordert|fordern|erteilt|erteilen)\b",
            t,
        )
    ):
        if re.search(r"\bfordert\b", t) and not re.search(r"\bauf\b|\bzu\s|\w+zu\w+en\b", t):
            return None
        return ("request-active", 0.9)
    if re.search(r"\b(?:verpflichtet sich|ermächtigt)\b", t) and not past:
        return ("request-active", 0.6)
    if past or PERFECT.search(t) or HEARSAY.search(t):
        return None
    negative = bool(r["re_negative"].search(t))
    if (
        REPORTING.match(t)
        and not re.search(r"\bwerde\b", t)
        and not (explicit and DUTY_REPORT.match(t))
    ):
        return None
    if r["re_commit"].search(t) or re.search(
        r"\b(?:sagt|sagte|sichert|sicherte|sagen|sicherten)\b[^.;]*\bzu\s*[.;]?\s*$", t
    ):
        return ("commitment", 0.8)
    if re.search(r"\bwerde\b", t) and (INF_END.search(t) or PARTICIPLE_END.search(t)):
        return ("commitment", 0.75)
    if not negative and r["re_referral"].search(t) and REFERRAL_TARGET.search(t):
        return ("referral", 0.85)
    if negative:
        return None
    statute = bool(r["re_statute"].search(t))
    zu = ZU_INF.search(t)
    if zu and (
        ("," in zu.group(0) and not adverbial_insert(zu.group(0)))
        or re.search(
            r"\b(?:nicht|kaum|davon|berechtigt|möglich|wichtig|es|leicht|schwer)\b", zu.group(0)
        )
    ):
        zu = None
    if (
        zu
        and not zu.group(2).startswith(("zuzustimmen", "zunehmen", "zugeben"))
        and zu.group(2) not in ("zu beachten",)
    ):
        if statute and not explicit:
            return None
        return ("zu-infinitive", 0.8 if in_decision else 0.6)
    modal = MODAL.search(main_clause(t))
    if modal:
        if statute and not explicit:
            return None
        conf = 0.55 if modal.group(1) in ("sollte", "sollten") else 0.75
        return ("modal", conf if in_decision else conf - 0.15)
    fut = FUTURE.search(t)
    if fut:
        inf = INF_END.search(t)
        if (
            inf
            and inf.group(1) not in MODAL_INF
            and is_infinitive(inf.group(1))
            and not re.search(r"\bwird\s+(?:es|sich)\b", t[: fut.end() + 10])
        ):
            return ("future", 0.8 if in_decision else 0.65)
        settled = re.search(r"\b(?:bereits|derzeit|aktuell|zurzeit|bisher|schon)\b", t)
        main = main_clause(t)
        participle = PARTICIPLE_END.search(main) or PARTICIPLE_MID.search(main)
        if in_decision and explicit and not settled and participle:
            return ("passive-decision", 0.7)
        if participle and not settled and FORWARD.search(t):
            return ("passive-decision", 0.65)
        if in_decision and not settled and participle and doc_decides:
            return ("passive-decision", 0.55)
        mid = FUTURE_MID.search(t)
        if mid and mid.group(2) not in MODAL_INF and not settled:
            return ("future", 0.7 if in_decision else 0.6)
    if re.search(r"\bentscheidet\b|\bentscheiden\b", t) and re.search(r"\büber\b", t, re.I):
        return ("decides", 0.7)
    inverted = re.search(
        r"\b("
        + "|".join(_res()["action_verbs_present"][:60])
        + r")\s+(?:die|der|das)\s+[\w-]*(?:[Vv]erwaltung|Magistrat|Bürgermeister(?:in)?|Landrat|Bezirksamt|[Aa]mt)\b",  # noqa: E501
        t,
    )
    if inverted and inverted.group(1) not in ("wird", "werden", "stimmt", "nimmt") and not past:
        return ("present", 0.6)
    subj = ADMIN_SUBJECT.match(t)
    pres = r["re_present"].match(t, subj.end()) if subj else None
    if pres and pres.group(1) not in ("wird", "werden", "stimmt", "stimmen", "nimmt", "nehmen"):
        return ("present", 0.65 if in_decision else 0.5)
    return None


def active_header(body: str, following: list[Segment]) -> bool:
    """ "Der Rat beauftragt den Ersten Bürgermeister," before a list: the object ends the
    header and each item carries the infinitive."""
    return (
        body.rstrip().endswith((",", ":"))
        and bool(following)
        and following[0].list_item
        and ACTIVE_REQUEST.search(body) is not None
        and not re.search(r"\bzu\s+[a-zäöüß]+en\b|\b\w+zu\w+en\b", body)
    )


# a two-word item is a duty when it is an object and a zu-infinitive ("Angebote einzuholen")
SHORT_ITEM = re.compile(
    r"^\s*[A-ZÄÖÜ]\w+\s+(?:\w+zu\w+(?:en|ern|eln)|zu\s+\w+(?:en|ern|eln))\s*[,;.]?\s*$"
)
ACTIVE_REQUEST = re.compile(
    r"\b(?:beauftragt|beauftragen|bittet|bitten|ersucht|ersuchen|fordert|fordern)\s+"
    r"(?:hiermit\s+|daher\s+)?(?:den|die|das)\s"
)


def find(
    text: str,
    segments: list[Segment],
    sections: list[bool],
    mentions: list[Mention],
    canon: dict[int, str],
    doc_type: str | None,
) -> list[Found]:
    """Obligations over the segmented text, in order."""
    default = default_actor(text, mentions, canon)
    out: list[Found] = []
    carry: str | None = None
    carry_active = False
    r = _res()
    for k, seg in enumerate(segments):
        raw = text[seg.start : seg.end]
        skip, body = strip_marker(raw)
        start = seg.start + skip
        if not body.strip():
            continue
        in_decision = sections[k] > 0
        explicit = sections[k] == 2
        items = _bodies_in(mentions, canon, start, seg.end)
        if (
            carry_active
            and not seg.list_item
            and not (
                k
                and segments[k - 1].list_item is False
                and out
                and out[-1].end == segments[k - 1].end
            )
        ):
            carry_active = seg.list_item
        header = (
            re.search(
                r"(?:beauftragt|gebeten|aufgefordert|ersucht|beschließt|bittet|beantragen|beantragt)\s*[,:]?\s*$",
                body,
            )
            or body.rstrip().endswith(":")
            and r["re_passive"].search(body)
            or active_header(body, segments[k + 1 : k + 2])
        )
        if header and len(body.split()) <= 12:
            carry = subject(text, start, seg.end, items) if r["re_passive"].search(body) else None
            act = r["re_active"].search(body)
            if act and not carry:
                after = [it for it in items if it[1].start >= start + act.end() - 1]
                carry = after[0][2] if after else None
            carry = carry or default
            carry_active = True
            continue
        hit = classify(body, in_decision, explicit, doc_type in ("Antrag", "Änderungsantrag"))
        if (
            hit is None
            and carry_active
            and seg.list_item
            and (len(body.split()) >= 3 or SHORT_ITEM.search(body))
            and not body.rstrip().endswith("?")
        ):
            hit = ("list-item", 0.7)
        if hit is None or hit[1] < 0.5:
            continue
        kind, conf = hit
        actor = None
        action = body
        if kind == "request-active" and re.search(r"\bverpflichtet sich\b", body):
            actor = subject(text, start, seg.end, items)
        elif kind == "request-active":
            act = r["re_active"].search(body)
            after = [it for it in items if act and it[1].start >= start + act.start()]
            actor = after[0][2] if after else None
            action = body[act.end() :] if act else body
        elif kind == "referral":
            ref = re.search(r"\b(?:dem|den|an\s+den|an\s+die|in\s+den|in\s+die)\s+", body)
            after = [it for it in items if ref and it[1].start >= start + ref.start()]
            actor = after[0][2] if after else None
        elif kind == "request":
            verb = r["re_passive"].search(body)
            actor = subject(text, start, start + (verb.start() if verb else len(body)), items)
            action = body[verb.end() :].lstrip(" ,") if verb else body
        elif kind == "list-item":
            actor = carry
        elif kind in ("passive-decision", "motion"):
            actor = None  # the motion's submitter requests; the addressed body acts
        elif kind == "modal" and not in_decision:
            # outside decision text a modal binds only a named body ("Die Verwaltung soll …")
            actor = subject(text, start, seg.end, items)
            passive_modal = re.search(PASSIVE_MODAL, body)
            if re.search(r"\b(?:muss|müssen)\b", body) or (actor is None and not passive_modal):
                continue
            if passive_modal:
                actor = None  # the subject of "soll … gegründet werden" is acted upon
        elif kind == "modal" and re.search(PASSIVE_MODAL, body):
            actor = None
        else:
            actor = subject(text, start, seg.end, items)
            if kind == "future" and actor is None:
                continue  # "Die Projekte werden Kosten verursachen": a forecast, no duty
            if kind in ("zu-infinitive",) and re.search(r"\b(?:ist|sind)\b", body):
                actor = None
        named = actor is not None  # the item names its own acting body
        if actor is None and kind == "list-item":
            actor = carry
        if actor is None:
            agent = re.search(r"\b(?:durch|von|seitens)\s+(?:der|die|den|dem|des)?\s*", body)
            if agent:
                cands = [it for it in items if it[1].start >= start + agent.start()]
                if cands and cands[0][1].start <= start + agent.end() + 25:
                    actor = cands[0][2]
        if actor is None:
            actor = carry if carry_active else default
        if (
            kind != "list-item"
            and seg.list_item
            and carry_active
            and kind not in ("request", "request-active", "referral")
            and not named
        ):
            actor = carry or actor
        out.append(Found(start, seg.end, actor, action.strip()[:300] or None, conf, kind))
    if doc_type == "Anfrage":
        who = addressee(text, mentions, canon) or default
        for seg in segments:
            body = text[seg.start : seg.end]
            if re.search(
                r"\b(?:bitte[n]?|beantworte[n]?|Beantwortung|frage[n]?\s+(?:an|wir))\b", body, re.I
            ) and not body.rstrip().endswith("?"):
                if not any(o.start == seg.start for o in out):
                    out.append(Found(seg.start, seg.end, who, "Anfrage beantworten", 0.7, "answer"))
                break
        else:
            first_q = next(
                (s for s in segments if text[s.start : s.end].rstrip().endswith("?")), None
            )
            if first_q is not None:
                out.append(
                    Found(first_q.start, first_q.end, who, "Anfrage beantworten", 0.5, "answer")
                )
    out.sort(key=lambda o: o.start)
    return out
