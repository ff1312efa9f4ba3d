"""Clause structure of one sentence or list item from its tagged tokens.

A sentence is cut into clauses at commas, colons, semicolons and dashes. A clause that opens
with a subordinating conjunction (KOUS/KOUI: "damit", "wenn", "dass", "um … zu"), a relative
pronoun (PRELS) or an interrogative (PWAV) is subordinate, and its kind comes from the
conjunction lists of the dictionary (purpose, condition, complement); a clause without a finite
verb but with a zu-infinitive continues the clause before it ("wird beauftragt, … zu prüfen").
Each token's grammatical role comes from case cues: the article or preposition before a noun
("dem Ausschuss" → dative, "durch die Verwaltung" → agent, "der Bericht des Amtes" → genitive).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

BOUNDARY_TAGS = ("$,", "$(", "$.")


@dataclass
class Tok:
    """One token as the clause analysis needs it (built from a spaCy token after tagging)."""

    text: str
    lemma: str
    tag: str
    morph: str
    idx: int  # character offset in the document

    @property
    def finite(self) -> bool:
        return "VerbForm=Fin" in self.morph

    def has(self, feature: str) -> bool:
        return feature in self.morph.split("|")


@dataclass
class Clause:
    toks: list[Tok]
    kind: str  # main, purpose, condition, complement, relative, question, infinitive
    head: str | None = None  # the conjunction or pronoun that opens it
    finite: list[Tok] = field(default_factory=list)


def split(
    toks: list[Tok], res: dict[str, Any], names: list[tuple[int, int]] | None = None
) -> list[Clause]:
    """The clauses of one segment, in order, each with its kind. A comma inside a body's name
    ("Ausschuss für Stadtentwicklung, Bauen und Verkehr") cuts nothing, and a piece without a
    verb or conjunction ("regelmäßig, mindestens vierteljährlich,") stays in its clause."""
    inside = names or []
    pieces: list[list[Tok]] = [[]]
    for t in toks:
        boundary = t.tag in BOUNDARY_TAGS and t.text not in (".", "(", ")", '"', "„", "“", "/")
        if boundary and not any(a <= t.idx < b for a, b in inside):
            if pieces[-1]:
                pieces.append([])
            continue
        pieces[-1].append(t)
    merged: list[list[Tok]] = []
    for piece in pieces:
        verbless = not any(t.tag.startswith(("V", "KO", "PREL", "PW", "PTKZU")) for t in piece)
        if merged and piece and verbless and len(piece) <= 4:
            merged[-1] += piece
        else:
            merged.append(piece)
    out: list[Clause] = []
    for piece in merged:
        if not piece:
            continue
        kind, head = _kind(piece, res)
        finite = [t for t in piece if t.finite] or _finite_participle(piece)
        finite += _coordinated_finite(piece, finite, res)
        clause = Clause(piece, kind, head, finite)
        if kind == "main" and not finite and out and zu_infinitives(clause):
            clause.kind = "infinitive"
        out.append(clause)
    return out


def _without_ge(word: str) -> bool:
    """A participle form without the ge- of a perfect participle, also after a separable
    prefix ("vorgestellt", "aufgestellt" have it; "beauftragt", "informiert" do not)."""
    low = word.lower()
    return not low.startswith("ge") and "ge" not in low[2:5]


def _finite_participle(piece: list[Tok]) -> list[Tok]:
    """A clause without a finite verb whose "participle" has no ge- ("beauftragt",
    "beantragt", "informiert"): that form is also the present 3rd person, and with no
    auxiliary in the clause it is the finite verb ("Der Rat beauftragt die Verwaltung")."""
    for t in piece[1:]:
        if t.has("VerbForm=Part") and _without_ge(t.text):
            t.morph = "VerbForm=Fin|Mood=Ind|Tense=Pres"
            return [t]
    return []


def _coordinated_finite(piece: list[Tok], finite: list[Tok], res: dict[str, Any]) -> list[Tok]:
    """A "participle" without ge- right after a coordinator ("und", "sowie", "oder") in a
    clause whose finite verbs are all full verbs ("stimmt dem Entwurf zu und beauftragt die
    Verwaltung"): with no auxiliary to build a perfect or passive with, it is a second finite
    verb (its morphology is set on the token)."""
    if not finite or any(t.text.lower() in res["finite_forms"] for t in finite):
        return []
    out = []
    for a, t in zip(piece, piece[1:], strict=False):
        if a.text.lower() in res["coordinators"] and t.has("VerbForm=Part") and _without_ge(t.text):
            tense = "Past" if finite[0].has("Tense=Past") else "Pres"
            t.morph = "VerbForm=Fin|Mood=Ind|Tense=" + tense
            out.append(t)
    return out


def _kind(piece: list[Tok], res: dict[str, Any]) -> tuple[str, str | None]:
    first = piece[0]
    low = first.text.lower()
    lead = piece[1] if low in ("und", "oder", "sowie") and len(piece) > 1 else first
    low = lead.text.lower()
    if lead.tag in ("KOUS", "KOUI") or low in res["purpose_conjunctions"]:
        # "dass", "ob", "weil", "nachdem": the clause is an argument or an adverbial of the
        # main clause; any other subordinating conjunction is treated the same way
        if low in res["purpose_conjunctions"]:
            return "purpose", low
        if low in res["condition_conjunctions"]:
            return "condition", low
        return "complement", low
    if low in res["complement_conjunctions"] and len(piece) > 2:
        return "complement", low  # mis-tagged "dass"/"ob" (as article or adverb)
    if lead.tag in ("PRELS", "PRELAT") or (
        lead.tag == "APPR" and len(piece) > 1 and piece[1].tag in ("PRELS", "PRELAT")
    ):
        return "relative", low
    if lead.tag in ("PWAV", "PWS", "PWAT"):
        return "question", low
    return "main", None


def _zu_inf(t: Tok) -> bool:
    return t.has("Zu=Yes")


def zu_infinitives(clause: Clause) -> list[Tok]:
    """Zu-infinitives of a clause: "vorzulegen" (one word) and "zu prüfen" (particle + verb)."""
    out = [t for t in clause.toks if _zu_inf(t)]
    for a, b in zip(clause.toks, clause.toks[1:], strict=False):
        if a.tag == "PTKZU" and b.has("VerbForm=Inf"):
            out.append(b)
    return out


def role(toks: list[Tok], k: int, res: dict[str, Any]) -> str:
    """Grammatical role of the noun at position k from the words before it: 'agent'
    (durch/von/seitens), 'recipient' (an/in …), 'pp' (another preposition), 'gen', 'dat',
    'acc' ("den"), or 'nom' (a nominative or an accusative the clause decides)."""
    j = k - 1
    while j >= 0 and toks[j].tag in (
        "ADJA",
        "ADV",
        "CARD",
        "NE",
        "NN",
        "NNA",
        "FM",
        "TRUNC",
        "KON",
        "$(",
    ):
        if toks[j].tag in ("NN", "NE") and j < k - 1:
            break
        j -= 1
    if j < 0:
        return "nom"
    word = toks[j].text.lower()
    tag = toks[j].tag
    if tag in ("NN", "NE") and j < k - 1 and all(t.tag == "ADJA" for t in toks[j + 1 : k]):
        return "gen"  # "um Beantwortung folgender Fragen": an attribute of the noun before
    if tag in ("ART", "PPOSAT", "PIAT", "PDAT") and j > 0 and toks[j - 1].tag == "APPR":
        j -= 1  # "an den zuständigen Ausschuss": the preposition before the article decides
        word, tag = toks[j].text.lower(), toks[j].tag
    if tag in ("APPR", "APPRART", "APPO"):
        if word in res["agent_prepositions"]:
            return "agent"
        return "recipient" if word in res["recipient_prepositions"] else "pp"
    if word in ("des", "eines"):
        return "gen"
    if word in ("dem", "einem"):
        return "dat"
    if word in ("den", "einen"):
        return "acc"
    if word in ("der", "einer") and j > 0 and toks[j - 1].tag in ("NN", "NE"):
        return "gen"  # "der Antrag der Fraktion"
    if word in ("der",) and j > 0 and toks[j - 1].finite:
        # "entscheidet der Ausschuss" (subject) or "wird der Verwaltung übertragen" (dative):
        # the construction decides which it wants
        return "nom_or_dat"
    return "nom"
