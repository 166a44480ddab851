//! Cycle-wide reads for the coordinators' dashboards: one query each over every agency, so a
//! province or the nation is read in a handful of statements, never one per agency.

use crate::{Conn, DbError};
use sqlx::FromRow;

/// One OIT answer without its note.
#[derive(Debug, Clone, FromRow, PartialEq)]
pub struct AnswerFact {
    pub agency_id: i64,
    pub item_code: String,
    pub published: i64,
    /// JSON array of URLs.
    pub urls: String,
}

pub async fn oit_answers(conn: &mut Conn, cycle_id: i64) -> Result<Vec<AnswerFact>, DbError> {
    Ok(sqlx::query_as(
        "SELECT agency_id, item_code, published, urls FROM oit_answers WHERE cycle_id = $1",
    )
    .bind(cycle_id)
    .fetch_all(conn)
    .await?)
}

/// (agency id, item code, url, outcome) of every stored evidence check.
pub async fn link_outcomes(
    conn: &mut Conn,
    cycle_id: i64,
) -> Result<Vec<(i64, String, String, String)>, DbError> {
    Ok(sqlx::query_as(
        "SELECT agency_id, item_code, url, outcome FROM oit_link_checks WHERE cycle_id = $1",
    )
    .bind(cycle_id)
    .fetch_all(conn)
    .await?)
}

/// (agency id, active users) of every agency with at least one active user.
pub async fn agency_user_counts(conn: &mut Conn) -> Result<Vec<(i64, i64)>, DbError> {
    Ok(sqlx::query_as(
        "SELECT agency_id, COUNT(*) FROM users WHERE agency_id IS NOT NULL AND active = 1 \
         GROUP BY agency_id",
    )
    .fetch_all(conn)
    .await?)
}
