"""The database schema as an ordered list of migrations; `PRAGMA user_version` counts those applied.

Never edit a migration that has shipped: append a new one. Each runs in one transaction together
with the version bump, so a crash leaves the database at the old or the new version, never between.
"""

from __future__ import annotations

V1 = """
CREATE TABLE documents (
    id TEXT PRIMARY KEY,                 -- Document.id: first 16 hex of sha256
    sha256 TEXT UNIQUE NOT NULL,
    type TEXT,
    reference TEXT,
    title TEXT,
    date TEXT,                           -- ISO YYYY-MM-DD or NULL
    submitters TEXT NOT NULL DEFAULT '[]',  -- JSON list
    page_count INTEGER,
    status TEXT NOT NULL CHECK (status IN ('done', 'partial', 'failed')),
    error TEXT,
    pipeline_version TEXT,
    tesseract_version TEXT,
    ocr_language TEXT,
    dictionary_checksum TEXT,
    timings TEXT NOT NULL DEFAULT '{}',  -- JSON {stage: seconds}
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX documents_status ON documents(status);
CREATE INDEX documents_date ON documents(date);

CREATE TABLE document_paths (
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    path TEXT NOT NULL,
    PRIMARY KEY (document_id, path)
);
CREATE INDEX document_paths_path ON document_paths(path);

CREATE TABLE pages (
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    method TEXT NOT NULL,
    confidence REAL,
    raw_text TEXT NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (document_id, number)
);

CREATE VIRTUAL TABLE pages_fts USING fts5(
    text, content='pages', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER pages_fts_insert AFTER INSERT ON pages BEGIN
    INSERT INTO pages_fts(rowid, text) VALUES (new.rowid, new.text);
END;
CREATE TRIGGER pages_fts_delete AFTER DELETE ON pages BEGIN
    INSERT INTO pages_fts(pages_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
END;
CREATE TRIGGER pages_fts_update AFTER UPDATE OF text ON pages BEGIN
    INSERT INTO pages_fts(pages_fts, rowid, text) VALUES ('delete', old.rowid, old.text);
    INSERT INTO pages_fts(rowid, text) VALUES (new.rowid, new.text);
END;

CREATE TABLE corrections (
    id INTEGER PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    page INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    original TEXT NOT NULL,
    corrected TEXT NOT NULL,
    confidence REAL
);
CREATE INDEX corrections_document ON corrections(document_id);

CREATE TABLE bodies (
    id INTEGER PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    mention TEXT,
    kind TEXT,
    page INTEGER,
    start INTEGER,
    "end" INTEGER
);
CREATE INDEX bodies_document ON bodies(document_id);
CREATE INDEX bodies_name ON bodies(name);

CREATE TABLE deadlines (
    id INTEGER PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    date TEXT,
    time TEXT,
    precision TEXT,
    relative_to TEXT,
    page INTEGER,
    start INTEGER,
    "end" INTEGER
);
CREATE INDEX deadlines_document ON deadlines(document_id);
CREATE INDEX deadlines_date ON deadlines(date);

CREATE TABLE obligations (
    id INTEGER PRIMARY KEY,
    key TEXT UNIQUE NOT NULL,
    document_id TEXT NOT NULL REFERENCES documents(id),
    text TEXT NOT NULL,
    actor TEXT,
    action TEXT,
    requester TEXT,
    topic TEXT,
    document_date TEXT,
    document_type TEXT,
    reference TEXT,
    deadline_text TEXT,
    deadline_date TEXT,
    deadline_time TEXT,
    deadline_precision TEXT,
    deadline_relative_to TEXT,
    page INTEGER,
    start INTEGER,
    "end" INTEGER,
    confidence REAL,
    status TEXT NOT NULL DEFAULT 'open'
        CHECK (status IN ('open', 'in_progress', 'done', 'dropped')),
    due TEXT,
    status_note TEXT,
    updated_at TEXT
);
CREATE INDEX obligations_document ON obligations(document_id);
CREATE INDEX obligations_status ON obligations(status);
CREATE INDEX obligations_deadline ON obligations(deadline_date);

CREATE TABLE obligation_history (
    id INTEGER PRIMARY KEY,
    obligation_id INTEGER NOT NULL REFERENCES obligations(id),
    changed_at TEXT NOT NULL,
    old_status TEXT,
    new_status TEXT,
    note TEXT,
    due TEXT
);
CREATE INDEX obligation_history_obligation ON obligation_history(obligation_id);
"""

# A file name that is not valid UTF-8 (Latin-1 bytes from an old file server) is stored in
# `path` with \xNN escapes for its odd bytes and, losslessly, as its bytes in `raw_path`.
V2 = """
ALTER TABLE document_paths ADD COLUMN raw_path BLOB;
"""

# OParl harvest (issue 15): where documents came from, and the body's calendar. A document is
# joined to its Paper through the File it was downloaded from (`oparl_files.document_id`).
V3_OPARL = """
CREATE TABLE oparl_endpoints (
    url TEXT PRIMARY KEY,                -- the System or Body address given to `council harvest`
    last_harvest TEXT,                   -- server time when the last complete run started
    last_attempt TEXT,
    papers INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE oparl_papers (
    id TEXT PRIMARY KEY,                 -- the Paper's OParl id (a URL)
    body TEXT,
    web TEXT,
    reference TEXT,
    name TEXT,
    paper_type TEXT,
    date TEXT,                           -- ISO YYYY-MM-DD or NULL (also for "" on the server)
    originators TEXT NOT NULL DEFAULT '[]',         -- JSON: originatorOrganization names or ids
    under_direction_of TEXT NOT NULL DEFAULT '[]',  -- JSON: underDirectionOf names or ids
    modified TEXT,
    deleted INTEGER NOT NULL DEFAULT 0,
    raw TEXT NOT NULL,                   -- the Paper as served (JSON)
    harvested_at TEXT NOT NULL
);

CREATE TABLE oparl_files (
    id TEXT PRIMARY KEY,                 -- the File's OParl id, else its accessUrl
    paper_id TEXT NOT NULL REFERENCES oparl_papers(id),
    role TEXT NOT NULL CHECK (role IN ('main', 'auxiliary')),
    name TEXT,
    file_name TEXT,
    mime_type TEXT,
    access_url TEXT,
    download_url TEXT,
    modified TEXT,
    checksum TEXT,                       -- sha512Checksum/sha1Checksum as served
    sha256 TEXT,                         -- of the bytes downloaded
    document_id TEXT,                    -- documents.id of those bytes (sha256[:16])
    previous_document_id TEXT,           -- the document of the version before, until carried over
    path TEXT,                           -- the local copy
    etag TEXT,
    last_modified TEXT,
    error TEXT,                          -- why the last download failed, NULL when it did not
    fetched_at TEXT
);
CREATE INDEX oparl_files_paper ON oparl_files(paper_id);
CREATE INDEX oparl_files_document ON oparl_files(document_id);

CREATE TABLE oparl_superseded (
    document_id TEXT PRIMARY KEY,        -- an earlier version of a harvested file
    file_id TEXT NOT NULL,
    superseded_by TEXT NOT NULL,         -- documents.id of the newer version
    at TEXT NOT NULL
);

CREATE TABLE oparl_organizations (
    id TEXT PRIMARY KEY,
    body TEXT,
    name TEXT,
    short_name TEXT,
    kind TEXT,
    raw TEXT NOT NULL
);

CREATE TABLE oparl_meetings (
    id TEXT PRIMARY KEY,
    body TEXT,
    name TEXT,
    start TEXT,                          -- ISO date-time as served, NULL when missing or ""
    "end" TEXT,
    cancelled INTEGER NOT NULL DEFAULT 0,
    organizations TEXT NOT NULL DEFAULT '[]',  -- JSON list of Organization ids
    raw TEXT NOT NULL
);
CREATE INDEX oparl_meetings_start ON oparl_meetings(start);

-- One Paper per harvested document: the main file's paper first.
CREATE VIEW oparl_documents AS
SELECT f.document_id, p.id AS paper_id, p.web, p.reference, p.name, p.paper_type, p.date,
       p.originators, p.under_direction_of, f.id AS file_id, f.role, f.sha256, f.checksum,
       f.access_url
FROM oparl_files f JOIN oparl_papers p ON p.id = f.paper_id
WHERE f.document_id IS NOT NULL AND f.rowid = (
    SELECT g.rowid FROM oparl_files g WHERE g.document_id = f.document_id
    ORDER BY g.role != 'main', g.rowid LIMIT 1
);
"""

# Warnings about a document that was read in full (a name that lies about its type, NUL
# bytes dropped from a text file): a JSON list of strings.
V4_WARNINGS = """
ALTER TABLE documents ADD COLUMN warnings TEXT NOT NULL DEFAULT '[]';
"""

# the type's confidence and the cue that decided it (issue 10), so that a user sees why
V5_TYPE_EVIDENCE = """
ALTER TABLE documents ADD COLUMN type_confidence REAL;
ALTER TABLE documents ADD COLUMN type_evidence TEXT;
"""

# V6: each obligation's kind (mandate, request, commitment, referral, scheduled)
V6_KIND = "ALTER TABLE obligations ADD COLUMN kind TEXT;"

# V7: every time expression of a document (issue 11), TIMEX3-style; deadlines are a subset.
# Documents stored before V7 have none until they are re-ingested.
V7_TIMES = """
CREATE TABLE times (
    id INTEGER PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    type TEXT NOT NULL CHECK (type IN ('DATE', 'TIME', 'DURATION', 'SET')),
    value TEXT,                          -- 2021-12-15, 2021-12, 2021-Q4, 2021-W50, P3M, XXXX-12-15
    anchor TEXT,                         -- what a relative form was resolved against
    date TEXT,                           -- the last ISO day it allows, NULL if unknown
    page INTEGER,
    start INTEGER,
    "end" INTEGER
);
CREATE INDEX times_document ON times(document_id);
CREATE INDEX times_date ON times(date);
"""

MIGRATIONS: list[str] = [V1, V2, V3_OPARL, V4_WARNINGS, V5_TYPE_EVIDENCE, V6_KIND, V7_TIMES]
SCHEMA_VERSION = len(MIGRATIONS)
