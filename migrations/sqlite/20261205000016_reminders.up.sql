-- Reminders (issue 12): provinces chase the agencies that are behind by e-mail, now or on a
-- weekly schedule. The digests go through the notification outbox; these columns say which
-- cycle and area a message belongs to, so a coordinator can list what was sent.
ALTER TABLE notifications ADD COLUMN cycle_id INTEGER;
ALTER TABLE notifications ADD COLUMN province_code TEXT;
ALTER TABLE notifications ADD COLUMN district_code TEXT;
ALTER TABLE notifications ADD COLUMN agency_code TEXT;
CREATE INDEX notifications_area ON notifications (cycle_id, province_code, id);

-- A province's weekly reminder slot (weekday 1 = Monday .. 7 = Sunday, hour 0-23 Bangkok).
-- last_slot is the slot last sent ("2025-03-03T09"): a worker claims a slot by moving it with
-- a conditional UPDATE, so several workers send each slot once.
CREATE TABLE reminder_schedules (
    cycle_id      INTEGER NOT NULL REFERENCES cycles (id),
    province_code TEXT NOT NULL,
    weekday       INTEGER NOT NULL,
    hour          INTEGER NOT NULL,
    last_slot     TEXT,
    updated_by    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    PRIMARY KEY (cycle_id, province_code)
);

-- Every round of reminders, manual or scheduled: the guard against a double click reads the
-- manual ones, the weekly summary reports them.
CREATE TABLE reminder_runs (
    id            INTEGER PRIMARY KEY,
    cycle_id      INTEGER NOT NULL REFERENCES cycles (id),
    province_code TEXT NOT NULL,
    district_code TEXT,
    kind          TEXT NOT NULL,
    slot          TEXT,
    requested_by  TEXT NOT NULL,
    agencies      INTEGER NOT NULL,
    messages      INTEGER NOT NULL,
    created_at    TEXT NOT NULL
);
CREATE INDEX reminder_runs_area ON reminder_runs (cycle_id, province_code, created_at);

-- A user's choice about reminder mail (no row: reminders on).
CREATE TABLE notification_preferences (
    user_id    INTEGER PRIMARY KEY REFERENCES users (id),
    reminders  INTEGER NOT NULL,
    updated_at TEXT NOT NULL
);
