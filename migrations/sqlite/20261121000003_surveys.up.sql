-- IIT/EIT collection: headcounts, survey links, anonymous responses and their running tallies.

-- Server-wide secrets (the key that signs survey form nonces), shared by every instance.
CREATE TABLE settings (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE headcounts (
    cycle_id       INTEGER NOT NULL REFERENCES cycles (id),
    agency_id      INTEGER NOT NULL REFERENCES agencies (id),
    internal_staff INTEGER NOT NULL,
    entered_by     TEXT NOT NULL,
    entered_at     TEXT NOT NULL,
    approved_by    TEXT,
    approved_at    TEXT,
    PRIMARY KEY (cycle_id, agency_id)
);

-- One open link per agency, cycle and instrument; rotating closes the old one (closed_at).
CREATE TABLE survey_links (
    id         INTEGER PRIMARY KEY,
    cycle_id   INTEGER NOT NULL REFERENCES cycles (id),
    agency_id  INTEGER NOT NULL REFERENCES agencies (id),
    instrument TEXT NOT NULL,
    token      TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    closed_at  TEXT
);
CREATE INDEX survey_links_open ON survey_links (cycle_id, agency_id, instrument, closed_at);

-- Anonymity by construction: a response holds cycle, agency, instrument, answers and the day.
-- Its key is random and the table has no rowid, so nothing orders respondents; there is no
-- IP, user agent, cookie, link id or exact time.
CREATE TABLE survey_responses (
    id          TEXT PRIMARY KEY,
    cycle_id    INTEGER NOT NULL,
    agency_id   INTEGER NOT NULL,
    instrument  TEXT NOT NULL,
    answers     TEXT NOT NULL,
    received_on TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX survey_responses_by_agency ON survey_responses (cycle_id, agency_id, instrument);

-- Running counts per answer level, updated in the same transaction as each response, so that
-- scores and progress are reads, not scans.
CREATE TABLE survey_tallies (
    cycle_id    INTEGER NOT NULL,
    agency_id   INTEGER NOT NULL,
    instrument  TEXT NOT NULL,
    question_id TEXT NOT NULL,
    level       INTEGER NOT NULL,
    answers     INTEGER NOT NULL,
    PRIMARY KEY (cycle_id, agency_id, instrument, question_id, level)
) WITHOUT ROWID;

CREATE TABLE survey_counts (
    cycle_id   INTEGER NOT NULL,
    agency_id  INTEGER NOT NULL,
    instrument TEXT NOT NULL,
    responses  INTEGER NOT NULL,
    PRIMARY KEY (cycle_id, agency_id, instrument)
) WITHOUT ROWID;

-- Used form nonces (a replay gets 409). Separate from responses, nothing to join on: a hash
-- and the day it stops mattering.
CREATE TABLE used_nonces (
    nonce_hash TEXT PRIMARY KEY,
    expires_on TEXT NOT NULL
) WITHOUT ROWID;
