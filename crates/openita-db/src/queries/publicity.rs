//! `agency_publicity`: where an agency published its survey links, one JSON list per cycle.

use crate::{Conn, DbError};
use sqlx::FromRow;

#[derive(Debug, Clone, FromRow, PartialEq)]
pub struct PublicityRow {
    /// JSON: `[{kind, url, note}]`.
    pub channels: String,
    pub updated_by: String,
    pub updated_at: String,
}

pub async fn get(
    conn: &mut Conn,
    cycle_id: i64,
    agency_id: i64,
) -> Result<Option<PublicityRow>, DbError> {
    Ok(sqlx::query_as(
        "SELECT channels, updated_by, updated_at FROM agency_publicity \
         WHERE cycle_id = $1 AND agency_id = $2",
    )
    .bind(cycle_id)
    .bind(agency_id)
    .fetch_optional(conn)
    .await?)
}

/// Replaces the agency's list.
pub async fn set(
    conn: &mut Conn,
    cycle_id: i64,
    agency_id: i64,
    channels: &str,
    by: &str,
    now: &str,
) -> Result<(), DbError> {
    sqlx::query(
        "INSERT INTO agency_publicity (cycle_id, agency_id, channels, updated_by, updated_at) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (cycle_id, agency_id) DO UPDATE SET \
         channels = excluded.channels, updated_by = excluded.updated_by, \
         updated_at = excluded.updated_at",
    )
    .bind(cycle_id)
    .bind(agency_id)
    .bind(channels)
    .bind(by)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// Every agency of a province that reported its channels for the cycle: (agency code, JSON
/// list), for the province's publicity form.
pub async fn in_province(
    conn: &mut Conn,
    cycle_id: i64,
    province_code: &str,
) -> Result<Vec<(String, String)>, DbError> {
    Ok(sqlx::query_as(
        "SELECT a.code, p.channels FROM agency_publicity p \
         JOIN agencies a ON a.id = p.agency_id \
         WHERE p.cycle_id = $1 AND a.province_code = $2 ORDER BY a.code",
    )
    .bind(cycle_id)
    .bind(province_code)
    .fetch_all(conn)
    .await?)
}
