-- Foundation: users and sessions, agencies, cycles with their framework and calendar,
-- assessor assignments and the append-only audit log.
-- Times are UTC text in RFC 3339 with microseconds ('2026-01-02T03:04:05.000000Z') so that
-- text order is time order on both engines and one query layer reads them the same way.

CREATE TABLE agencies (
    id            INTEGER PRIMARY KEY,
    code          TEXT NOT NULL UNIQUE,
    name_th       TEXT NOT NULL,
    name_en       TEXT,
    agency_type   TEXT NOT NULL,
    province_code TEXT NOT NULL,
    district_code TEXT,
    website       TEXT,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE INDEX agencies_by_area ON agencies (province_code, district_code, agency_type);

CREATE TABLE users (
    id                  INTEGER PRIMARY KEY,
    username            TEXT NOT NULL UNIQUE,
    password_hash       TEXT NOT NULL,
    role                TEXT NOT NULL,
    agency_id           INTEGER REFERENCES agencies (id),
    province_code       TEXT,
    active              INTEGER NOT NULL DEFAULT 1,
    created_at          TEXT NOT NULL,
    password_changed_at TEXT NOT NULL
);
CREATE INDEX users_by_agency ON users (agency_id);

-- Server-side sessions: the cookie or bearer token is never stored, only its SHA-256.
CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id),
    kind         TEXT NOT NULL,
    csrf_token   TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    expires_at   TEXT NOT NULL
);
CREATE INDEX sessions_by_user ON sessions (user_id);

CREATE TABLE cycles (
    id                    INTEGER PRIMARY KEY,
    year                  INTEGER NOT NULL UNIQUE,
    framework_name        TEXT NOT NULL,
    framework_fingerprint TEXT NOT NULL,
    framework_json        TEXT NOT NULL,
    opened_at             TEXT,
    created_at            TEXT NOT NULL
);

CREATE TABLE cycle_phases (
    cycle_id  INTEGER NOT NULL REFERENCES cycles (id),
    phase     TEXT NOT NULL,
    starts_at TEXT NOT NULL,
    ends_at   TEXT NOT NULL,
    PRIMARY KEY (cycle_id, phase)
);

CREATE TABLE assignments (
    cycle_id    INTEGER NOT NULL REFERENCES cycles (id),
    agency_id   INTEGER NOT NULL REFERENCES agencies (id),
    assessor_id INTEGER NOT NULL REFERENCES users (id),
    created_at  TEXT NOT NULL,
    PRIMARY KEY (cycle_id, agency_id, assessor_id)
);
CREATE INDEX assignments_by_assessor ON assignments (assessor_id, cycle_id);

-- Failed sign-ins, keyed by username so that 200 staff behind one office IP never lock
-- each other out; pruned by age.
CREATE TABLE login_failures (
    id       INTEGER PRIMARY KEY,
    username TEXT NOT NULL,
    at       TEXT NOT NULL
);
CREATE INDEX login_failures_by_username ON login_failures (username, at);

CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    actor_id    INTEGER,
    actor_name  TEXT NOT NULL,
    action      TEXT NOT NULL,
    object_type TEXT NOT NULL,
    object_id   TEXT NOT NULL,
    before_json TEXT,
    after_json  TEXT
);
CREATE INDEX audit_log_by_object ON audit_log (object_type, object_id);
CREATE INDEX audit_log_by_action ON audit_log (action, at);

-- The audit log is append-only: the database itself refuses to change or remove an entry.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
