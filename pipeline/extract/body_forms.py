"""Base forms around a body head: the adjectives that open a name and acronyms used as names.

German declines the adjectives of a name with its head ("des Technischen Ausschusses", "dem
Bayerischen Landesamt", "beim Deutschen Roten Kreuz"). The base form is the strong nominative
that the name has without an article: the adjective's lemma (HanTa) with the ending that the
head's gender asks for ("Technischer Ausschuss", "Bayerisches Landesamt", "Untere
Naturschutzbehörde"); adjectives from place names ("Kölner", "Thüringer") do not decline.
The genders of the heads and the adjectives that open names at a sentence start are data in
dictionaries/extraction/bodies.json.
"""

from __future__ import annotations

import re
from functools import cache

from pipeline.extract import morph, resources
from pipeline.extract.body_heads import CAP, NAMED_HEADS, base_form, gazetteer, head_of, proper_name

# a capitalised word directly before the head (one space or line break between)
ADJ_WORD = re.compile(r"([A-ZÄÖÜ][a-zäöüß]+)\s$")
ENDING = {"m": "er", "f": "e", "n": "es", "pl": "e"}
# what may precede an adjective that belongs to a name: an article or a preposition (lower
# case), so that a capitalised adjective there can only be part of the name
INSIDE = re.compile(r"(?:^|\s)(?:[a-zäöüß]+|\(|/)\s$")


@cache
def _genders() -> list[tuple[str, str]]:
    data = resources.load("bodies")["genders"]
    pairs = [(head, g) for g, heads in data.items() for head in heads]
    return sorted(pairs, key=lambda p: -len(p[0]))


def gender(head: str) -> str | None:
    """m, f, n or pl of a gazetteer head ("ausschuss" m, "landesamt" n, "ausschüsse" pl)."""
    low = head.lower()
    for suffix, g in _genders():
        if low.endswith(suffix):
            return g
    return None


def _adjective(word: str, lead: bool) -> str | None:
    """The lemma of `word` when it is an attributive adjective that may open a name: any
    adjective inside a sentence (capitalised there, it is part of the name); at a sentence
    start only those of the gazetteer and the ones made from places ("-isch", "-er")."""
    lemma, tag = morph.tagger().analyze(word.lower(), taglevel=1)
    if tag != "ADJ(A)" or not lemma:
        return None
    lemma = str(lemma)
    if lead and not (
        lemma in resources.load("bodies")["name_adjectives"]
        or lemma.endswith("isch")
        or _from_place(word, lemma)
    ):
        return None
    return lemma


def _from_place(word: str, lemma: str) -> bool:
    """ "Kölner", "Thüringer": an adjective of a place, the same in every case."""
    return lemma == word.lower() and lemma.endswith("er")


def adjectives_before(text: str, start: int, head: str, limit: int = 2) -> tuple[int, str] | None:
    """(new start, base-form prefix) of the adjectives that open the name whose head word starts
    at `start`: "dem Bayerischen Landesamt" → "Bayerisches ". None without such adjectives."""
    g = gender(head)
    if g is None:
        return None
    pos, words = start, list[str]()
    while len(words) < limit:
        m = ADJ_WORD.search(text, max(0, pos - 40), pos)
        if not m:
            break
        before = text[max(0, m.start() - 30) : m.start()]
        lead = not INSIDE.search(before)
        lemma = _adjective(m.group(1), lead)
        if lemma is None:
            break
        word = m.group(1) if _from_place(m.group(1), lemma) else lemma + ENDING[g]
        words.insert(0, word[:1].upper() + word[1:])
        pos = m.start()
    if not words:
        return None
    return pos, " ".join(words) + " "


# "für" and its nouns, with declined adjectives before them ("für öffentliche Ordnung",
# "und regionale Zusammenarbeit") and a "mit" complement ("für Menschen mit Behinderungen")
_NOT_ADJ = r"(?:die|der|den|dem|des|diese[nmrs]?|seine[nmrs]?|ihre[nmrs]?|eine[nmrs]?)\s"
_ADJ = rf"(?:(?!{_NOT_ADJ})[a-zäöüß]+(?:e|en|er|es)\s+)?"
FOR_TAIL = re.compile(
    rf"\s+für\s+{_ADJ}(?:{CAP}|und|sowie|,|\s|/)+?(?=[\s,.;:)]|$)"
    rf"(?:(?:,\s*|\s+und\s+|\s+sowie\s+){_ADJ}{CAP})*(?:\s+mit\s+{_ADJ}{CAP})?"
)

FOR_BODY = re.compile(rf"\s+für\s+(?:den|die|das)\s+({CAP})(?:[ \t]+{CAP})?")


def for_tail(text: str, end: int, kind: str) -> str:
    """The "für …" complement after a head, as far as it names the body: "Ausschuss für
    Umwelt, Klima und Mobilität", and for committees and boards a body they serve
    ("Betriebsausschuss für den Eigenbetrieb Abwasserbeseitigung")."""
    tail = FOR_TAIL.match(text, end)
    if tail:
        seg = one_line(tail.group(0)).rstrip(" ,")
        return re.split(r"\s+(?:und|sowie)\s+(?=(?:der|die|das|den|dem|des)\b)", seg)[0]
    served = FOR_BODY.match(text, end)
    if served and kind in ("committee", "board") and head_of(served.group(1)):
        return one_line(served.group(0))
    return ""


@cache
def of_tail() -> re.Pattern:
    """A genitive complement naming the territory of a body ("Rat der Stadt Eschweiler",
    "Kreisausschuss des Main-Kinzig-Kreises"): the territory nouns are in the gazetteer."""
    nouns = "|".join(sorted(gazetteer()[4]["territories"], key=len, reverse=True))
    nouns += r"|[A-ZÄÖÜ][\w\u00c0-\u017f]*kreises"  # "des Hochtaunuskreises"
    return re.compile(
        rf"\s+(?:der|des)\s+(?:(?:[A-ZÄÖÜ][\w\u00c0-\u017f]*-)*(?:{nouns})(?![\w\u00c0-\u017f])"
        rf"(?:\s+{CAP}(?:[\s-]{CAP})?)?"
        # or a body named by its acronym: "Verwaltungsrat der WST", "Aufsichtsrat der SWB"
        rf"|[A-ZÄÖÜ]{{2,6}}(?![\w\u00c0-\u017f-]))"
    )


def indefinite(text: str, start: int, data: dict) -> bool:
    """Whether the noun phrase of a head opens with an indefinite article or quantifier
    ("ein Rechenzentrum", "einer gemeinsamen Arbeitsgruppe", "jede Fraktion"): it speaks of
    some body of the kind, not of a named one."""
    words = re.findall(r"[\w\u00c0-\u017f]+", text[max(0, start - 60) : start])[-3:]
    for word in reversed(words):
        if word.lower() in data["indefinite_words"]:
            return True
        if not re.fullmatch(r"[a-zäöüß]+(?:e|en|em|er|es)", word):
            return False  # only lower-case adjectives may stand between
    return False


QUALIFIER = re.compile(r"\s+(?:für\b|\d{1,3}\b|[IVX]{1,4}\b|des\s+(?:Innern|Inneren)\b)")


def qualified(text: str, start: int, end: int) -> bool:
    """Whether a word that alone is no body ("Amt", "Kreis", "Beirat", "Ministerium") is made
    a name by what follows or precedes it: "für …", a number, a place ("Kreis Segeberg",
    "Beirat Findorff"), or adjectives of a name inside a sentence ("Kassenärztliche
    Vereinigung", "Deutsches Rotes Kreuz")."""
    if QUALIFIER.match(text, end):
        return True
    nxt = re.match(rf"[ \t]+({CAP})", text[end : end + 40])
    municipal = (
        base_form(text[start:end]) in gazetteer()[4]["municipalities"]
    )  # "Amt Britz": a town
    if (
        nxt
        and not municipal
        and not ARTICLE_WORD.match(nxt.group(1))
        and _place(nxt.group(1).rstrip("."))
    ):
        return True
    before = text[max(0, start - 40) : start]
    return bool(re.search(r"[a-zäöüß]\s+[A-ZÄÖÜ][a-zäöüß]+(?:e|en|es|er)\s$", before)) and bool(
        adjectives_before(text, start, text[start:end])
    )


APPOSITION = re.compile(rf"[ \t]+({CAP}(?:(?:,[ \t]*|[ \t]+und[ \t]+|[ \t]+){CAP}){{0,5}})")
ARTICLE_WORD = re.compile(
    r"^(?:Der|Die|Das|Den|Dem|Des|Für|Mit|Im|In|Am|Zum|Zur|Und|Sie|Er|Es|Ab|Bis)$"
)


def _place(word: str) -> bool:
    """A place or proper name by HanTa's tag (NE: "Darmstadt", "Sachsen-Anhalt") or an
    acronym ("NRW"): after a head it names which one ("Regierungspräsidium Darmstadt")."""
    if re.fullmatch(r"[A-ZÄÖÜ]{2,5}", word):
        return True
    if re.fullmatch(r"[A-ZÄÖÜ][a-zäöüß]+(?:-[A-ZÄÖÜ][a-zäöüß]+)+", word):
        return True  # "Amberg-Weiden", "Alzey-Worms": a double place name
    return str(morph.tagger().analyze(word, taglevel=1)[1]) == "NE"


# a line break between a word and a capitalised word ends a name: the next line is another
# field ("Amt für Tiefbau und Verkehr\nVerfasser: …"); after "und", "für", "," it goes on
LINE_END = re.compile(
    r"(?<![\s,/-])(?<!\bund)(?<!\bsowie)(?<!\bfür)(?<!\bder)(?<!\bdes)[ \t]*\n\s*(?=[A-ZÄÖÜ\d])"
)


def one_line(seg: str) -> str:
    """`seg` up to a line break that ends the name (see LINE_END)."""
    m = LINE_END.search(seg)
    return seg[: m.start()] if m else seg


def territory(seg: str) -> str:
    """A genitive territory complement as far as it names the place: "der Stadt Bad Homburg"
    keeps both words, "der Stadt Musterstadt Rathausplatz" (an address line) loses the last;
    words glued by PDF extraction ("StuttgartNiederschrift") end it."""
    seg = one_line(re.split(r"(?<=[a-zäöüß])(?=[A-ZÄÖÜ])", seg)[0])
    words = seg.split()
    if len(words) >= 4 and not _place(words[-1]):
        return seg[: seg.rstrip().rfind(words[-1])].rstrip()
    return seg


# a name in quotes after the head: Bürger-Initiative „Digitales Rathaus“, Projektgruppe "Schulweg"
QUOTED = re.compile(r"[ \t]+[„\"“][A-ZÄÖÜ0-9][^\"“”\n]{1,60}[“”\"]")


def named_after(text: str, end: int, kind: str, head: str, base: str) -> tuple[str, int]:
    """The words after a head that complete the name, and the new end: an apposition after
    the heads that take one ("Eigenbetrieb Stadtentwässerung Dresden", "Fachbereich Jugend,
    Schule und Sport"), else a number ("Fachbereich 3") or a place ("Regierungspräsidium
    Darmstadt", "Bezirksvertretung Mitte")."""
    data = gazetteer()[4]
    quoted = QUOTED.match(text, end)
    if quoted and kind not in ("office", "faction"):
        return quoted.group(0), quoted.end()
    if head in data["apposition_heads"] or base.lower() in data["apposition_heads"]:
        app = APPOSITION.match(text, end)
        if app and not ARTICLE_WORD.match(app.group(1).split()[0].rstrip(",")):
            words = app.group(1)
            if not any(head_of(x) for x in re.findall(r"[\w-]+", words)):
                return " " + words, app.end()
    named = re.match(
        rf"[ \t]+({CAP}|\d{{1,3}}(?!\d|[.,]\d)|[IVX]{{1,4}}\b)(?=[\s,.;:)]|$)",
        text[end : end + 40],
    )
    if not named or kind not in ("administration", "council", "organisation", "faction", "board"):
        return "", end
    nm = named.group(1).rstrip(".")
    if ARTICLE_WORD.match(nm) or head_of(nm) or not proper_name(nm):
        return "", end
    numbered = nm[0].isdigit() and kind == "administration"
    listed = head in NAMED_HEADS or base.lower() in NAMED_HEADS
    if numbered or listed or (not nm[0].isdigit() and _place(nm)):
        return " " + nm, end + named.start(1) + len(nm)
    return "", end


ACRONYM = re.compile(
    r"(?<![\w-])(?:[Dd](?:er|ie|as|em|en|es)|im|vom|beim|zum|zur|am|dem)\s+"
    r"([A-ZÄÖÜ](?=[\wäöüß]*[A-ZÄÖÜ][\wäöüß]*$|[\wäöüß]*[A-ZÄÖÜ](?![\wäöüß]))[A-ZÄÖÜa-zäöüß]{0,6}[A-ZÄÖÜ])"
    r"(?![\w\u00c0-\u017f/-])"
)
# statutes (ThürKO, BauGB, KAG) and plans (BBP, FNP: "-plan") are no bodies
STATUTE = re.compile(r"[a-zäöü].*(?:G|GB|O|VO)$|(?:GB|VO|KAG|BO|P)$")


def acronym_spans(text: str, data: dict) -> list[tuple[int, int]]:
    """(start, end) of acronyms that name a body after an article ("der UKS", "die MVB"):
    an article before capitals marks a name; statutes ("die ThürKO", "das BauGB") and the
    common acronyms of council texts that name no body ("der TOP", "der ÖPNV") are left out."""
    out = []
    stop = data["not_acronyms"]
    for m in ACRONYM.finditer(text):
        word = m.group(1)
        if sum(c.isupper() for c in word) < 2 or word in stop or STATUTE.search(word):
            continue
        end = m.end(1)
        # an apposition on the same line names which one ("die AG Feuerwehr", "die ADD Trier")
        app = re.match(rf"[ \t]+({CAP})(?=[\s,.;:)]|$)", text[end : end + 40])
        if app and not ARTICLE_WORD.match(app.group(1)) and proper_name(app.group(1)):
            end += app.end(1)
        out.append((m.start(1), end))
    return out
