-- The outbox: one row per message (to one recipient over one channel), written by the same
-- transaction as the case event that queued it and moved on by the events that record each
-- attempt. `claimed_until` is a dispatcher's lease on a message in flight: when it runs out
-- with no outcome recorded, the message is handed out again as a possible duplicate
-- (`maybe_sent`), under the same message id.

CREATE TABLE outbox (
    message_id      TEXT    PRIMARY KEY,
    case_id         TEXT    NOT NULL REFERENCES cases (id),
    queued_seq      INTEGER NOT NULL,
    state           TEXT    NOT NULL CHECK (state IN ('queued', 'sending', 'sent', 'given_up')),
    attempts        INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at TEXT    NOT NULL,
    claimed_until   TEXT,
    maybe_sent      INTEGER NOT NULL DEFAULT 0 CHECK (maybe_sent IN (0, 1)),
    message         TEXT    NOT NULL                       -- JSON: OutboxMessage
) STRICT;

CREATE INDEX outbox_due ON outbox (state, next_attempt_at);
