-- The first schema of mim's SQLite store.
--
-- Times are UTC RFC 3339 text with exactly six fractional digits
-- (`2026-03-01T08:00:00.000000Z`), so comparing the text compares the times.
-- JSON columns hold the domain's serde shape (the persisted contract of events and
-- register documents). Booleans are 0/1 integers.

-- Cases: one row per case, the listing columns (`CaseSummary`) written by the app in the
-- same transaction as the events that produced them.
CREATE TABLE cases (
    id               TEXT    NOT NULL PRIMARY KEY,          -- MIM-2026-0001
    year             INTEGER NOT NULL,
    number           INTEGER NOT NULL CHECK (number >= 1),
    version          INTEGER NOT NULL CHECK (version >= 0), -- process version
    last_activity_at TEXT    NOT NULL,
    title            TEXT    NOT NULL,
    stage            TEXT    NOT NULL,                      -- Stage::code()
    is_open          INTEGER NOT NULL CHECK (is_open IN (0, 1)), -- Stage::is_open() of stage
    colour           TEXT,                                  -- Colour::code()
    system_id        TEXT,
    vendor_id        TEXT,
    exercise         INTEGER NOT NULL CHECK (exercise IN (0, 1)),
    opened_at        TEXT    NOT NULL,
    next_update_at   TEXT,
    reopen_count     INTEGER NOT NULL CHECK (reopen_count >= 0),
    ended_at         TEXT,
    UNIQUE (year, number)
) STRICT;

CREATE INDEX cases_newest_first ON cases (opened_at DESC, year DESC, number DESC);
CREATE INDEX cases_by_system ON cases (system_id);
CREATE INDEX cases_by_vendor ON cases (vendor_id);

-- The last number given out per year; `open_case` bumps it in its own transaction.
CREATE TABLE case_counters (
    year        INTEGER NOT NULL PRIMARY KEY,
    last_number INTEGER NOT NULL CHECK (last_number >= 1)
) STRICT;

-- The event log: append-only, numbered per case from 1 without gaps.
CREATE TABLE case_events (
    case_id     TEXT    NOT NULL REFERENCES cases (id),
    seq         INTEGER NOT NULL CHECK (seq >= 1),
    version     INTEGER NOT NULL CHECK (version >= 1),      -- the case's version after the append
    occurred_at TEXT    NOT NULL,
    recorded_at TEXT    NOT NULL,
    actor       TEXT    NOT NULL,                           -- JSON: Actor
    kind        TEXT    NOT NULL,                           -- CaseEvent::kind()
    event       TEXT    NOT NULL,                           -- JSON: CaseEvent
    is_process  INTEGER NOT NULL CHECK (is_process IN (0, 1)),
    PRIMARY KEY (case_id, seq)
) STRICT, WITHOUT ROWID;

CREATE TRIGGER case_events_are_append_only_update
BEFORE UPDATE ON case_events
BEGIN
    SELECT RAISE(ABORT, 'case events are append-only');
END;

CREATE TRIGGER case_events_are_append_only_delete
BEFORE DELETE ON case_events
BEGIN
    SELECT RAISE(ABORT, 'case events are append-only');
END;

-- Identity. Secrets are stored only as hashes.
CREATE TABLE users (
    id            TEXT    NOT NULL PRIMARY KEY,             -- UserId (login name)
    name          TEXT    NOT NULL,
    email         TEXT,
    roles         TEXT    NOT NULL,                         -- JSON array of Role codes
    vendor_id     TEXT,
    language      TEXT    NOT NULL,                         -- fi, sv, en
    password_hash TEXT,                                     -- Argon2id PHC string
    active        INTEGER NOT NULL CHECK (active IN (0, 1)),
    created_at    TEXT    NOT NULL
) STRICT;

CREATE TABLE sessions (
    token_hash TEXT NOT NULL PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
) STRICT;

CREATE INDEX sessions_by_expiry ON sessions (expires_at);
CREATE INDEX sessions_by_user ON sessions (user_id);

CREATE TABLE api_tokens (
    id         TEXT NOT NULL PRIMARY KEY,                   -- short public id
    token_hash TEXT NOT NULL UNIQUE,
    user_id    TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT
) STRICT;

CREATE INDEX api_tokens_by_user ON api_tokens (user_id);

-- The register: the organisation (key ''), critical systems and vendors (key = their id),
-- each the domain struct as JSON with its current version and who wrote it.
CREATE TABLE register_documents (
    kind       TEXT    NOT NULL CHECK (kind IN ('organisation', 'system', 'vendor')),
    key        TEXT    NOT NULL,
    version    INTEGER NOT NULL CHECK (version >= 1),
    document   TEXT    NOT NULL,                            -- JSON: Organisation, CriticalSystem or Vendor
    updated_by TEXT    NOT NULL,                            -- UserId
    updated_at TEXT    NOT NULL,
    PRIMARY KEY (kind, key)
) STRICT;

-- Every version ever written, the current one included, so each change is attributed.
CREATE TABLE register_history (
    kind       TEXT    NOT NULL CHECK (kind IN ('organisation', 'system', 'vendor')),
    key        TEXT    NOT NULL,
    version    INTEGER NOT NULL CHECK (version >= 1),
    document   TEXT    NOT NULL,
    updated_by TEXT    NOT NULL,
    updated_at TEXT    NOT NULL,
    PRIMARY KEY (kind, key, version)
) STRICT;
