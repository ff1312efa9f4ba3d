"""The gazetteer of body heads (dictionaries/extraction/bodies.json) and the head of a word.

Council names are compounds with a small set of heads (Stadt|rat, Finanz|ausschuss,
Bezirks|amt): a head counts where HanTa's morphemes split the compound there, and the case
endings of the head are undone (genitive -es/-s, dative plural -n/-en); a plural stays plural,
since the gold and the user name "die Fachausschüsse" as such.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from pipeline.extract import morph, resources

# inflection endings removed from a head noun: genitive -es/-s, dative plural -n/-en
ENDINGS = ("es", "s", "en", "n", "e")
CAP = r"[A-ZÄÖÜ][\w\u00c0-\u017f]*(?:[.-][\w\u00c0-\u017f]+)*"


# heads that take a place name directly after them ("Bezirksamt Neukölln", "BVV Mitte")
NAMED_HEADS = {
    "amt",
    "bezirksamt",
    "vertretung",
    "bezirksvertretung",
    "feuerwehr",
    "landkreis",
    "bvv",
    "fraktion",
    "ortsbeirat",
    "ortsrat",
    "gemeinderat",
    "kreistag",
    "stadtratsfraktion",
    "ortschaftsrat",
    "ortsteilrat",
    "bezirksrat",
    "stadtbezirksrat",
    "bezirksbeirat",
}
NOUN_SUFFIX = re.compile(
    r"(?:ung|ungen|heit|keit|ion|ionen|ismus|tät|schaft|nisse|nis|chen|lich|ische?[nr]?)$"
)


def proper_name(word: str) -> bool:
    """A capitalised word directly after a body head, without article: a place or proper name
    ("Bezirksamt Neukölln", "Amt 24") unless it looks like a common noun."""
    return word[:1].isdigit() or not NOUN_SUFFIX.search(word.lower())


@cache
def gazetteer() -> tuple[list[tuple[str, str]], dict[str, str], set[str], set[str], dict]:
    data = resources.load("bodies")
    heads = [(h, kind) for kind, hs in data["suffix"].items() for h in hs]
    heads.sort(key=lambda x: len(x[0]), reverse=True)
    exact = {n.lower(): kind for kind, ns in data["exact"].items() for n in ns}
    return heads, exact, {w.lower() for w in data["not_bodies"]}, set(data["person_titles"]), data


@lru_cache(maxsize=65536)
def head_of(word: str) -> tuple[str, str, str] | None:
    """(base form, kind, head) when `word` is a body noun, possibly inflected."""
    heads, exact, _, _, _ = gazetteer()
    low = word.lower().rstrip(".")
    if low in exact:
        return word.rstrip(".") if word.endswith(".") and len(word) > 4 else word, exact[low], low
    candidates = [(low, word)]
    for end in ENDINGS:
        if low.endswith(end) and len(low) > len(end) + 2:
            candidates.append((low[: -len(end)], word[: -len(end)]))
    for cand, orig in candidates:
        for head, kind in heads:
            if cand.endswith(head) and (cand == head or len(cand) - len(head) >= 3 or "-" in cand):
                if cand != head and not splits_at(word, len(cand) - len(head)):
                    return None
                # "Vorsitzenden"→"Vorsitzende", "Ausschusses"→"Ausschuss", "Fraktionen" stays
                if orig.lower() == head + "n" and head.endswith("e"):
                    return orig[:-1], kind, head
                return orig, kind, head
    return None


def splits_at(word: str, pos: int) -> bool:
    """Whether HanTa's morphemes of `word` have a boundary at `pos`, i.e. the head found there
    is a part of the compound: "Stadt|rat" yes; "Apparat", "Quadrat" (one morpheme) and
    "Spiel|gerät|e" (not at "räte") no; "Wohlfahrts|verbände", kept whole, yes. Where the
    morphemes are lemmas that do not spell the word ("Ehre|n|amt" for "Ehrenamt"), or the
    word is hyphenated, the head is taken."""
    if "-" in word:
        return True
    parts = [p for p, _ in morph.morphemes(word)]
    if "".join(parts) != word.lower():
        return True
    starts = {sum(len(p) for p in parts[:i]) for i in range(len(parts))}
    if pos in starts:
        return True
    # a compound HanTa's lexicon keeps whole ("Wohlfahrtsverbände"): the part before the head
    # is a word of its own, with or without a linking "s"
    prefix = word[:pos]
    return any(len(p) >= 4 and morph.known_word(p) for p in (prefix, prefix.removesuffix("s")))


def base_form(word: str) -> str:
    """Undo genitive/dative on a body head: "Ausschusses" → "Ausschuss", "Rates" → "Rat"."""
    hit = head_of(word)
    if not hit:
        return word
    base, _, head = hit
    low = word.lower()
    if low.endswith(head):
        return word
    if low.endswith(head + "en") and head.endswith(("ion", "ung", "gruppe")):
        return word
    if head in ("beigeordnete", "beauftragte", "vorsitzende") and low.endswith(head + "n"):
        return word[:-1] + "r"
    return base
