DROP TABLE result_publications;
DROP TABLE results;
