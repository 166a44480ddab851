//! `headcounts`: staff with at least one year of service, entered and approved per cycle.

use crate::{Conn, DbError};
use sqlx::FromRow;

#[derive(Debug, Clone, FromRow, PartialEq, serde::Serialize)]
pub struct HeadcountRow {
    pub internal_staff: i64,
    pub entered_by: String,
    pub entered_at: String,
    pub approved_by: Option<String>,
    pub approved_at: Option<String>,
}

pub async fn get(
    conn: &mut Conn,
    cycle_id: i64,
    agency_id: i64,
) -> Result<Option<HeadcountRow>, DbError> {
    Ok(sqlx::query_as(
        "SELECT internal_staff, entered_by, entered_at, approved_by, approved_at FROM headcounts \
         WHERE cycle_id = $1 AND agency_id = $2",
    )
    .bind(cycle_id)
    .bind(agency_id)
    .fetch_optional(conn)
    .await?)
}

/// Enters or changes the number; any change clears the approval.
pub async fn set(
    conn: &mut Conn,
    cycle_id: i64,
    agency_id: i64,
    internal_staff: i64,
    by: &str,
    now: &str,
) -> Result<(), DbError> {
    sqlx::query(
        "INSERT INTO headcounts (cycle_id, agency_id, internal_staff, entered_by, entered_at) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (cycle_id, agency_id) DO UPDATE SET \
         internal_staff = excluded.internal_staff, entered_by = excluded.entered_by, \
         entered_at = excluded.entered_at, approved_by = NULL, approved_at = NULL",
    )
    .bind(cycle_id)
    .bind(agency_id)
    .bind(internal_staff)
    .bind(by)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn approve(
    conn: &mut Conn,
    cycle_id: i64,
    agency_id: i64,
    by: &str,
    now: &str,
) -> Result<(), DbError> {
    sqlx::query("UPDATE headcounts SET approved_by = $1, approved_at = $2 WHERE cycle_id = $3 AND agency_id = $4")
        .bind(by)
        .bind(now)
        .bind(cycle_id)
        .bind(agency_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Every headcount of a cycle: (agency id, staff, approved).
pub async fn all(conn: &mut Conn, cycle_id: i64) -> Result<Vec<(i64, i64, bool)>, DbError> {
    let rows: Vec<(i64, i64, Option<String>)> = sqlx::query_as(
        "SELECT agency_id, internal_staff, approved_at FROM headcounts WHERE cycle_id = $1",
    )
    .bind(cycle_id)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(a, s, ap)| (a, s, ap.is_some()))
        .collect())
}
