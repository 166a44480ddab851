//! `assignments`: which assessor reviews which agency's OIT in a cycle.

use crate::{Conn, DbError};

/// Adds an assignment; assigning twice is not an error. Returns whether it was new.
pub async fn insert(
    conn: &mut Conn,
    cycle_id: i64,
    agency_id: i64,
    assessor_id: i64,
    now: &str,
) -> Result<bool, DbError> {
    let done = sqlx::query(
        "INSERT INTO assignments (cycle_id, agency_id, assessor_id, created_at) \
         VALUES ($1, $2, $3, $4) ON CONFLICT (cycle_id, agency_id, assessor_id) DO NOTHING",
    )
    .bind(cycle_id)
    .bind(agency_id)
    .bind(assessor_id)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Codes of the agencies an assessor is assigned in a cycle.
pub async fn agency_codes_of(
    conn: &mut Conn,
    cycle_id: i64,
    assessor_id: i64,
) -> Result<Vec<String>, DbError> {
    Ok(sqlx::query_scalar(
        "SELECT a.code FROM assignments s JOIN agencies a ON a.id = s.agency_id \
         WHERE s.cycle_id = $1 AND s.assessor_id = $2 ORDER BY a.code",
    )
    .bind(cycle_id)
    .bind(assessor_id)
    .fetch_all(conn)
    .await?)
}

pub async fn is_assigned(
    conn: &mut Conn,
    cycle_id: i64,
    agency_id: i64,
    assessor_id: i64,
) -> Result<bool, DbError> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM assignments WHERE cycle_id = $1 AND agency_id = $2 \
         AND assessor_id = $3",
    )
    .bind(cycle_id)
    .bind(agency_id)
    .bind(assessor_id)
    .fetch_one(conn)
    .await?;
    Ok(n > 0)
}
