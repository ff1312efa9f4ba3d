"""Named bodies: council, committees, factions, administration units, offices, groups, boards,
outside organisations. Each mention gets a kind and a base-form name; mentions of one body merge.

Council names are compounds with a small set of heads (Stadt|rat, Finanz|ausschuss,
Bezirks|amt), so we match heads as compound suffixes and grow the name to the right over
"für …"/"der Stadt …" complements; inflection is undone on the head only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.extract import imported_bodies
from pipeline.extract.body_forms import (
    ARTICLE_WORD,
    acronym_spans,
    adjectives_before,
    for_tail,
    gender,
    indefinite,
    named_after,
    of_tail,
    qualified,
    territory,
)
from pipeline.extract.body_heads import CAP, base_form, gazetteer, head_of
from pipeline.extract.imported_bodies import usable_alias

__all__ = ["Mention", "canonical", "find", "usable_alias"]

WORD = re.compile(r"[A-ZÄÖÜ][\w\u00c0-\u017f]*(?:-[\w\u00c0-\u017f]+)*\.?")


@dataclass
class Mention:
    start: int
    end: int
    name: str
    kind: str


PARTY_RE_CACHE: dict[str, re.Pattern] = {}


def _party_re() -> re.Pattern:
    if "p" not in PARTY_RE_CACHE:
        parties = sorted(gazetteer()[4]["parties"], key=len, reverse=True)
        alt = "|".join(re.escape(p) for p in parties)
        PARTY_RE_CACHE["p"] = re.compile(
            rf"(?<![\w-])(?:(?:{alt})(?:\s*[/-]\s*(?:{alt}))*(?:-(?:Stadtrats|Kreistags|Rats|Gemeinderats)?[Ff]raktion(?:en)?|-Gruppe)?"
            rf"|(?:Stadtrats|Kreistags|Rats|Gemeinderats)?[Ff]raktion(?:sgemeinschaft)?\s+(?:der\s+|von\s+)?(?:{alt}|{CAP})(?:\s*[/ ]\s*(?:{alt}|[A-ZÄÖÜ]{{2,}}\w*))*)(?![\w])"  # noqa: E501
        )
    return PARTY_RE_CACHE["p"]


ORG = re.compile(
    rf"(?<![\w\u00c0-\u017f])(?:(?:{CAP}|&|und)\s+){{0,4}}{CAP}\s+(?:GmbH(?:\s*&\s*Co\.\s*KG)?|mbH|AG|e\.\s?V\.|KG|gGmbH|AöR|eG)(?![\w])"
    rf"|(?:Firma|Fa\.|Büro|Ingenieurbüro|Planungsbüro)\s+(?:{CAP}|[a-zäöü]{{2,5}}\b)(?:\s+{CAP}){{0,2}}"
)
# every pattern opens at a word start: run at each position of a 10,000-character word, an
# open-ended `\w+` made the scan quadratic
SLASH_FACTION = re.compile(
    rf"(?<![\w\u00c0-\u017f])(?:[\w\u00c0-\u017f]+\s*/\s*){{1,6}}[\w\u00c0-\u017f]+\s+(?:Stadtrats|Kreistags|Rats|Gemeinderats)?[Ff]raktion(?:\s+(?!der\b|des\b|die\b){CAP})?"
)
LEAD_WORDS = re.compile(
    r"(?:(?:Der|Die|Das|Dem|Den|Des|Ein|Eine|Einer|Einem|Mit|Von|Vom|Durch|Für|Bei|Beim|An|Am|"
    r"Im|In|Zur|Zum|Nach|Seitens|Und)\s+)+"
)
COMPOUND_PREFIX = re.compile(r"(?:[A-ZÄÖÜ][\w\u00c0-\u017f]*-,?\s+(?:und\s+|sowie\s+)?)+$")


ADJ_BEFORE = re.compile(
    r"(?:Erste[rn]?|Zweite[rn]?|Freiwillige[n]?|Ständige[rn]?|Beratende[rn]?|Zeitweilige[rn]?|Technische[rn]?)\s+$"
)
ORDINAL_BEFORE = re.compile(r"(?:Erste[rn]?|Zweite[rn]?)\s+$")
UMLAUT = str.maketrans("äöü", "aou")


def _singular(word: str) -> str:
    """The singular of a plural with umlaut ("Stadträte", "Stadträten" → "Stadtrat"), else the
    word: plural ending dropped, the last umlaut undone."""
    for end in ("en", "e"):
        stem = word[: -len(end)]
        if word.endswith(end) and any(c in stem[-4:] for c in "äöü"):
            i = max(stem.rfind(c) for c in "äöü")
            return stem[:i] + stem[i].translate(UMLAUT) + stem[i + 1 :]
    return word


def _names_persons(text: str, start: int, word: str, base: str, data: dict) -> bool:
    """A council-member title that names persons, not a body: in the plural ("57 Stadträte")
    or as the role a person holds ("das Ausscheiden als Kreisrat")."""
    titles = data["person_titles"]
    if _singular(word) != word and _singular(word) in titles:
        return True
    before = text[max(0, start - 30) : start].split()[-1:]
    return (
        (word in titles or base in titles)
        and before == [w for w in before if w in data["role_words"]]
        and bool(before)
    )


def _member_named(text: str, start: int, end: int, titled: bool) -> bool:
    """ "Stadtrat Müller", "StRin Weber": a title before a name is a council member, not a
    body; with an ordinal ("Erste Stadträtin Lukoschek") it is an office."""
    after = text[end : end + 40]
    # a field value before the next field's label ("Gremium: Stadtrat Status: …"), unlike a
    # speaker ("Stadtrat Müller: …")
    field = text[max(0, start - 40) : start].split("\n")[-1].rstrip().endswith(":")
    name = r"(?![\w-]*:)" if field else ""
    return (
        titled
        and not ORDINAL_BEFORE.search(text[max(0, start - 20) : start])
        # the name stands on the same line ("Gemeinderates" + blank line + "Die …" is none)
        and bool(re.match(rf"[ \t]+(?:Dr\.\s+)?[A-ZÄÖÜ][a-zäöüß]+{name}", after))
        and not re.match(r"\s+(?:der|des|für|hat|wird|ist)\b", after)
        and not ARTICLE_WORD.match(after.split()[0] if after.split() else "")
    )


def _adjective_kind(adj: re.Match | None, base: str, kind: str, exact: dict[str, str]) -> str:
    """The kind of an adjective + head that the gazetteer lists as one name: "Erster Kreisrat"
    is an office, though "Kreisrat" alone ends like a council."""
    if adj is None:
        return kind
    return exact.get(f"{adj.group(0).strip()} {base}".lower(), kind)


def _abbreviation(text: str, m: re.Match, abbrevs: dict[str, str]) -> Mention | None:
    """An office written short ("OB", "Bgm. Müller"): the title stands alone, before a name,
    or with its full stop."""
    word = m.group(0)
    if not (
        word.rstrip(".") in ("OB", "BM", "LR", "OBM")
        or re.match(r"\s+[A-ZÄÖÜ]", text[m.end() : m.end() + 30])
        or word.endswith(".")
    ):
        return None
    return Mention(
        m.start(), m.end(), abbrevs.get(word, abbrevs.get(word.rstrip("."), word)), "office"
    )


def _left(
    text: str, start: int, base: str, kind: str, exact: dict[str, str]
) -> tuple[int, str, str]:
    """(start, name, kind) with what opens the name before its head: the first parts of a
    coordinated compound ("Haupt- und Finanzausschuss"), the adjectives of a name ("Technischer
    Ausschuss"), the ordinal of an office ("Erster Beigeordneter")."""
    left = COMPOUND_PREFIX.search(text[max(0, start - 60) : start])
    if left:
        return start - len(left.group(0)), text[start - len(left.group(0)) : start] + base, kind
    adj = ADJ_BEFORE.search(text[max(0, start - 20) : start])
    kind = _adjective_kind(adj, base, kind, exact)
    pre = None if kind in ("office", "faction") else adjectives_before(text, start, base)
    if pre:
        return pre[0], pre[1] + base, kind
    if adj and kind == "office":
        a = re.sub(r"(e)n$", r"\1r", adj.group(0).strip())
        if a.endswith("e") and not base.endswith(("in", "e")):
            a += "r"  # "Der Erste Bürgermeister" → base form "Erster Bürgermeister"
        return start - len(adj.group(0)), a + " " + base, kind
    return start, base, kind


def acronyms(text: str, covered: bytearray, data: dict) -> list[Mention]:
    """Acronyms used as the name of a body: after an article ("der UKS", "die MVB") or in
    brackets after a body's name (then they are an alias of it, kept in its mention)."""
    return [
        Mention(a, b, text[a:b], "organisation")
        for a, b in acronym_spans(text, data)
        if not covered[a]
    ]


def _affiliation(text: str, start: int, person_titles: set[str]) -> bool:
    """A party in brackets after a person ("Ratsherr Schulze (CDU)", "Frau Dr. Weber (SPD)"):
    the person's affiliation, not a body that the text names."""
    before = text[max(0, start - 60) : start]
    for names in (1, 2):
        m = re.search(rf"(\S+)\s+(?:Dr\.\s+)?(?:[A-ZÄÖÜ][\w-]+\s+){{{names}}}\($", before)
        if m is not None and m.group(1) in person_titles:
            return True
    return False


def _numbered_units(text: str, short: dict[str, str]) -> list[Mention]:
    """Units written short with their number ("FB 60", "Dez. II"): the full head and the
    number ("Fachbereich 60", "Dezernat II")."""
    alt = "|".join(re.escape(k) for k in sorted(short, key=len, reverse=True))
    pattern = rf"(?<![\w.])({alt})[ \t]?(\d{{1,3}}|[IVX]{{1,4}})(?![\w.,]\d|\w)"
    return [
        Mention(m.start(), m.end(), f"{short[m.group(1)]} {m.group(2)}", "administration")
        for m in re.finditer(pattern, text)
    ]


def find(text: str) -> list[Mention]:
    """Body mentions in `text`, positions ascending, no overlaps."""
    heads, exact, not_bodies, person_titles, data = gazetteer()
    out: list[Mention] = []
    # covered[i]: some mention found so far spans position i (one lookup per word instead of
    # a scan over all mentions, which made this quadratic in the length of the document)
    covered = bytearray(len(text) + 1)

    def add(mention: Mention) -> None:
        out.append(mention)
        end = min(mention.end, len(covered))
        covered[mention.start : end] = b"\x01" * max(0, end - mention.start)

    for m in SLASH_FACTION.finditer(text):
        add(Mention(m.start(), m.end(), m.group(0), "faction"))
    for m in _party_re().finditer(text):
        if covered[m.start()] or _affiliation(text, m.start(), person_titles):
            continue
        name = m.group(0).strip()
        add(Mention(m.start(), m.start() + len(name), name, "faction"))
    for m in ORG.finditer(text):
        # "Die Stadtwerke X GmbH werden …": the article opening the sentence is no part of it
        lead = LEAD_WORDS.match(m.group(0))
        name = m.group(0)[lead.end() if lead else 0 :].strip()
        start = m.start() + (lead.end() if lead else 0)
        add(Mention(start, start + len(name), name, "organisation"))
    for mention in acronyms(text, covered, data):
        add(mention)
    abbrevs = data["abbreviations"]
    for m in WORD.finditer(text):
        word = m.group(0)
        if covered[m.start()]:
            continue
        if word in abbrevs or word.rstrip(".") in abbrevs:
            office = _abbreviation(text, m, abbrevs)
            if office:
                add(office)
            continue
        w = word.rstrip(".")
        if text[m.end() : m.end() + 1] == "-":
            continue  # "Ausschuss-, Beirats- und Stadtratssitzungen": a truncated compound
        if re.search(r"[a-zäöüß][A-ZÄÖÜ]", w.split("-")[-1]):
            continue  # words glued by PDF extraction ("BrockFraktionsvorsitzende")
        hit = head_of(w)
        if not hit:
            continue
        _, kind, head = hit
        base = base_form(w)
        low = {w.lower(), base.lower()}
        if (
            (low & not_bodies and not low & exact.keys()) or head in data["qualified_only"]
        ) and not qualified(text, m.start(), m.end()):
            continue
        if _names_persons(text, m.start(), w, base, data):
            continue
        end = m.start() + len(w)
        # "Stadtrat Müller", "StRin Weber": a council member, not a body
        if _member_named(text, m.start(), end, w in person_titles or base in person_titles):
            continue
        start, name, kind = _left(text, m.start(), base, kind, exact)
        if kind != "faction" and (kind != "office" or head in data["portfolio_offices"]):
            seg = for_tail(text, end, kind)
            name += seg.replace("\n", " ")
            end += len(seg)
        of = of_tail().match(text, end)
        if of and kind in ("council", "committee", "administration", "office", "organisation"):
            seg = territory(of.group(0))
            name += seg.replace("\n", " ")
            end += len(seg)
        if w not in person_titles:
            extra, end = named_after(text, end, kind, head, base)
            name += extra
        if name == base and kind not in ("group", "office") and indefinite(text, start, data):
            continue  # "ein gemeinsames Rechenzentrum", "eine Arbeitsgruppe": no named body
        add(Mention(start, end, re.sub(r"\s+", " ", name).strip(), kind))
    for mention in _numbered_units(text, data["unit_abbreviations"]):
        if not covered[mention.start]:
            add(mention)
    for start, end, name, kind in imported_bodies.find(text):
        # an imported name wins over the shorter mentions it covers
        out = [
            o
            for o in out
            if not (o.start < end and start < o.end and o.end - o.start <= end - start)
        ]
        if not any(o.start < end and start < o.end for o in out):
            out.append(Mention(start, end, name, kind))
    out.sort(key=lambda o: (o.start, -(o.end - o.start)))
    result: list[Mention] = []
    for o in out:
        if result and o.start < result[-1].end:
            continue
        result.append(o)
    return result


def _shortened(short: str, full: str, same_kind: bool) -> bool:
    """Whether `short` is a shorter mention of the body named `full`: its words appear in
    order in `full`, which opens with the same word ("Kreistag Mittelsachsen" in "Kreistag des
    Landkreises Mittelsachsen"), or, for a body of the same kind, anywhere in it ("LINKE" in
    "Fraktionsgemeinschaft SÖS LINKE PluS")."""
    words = re.findall(r"\w+", short.lower())
    full_words = re.findall(r"\w+", full.lower())
    if (
        same_kind
        and words
        and set(words) - set(gazetteer()[4]["function_words"]) <= set(full_words)
    ):
        return True  # "SPD-Fraktion" and "Fraktion der SPD": the same words in another order
    rest = iter(full_words)
    if not words or not all(w in rest for w in words):
        return False
    return full_words[0] == words[0]


def _bare_head(name: str) -> bool:
    """A head alone, in the singular ("Ausschuss", "Fraktion", "Verwaltung"): a shorter
    mention of a body named in full elsewhere."""
    hit = head_of(name)
    return hit is not None and hit[2] == name.lower() and gender(name) not in (None, "pl")


def _territorial(name: str, names: list[str]) -> str:
    """ "Samtgemeinderat" is the "Rat der Samtgemeinde Grasleben" of the same text, "Stadtrat"
    the "Rat der Stadt Eschweiler": a compound of a municipality and a head names the body
    that the head with the municipality in the genitive names in full."""
    low = name.lower()
    for town in sorted(gazetteer()[4]["municipalities"], key=len, reverse=True):
        t = town.lower()
        if low.startswith(t) and len(low) > len(t) + 2:
            head = low[len(t) :]
            full = [n for n in names if re.match(rf"{head} (?:der|des) {t}\b", n.lower())]
            if len(full) == 1:
                return full[0]
            return name
    return name


def _topical(name: str, names: list[str]) -> str:
    """ "Finanzausschuss" is the "Ausschuss für Finanzen und Beteiligungen" of the same text,
    "Verkehrsausschuss" the "Ausschuss für Umwelt und Verkehr": a compound of a topic and a
    head names the one body of that head whose "für" complement opens a word with the topic."""
    hit = head_of(name)
    if hit is None or len(name) <= len(hit[2]) + 2:
        return name
    head = hit[2]
    topic = name[: len(name) - len(head)].lower().rstrip("-")
    topic = topic[:-1] if topic.endswith("s") and len(topic) > 4 else topic
    if len(topic) < 3:
        return name
    full = [
        n
        for n in names
        if n.lower().startswith(head + " für ")
        and any(w.startswith(topic) for w in re.findall(r"\w+", n.lower()[len(head) + 5 :]))
    ]
    return full[0] if len(full) == 1 else name


def canonical(mentions: list[Mention]) -> dict[int, str]:
    """Index of each mention → the name of the body it refers to (shorter mentions map to the
    most complete earlier/later name that contains them)."""
    names: list[str] = []
    for m in mentions:
        if m.name not in names:
            names.append(m.name)
    kinds = {m.name: m.kind for m in reversed(mentions)}
    out: dict[int, str] = {}
    # the answer depends only on the mention's name and kind: work it out once per pair
    # (per mention, it made this quadratic in the length of the document)
    known: dict[tuple[str, str], str] = {}
    for i, m in enumerate(mentions):
        if (m.name, m.kind) in known:
            out[i] = known[m.name, m.kind]
            continue
        low = m.name.lower()
        best = m.name
        for n in names:
            if len(n) > len(best) and _shortened(m.name, n, m.kind == kinds[n]):
                best = n
        if best == m.name and " " not in low:
            best = _territorial(m.name, names)
        if best == m.name and " " not in low:
            best = _topical(m.name, names)
        if best == m.name and " " not in low:
            # "Verwaltung" after "Stadtverwaltung": the compound's head names the same body
            # when exactly one body of that kind ends with it
            # ("Stadtverwaltung Erfurt" too: the first word of the name is the compound)
            longer = {
                k.name
                for k in mentions
                if k.kind == m.kind and any(w.lower().endswith(low) for w in k.name.split())
            } - {m.name}
            longer = {n for n in longer if " " not in n or n.split()[0] not in longer}
            if len(longer) == 1:
                best = longer.pop()
            elif longer and _bare_head(m.name):
                # "der Ausschuss" beside Bau- and Finanzausschuss: one of them, the one named
                # last before (else first after), not a body of its own
                before = [k.name for k in mentions[:i] if k.name in longer]
                best = before[-1] if before else next(k.name for k in mentions if k.name in longer)
                out[i] = best
                continue
        out[i] = known[m.name, m.kind] = best
    # "Verwaltung" → "Stadtverwaltung" → "Stadtverwaltung Erfurt": follow to the last name
    final = {m.name: out[i] for i, m in enumerate(mentions)}
    for i, name in out.items():
        seen = {name}
        while final.get(name, name) not in seen:
            name = final[name]
            seen.add(name)
        out[i] = name
    return out
