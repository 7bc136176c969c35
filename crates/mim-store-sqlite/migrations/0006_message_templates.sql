-- Message templates join the register as documents of kind 'template' (key = kind.language,
-- e.g. 'update.sv'), versioned and attributed like the rest.
-- SQLite can't change a CHECK constraint in place: both tables are rebuilt with the wider
-- list and their rows copied unchanged.

CREATE TABLE register_documents_new (
    kind       TEXT    NOT NULL CHECK (kind IN ('organisation', 'system', 'vendor', 'source', 'template')),
    key        TEXT    NOT NULL,
    version    INTEGER NOT NULL CHECK (version >= 1),
    document   TEXT    NOT NULL,                            -- JSON: Organisation, CriticalSystem, Vendor, IntakeSource or Template
    updated_by TEXT    NOT NULL,                            -- UserId
    updated_at TEXT    NOT NULL,
    PRIMARY KEY (kind, key)
) STRICT;
INSERT INTO register_documents_new (kind, key, version, document, updated_by, updated_at)
    SELECT kind, key, version, document, updated_by, updated_at FROM register_documents;
DROP TABLE register_documents;
ALTER TABLE register_documents_new RENAME TO register_documents;

CREATE TABLE register_history_new (
    kind       TEXT    NOT NULL CHECK (kind IN ('organisation', 'system', 'vendor', 'source', 'template')),
    key        TEXT    NOT NULL,
    version    INTEGER NOT NULL CHECK (version >= 1),
    document   TEXT    NOT NULL,
    updated_by TEXT    NOT NULL,
    updated_at TEXT    NOT NULL,
    PRIMARY KEY (kind, key, version)
) STRICT;
INSERT INTO register_history_new (kind, key, version, document, updated_by, updated_at)
    SELECT kind, key, version, document, updated_by, updated_at FROM register_history;
DROP TABLE register_history;
ALTER TABLE register_history_new RENAME TO register_history;
