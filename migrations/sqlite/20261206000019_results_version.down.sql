ALTER TABLE result_publications DROP COLUMN version;
