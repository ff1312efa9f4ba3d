"""pipeline.analysis.search: German word forms and compounds, phrases, and queries that cannot
smuggle FTS5 syntax."""

from __future__ import annotations

import pytest

from pipeline.analysis import query, search
from pipeline.model import Document, Page

TEXTS = {
    "radverkehr": "Die Radverkehrsstrategie der Stadt wird fortgeschrieben.",
    "digital": "Der Rat beschließt die Digitalisierungsstrategie für die Grundschulen.",
    "schulden": "Die Schulden der Stadt sind gestiegen.",
    "schulen": "Der Neubau der Schulen beginnt im Herbst.",
    "rat": "Die Räte tagen; der Ratsbeschluss liegt vor.",
}


def document(key: str, text: str) -> Document:
    return Document(
        source=f"{key}.txt",
        sha256=key.encode().hex().ljust(64, "0"),
        pages=[Page(1, "text-file", text, clean_text=text, text=text)],
        title=key,
        status="done",
    )


@pytest.fixture
def conn(council_db):
    connection = query.open_db(council_db(docs=[document(k, t) for k, t in TEXTS.items()]))
    yield connection
    connection.close()


def titles(hits: list[dict]) -> set[str]:
    return {hit["title"] for hit in hits}


def test_stem_strips_one_inflection_ending_and_keeps_four_letters() -> None:
    assert search.stem("Strategien") == "strategi"
    assert search.stem("Schulen") == "schul"
    assert search.stem("Rat") == "rat" and search.stem("Räte") == "rate"


def test_a_word_finds_the_compounds_it_begins_or_closes(conn) -> None:
    assert titles(search.search(conn, "Strategie")) == {"radverkehr", "digital"}
    assert titles(search.search(conn, "Digitalisierung")) == {"digital"}


def test_a_short_stem_takes_endings_but_not_unrelated_words(conn) -> None:
    assert titles(search.search(conn, "Schulen")) == {"schulen", "digital"}  # not "Schulden"


def test_phrases_must_match_in_order(conn) -> None:
    assert titles(search.search(conn, '"Der Rat beschließt"')) == {"digital"}
    assert search.search(conn, '"beschließt Rat der"') == []


def test_hits_are_marked_in_the_snippet(conn) -> None:
    (hit,) = search.search(conn, "Herbst", marks=("[", "]"))
    assert "[Herbst]" in hit["snippet"] and hit["page"] == 1


@pytest.mark.parametrize("text", ["Rat OR Schulden", "NEAR(Rat Schulden)", "Rat*", "title:Rat"])
def test_query_syntax_is_read_as_words(conn, text: str) -> None:
    expression = search.fts_query(conn, text)
    assert "NEAR" not in expression and "title:" not in expression and " OR rat" not in expression
    search.search(conn, text)  # runs: no FTS5 syntax error


def test_a_query_without_words_is_refused(conn) -> None:
    assert not search.has_words(" ?! … ")
    with pytest.raises(ValueError, match="no words"):
        search.search(conn, " ?! … ")
