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

# V2: each obligation's kind (mandate, request, commitment, referral, scheduled)
V2 = "ALTER TABLE obligations ADD COLUMN kind TEXT;"

MIGRATIONS: list[str] = [V1, V2]
SCHEMA_VERSION = len(MIGRATIONS)
