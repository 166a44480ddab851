-- Results: one row per agency per cycle, with everything needed to explain and reproduce it
-- (framework fingerprint, the inputs counted, the full breakdown); and the cycle's publication.
CREATE TABLE results (
    cycle_id              INTEGER NOT NULL REFERENCES cycles (id),
    agency_id             INTEGER NOT NULL REFERENCES agencies (id),
    computed_at           TEXT NOT NULL,
    framework_fingerprint TEXT NOT NULL,
    total                 TEXT NOT NULL,
    level                 TEXT NOT NULL,
    tier                  TEXT NOT NULL,
    pass                  INTEGER NOT NULL,
    fields_json           TEXT NOT NULL,
    breakdown_json        TEXT NOT NULL,
    inputs_json           TEXT NOT NULL,
    PRIMARY KEY (cycle_id, agency_id)
);

CREATE TABLE result_publications (
    cycle_id     INTEGER PRIMARY KEY REFERENCES cycles (id),
    computed_at  TEXT,
    computed_by  TEXT,
    published_at TEXT,
    published_by TEXT
);
