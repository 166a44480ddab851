CREATE TABLE survey_tallies (
    cycle_id    BIGINT NOT NULL,
    agency_id   BIGINT NOT NULL,
    instrument  TEXT NOT NULL,
    question_id TEXT NOT NULL,
    level       BIGINT NOT NULL,
    answers     BIGINT NOT NULL,
    PRIMARY KEY (cycle_id, agency_id, instrument, question_id, level)
);

-- The packed texts of the counts rows and of the batches not yet folded, split back into
-- their entries (`question:level:answers`) and summed per key.
WITH packed (cycle_id, agency_id, instrument, levels) AS (
    SELECT CAST(split_part(grp, ' ', 1) AS BIGINT), CAST(split_part(grp, ' ', 2) AS BIGINT),
           split_part(grp, ' ', 3), split_part(grp, ' ', 4)
    FROM survey_level_deltas, regexp_split_to_table(entries, ';') AS grp
    WHERE grp <> ''
    UNION ALL
    SELECT cycle_id, agency_id, instrument, levels FROM survey_counts
)
INSERT INTO survey_tallies (cycle_id, agency_id, instrument, question_id, level, answers)
SELECT cycle_id, agency_id, instrument,
       split_part(entry, ':', 1), CAST(split_part(entry, ':', 2) AS BIGINT),
       SUM(CAST(split_part(entry, ':', 3) AS BIGINT))
FROM packed, regexp_split_to_table(levels, ',') AS entry
WHERE entry <> ''
GROUP BY 1, 2, 3, 4, 5;

DROP TABLE survey_level_deltas;
ALTER TABLE survey_counts DROP COLUMN levels;
