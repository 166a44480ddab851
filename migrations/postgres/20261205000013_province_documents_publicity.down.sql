DROP TABLE agency_publicity;
DROP TABLE province_documents;
