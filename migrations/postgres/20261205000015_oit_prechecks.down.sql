DROP TABLE oit_prechecks;
