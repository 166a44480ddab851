-- A province's yearly drive: the activities of its ITA plan (what, when, who, how far) and
-- its own deadlines for its agencies ("OIT on the websites by 31 March"), beside the
-- national calendar. Both belong to one cycle and one province (its DOPA code); dates are
-- ISO text ('2025-03-31'), times RFC 3339 UTC text, as everywhere.
CREATE TABLE province_plan_activities (
    id            INTEGER PRIMARY KEY,
    cycle_id      INTEGER NOT NULL REFERENCES cycles (id) ON DELETE CASCADE,
    province_code TEXT NOT NULL,
    title         TEXT NOT NULL,
    start_date    TEXT NOT NULL,
    end_date      TEXT NOT NULL,
    responsible   TEXT NOT NULL,
    status        TEXT NOT NULL,
    note          TEXT,
    updated_by    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE INDEX province_plan_by_cycle ON province_plan_activities (cycle_id, province_code, start_date);

CREATE TABLE province_deadlines (
    cycle_id      INTEGER NOT NULL REFERENCES cycles (id) ON DELETE CASCADE,
    province_code TEXT NOT NULL,
    position      INTEGER NOT NULL,
    label_th      TEXT NOT NULL,
    label_en      TEXT,
    due_date      TEXT NOT NULL,
    PRIMARY KEY (cycle_id, province_code, position)
);
