DROP TABLE used_nonces;
DROP TABLE survey_counts;
DROP TABLE survey_tallies;
DROP TABLE survey_responses;
DROP TABLE survey_links;
DROP TABLE headcounts;
DROP TABLE settings;
