-- Documents a province sends its agencies (the manual, the calendar, guides, forms), kept in
-- the database like a job's uploaded input: a few MB each, a few dozen a year, and backed up
-- with everything else. The content was sniffed on upload (PDF, XLSX or DOCX).
CREATE TABLE province_documents (
    id            INTEGER PRIMARY KEY,
    cycle_id      INTEGER NOT NULL REFERENCES cycles (id) ON DELETE CASCADE,
    province_code TEXT NOT NULL,
    title         TEXT NOT NULL,
    filename      TEXT NOT NULL,
    content_type  TEXT NOT NULL,
    size_bytes    INTEGER NOT NULL,
    sha256        TEXT NOT NULL,
    content       BLOB NOT NULL,
    uploaded_by   TEXT NOT NULL,
    uploaded_at   TEXT NOT NULL
);
CREATE INDEX province_documents_by_cycle ON province_documents (cycle_id, province_code);

-- Where an agency published its survey links (website, Facebook, LINE, posters...): the
-- channel list as JSON text, replaced whole by each report.
CREATE TABLE agency_publicity (
    cycle_id   INTEGER NOT NULL REFERENCES cycles (id) ON DELETE CASCADE,
    agency_id  INTEGER NOT NULL REFERENCES agencies (id) ON DELETE CASCADE,
    channels   TEXT NOT NULL,
    updated_by TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (cycle_id, agency_id)
);
