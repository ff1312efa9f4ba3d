"""The word lists (time.json) and the grammar (time_grammar.json) of German time expressions,
loaded once and compiled: each grammar rule's macros are expanded from the word lists."""

from __future__ import annotations

import difflib
import re
from functools import cache
from typing import Any

from pipeline.extract import resources


@cache
def tables() -> dict[str, Any]:
    return resources.load("time")


@cache
def grammar() -> dict[str, Any]:
    return resources.load("time_grammar")


def _alt(words: list[str] | Any) -> str:
    """Longest-first alternation of words; spaces match any whitespace."""
    escaped = (re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))
    return "|".join(escaped)


def _cap_or_lower(words: list[str] | Any, lowercase_only: set[str] | None = None) -> str:
    """Longest-first alternation, each word lower case or capitalised ("[Dd]rei", "[Tt]ag
    [Dd]er [Dd]eutschen [Ee]inheit"): as good as ignoring case for running text, and much
    faster to scan than a case-blind alternation."""
    out = []
    for w in sorted(words, key=len, reverse=True):
        parts = []
        for word in w.split(" "):
            first = re.escape(word[0])
            if word[0].isalpha() and not (lowercase_only and w in lowercase_only):
                first = f"[{word[0].upper()}{word[0]}]"
            parts.append(first + re.escape(word[1:]))
        out.append(r"\s+".join(parts))
    return "|".join(out)


@cache
def macros() -> dict[str, str]:
    t, g = tables(), grammar()
    weekdays = [w for w in t["weekday_numbers"] if len(w) > 2]
    ordinals = list(t["ordinals"])
    roman = [k for k in ordinals if k.isalpha() and set(k) <= set("iv")]
    ord_marks = [re.escape(k) + r"\." for k in ordinals if k.isdigit()]
    ord_marks += [k.upper() + r"\." for k in sorted(roman, key=len, reverse=True)]
    ord_words = [k for k in ordinals if k.isalpha() and k not in roman]
    lower_only = set(g["lowercase_only"])
    m = dict(g["macros"])
    m.update(
        {
            "WEEKDAY": "(?:" + "|".join(w.capitalize() for w in weekdays) + ")",
            "WEEKDAY_S": "(?:" + "|".join(w + "s" for w in weekdays) + ")",
            "NUM": r"(?:\d{1,3}(?:,5)?|" + _cap_or_lower(t["number_words"]) + ")",
            "UNIT": "(?:" + _cap_or_lower(t["units"]) + ")",
            "ORD": "(?:" + "|".join(ord_marks) + "|(?i:" + _alt(ord_words) + "))",
            "HOLIDAY": "(?:" + _cap_or_lower(t["holidays"]) + ")",
            "RELDAY": "(?:" + _cap_or_lower(list(t["relative_days"]), lower_only) + ")",
            "SHIFT": "(?:" + _cap_or_lower(t["relative_shift"]) + ")",
            "RELUNIT": "(?:" + _cap_or_lower(t["relative_units"]) + ")",
            "RECURRING": _cap_or_lower(list(t["set_words"]) + list(t["recurring"])),
            "IMMEDIATE": _cap_or_lower(t["immediate"]),
            "THIS_YEAR": "(?i:" + _alt(t["this_year"]) + ")",
            "PERIOD_WORD": "(?:" + _cap_or_lower(t["period_words"]) + ")",
            "VAGUE": "(?:" + _cap_or_lower(t["vague"]) + ")",
            # "Sitzung", "Pfingstferien", "Ortstermin", "Sachstandsbericht": an event noun alone
            # or as a compound's head, inflected
            "EVENT_NOUN": r"(?:[\w-]*(?:"
            + "|".join(f"[{w[0].upper()}{w[0]}]{re.escape(w[1:])}" for w in t["events"])
            + r")(?:en|n|es|s)?(?![\w-]))",
            # the body of a meeting, in the genitive: a council, committee, faction or board
            # head noun of bodies.json at a compound's end ("des Ortschaftsrates")
            "BODY_GEN": _body_genitive(),
            "VAGUE_AMOUNT": "(?:" + _cap_or_lower(t["vague_amounts"]) + ")",
            # "Abschluss", "Baubeginn", "Projektabschluss": the noun alone or as a compound's head
            "PROCESS": "(?:[A-ZÄÖÜ][a-zäöüß]+(?:"
            + "|".join(t["process_nouns"])
            + ")|"
            + "|".join(w.capitalize() for w in t["process_nouns"])
            + ")",
        }
    )
    # a macro of the grammar may use the word-list macros ({EVENT} uses {EVENT_NOUN})
    return {k: _expand_with(v, m) for k, v in m.items()}


BODY_GEN_KINDS = ("council", "committee", "faction", "board")


def _body_genitive() -> str:
    heads = {w for kind in BODY_GEN_KINDS for w in resources.load("bodies")["suffix"][kind]}
    alt = "|".join(re.escape(w) for w in sorted(heads, key=len, reverse=True))
    return r"(?:[A-ZÄÖÜ][\w-]*(?:" + alt + r")|(?:" + alt.title() + r"))(?:es|s|en|n)?(?![\w-])"


def _expand_with(pattern: str, table: dict[str, str]) -> str:
    return re.sub(r"\{([A-Z_]+)\}", lambda mo: "(?:" + table[mo.group(1)] + ")", pattern)


def expand(pattern: str) -> str:
    """Replace {NAME} macros (not regex quantifiers like {1,2}) by their expansion."""
    table = macros()
    return re.sub(r"\{([A-Z_]+)\}", lambda mo: "(?:" + table[mo.group(1)] + ")", pattern)


@cache
def rules() -> tuple[tuple[str, str, re.Pattern[str]], ...]:
    """(name, kind, compiled pattern) in grammar order."""
    out = []
    for rule in grammar()["rules"]:
        out.append((rule["name"], rule["kind"], re.compile(expand(rule["pattern"]))))
    return tuple(out)


Needs = tuple[bool, frozenset[str], tuple[str, ...]]  # (digit, words, substrings)


@cache
def needs() -> dict[str, Needs]:
    """Per rule: what a text must contain for the rule to be tried (see `needs` in the grammar)."""
    t = tables()
    out: dict[str, Needs] = {}
    for rule in grammar()["rules"]:
        need = rule.get("needs")
        if need is None:
            continue
        if need == "digit":
            out[rule["name"]] = (True, frozenset(), ())
            continue
        words = set(need.get("words", []))
        names = need.get("table_first_words", [])
        for name in [names] if isinstance(names, str) else names:
            words |= {w.split()[0].rstrip("-") for w in t[name]}
        subs = tuple(need.get("sub", [])) + tuple(t.get(need.get("table_sub", ""), []))
        out[rule["name"]] = (False, frozenset(words), subs)
    return out


@cache
def compiled(key: str, flags: int = 0) -> re.Pattern[str]:
    """A single pattern of the grammar file by key ("prefix", "time_after", …)."""
    return re.compile(expand(grammar()[key]), flags)


@cache
def tense_res() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Cues of a mandate or schedule (future) and of a report of events (past). A verb or
    adverb is lower case except where it opens a sentence: mid-sentence "Stand" or "Lage" is
    a noun, not "stand", "lag"."""
    t = tables()["tense"]
    return _tense_re(t["future"]), _tense_re(t["past"])


@cache
def perfect() -> re.Pattern[str]:
    """A clause in the perfect or pluperfect, also of reported speech ("habe … vorgestellt",
    "hat sich … befasst"): it reports what happened."""
    return re.compile(grammar()["deadline_cues"]["perfect"])


def _tense_re(words: list[str]) -> re.Pattern[str]:
    lower = [w.lower() for w in words]
    opening = [w[:1].upper() + w[1:] for w in lower]
    return re.compile(
        r"(?<![\w-])(?:" + _alt(lower) + r")(?![\w-])"
        r"|(?:^|(?<=[.!?:;]\s)|(?<=\n))(?:" + _alt(opening) + r")(?![\w-])",
        re.M,
    )


def month_number(word: str) -> int | None:
    """Month of a (possibly OCR-damaged) month name: "Dezernber" → 12; weekdays → None."""
    t = tables()
    w = word.lower().rstrip(".")
    if w in t["months"]:
        return int(t["months"][w])
    if len(w) < 5 or w in t["weekdays"]:
        return None
    best = difflib.get_close_matches(w, t["full_months"], n=1, cutoff=0.75)
    return t["full_months"].index(best[0]) + 1 if best else None


def number(word: str) -> float | None:
    """A cardinal as digits ("3", "1,5") or a number word ("drei", "eineinhalb")."""
    w = word.lower()
    if re.fullmatch(r"\d+(?:,\d+)?", w):
        return float(w.replace(",", "."))
    value = tables()["number_words"].get(w)
    return float(value) if value is not None else None
