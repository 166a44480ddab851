ALTER TABLE oit_submissions DROP COLUMN returned_at;
ALTER TABLE oit_submissions DROP COLUMN returned_by;
ALTER TABLE oit_submissions DROP COLUMN returned_reason;
