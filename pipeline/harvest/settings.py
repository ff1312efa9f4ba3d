"""What one harvest is asked to do (HarvestSettings) and what it did (HarvestSummary)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from pipeline import batch
from pipeline.harvest.client import ClientSettings


@dataclass(frozen=True)
class HarvestSettings:
    body: str | None = None  # id, shortName or name of one body of the System
    since: str | None = None  # ISO date: only papers modified since (instead of the watermark)
    limit: int | None = None  # at most this many new or changed papers this run
    attachments: bool = False  # auxiliaryFiles too, not only the mainFile
    files: Path | None = None  # where downloads are kept; default: DB name + ".files"
    gazetteer: bool = True  # merge the body's organizations into bodies.json
    client: ClientSettings = field(default_factory=ClientSettings)


@dataclass
class HarvestSummary:
    endpoint: str = ""
    bodies: int = 0
    organizations: int = 0
    meetings: int = 0
    papers_seen: int = 0
    papers_changed: int = 0  # new or modified since the last run: recorded and fetched
    papers_unchanged: int = 0
    papers_deleted: int = 0
    papers_without_file: int = 0
    files_downloaded: int = 0
    files_not_modified: int = 0  # 304, or modified/checksum unchanged: not fetched
    files_failed: int = 0
    tracking_carried: int = 0  # tracked obligations moved onto a new version of their file
    requests: int = 0
    complete: bool = False  # every list walked to its end (the watermark moved)
    since: str | None = None  # what was sent as modified_since
    walk_seconds: float = 0.0
    download_seconds: float = 0.0
    seconds: float = 0.0
    failures: list[batch.Failure] = field(default_factory=list)
    ingest: batch.Summary | None = None

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for key in ("walk_seconds", "download_seconds", "seconds"):
            data[key] = round(data[key], 3)
        data["ingest"] = self.ingest.as_dict() if self.ingest else None
        return data

    @property
    def failed(self) -> int:
        """Files and lists that could not be had, and documents that failed processing."""
        return len(self.failures) + (self.ingest.failed if self.ingest else 0)
