-- Walk-throughs of the process (readiness): who reviewed which version of the process, when,
-- at which stage. Append-only, like the case events: a record is a fact about a meeting held.
CREATE TABLE process_reviews (
    id               INTEGER NOT NULL PRIMARY KEY CHECK (id >= 1),   -- 1, 2, 3 … in the order recorded
    stage            TEXT    NOT NULL
                     CHECK (stage IN ('internal_review', 'support_and_experts', 'stakeholders')),
    process_version  TEXT    NOT NULL,
    reviewed_on      TEXT    NOT NULL,      -- the local day, YYYY-MM-DD
    led_by_user      TEXT,                  -- a user name, when a user of mim led it
    led_by_name      TEXT    NOT NULL,
    participants     TEXT    NOT NULL,      -- JSON: array of strings
    note             TEXT,
    recorded_by      TEXT    NOT NULL,      -- Editor: a user name or cli:login
    recorded_at      TEXT    NOT NULL
) STRICT;

CREATE TRIGGER process_reviews_are_append_only_update
BEFORE UPDATE ON process_reviews
BEGIN
    SELECT RAISE(ABORT, 'process reviews are append-only');
END;

CREATE TRIGGER process_reviews_are_append_only_delete
BEFORE DELETE ON process_reviews
BEGIN
    SELECT RAISE(ABORT, 'process reviews are append-only');
END;
