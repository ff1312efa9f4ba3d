"""SQLite store: the one place that opens the database, creates it and migrates its schema.

Everything that reads or writes the database goes through `connect(path)`; the batch runner is the
only writer of processed documents (`save_document`, `save_failure`), the analysts' commands read
and update obligation tracking columns. WAL mode lets readers run while a batch writes.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pipeline.errors import StoreError
from pipeline.store.read import StoredState, document_record, stored_state
from pipeline.store.schema import MIGRATIONS, SCHEMA_VERSION
from pipeline.store.write import Provenance, add_paths, obligation_key, save_document, save_failure

log = logging.getLogger(__name__)

DEFAULT_DB = "council.db"  # relative to the working directory; `COUNCIL_DB` overrides in the CLI
BUSY_TIMEOUT_MS = 30_000

__all__ = [
    "DEFAULT_DB",
    "SCHEMA_VERSION",
    "Provenance",
    "StoredState",
    "add_paths",
    "connect",
    "document_record",
    "migrate",
    "obligation_key",
    "rebuild_fts",
    "save_document",
    "save_failure",
    "stored_state",
    "transaction",
]


def connect(path: str | Path) -> sqlite3.Connection:
    """Open (creating and migrating when needed) the database at `path`.

    WAL mode, foreign keys on, rows as `sqlite3.Row`. Raises StoreError when the file is not a
    database, is from a newer release, or cannot be created.
    """
    target = str(path)
    try:
        if target != ":memory:":
            Path(target).parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(target, timeout=BUSY_TIMEOUT_MS / 1000)
        conn.row_factory = sqlite3.Row
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA journal_mode = WAL")
        # NORMAL in WAL mode: a power cut may lose the last commits (they are redone by the next
        # run) but never corrupts the database or leaves half a document.
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        migrate(conn)
    except sqlite3.DatabaseError as err:
        raise StoreError(f"cannot open database {target}: {err}") from err
    except OSError as err:
        raise StoreError(f"cannot create database {target}: {err}") from err
    return conn


def migrate(conn: sqlite3.Connection) -> int:
    """Apply pending migrations, each in its own write transaction; return the schema version."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"database schema version {version} is newer than this council-pipeline "
            f"(knows {SCHEMA_VERSION}): upgrade council-pipeline"
        )
    while version < SCHEMA_VERSION:
        with transaction(conn):
            # Re-read under the write lock: another process may have migrated meanwhile.
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version >= SCHEMA_VERSION:
                break
            for statement in _statements(MIGRATIONS[version]):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {version + 1}")
            log.info("migrated database schema to version %d", version + 1)
        version += 1
    return version


def _statements(script: str) -> list[str]:
    """Split a migration into statements (`sqlite3.complete_statement` handles trigger bodies)."""
    out: list[str] = []
    buffer = ""
    for line in script.splitlines(keepends=True):
        if not buffer and (not line.strip() or line.lstrip().startswith("--")):
            continue
        buffer += line
        if sqlite3.complete_statement(buffer):
            out.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        out.append(buffer.strip())
    return out


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One write transaction (BEGIN IMMEDIATE … COMMIT), rolled back on any exception."""
    if conn.in_transaction:
        conn.commit()
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.rollback()
        raise
    conn.commit()


def rebuild_fts(conn: sqlite3.Connection) -> None:
    """Rebuild the full-text index from `pages` (after a VACUUM, or to repair it)."""
    with transaction(conn):
        conn.execute("INSERT INTO pages_fts(pages_fts) VALUES ('rebuild')")
