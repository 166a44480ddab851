-- A cycle's results version (issue 14): raised in the same transaction as every change that
-- the public results pages show (a batch of a computation, publishing, reopening, an agency's
-- name or place). Each server keeps the cycle's results in memory under the version it read,
-- so one indexed row read per request tells every instance sharing the database whether its
-- copy is still current.
ALTER TABLE result_publications ADD COLUMN version BIGINT NOT NULL DEFAULT 0;
