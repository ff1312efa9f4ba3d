"""SQLite store: the one place that opens the database, creates it and migrates its schema.

Everything that reads or writes the database goes through `connect(path)`; the batch runner is the
only writer of processed documents (`save_document`, `save_failure`), the analysts' commands read
and update obligation tracking columns. WAL mode lets readers run while a batch writes.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress
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
    "connect_readonly",
    "document_record",
    "migrate",
    "obligation_key",
    "rebuild_fts",
    "save_document",
    "save_failure",
    "stored_state",
    "transaction",
]


# What to do about an SQLite failure, by its primary result code (the low byte).
ADVICE = {
    sqlite3.SQLITE_NOTADB: "give another --db path, or restore the file from a backup",
    sqlite3.SQLITE_CORRUPT: "the file is damaged: restore it from a backup, or rescue what is "
    "left with `sqlite3 FILE .recover`",
    sqlite3.SQLITE_FULL: "the disk is full: free some space and run again (what is stored is "
    "kept; a re-run does the rest)",
    sqlite3.SQLITE_READONLY: "make the file and its folder writable (SQLite writes -wal and -shm "
    "files beside it) or give another --db path",
    sqlite3.SQLITE_CANTOPEN: "check that the folder exists and is writable, or give another "
    "--db path",
    sqlite3.SQLITE_PERM: "make the file and its folder writable or give another --db path",
    sqlite3.SQLITE_BUSY: "another process holds the database: wait for it to finish",
    sqlite3.SQLITE_LOCKED: "another process holds the database: wait for it to finish",
    sqlite3.SQLITE_IOERR: "the disk reported an I/O error: check the disk and run again",
}


def _advice(err: sqlite3.Error) -> str | None:
    code = getattr(err, "sqlite_errorcode", None)
    return ADVICE.get(code & 0xFF) if isinstance(code, int) else None


def store_error(what: str, target: str, err: sqlite3.Error, default: str = "") -> StoreError:
    """A StoreError that names the file, SQLite's reason and what the user can do about it."""
    advice = _advice(err) or default
    return StoreError(f"{what} {target}: {err}" + (f": {advice}" if advice else ""))


def _path(conn: sqlite3.Connection) -> str:
    try:
        return str(conn.execute("PRAGMA database_list").fetchone()[2] or ":memory:")
    except sqlite3.Error:
        return "(unknown file)"


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
    except sqlite3.Error as err:
        raise store_error(
            "cannot open database",
            target,
            err,
            "is it another program's database? give another --db path",
        ) from err
    except OSError as err:
        raise StoreError(
            f"cannot create database {target}: {err.strerror or err}: give a --db path in a "
            "folder you may write to"
        ) from err
    return conn


def connect_readonly(path: str | Path) -> sqlite3.Connection:
    """Open an existing database only to read it, also on read-only media (a DVD, a share).

    First `mode=ro`, which still sees a running batch's WAL; when that cannot open (a WAL
    database whose folder does not let SQLite create the -shm file), `immutable=1`, which reads
    the main file alone without locks. A database of an older schema is opened writable to be
    migrated (`connect`); where it cannot be written that is a StoreError saying so.
    """
    uri = Path(path).absolute().as_uri()
    last: sqlite3.Error | None = None
    for params in ("mode=ro", "immutable=1"):
        try:
            conn = sqlite3.connect(f"{uri}?{params}", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
            conn.row_factory = sqlite3.Row
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.Error as err:
            last = err
            log.debug("read-only open of %s with %s failed: %s", path, params, err)
            continue
        if version < SCHEMA_VERSION:
            conn.close()
            try:
                return connect(path)
            except StoreError as err:  # read-only media: the queries need the new schema
                raise StoreError(
                    f"{path} has schema version {version} (this release needs "
                    f"{SCHEMA_VERSION}) and cannot be migrated where it is ({err}): copy it to a "
                    "writable folder once, then it works there and on read-only media"
                ) from err
        if version > SCHEMA_VERSION:
            conn.close()
            raise StoreError(
                f"database schema version {version} is newer than this council-pipeline "
                f"(knows {SCHEMA_VERSION}): upgrade council-pipeline"
            )
        return conn
    assert last is not None
    raise store_error(
        "cannot open database", str(path), last, "is it another program's database?"
    ) from last


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
    """One write transaction (BEGIN IMMEDIATE … COMMIT), rolled back on any exception.

    Rolling back on BaseException too is what keeps a Ctrl-C from leaving half a document; an
    SQLite failure inside (disk full, read-only file, lock timeout) becomes a StoreError that
    says what to do, since the callers (batch, analyst commands) cannot do better.
    """
    try:
        if conn.in_transaction:
            conn.commit()
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.Error as err:
        raise store_error("cannot write to database", _path(conn), err) from err
    try:
        yield conn
        conn.commit()
    except BaseException as err:
        with suppress(sqlite3.Error):  # a failed COMMIT may already have rolled back
            conn.rollback()
        # Only failures of the environment; a constraint violation is a bug and stays one.
        if isinstance(err, sqlite3.Error) and _advice(err):
            raise store_error("cannot write to database", _path(conn), err) from err
        raise


def rebuild_fts(conn: sqlite3.Connection) -> None:
    """Rebuild the full-text index from `pages` (after a VACUUM, or to repair it)."""
    with transaction(conn):
        conn.execute("INSERT INTO pages_fts(pages_fts) VALUES ('rebuild')")
