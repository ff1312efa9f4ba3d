"""Batch ingest: many files into the database, in parallel locally or on a Dask cluster.

`ingest(paths, db, options, settings, on_event)` is the library entry point; the CLI command
`council ingest` only parses options, draws progress from the events and prints the summary.
"""

from pipeline.batch.runner import Event, Failure, Settings, Summary, cpu_count, ingest
from pipeline.batch.walk import SUFFIXES, walk

__all__ = ["SUFFIXES", "Event", "Failure", "Settings", "Summary", "cpu_count", "ingest", "walk"]
