DROP TABLE province_targets;
DROP TABLE agency_contacts;
