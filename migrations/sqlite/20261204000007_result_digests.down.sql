ALTER TABLE results DROP COLUMN digest_json;
