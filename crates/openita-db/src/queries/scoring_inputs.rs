//! Whole-cycle reads for scoring the nation: the survey tallies (kept packed, one text per
//! agency and instrument) and the OIT scores of every agency (packed by the database into one
//! text per agency), and the raw responses packed by pages.
//!
//! Why packed: the nation has ~760,000 tallies and ~230,000 OIT rows. Through sqlx every
//! row is handed from the SQLite worker thread to the async task one at a time, which cost
//! ~5 s for the nation; the database joins them in ~0.4 s and ~25,000 rows cross over
//! (docs/benchmarks.md, "National results"). `string_agg` is in PostgreSQL and in SQLite
//! since 3.44. Framework identifiers never contain `:` or `,` (they are `A-Z a-z 0-9 _ - .`),
//! and the numbers are parsed from the right, so the separators cannot be confused.

use crate::queries::survey_writes::{Sums, add_packed, groups_of, pack};
use crate::{Conn, DbError};
use std::collections::BTreeMap;

/// One agency's tallies of one instrument: `question:level:answers` entries joined by `,`.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PackedTallies {
    pub agency_id: i64,
    pub instrument: String,
    pub entries: String,
}

/// One tally: answers at one level of one question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TallyEntry<'a> {
    pub question_id: &'a str,
    pub level: i64,
    pub answers: i64,
}

impl PackedTallies {
    pub fn entries(&self) -> impl Iterator<Item = Result<TallyEntry<'_>, DbError>> {
        tally_entries(&self.entries)
    }
}

/// The entries of a packed tallies text (`question:level:answers` joined by `,`), as stored
/// in `survey_counts.levels`.
pub(crate) fn tally_entries(packed: &str) -> impl Iterator<Item = Result<TallyEntry<'_>, DbError>> {
    split(packed).map(|entry| {
        let mut parts = entry.rsplitn(3, ':');
        let answers = parts.next().and_then(|a| a.parse().ok());
        let level = parts.next().and_then(|l| l.parse().ok());
        match (parts.next(), level, answers) {
            (Some(question_id), Some(level), Some(answers)) => Ok(TallyEntry {
                question_id,
                level,
                answers,
            }),
            _ => Err(malformed("survey_counts.levels", entry)),
        }
    })
}

/// Every tally of a cycle, packed per agency and instrument: the counts rows' texts with the
/// batches not yet folded into them added (`survey_writes::level_deltas`), read in one
/// statement so that a fold in between cannot count a batch twice or not at all.
pub async fn tallies(conn: &mut Conn, cycle_id: i64) -> Result<Vec<PackedTallies>, DbError> {
    let rows: Vec<PackedTallies> = sqlx::query_as(
        "SELECT agency_id, instrument, levels AS entries FROM survey_counts \
         WHERE cycle_id = $1 AND levels <> '' \
         UNION ALL SELECT -1, '', entries FROM survey_level_deltas",
    )
    .bind(cycle_id)
    .fetch_all(conn)
    .await?;
    let (batches, mut rows): (Vec<_>, Vec<_>) = rows.into_iter().partition(|r| r.agency_id == -1);
    if batches.is_empty() {
        return Ok(rows);
    }
    let mut waiting: BTreeMap<(i64, String), Sums> = BTreeMap::new();
    for batch in &batches {
        for group in groups_of(&batch.entries) {
            let (cycle, agency, instrument, entries) = group?;
            if cycle == cycle_id {
                add_packed(
                    waiting.entry((agency, instrument.to_string())).or_default(),
                    entries,
                )?;
            }
        }
    }
    for row in &mut rows {
        if let Some(mut sums) = waiting.remove(&(row.agency_id, row.instrument.clone())) {
            add_packed(&mut sums, &row.entries)?;
            row.entries = pack(&sums)?;
        }
    }
    for ((agency_id, instrument), sums) in waiting {
        rows.push(PackedTallies {
            agency_id,
            instrument,
            entries: pack(&sums)?,
        });
    }
    Ok(rows)
}

/// One agency's OIT scores: `item:final:provisional` entries joined by `,` (a score not yet
/// given is empty).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PackedOitScores {
    pub agency_id: i64,
    pub entries: String,
}

/// One item's scores, as stored (fraction texts).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OitScoreEntry<'a> {
    pub item_code: &'a str,
    pub final_score: Option<&'a str>,
    pub provisional_score: Option<&'a str>,
}

impl PackedOitScores {
    pub fn entries(&self) -> impl Iterator<Item = Result<OitScoreEntry<'_>, DbError>> {
        split(&self.entries).map(|entry| {
            let mut parts = entry.rsplitn(3, ':');
            let provisional = parts.next();
            let final_score = parts.next();
            match (parts.next(), final_score, provisional) {
                (Some(item_code), Some(f), Some(p)) => Ok(OitScoreEntry {
                    item_code,
                    final_score: given(f),
                    provisional_score: given(p),
                }),
                _ => Err(malformed("oit_reviews", entry)),
            }
        })
    }
}

/// Every OIT review's scores of a cycle, packed per agency.
pub async fn oit_scores(conn: &mut Conn, cycle_id: i64) -> Result<Vec<PackedOitScores>, DbError> {
    Ok(sqlx::query_as(
        "SELECT agency_id, string_agg(item_code || ':' || COALESCE(final_score, '') || ':' || \
         COALESCE(provisional_score, ''), ',') AS entries FROM oit_reviews WHERE cycle_id = $1 \
         GROUP BY agency_id",
    )
    .bind(cycle_id)
    .fetch_all(conn)
    .await?)
}

/// One page of raw responses in key order, packed: `agency_id:instrument:answers` records
/// joined by [`RECORD_SEPARATOR`] (a character valid JSON never holds raw), and the page's
/// last key to ask for the next page.
#[derive(Debug, Clone)]
pub struct PackedResponses {
    pub last_id: String,
    pub records: String,
}

/// Joins the records of a [`PackedResponses`].
pub const RECORD_SEPARATOR: char = '\u{1e}';

/// One stored response of a [`PackedResponses`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResponseRecord<'a> {
    pub agency_id: i64,
    pub instrument: &'a str,
    /// The JSON object of levels by question id, as stored.
    pub answers: &'a str,
}

impl PackedResponses {
    pub fn records(&self) -> impl Iterator<Item = Result<ResponseRecord<'_>, DbError>> {
        self.records.split(RECORD_SEPARATOR).map(|record| {
            let mut parts = record.splitn(3, ':');
            let agency_id = parts.next().and_then(|a| a.parse().ok());
            match (agency_id, parts.next(), parts.next()) {
                (Some(agency_id), Some(instrument), Some(answers)) => Ok(ResponseRecord {
                    agency_id,
                    instrument,
                    answers,
                }),
                _ => Err(malformed("survey_responses", record)),
            }
        })
    }
}

/// The page of up to `limit` responses after key `after_id` (keyset pagination in key order,
/// random, so it says nothing about arrival), packed into one row; `None` after the last.
/// For the full recompute: 1.35 million responses cross from the database in ~135 rows.
pub async fn responses_after(
    conn: &mut Conn,
    cycle_id: i64,
    after_id: &str,
    limit: i64,
) -> Result<Option<PackedResponses>, DbError> {
    let row: (Option<String>, Option<String>) = sqlx::query_as(
        // `+cycle_id`: a range search on the primary key (see `surveys::responses_after`).
        "SELECT max(id), string_agg(CAST(agency_id AS TEXT) || ':' || instrument || ':' || \
         answers, $4) FROM (SELECT id, agency_id, instrument, answers FROM survey_responses \
         WHERE +cycle_id = $1 AND id > $2 ORDER BY id LIMIT $3) AS page",
    )
    .bind(cycle_id)
    .bind(after_id)
    .bind(limit)
    .bind(RECORD_SEPARATOR.to_string())
    .fetch_one(conn)
    .await?;
    Ok(match row {
        (Some(last_id), Some(records)) => Some(PackedResponses { last_id, records }),
        _ => None,
    })
}

fn given(score: &str) -> Option<&str> {
    (!score.is_empty()).then_some(score)
}

fn split(entries: &str) -> impl Iterator<Item = &str> {
    entries.split(',').filter(|e| !e.is_empty())
}

fn malformed(table: &str, entry: &str) -> DbError {
    DbError::Corrupt(format!("{table}: unreadable packed entry `{entry}`"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tallies_unpack_from_the_right() {
        let packed = PackedTallies {
            agency_id: 1,
            instrument: "IIT".into(),
            entries: "i1_1:1:3,i1_1:4:12,e.2-x:2:0".into(),
        };
        let got: Vec<_> = packed
            .entries()
            .collect::<Result<_, _>>()
            .unwrap_or_default();
        assert_eq!(got.len(), 3);
        assert_eq!(
            got[1],
            TallyEntry {
                question_id: "i1_1",
                level: 4,
                answers: 12
            }
        );
        assert_eq!(got[2].question_id, "e.2-x");
        let broken = PackedTallies {
            entries: "i1_1:x:3".into(),
            ..packed
        };
        assert!(broken.entries().next().is_some_and(|e| e.is_err()));
    }

    #[test]
    fn responses_unpack_with_colons_in_the_answers() {
        let packed = PackedResponses {
            last_id: "ff".into(),
            records: format!(
                "12:IIT:{{\"i1_1\":4}}{RECORD_SEPARATOR}7:EIT:{{\"e1_1\":1,\"e1_2\":2}}"
            ),
        };
        let got: Vec<_> = packed
            .records()
            .collect::<Result<_, _>>()
            .unwrap_or_default();
        assert_eq!(
            got,
            vec![
                ResponseRecord {
                    agency_id: 12,
                    instrument: "IIT",
                    answers: r#"{"i1_1":4}"#
                },
                ResponseRecord {
                    agency_id: 7,
                    instrument: "EIT",
                    answers: r#"{"e1_1":1,"e1_2":2}"#
                },
            ]
        );
    }

    #[test]
    fn oit_scores_unpack_with_missing_scores() {
        let packed = PackedOitScores {
            agency_id: 1,
            entries: "O1:100:0,O2::100/3,O3::".into(),
        };
        let got: Vec<_> = packed
            .entries()
            .collect::<Result<_, _>>()
            .unwrap_or_default();
        assert_eq!(
            got,
            vec![
                OitScoreEntry {
                    item_code: "O1",
                    final_score: Some("100"),
                    provisional_score: Some("0")
                },
                OitScoreEntry {
                    item_code: "O2",
                    final_score: None,
                    provisional_score: Some("100/3")
                },
                OitScoreEntry {
                    item_code: "O3",
                    final_score: None,
                    provisional_score: None
                },
            ]
        );
    }
}
