//! Writing a batch of survey responses in few statements: the rows in multi-row INSERTs, and
//! the running tallies and counts summed in memory first, so that a batch of N responses with
//! 28 answers each costs a handful of statements instead of 30 x N. This is the hot path of
//! deadline weeks (docs/benchmarks.md).

use super::surveys::NewResponse;
use crate::{Conn, DbError};
use std::collections::BTreeMap;

/// Rows per INSERT: 100 rows of 6 parameters. sqlx's SQLite binding looks parameters up by
/// name, a cost that grows with the square of the parameters in a statement (thousands per
/// statement spent most of the time in `sqlite3_bind_parameter_name`, benchmarks.md).
const ROWS_PER_STATEMENT: usize = 100;

/// "($1, $2, ...), ($7, ...)" for `rows` rows of `width` parameters.
fn placeholders(rows: usize, width: usize) -> String {
    (0..rows)
        .map(|r| {
            let cols: Vec<String> = (1..=width).map(|c| format!("${}", r * width + c)).collect();
            format!("({})", cols.join(", "))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

type TallyKey<'a> = (i64, i64, &'a str, &'a str, i64);
type CountKey<'a> = (i64, i64, &'a str);

/// Stores the responses and adds them to the running tallies and counts.
pub async fn insert_responses(conn: &mut Conn, responses: &[&NewResponse]) -> Result<(), DbError> {
    for chunk in responses.chunks(ROWS_PER_STATEMENT) {
        let sql = format!(
            "INSERT INTO survey_responses (id, cycle_id, agency_id, instrument, answers, \
             received_on) VALUES {}",
            placeholders(chunk.len(), 6)
        );
        let mut q = sqlx::query(&sql);
        for r in chunk {
            q = q
                .bind(&r.id)
                .bind(r.cycle_id)
                .bind(r.agency_id)
                .bind(r.instrument)
                .bind(&r.answers_json)
                .bind(&r.received_on);
        }
        q.execute(&mut *conn).await?;
    }
    let mut tallies: BTreeMap<TallyKey<'_>, i64> = BTreeMap::new();
    let mut counts: BTreeMap<CountKey<'_>, i64> = BTreeMap::new();
    for r in responses {
        *counts
            .entry((r.cycle_id, r.agency_id, r.instrument))
            .or_default() += 1;
        for (question, level) in &r.levels {
            *tallies
                .entry((r.cycle_id, r.agency_id, r.instrument, question, *level))
                .or_default() += 1;
        }
    }
    let tallies: Vec<_> = tallies.into_iter().collect();
    for chunk in tallies.chunks(ROWS_PER_STATEMENT) {
        let sql = format!(
            "INSERT INTO survey_tallies (cycle_id, agency_id, instrument, question_id, level, \
             answers) VALUES {} ON CONFLICT (cycle_id, agency_id, instrument, question_id, level) \
             DO UPDATE SET answers = survey_tallies.answers + excluded.answers",
            placeholders(chunk.len(), 6)
        );
        let mut q = sqlx::query(&sql);
        for ((cycle, agency, instrument, question, level), n) in chunk {
            q = q
                .bind(*cycle)
                .bind(*agency)
                .bind(*instrument)
                .bind(*question)
                .bind(*level)
                .bind(*n);
        }
        q.execute(&mut *conn).await?;
    }
    let counts: Vec<_> = counts.into_iter().collect();
    for chunk in counts.chunks(ROWS_PER_STATEMENT) {
        let sql = format!(
            "INSERT INTO survey_counts (cycle_id, agency_id, instrument, responses) VALUES {} \
             ON CONFLICT (cycle_id, agency_id, instrument) \
             DO UPDATE SET responses = survey_counts.responses + excluded.responses",
            placeholders(chunk.len(), 4)
        );
        let mut q = sqlx::query(&sql);
        for ((cycle, agency, instrument), n) in chunk {
            q = q.bind(*cycle).bind(*agency).bind(*instrument).bind(*n);
        }
        q.execute(&mut *conn).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn placeholders_number_every_parameter_once() {
        assert_eq!(super::placeholders(2, 3), "($1, $2, $3), ($4, $5, $6)");
    }
}
