"""The time expressions seam the extraction components use: `find`, `with_prefix`, `TimeExpr`.

The tagger itself lives in pipeline/extract/time/ (grammar, normalisers, calendar, events)."""

from pipeline.extract.time import Calendar, TimeExpr, find, month_number, with_prefix
from pipeline.extract.time import add as _add

__all__ = ["Calendar", "TimeExpr", "_add", "find", "month_number", "with_prefix"]
