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
