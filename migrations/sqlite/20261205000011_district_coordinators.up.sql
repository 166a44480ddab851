-- A district coordinator's district (a code of openita-geography, with province_code).
ALTER TABLE users ADD COLUMN district_code TEXT;
