"""German time expressions: a tagger and normaliser (TIMEX3 types and values) built from the
grammar in dictionaries/extraction/time_grammar.json and the word lists in time.json."""

from pipeline.extract.time.events import Calendar
from pipeline.extract.time.expr import TimeExpr, add
from pipeline.extract.time.finder import find, with_prefix
from pipeline.extract.time.lexicon import month_number

__all__ = ["Calendar", "TimeExpr", "add", "find", "month_number", "with_prefix"]
