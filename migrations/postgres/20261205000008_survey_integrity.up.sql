-- Survey integrity (docs/security.md): counts that make stuffing visible without identifying
-- anyone. Per agency and instrument: responses whose exact answer set was given more than once
-- (`repeated`), responses with the best level on every question answered (`all_best`), and
-- the most responses that arrived in one hour (`peak_hour`).
ALTER TABLE survey_counts ADD COLUMN repeated BIGINT NOT NULL DEFAULT 0;
ALTER TABLE survey_counts ADD COLUMN all_best BIGINT NOT NULL DEFAULT 0;
ALTER TABLE survey_counts ADD COLUMN peak_hour BIGINT NOT NULL DEFAULT 0;

-- Arrivals per agency, instrument and hour (Bangkok time, 'YYYY-MM-DDTHH'): counts only, the
-- finest grain OpenITA keeps of when anyone answered. Nothing here names a response.
CREATE TABLE survey_arrivals (
    cycle_id   BIGINT NOT NULL,
    agency_id  BIGINT NOT NULL,
    instrument TEXT NOT NULL,
    hour       TEXT NOT NULL,
    responses  BIGINT NOT NULL,
    PRIMARY KEY (cycle_id, agency_id, instrument, hour)
);

-- How many responses gave each distinct answer set (a hash of the stored answers, which the
-- responses table already holds), so that repeated sets are counted as they arrive.
CREATE TABLE survey_answer_sets (
    cycle_id   BIGINT NOT NULL,
    agency_id  BIGINT NOT NULL,
    instrument TEXT NOT NULL,
    set_hash   TEXT NOT NULL,
    responses  BIGINT NOT NULL,
    PRIMARY KEY (cycle_id, agency_id, instrument, set_hash)
);

-- Responses stored before this migration are added to the new counts by the program, which
-- needs the framework to know each question's best level (survey_integrity::backfill).
INSERT INTO settings (name, value)
SELECT 'survey_integrity_backfill', 'pending' WHERE EXISTS (SELECT 1 FROM survey_responses);

-- The writer mixes a few earlier rows of the same agency into each batch (PostgreSQL keeps
-- rows in arrival order otherwise): it picks them by random key within the agency.
CREATE INDEX survey_responses_by_agency_key ON survey_responses (cycle_id, agency_id, instrument, id);
DROP INDEX survey_responses_by_agency;
