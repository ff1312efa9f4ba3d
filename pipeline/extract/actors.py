"""The actor of an obligation: the noun phrase in the grammatical role its construction names
(subject of "wird beauftragt", accusative of "beauftragt/bittet X", dative of "wird …
zugeleitet", agent of "durch X"), read from the case cues of the clause that carries the
construction, not of the infinitive clauses that follow it ("Die Samtgemeinde wird beauftragt,
dem Rat zu berichten": the Rat receives, the Samtgemeinde acts).

The phrase's name is the body the gazetteer finds in it ("die Leitung des Fachbereichs
Jugend" → Fachbereich …). Where it finds none, the verb decides: a verb that selects an
addressee or agent (beauftragen, bitten, zuleiten, zusagen) makes its argument the actor as
written ("Die Geschäftsstelle", "Das Amt Hüttener Berge"); any other verb ("soll vorliegen",
"wird beginnen") may have a thing as subject, so there only a named body counts. A person
("Frau Meier von der Kämmerei") acts for the body named beside the name, else for nobody the
clause names.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pipeline.extract.clauses import Clause, Tok, role, zu_infinitives

# constructions whose verb selects a person or body in the actor's role: its argument is the
# actor whatever noun it is
AGENTIVE = (
    "passive_mandate",
    "active_mandate",
    "referral",
    "assignment",
    "commitment",
    "request_answer",
)
NOUN_TAGS = ("NN", "NE")
# tokens a noun phrase's name may run over after its head: names and numbers in apposition
# ("Amt Hüttener Berge", "Fachbereich 3", "Projektgruppe Radverkehr")
APPOSITION_TAGS = ("NN", "NE", "CARD", "FM")


@dataclass
class Phrase:
    """A noun phrase of a clause: its tokens [start, end), its head's index and its role."""

    start: int
    end: int
    head: int
    role: str


def phrases(toks: list[Tok], res: dict[str, Any]) -> list[Phrase]:
    """The noun phrases of a clause with their case roles: a noun with the names in
    apposition after it (capitalised words without an article between)."""
    out: list[Phrase] = []
    k = 0
    while k < len(toks):
        t = toks[k]
        if t.tag not in NOUN_TAGS or not t.text[:1].isupper():
            k += 1
            continue
        end = k + 1
        while (
            end < len(toks)
            and toks[end].tag in APPOSITION_TAGS
            and (toks[end].text[:1].isupper() or toks[end].text[:1].isdigit())
            and end - k < 4
        ):
            end += 1
        start = k
        while start > 0 and toks[start - 1].tag in ("ART", "ADJA", "PPOSAT", "PIAT", "PDAT"):
            start -= 1
        out.append(Phrase(start, end, k, role(toks, k, res)))
        k = end
    return out


# the case roles a wanted role accepts, most certain first: an accusative object is "den X";
# "die/das X" after the verb may be nominative or accusative; "der X" after the verb is a
# subject or a dative ("Deshalb beauftragt der Rat die Verwaltung": the Verwaltung acts)
ACCEPTS = {
    "subject": (("nom", "nom_or_dat"),),
    "object": (("acc",), ("nom",), ("dat",), ("nom_or_dat",)),
    "recipient": (("dat", "recipient", "nom_or_dat"),),
    "agent": (("agent",),),
    # "in der nächsten Sitzung des Kreisausschusses … aufgerufen werden": who meets acts
    "venue": (("recipient", "pp"),),
}


def _genitive_tail(toks: list[Tok], ph: Phrase, all_phrases: list[Phrase]) -> int:
    """End of the phrase with its genitive attributes ("die Leitung des Fachbereichs")."""
    end = ph.end
    for nxt in all_phrases:
        if nxt.start == end and nxt.role == "gen":
            end = nxt.end
    return end


def name_of(
    toks: list[Tok],
    ph: Phrase,
    all_phrases: list[Phrase],
    mentions: list[tuple[int, int, str]],
    res: dict[str, Any],
    agentive: bool,
    venue: bool = False,
) -> str | None:
    """The actor a phrase names: a body found in it or its genitive attributes, else (for a
    person) the body named beside the person, else (where the verb selects an agent) the
    phrase's head with its apposition, as written."""
    end = _genitive_tail(toks, ph, all_phrases)
    a, b = toks[ph.start].idx, toks[end - 1].idx + len(toks[end - 1].text)
    inside = [name for s, _, name in mentions if a <= s < b]
    if venue:
        meeting = toks[ph.head].text.lower().endswith(tuple(res["meeting_nouns"]))
        head_end = toks[ph.end - 1].idx + len(toks[ph.end - 1].text)
        return next((n for s, _, n in mentions if head_end <= s < b), None) if meeting else None
    if inside:
        return inside[0]
    person = toks[ph.head].text in res["person_words"]
    if person:
        return _beside(toks, end, mentions, res)
    if not agentive or _inanimate(toks[ph.head].text, res):
        return None  # "Der Punkt wird erneut aufgerufen": a thing is called, nobody acts
    return " ".join(t.text for t in toks[ph.head : ph.end])


def _inanimate(head: str, res: dict[str, Any]) -> bool:
    """A head noun that names a thing, never an actor: an agenda item, a paper, a plan
    ("Punkt", "Antrag", "Konzept"). Nouns in -ung may name a body ("Projektleitung")."""
    return head.lower() in res["inanimate_heads"]


def _beside(
    toks: list[Tok], end: int, mentions: list[tuple[int, int, str]], res: dict[str, Any]
) -> str | None:
    """The body a person's name is given with: "Frau Meier von der Kämmerei", "Herr Brosig
    (von KommunalBIT)": a body found there, else the name in the parenthesis as written."""
    tail: list[Tok] = []
    if end < len(toks) and toks[end].text == "(":
        for t in toks[end + 1 :]:
            if t.text == ")":
                break
            tail.append(t)
    elif end < len(toks) and toks[end].text.lower() in res["affiliation_words"]:
        for t in toks[end : end + 5]:
            if t.finite or t.tag.startswith("$"):
                break
            tail.append(t)
    if not tail:
        return None
    lo, hi = tail[0].idx, tail[-1].idx + len(tail[-1].text)
    beside = [name for s, _, name in mentions if lo <= s < hi]
    if beside:
        return beside[0]
    names = [t.text for t in tail if t.text[:1].isupper() and t.tag in NOUN_TAGS]
    return " ".join(names) if toks[end].text == "(" and names else None


def search_toks(hit_clause: Clause, parts: list[Clause], wanted: str, deep: bool) -> list[Tok]:
    """Where the role is looked for: the construction's clause; an object of "beschließt,
    die Verwaltung zu beauftragen" also in the infinitive clauses after it, and the subject of
    a "dass" clause that a motion governs."""
    toks = list(hit_clause.toks)
    if deep and wanted == "object" and hit_clause in parts:
        for c in parts[parts.index(hit_clause) + 1 :]:
            if c.kind == "complement" and c.head == "dass":
                # "Wir beantragen, dass der Ausschuss sich … befasst": its subject acts
                toks += c.toks
                break
            if c.kind != "infinitive":
                break
            toks += c.toks
            if zu_infinitives(c):
                break
    return toks


def in_role(
    toks: list[Tok],
    wanted: str,
    after: int,
    mentions: list[tuple[int, int, str]],
    res: dict[str, Any],
    agentive: bool,
) -> str | None:
    """The first phrase in the wanted role (after character offset `after`) that names an
    actor."""
    found = phrases(toks, res)
    for accepted in ACCEPTS.get(wanted, ()):
        fits = [ph for ph in found if ph.role in accepted and toks[ph.head].idx > after]
        # a named body in the role before a bare noun ("Die Kosten hat die Verwaltung … zu")
        for bare in (False, True):
            for ph in fits:
                name = name_of(toks, ph, found, mentions, res, agentive and bare, wanted == "venue")
                if name:
                    return name
    return None


def pronoun_subject(hit: Any, res: dict[str, Any]) -> str | None:
    """The subject of the construction's clause when it is "er"/"sie" with a verb in the
    singular ("Er wird gebeten", "Daher sagt sie zu"; "Sie werden gebeten" addresses the
    reader): a pronoun for the body the sentence before names."""
    toks = hit.clause.toks
    k = next((i for i, t in enumerate(toks) if t is hit.verb), -1)
    if k < 0 or not _singular(hit.verb):
        return None  # plural: "Sie werden gebeten" addresses the reader
    near = toks[:1] + toks[k + 1 : k + 2]
    return next((t.text.lower() for t in near if _person_pronoun(t, res)), None)


def _singular(verb: Tok) -> bool:
    """A finite form in the singular, as far as its ending tells ("sagt", "wird", "kann"; not
    "sagen", "werden", "sind")."""
    low = verb.text.lower()
    return not low.endswith("en") and low != "sind"


def _person_pronoun(t: Tok, res: dict[str, Any]) -> bool:
    return t.tag == "PPER" and t.text.lower() in res["person_pronouns"]


def person_subject(toks: list[Tok], res: dict[str, Any]) -> bool:
    """Whether the clause's subject is a person ("Herr Drescher sagt zu", "Sie sagt eine
    Prüfung zu": a pronoun subject of a verb that selects a person)."""
    if len(toks) > 1 and _person_pronoun(toks[0], res) and toks[1].finite and _singular(toks[1]):
        return True  # "Sie sagt zu": the pronoun opens the clause before a singular verb
    return any(
        ph.role == "nom" and toks[ph.head].text in res["person_words"] for ph in phrases(toks, res)
    )


def has_subject(toks: list[Tok], res: dict[str, Any]) -> bool:
    """Whether the clause has a nominative noun phrase (its subject, when the verb is
    active)."""
    return subject_head(toks, res) is not None


def subject_head(toks: list[Tok], res: dict[str, Any]) -> str | None:
    """The head noun of the clause's first nominative noun phrase, or None."""
    return next((toks[ph.head].text for ph in phrases(toks, res) if ph.role == "nom"), None)
