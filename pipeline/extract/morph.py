"""German part of speech, lemma and verb morphology from HanTa's bundled model (LGPL-3.0).

HanTa tags about 4,000 words a second here (0.25 ms a word), so the component tags only the
segments that carry a candidate cue (a verb lemma from dictionaries/extraction/obligations.json):
in council documents about a third of the words. Each tagged token gets `tag_` (STTS), `lemma_`
and `morph` (VerbForm=Fin|Inf|Part, Mood=Ind|Sub, Tense=Pres|Past, Subj=1 for Konjunktiv I vs
Sub for Konjunktiv II), derived from HanTa's morpheme analysis with the forms listed in the
dictionary (umlaut stems of Konjunktiv II, past suffixes).
"""

from __future__ import annotations

import logging
from functools import cache, lru_cache
from typing import Any

log = logging.getLogger(__name__)

UMLAUT = str.maketrans("äöü", "aou")


@cache
def tagger() -> Any:
    """HanTa's German tagger, loaded once (0.2 s); its analysis of words outside its lexicon
    (compounds, names: 7 ms each) is memoised, since they recur within and across documents."""
    from HanTa import HanoverTagger

    model = HanoverTagger.HanoverTagger("morphmodel_ger.pgz")
    model.analyze_forward = lru_cache(maxsize=200_000)(model.analyze_forward)
    return model


# HanTa writes the STTS adjective tags as ADJ(A)/ADJ(D); verbs keep its VV(FIN) notation
ADJ = {"ADJ(A)": "ADJA", "ADJ(D)": "ADJD"}
# a capitalised word inside a sentence is a noun or a name; the clause analysis needs only its
# part of speech, so it is tagged as this stand-in (HanTa would analyse every compound)
NOUN = "Haus"


def tag_words(words: list[str]) -> list[tuple[str, str]]:
    """(lemma, STTS tag) per word, disambiguated by the sentence (HanTa's HMM). Lemmas are
    worked out for verbs only (the clause analysis reads no other lemma); other words keep
    their form."""
    if not words:
        return []
    model = tagger()
    sent = [
        w if k == 0 or not w[:1].isupper() or w.isupper() else NOUN for k, w in enumerate(words)
    ]
    tags = [model.int2tag[t] for t in model.tag_sent_viterbi(sent, True)]
    out = []
    for w, tag in zip(words, tags, strict=True):
        tag = ADJ.get(tag, tag)
        out.append((lemma(w, tag) if tag.startswith("V") else w, tag))
    return out


@lru_cache(maxsize=65536)
def lemma(word: str, tag: str) -> str:
    """HanTa's lemma of a word with its tag (cached: forms recur)."""
    return str(tagger().analyze(word, pos=tag, taglevel=1)[0])


@lru_cache(maxsize=65536)
def morphemes(word: str) -> tuple[tuple[str, str], ...]:
    """HanTa's morpheme analysis of one word form (cached: forms recur)."""
    return tuple(tagger().analyze(word, taglevel=3)[1])


def verb_features(word: str, tag: str, lemma: str, forms: dict[str, str]) -> str:
    """spaCy-style morphology of a verb form: VerbForm and, for finite forms, Mood and Tense.

    Auxiliaries and modals are a closed class: their finite forms are listed in the dictionary
    ("werde" → Konjunktiv I, "würde" → Konjunktiv II, "wurde" → past). A full verb is past
    when it has a past suffix ("legte", "beauftragten") or an irregular stem without ending
    that is not the lemma's ("bat", "beschloss"); present otherwise. Konjunktiv I of full
    verbs ("prüfe") shows as Form=E and is decided by the clause, which knows the subject."""
    if tag.endswith("(PP)"):
        return "VerbForm=Part"
    if tag.endswith("(IZU)"):
        return "VerbForm=Inf|Zu=Yes"
    if tag.endswith("(INF)"):
        return "VerbForm=Inf"
    if not tag.endswith("(FIN)"):
        return ""
    low = word.lower()
    if low in forms:
        return "VerbForm=Fin|" + forms[low]
    parts = morphemes(word)
    stem, stem_tag = parts[0] if parts else (word, "")
    suffix = parts[-1][0] if len(parts) > 1 and parts[-1][1] == "SUF_FIN" else ""
    lemma_stem = lemma.lower().removesuffix("n").removesuffix("e")
    if suffix in ("te", "ten", "test", "tet") and not stem.endswith(("t", "d")):
        return "VerbForm=Fin|Mood=Ind|Tense=Past"
    if suffix in ("ete", "eten", "etest", "etet") and stem.endswith(("t", "d")):
        return "VerbForm=Fin|Mood=Ind|Tense=Past"  # "berichtete", "meldete"
    irregular = stem_tag.endswith("_VAR") and not suffix and not low.endswith("t")
    if irregular and stem.lower() != lemma_stem:
        return "VerbForm=Fin|Mood=Ind|Tense=Past"
    if suffix in ("e", "en"):
        return "VerbForm=Fin|Mood=Ind|Tense=Pres|Form=E"
    return "VerbForm=Fin|Mood=Ind|Tense=Pres"


def known_word(word: str) -> bool:
    """Whether HanTa's lexicon knows `word` (any case): an ordinary German word."""
    return word.lower() in tagger().cache
