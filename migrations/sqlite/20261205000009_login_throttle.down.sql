DROP TABLE login_failures;
CREATE TABLE login_failures (
    id       INTEGER PRIMARY KEY,
    username TEXT NOT NULL,
    at       TEXT NOT NULL
);
CREATE INDEX login_failures_by_username ON login_failures (username, at);
