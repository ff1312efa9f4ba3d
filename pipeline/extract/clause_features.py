"""Features of a segment's clauses for the obligation classifier (all 0/1): what speaks
against a duty (past, Konjunktiv II, negation, opinion, settled state, statute, rejection,
a question, a quotation) and what for it (a forward adverb, the writer as subject), read
from the clause analysis (`clauses.py`) with the cue lists of
dictionaries/extraction/obligations.json."""

from __future__ import annotations

from typing import Any

from pipeline.extract.clauses import Clause, zu_infinitives


def _quoted(parts: list[Clause]) -> bool:
    """Whether the segment quotes someone else's words („…“ after "heißt es:" or a colon):
    a rule or statement cited, not a duty set by this text."""
    toks = [t for c in parts for t in c.toks]
    opened = sum(1 for t in toks if t.text in ("„", "»", "«"))
    return opened > 0 and any(t.lemma.lower() in ("heißen", "lauten") for t in toks)


def features(parts: list[Clause], body: str, res: dict[str, Any]) -> dict[str, float]:
    """Linguistic features of a segment for the classifier (all 0/1)."""
    f: dict[str, float] = {}
    main = [c for c in parts if c.kind in ("main", "infinitive")]
    main_toks = [t for c in main for t in c.toks]
    lemmas = {t.lemma for c in parts for t in c.toks} | {
        t.lemma.lower() for c in parts for t in c.toks
    }
    main_lemmas = {t.lemma.lower() for t in main_toks} | {t.lemma for t in main_toks}
    fins = [t for c in main for t in c.finite]
    f["n_past"] = float(any(t.has("Tense=Past") and t.has("Mood=Ind") for t in fins))
    # Konjunktiv II: "müsste/würde/könnte/wäre" is a hypothetical; "sollte" is as often the
    # polite mandate of a motion ("Dabei sollte … geprüft werden") as an opinion
    sub2 = [t for t in fins if t.has("Mood=Sub")]
    f["n_konj2"] = float(any(t.lemma.lower() != "sollen" for t in sub2))
    f["konj2_sollen"] = float(any(t.lemma.lower() == "sollen" for t in sub2))
    f["konj1"] = float(any(t.has("Mood=Sub1") for t in fins))
    perfect = any(t.lemma.lower() in ("haben", "sein") for t in fins) and any(
        t.has("VerbForm=Part") for t in main_toks
    )
    # a participle used as an adverb ("gesondert auszuweisen") makes no perfect tense
    zu = any(zu_infinitives(c) for c in main)
    werden = any(t.lemma.lower() == "werden" for t in main_toks)
    f["n_perfect"] = float(perfect and not werden and not zu)
    before = [t for t in main_toks if fins and t.idx < fins[0].idx]
    f["n_statute_subject"] = float(
        any(
            m.lower() in t.text.lower() if len(m) > 3 else t.text == m.strip()
            for t in before
            for m in res["statute"]
        )
    )  # "Das Onlinezugangsgesetz verpflichtet die Kommunen": a law, not this text, binds
    f["n_no_main_finite"] = float(not fins)
    f["only_subordinate"] = float(not any(c.kind == "main" and c.finite for c in parts))
    f["quoted"] = float(_quoted(parts))
    # subordinate clauses of the sentence say nothing by themselves ("Die Verwaltung wird
    # beauftragt, damit …" is a duty with a purpose): whether the construction sits in one is
    # the candidate's feature hit_in_<kind>
    f["n_negation"] = float(any(t.text.lower() in res["negation"] for t in main_toks))
    f["n_opinion"] = float(bool(main_lemmas & set(res["opinion_lemmas"])) and bool(fins))
    f["n_permission"] = float(any(t.lemma.lower() in res["permission_modals"] for t in fins))
    f["n_settled"] = float(any(t.text.lower() in res["settled_adverbs"] for t in main_toks))
    f["p_forward"] = float(any(t.text.lower() in res["forward_adverbs"] for t in main_toks))
    # "wird voraussichtlich bis Jahresende andauern": a forecast, not a promise
    f["n_forecast"] = float(any(t.text.lower() in res["forecast_adverbs"] for t in main_toks))
    f["n_rejected"] = float(bool(lemmas & set(res["rejection_lemmas"])))
    f["n_comparison"] = float(any(t.text.lower() in res["comparison_words"] for t in main_toks))
    low = body.lower()
    f["n_statute"] = float(any(s.lower() in low for s in res["statute"]))
    f["n_question_mark"] = float(body.rstrip().endswith("?"))
    f["first_person"] = float(any(t.text.lower() in res["first_person"] for t in main_toks))
    words = len(body.split())
    f["short"] = float(words < 6)
    f["long"] = float(words > 45)
    f["ends_colon"] = float(body.rstrip().endswith(":"))
    return f
