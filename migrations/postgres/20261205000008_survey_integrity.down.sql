CREATE INDEX survey_responses_by_agency ON survey_responses (cycle_id, agency_id, instrument);
DROP INDEX survey_responses_by_agency_key;
DELETE FROM settings WHERE name = 'survey_integrity_backfill';
DROP TABLE survey_answer_sets;
DROP TABLE survey_arrivals;
ALTER TABLE survey_counts DROP COLUMN peak_hour;
ALTER TABLE survey_counts DROP COLUMN all_best;
ALTER TABLE survey_counts DROP COLUMN repeated;
