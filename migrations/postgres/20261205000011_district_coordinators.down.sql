ALTER TABLE users DROP COLUMN district_code;
