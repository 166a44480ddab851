-- Failed sign-ins (and wrong current passwords on a password change), keyed by username AND a
-- keyed hash of the client's address (client_key), so that a guesser at one address slows only
-- themselves, never the user signing in from elsewhere. Rows older than an hour are pruned on
-- each failure (accounts/throttle.rs). The old per-username rows are throttle state only and
-- are dropped, not converted: they carry no address.
DROP TABLE login_failures;
CREATE TABLE login_failures (
    id         INTEGER PRIMARY KEY,
    username   TEXT NOT NULL,
    client_key TEXT NOT NULL,
    at         TEXT NOT NULL
);
CREATE INDEX login_failures_by_pair ON login_failures (username, client_key, at);
CREATE INDEX login_failures_by_username ON login_failures (username, at);
CREATE INDEX login_failures_by_age ON login_failures (at);
