-- The intake inbox: every accepted delivery, committed before its sender hears 2xx.
CREATE TABLE intake_deliveries (
    seq              INTEGER PRIMARY KEY AUTOINCREMENT,
    source           TEXT NOT NULL,
    received_at      TEXT NOT NULL,
    idempotency_key  TEXT,
    batch            TEXT NOT NULL
) STRICT;

-- Finding an earlier delivery with the same key from the same source, within a window.
CREATE INDEX intake_deliveries_by_key ON intake_deliveries (source, idempotency_key, received_at)
    WHERE idempotency_key IS NOT NULL;

-- Where each reader of the inbox has got to.
CREATE TABLE intake_cursors (
    name  TEXT PRIMARY KEY,
    seq   INTEGER NOT NULL
) STRICT;

-- Refused bodies, once per distinct body, for diagnosis.
CREATE TABLE intake_quarantine (
    body_sha256  TEXT PRIMARY KEY,
    source       TEXT NOT NULL,
    reason_code  TEXT NOT NULL,
    reason       TEXT NOT NULL,
    first_at     TEXT NOT NULL,
    last_at      TEXT NOT NULL,
    times        INTEGER NOT NULL,
    body         BLOB NOT NULL,
    body_len     INTEGER NOT NULL
) STRICT;

CREATE INDEX intake_quarantine_by_last ON intake_quarantine (last_at);
