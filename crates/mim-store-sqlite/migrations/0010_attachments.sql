-- Files kept with a case and sent with its messages, numbered per case (1, 2, …) in the order
-- uploaded. Rows are never updated: a message names a file by its number, and what it sent
-- must stay what the number names. The bytes live in the row (a vendor's report is a few
-- megabytes; the upload limit is 32 MiB), so a backup of the database file has them too.

CREATE TABLE attachments (
    case_id      TEXT    NOT NULL REFERENCES cases (id),
    number       INTEGER NOT NULL CHECK (number >= 1),
    file_name    TEXT    NOT NULL,
    content_type TEXT    NOT NULL,
    size         INTEGER NOT NULL CHECK (size >= 0),
    bytes        BLOB    NOT NULL,
    uploaded_by  TEXT    NOT NULL,
    uploaded_at  TEXT    NOT NULL,
    PRIMARY KEY (case_id, number)
) STRICT;

CREATE TRIGGER attachments_never_change BEFORE UPDATE ON attachments
BEGIN
    SELECT RAISE(ABORT, 'attachments are never changed');
END;

-- A message refused as too large while it carried files goes on with their links instead.
ALTER TABLE outbox ADD COLUMN files_as_links INTEGER NOT NULL DEFAULT 0
    CHECK (files_as_links IN (0, 1));
