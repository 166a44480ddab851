-- The user who queued a job, by id (issue 15): the job acts as that user, loaded when it
-- runs. Jobs queued by the system itself (the nightly link check, the command line) and
-- jobs queued before this column have none and are found by `created_by`, the name.
ALTER TABLE jobs ADD COLUMN created_by_id BIGINT;
