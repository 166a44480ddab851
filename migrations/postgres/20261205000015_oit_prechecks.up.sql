-- The province committee's pre-check of an agency's OIT answers, item by item, before the
-- agency's executive approves them (issue 12). Advice the agency sees, never a score.
CREATE TABLE oit_prechecks (
    cycle_id   BIGINT NOT NULL REFERENCES cycles (id),
    agency_id  BIGINT NOT NULL REFERENCES agencies (id),
    item_code  TEXT NOT NULL,
    status     TEXT NOT NULL CHECK (status IN ('checked', 'needs_work')),
    note       TEXT NOT NULL,
    checked_by TEXT NOT NULL,
    checked_at TEXT NOT NULL,
    PRIMARY KEY (cycle_id, agency_id, item_code)
);
