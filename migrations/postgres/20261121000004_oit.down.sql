DROP TABLE oit_link_checks;
DROP TABLE oit_reviews;
DROP TABLE oit_answers;
DROP TABLE oit_submissions;
