"""The tagger on a table of our own sentences (tests/extract/data/time_cases_*.tsv): each line
gives a sentence, the expression it holds, and that expression's TIMEX3 type and value, read
against the reference date 2021-06-10."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pipeline.extract import timex

REF = dt.date(2021, 6, 10)
DATA = Path(__file__).parent / "data"


def _rows() -> list[tuple[str, str, str, str]]:
    rows = []
    for path in sorted(DATA.glob("time_cases_*.tsv")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            sentence, expr, typ, value = (line.split("\t") + ["", "", ""])[:4]
            rows.append((sentence, expr, typ, value))
    return rows


ROWS = _rows()


def test_the_table_is_large() -> None:
    assert len(ROWS) >= 300


@pytest.mark.parametrize(("sentence", "expr", "typ", "value"), ROWS, ids=[r[0][:50] for r in ROWS])
def test_expression_value(sentence: str, expr: str, typ: str, value: str) -> None:
    found = timex.find(sentence, REF)
    if expr == "-":
        assert found == [], [(sentence[e.start : e.end], e.value) for e in found]
        return
    start = sentence.index(expr)
    end = start + len(expr)
    hits = [e for e in found if e.start < end and start < e.end]
    got = [(sentence[e.start : e.end], e.type, e.value) for e in found]
    assert hits, f"nothing found over {expr!r}: {got}"
    e = hits[0]
    assert (e.type, e.value or "") == (typ, value), got
