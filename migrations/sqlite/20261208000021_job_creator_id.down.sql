ALTER TABLE jobs DROP COLUMN created_by_id;
