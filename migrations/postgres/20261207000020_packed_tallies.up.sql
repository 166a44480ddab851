-- The running tallies move into their agency's counts row: one text per agency and instrument,
-- `question:level:answers` entries joined by `,` (the form scoring already read them in).
-- A response used to upsert ~28 tally rows; now its batch adds one waiting row to
-- survey_level_deltas (its tallies for every agency it touched, under a random key), which a
-- fold moves into the counts rows every second or so (docs/ARCHITECTURE.md, "Survey write
-- path"). Framework identifiers never contain `:`, `,`, `;` or spaces.
ALTER TABLE survey_counts ADD COLUMN levels TEXT NOT NULL DEFAULT '';

-- A tally whose counts row is missing (none should be: both were written in one
-- transaction) keeps its answers in a counts row of its own.
INSERT INTO survey_counts (cycle_id, agency_id, instrument, responses)
SELECT DISTINCT cycle_id, agency_id, instrument, 0 FROM survey_tallies t
WHERE NOT EXISTS (
    SELECT 1 FROM survey_counts c
    WHERE c.cycle_id = t.cycle_id AND c.agency_id = t.agency_id AND c.instrument = t.instrument
);

UPDATE survey_counts SET levels = COALESCE((
    SELECT string_agg(question_id || ':' || level || ':' || answers, ',' ORDER BY question_id, level)
    FROM survey_tallies t
    WHERE t.cycle_id = survey_counts.cycle_id
      AND t.agency_id = survey_counts.agency_id
      AND t.instrument = survey_counts.instrument
), '');

DROP TABLE survey_tallies;

-- A batch's tallies until the next fold: `cycle agency instrument entries` per agency and
-- instrument, joined by `;`. No time, and a random key: nothing orders them.
CREATE TABLE survey_level_deltas (
    id      TEXT PRIMARY KEY,
    entries TEXT NOT NULL
);
