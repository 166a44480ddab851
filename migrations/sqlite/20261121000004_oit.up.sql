-- OIT: each agency's answers per item (published, URLs, note), the state of its submission,
-- and the assessors' provisional and final scores with the agency's clarifications.

CREATE TABLE oit_submissions (
    cycle_id     INTEGER NOT NULL REFERENCES cycles (id),
    agency_id    INTEGER NOT NULL REFERENCES agencies (id),
    state        TEXT NOT NULL,
    submitted_by TEXT,
    submitted_at TEXT,
    approved_by  TEXT,
    approved_at  TEXT,
    PRIMARY KEY (cycle_id, agency_id)
);

CREATE TABLE oit_answers (
    cycle_id   INTEGER NOT NULL REFERENCES cycles (id),
    agency_id  INTEGER NOT NULL REFERENCES agencies (id),
    item_code  TEXT NOT NULL,
    published  INTEGER NOT NULL,
    urls       TEXT NOT NULL,
    note       TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (cycle_id, agency_id, item_code)
);

-- Scores are exact fractions written as text ("100", "0", "100/3").
CREATE TABLE oit_reviews (
    cycle_id           INTEGER NOT NULL REFERENCES cycles (id),
    agency_id          INTEGER NOT NULL REFERENCES agencies (id),
    item_code          TEXT NOT NULL,
    provisional_score  TEXT,
    provisional_reason TEXT,
    provisional_by     TEXT,
    provisional_at     TEXT,
    clarification      TEXT,
    clarification_by   TEXT,
    clarification_at   TEXT,
    final_score        TEXT,
    final_reason       TEXT,
    final_by           TEXT,
    final_at           TEXT,
    PRIMARY KEY (cycle_id, agency_id, item_code)
);

-- The automatic evidence checker's findings, one row per URL checked (latest kept).
CREATE TABLE oit_link_checks (
    cycle_id     INTEGER NOT NULL REFERENCES cycles (id),
    agency_id    INTEGER NOT NULL REFERENCES agencies (id),
    item_code    TEXT NOT NULL,
    url          TEXT NOT NULL,
    checked_at   TEXT NOT NULL,
    outcome      TEXT NOT NULL,
    http_status  INTEGER,
    final_url    TEXT,
    content_type TEXT,
    size_bytes   INTEGER,
    redirects    TEXT NOT NULL,
    login_wall   INTEGER NOT NULL,
    year_found   INTEGER NOT NULL,
    detail       TEXT,
    PRIMARY KEY (cycle_id, agency_id, item_code, url)
);
