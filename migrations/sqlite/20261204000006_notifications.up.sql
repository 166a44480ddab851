-- E-mail notifications. A state change that someone must hear about writes its message here
-- in the same transaction (an outbox): the message is sent if and only if the change
-- committed, and a mail server that is down delays mail without failing the change.
ALTER TABLE users ADD COLUMN email TEXT;

CREATE TABLE notifications (
    id          INTEGER PRIMARY KEY,
    event       TEXT NOT NULL,
    username    TEXT NOT NULL,
    recipient   TEXT NOT NULL,
    subject     TEXT NOT NULL,
    body        TEXT NOT NULL,
    -- The page the message points at, joined to the public base URL when sent.
    link_path   TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    attempts    INTEGER NOT NULL DEFAULT 0,
    last_error  TEXT,
    sent_at     TEXT
);
CREATE INDEX notifications_unsent ON notifications (sent_at, id);
