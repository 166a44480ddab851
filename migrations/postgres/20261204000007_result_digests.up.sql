-- What area summaries need of each result (type, exact total, pass, exact indicator scores),
-- ~500 bytes beside the ~22 KB breakdown, so that a province's or the nation's means are
-- read without parsing every breakdown. NULL for results computed before this column: those
-- are summarised from their breakdown until the next compute.
ALTER TABLE results ADD COLUMN digest_json TEXT;
