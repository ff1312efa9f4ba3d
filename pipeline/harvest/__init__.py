"""OParl harvest: a council information system's papers and their files, into the store.

`harvest(url, db, settings, options, batch_settings)` walks System → body → paper lists
(`walk`), downloads each paper's files politely (`client`), and runs them through the same batch
runner as `council ingest` (`run`), keeping each document's OParl identity beside what the
extractor found. The CLI command is `council harvest`; docs/harvest.md describes it.
"""

from pipeline.harvest.client import USER_AGENT, ClientSettings, HarvestError
from pipeline.harvest.run import harvest
from pipeline.harvest.settings import HarvestSettings, HarvestSummary

__all__ = [
    "USER_AGENT",
    "ClientSettings",
    "HarvestError",
    "HarvestSettings",
    "HarvestSummary",
    "harvest",
]
