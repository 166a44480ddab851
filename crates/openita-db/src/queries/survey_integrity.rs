//! What the survey integrity flags read: per agency and instrument, the counts kept beside the
//! running tallies (`survey_counts`: repeated answer sets, all-best responses, busiest hour),
//! and the rebuilding of those counts from the raw responses (for responses stored before
//! the counts existed, and to prove them).

use crate::{Conn, DbError};
use sqlx::FromRow;

#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct IntegrityCountsRow {
    pub agency_id: i64,
    pub agency_type: String,
    pub instrument: String,
    pub responses: i64,
    pub repeated: i64,
    pub all_best: i64,
    pub peak_hour: i64,
}

/// The counts of every agency of the cycle that has responses.
pub async fn counts(conn: &mut Conn, cycle_id: i64) -> Result<Vec<IntegrityCountsRow>, DbError> {
    Ok(sqlx::query_as(
        "SELECT c.agency_id, a.agency_type, c.instrument, c.responses, c.repeated, c.all_best, \
         c.peak_hour FROM survey_counts c JOIN agencies a ON a.id = c.agency_id \
         WHERE c.cycle_id = $1 \
         ORDER BY c.agency_id, c.instrument",
    )
    .bind(cycle_id)
    .fetch_all(conn)
    .await?)
}

/// One answer set's count, for rebuilding `survey_answer_sets`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswerSetCount {
    pub agency_id: i64,
    pub instrument: String,
    pub set_hash: String,
    pub responses: i64,
}

/// Replaces the cycle's answer-set counts, and sets `repeated` and `all_best` of each agency's
/// instrument to the given values (rebuilt from the raw responses). The busiest hour cannot be
/// rebuilt (responses keep the day only) and is left as it is.
pub async fn replace_rebuilt_counts(
    conn: &mut Conn,
    cycle_id: i64,
    sets: &[AnswerSetCount],
    per_group: &[(i64, String, i64, i64)],
) -> Result<(), DbError> {
    sqlx::query("DELETE FROM survey_answer_sets WHERE cycle_id = $1")
        .bind(cycle_id)
        .execute(&mut *conn)
        .await?;
    for chunk in sets.chunks(100) {
        let values: Vec<String> = (0..chunk.len())
            .map(|i| {
                let b = i * 5;
                format!(
                    "(${}, ${}, ${}, ${}, ${})",
                    b + 1,
                    b + 2,
                    b + 3,
                    b + 4,
                    b + 5
                )
            })
            .collect();
        let sql = format!(
            "INSERT INTO survey_answer_sets (cycle_id, agency_id, instrument, set_hash, \
             responses) VALUES {}",
            values.join(", ")
        );
        let mut q = sqlx::query(&sql);
        for s in chunk {
            q = q
                .bind(cycle_id)
                .bind(s.agency_id)
                .bind(&s.instrument)
                .bind(&s.set_hash)
                .bind(s.responses);
        }
        q.execute(&mut *conn).await?;
    }
    for (agency_id, instrument, repeated, all_best) in per_group {
        sqlx::query(
            "UPDATE survey_counts SET repeated = $1, all_best = $2 \
             WHERE cycle_id = $3 AND agency_id = $4 AND instrument = $5",
        )
        .bind(*repeated)
        .bind(*all_best)
        .bind(cycle_id)
        .bind(*agency_id)
        .bind(instrument)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// The cycles that have stored responses.
pub async fn cycles_with_responses(conn: &mut Conn) -> Result<Vec<i64>, DbError> {
    Ok(
        sqlx::query_scalar("SELECT DISTINCT cycle_id FROM survey_counts ORDER BY cycle_id")
            .fetch_all(conn)
            .await?,
    )
}

/// Holds off survey writes until the transaction ends, so that counts rebuilt from the raw
/// responses inside it miss nothing. SQLite's write transaction already excludes every other
/// writer; PostgreSQL needs a lock on the tables the writer adds to.
pub async fn lock_for_rebuild(conn: &mut Conn, backend: crate::Backend) -> Result<(), DbError> {
    if backend == crate::Backend::Postgres {
        sqlx::query("LOCK TABLE survey_counts, survey_answer_sets IN SHARE ROW EXCLUSIVE MODE")
            .execute(conn)
            .await?;
    }
    Ok(())
}
