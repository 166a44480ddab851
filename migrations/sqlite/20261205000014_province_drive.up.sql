-- The province drive (issue 12): each agency's contact person for its coordinators, and a
-- province's targets for a year.
CREATE TABLE agency_contacts (
    agency_id  INTEGER PRIMARY KEY REFERENCES agencies (id),
    name       TEXT NOT NULL,
    phone      TEXT NOT NULL,
    email      TEXT,
    updated_by TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- Percent of agencies passing and mean score the province aims at (exact decimals as text).
CREATE TABLE province_targets (
    cycle_id      INTEGER NOT NULL REFERENCES cycles (id),
    province_code TEXT NOT NULL,
    pass_rate     TEXT,
    mean          TEXT,
    updated_by    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    PRIMARY KEY (cycle_id, province_code)
);
