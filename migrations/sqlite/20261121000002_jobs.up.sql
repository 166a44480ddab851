-- Background jobs (imports, exports, scoring, link checks) as rows: they survive restarts,
-- show their progress to pages and the CLI, and any instance can run them.
CREATE TABLE jobs (
    id             INTEGER PRIMARY KEY,
    kind           TEXT NOT NULL,
    payload        TEXT NOT NULL,
    input          BLOB,
    status         TEXT NOT NULL DEFAULT 'queued',
    progress_done  INTEGER NOT NULL DEFAULT 0,
    progress_total INTEGER NOT NULL DEFAULT 0,
    result         TEXT,
    error          TEXT,
    created_by     TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    started_at     TEXT,
    finished_at    TEXT,
    claimed_by     TEXT
);
CREATE INDEX jobs_queued ON jobs (status, id);
