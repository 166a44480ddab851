-- Why the executive sent the OIT answers back (issue 13): the agency's admin reads it.
ALTER TABLE oit_submissions ADD COLUMN returned_reason TEXT;
ALTER TABLE oit_submissions ADD COLUMN returned_by TEXT;
ALTER TABLE oit_submissions ADD COLUMN returned_at TEXT;
