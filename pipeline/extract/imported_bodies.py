"""Bodies imported from the council's OParl endpoint (names and short names, see
pipeline/analysis/oparl.py), found in a text with spaCy's PhraseMatcher.

Names are matched on a normal form of each token: lower case, and for a body noun its base
form from the gazetteer ("des Kinder- und Jugendparlaments" → "kinder- und jugendparlament"),
so inflected mentions map to the imported name without one pattern per case. Acronyms match
as written ("SWB", not "swb"). A short name that is an ordinary German word ("Zukunft",
"Hafen") is never matched: it would turn every such word into a body.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import spacy
from spacy.matcher import PhraseMatcher

from pipeline.extract import morph, resources
from pipeline.extract.body_heads import base_form, head_of


def usable_alias(alias: str) -> bool:
    """Whether an imported name or alias may be matched in running text: a multi-word name,
    an acronym (matched case-sensitively, "SWB"), a body noun ("Bauausschuss") or a word of at
    least four letters that is no ordinary German word (HanTa's lexicon)."""
    alias = alias.strip()
    if len(alias) < 2:
        return False
    if any(c in alias for c in " -/&") or any(c.isdigit() for c in alias):
        return True
    if alias.isupper():
        return True
    if head_of(alias):
        return True
    return len(alias) >= 4 and not morph.known_word(alias)


def _acronym(alias: str) -> bool:
    return " " not in alias and sum(c.isupper() for c in alias) >= 2


@cache
def _tokenizer() -> Any:
    return spacy.blank("de")


def _normalise(doc: Any) -> Any:
    """Set each token's NORM: lower case, body nouns in their base form."""
    for token in doc:
        text = token.text
        token.norm_ = (base_form(text) if text[:1].isupper() else text).lower()
    return doc


@cache
def _matchers(
    entries: tuple[tuple[str, str, tuple[str, ...]], ...],
) -> tuple[PhraseMatcher, PhraseMatcher, list[tuple[str, str]]]:
    """(matcher on NORM, matcher on ORTH for acronyms, (name, kind) per match id), built once
    per version of the imported file."""
    nlp = _tokenizer()
    by_norm = PhraseMatcher(nlp.vocab, attr="NORM")
    by_orth = PhraseMatcher(nlp.vocab, attr="ORTH")
    bodies = []
    for k, (name, kind, aliases) in enumerate(entries):
        bodies.append((name, kind))
        usable = [a.strip() for a in (name, *aliases) if usable_alias(a)]
        exact = [nlp.make_doc(a) for a in usable if _acronym(a)]
        normal = [_normalise(nlp.make_doc(a)) for a in usable if not _acronym(a)]
        if exact:
            by_orth.add(str(k), exact)
        if normal:
            by_norm.add(str(k), normal)
    return by_norm, by_orth, bodies


def find(text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, imported name, kind) of each mention of an imported body, longest first
    where they overlap; [] when nothing was imported."""
    entries = resources.user_bodies()
    if not entries:
        return []
    by_norm, by_orth, bodies = _matchers(entries)
    doc = _normalise(_tokenizer().make_doc(text))
    out = []
    for matcher in (by_norm, by_orth):
        for match_id, start, end in matcher(doc):
            name, kind = bodies[int(doc.vocab.strings[match_id])]
            span = doc[start:end]
            out.append((span.start_char, span.end_char, name, kind))
    out.sort(key=lambda m: (m[0], m[0] - m[1]))
    kept: list[tuple[int, int, str, str]] = []
    for m in out:
        if not kept or m[0] >= kept[-1][1]:
            kept.append(m)
    return kept
