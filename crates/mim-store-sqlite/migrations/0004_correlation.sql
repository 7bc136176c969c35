-- Correlation: which delivery last fed each case, and which signal opened it, so a step
-- repeated after a crash writes nothing twice.
ALTER TABLE cases ADD COLUMN last_intake_seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN intake_origin TEXT;
CREATE UNIQUE INDEX cases_by_intake_origin ON cases (intake_origin) WHERE intake_origin IS NOT NULL;

-- Signals no system could be found for: visible, never dropped.
CREATE TABLE intake_unassigned (
    delivery_seq  INTEGER NOT NULL,
    signal_index  INTEGER NOT NULL,
    source        TEXT NOT NULL,
    received_at   TEXT NOT NULL,
    signal        TEXT NOT NULL,
    PRIMARY KEY (delivery_seq, signal_index)
) STRICT;
