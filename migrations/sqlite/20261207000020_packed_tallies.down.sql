CREATE TABLE survey_tallies (
    cycle_id    INTEGER NOT NULL,
    agency_id   INTEGER NOT NULL,
    instrument  TEXT NOT NULL,
    question_id TEXT NOT NULL,
    level       INTEGER NOT NULL,
    answers     INTEGER NOT NULL,
    PRIMARY KEY (cycle_id, agency_id, instrument, question_id, level)
) WITHOUT ROWID;

-- The packed texts of the counts rows and of the batches not yet folded, split back into
-- their entries (`question:level:answers`) and summed per key.
WITH RECURSIVE waiting (grp, rest) AS (
    SELECT '', entries || ';' FROM survey_level_deltas
    UNION ALL
    SELECT substr(rest, 1, instr(rest, ';') - 1), substr(rest, instr(rest, ';') + 1)
    FROM waiting WHERE rest <> ''
), cycle_split (cycle_id, tail) AS (
    SELECT CAST(substr(grp, 1, instr(grp, ' ') - 1) AS INTEGER), substr(grp, instr(grp, ' ') + 1)
    FROM waiting WHERE grp <> ''
), agency_split (cycle_id, agency_id, tail) AS (
    SELECT cycle_id, CAST(substr(tail, 1, instr(tail, ' ') - 1) AS INTEGER),
           substr(tail, instr(tail, ' ') + 1)
    FROM cycle_split
), packed (cycle_id, agency_id, instrument, levels) AS (
    SELECT cycle_id, agency_id, substr(tail, 1, instr(tail, ' ') - 1),
           substr(tail, instr(tail, ' ') + 1)
    FROM agency_split
    UNION ALL
    SELECT cycle_id, agency_id, instrument, levels FROM survey_counts
), entries (cycle_id, agency_id, instrument, entry, rest) AS (
    SELECT cycle_id, agency_id, instrument, '', levels || ',' FROM packed
    UNION ALL
    SELECT cycle_id, agency_id, instrument,
           substr(rest, 1, instr(rest, ',') - 1), substr(rest, instr(rest, ',') + 1)
    FROM entries WHERE rest <> ''
), parts (cycle_id, agency_id, instrument, question_id, tail) AS (
    SELECT cycle_id, agency_id, instrument,
           substr(entry, 1, instr(entry, ':') - 1), substr(entry, instr(entry, ':') + 1)
    FROM entries WHERE entry <> ''
)
INSERT INTO survey_tallies (cycle_id, agency_id, instrument, question_id, level, answers)
SELECT cycle_id, agency_id, instrument, question_id,
       CAST(substr(tail, 1, instr(tail, ':') - 1) AS INTEGER),
       SUM(CAST(substr(tail, instr(tail, ':') + 1) AS INTEGER))
FROM parts
GROUP BY 1, 2, 3, 4, 5;

DROP TABLE survey_level_deltas;
ALTER TABLE survey_counts DROP COLUMN levels;
