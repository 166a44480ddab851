//! `province_targets`: what a province aims at in a year (share passing, mean score).

use crate::{Conn, DbError};
use sqlx::FromRow;

#[derive(Debug, Clone, FromRow, PartialEq, serde::Serialize)]
pub struct TargetRow {
    pub province_code: String,
    /// Percent of agencies passing, as an exact decimal ("100").
    pub pass_rate: Option<String>,
    /// Mean total, as an exact decimal ("89").
    pub mean: Option<String>,
    pub updated_by: String,
    pub updated_at: String,
}

const COLUMNS: &str = "province_code, pass_rate, mean, updated_by, updated_at";

pub async fn get(
    conn: &mut Conn,
    cycle_id: i64,
    province: &str,
) -> Result<Option<TargetRow>, DbError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM province_targets WHERE cycle_id = $1 AND province_code = $2"
    );
    Ok(sqlx::query_as(&sql)
        .bind(cycle_id)
        .bind(province)
        .fetch_optional(conn)
        .await?)
}

pub async fn all(conn: &mut Conn, cycle_id: i64) -> Result<Vec<TargetRow>, DbError> {
    let sql = format!("SELECT {COLUMNS} FROM province_targets WHERE cycle_id = $1");
    Ok(sqlx::query_as(&sql).bind(cycle_id).fetch_all(conn).await?)
}

pub async fn set(conn: &mut Conn, cycle_id: i64, t: &TargetRow) -> Result<(), DbError> {
    sqlx::query(
        "INSERT INTO province_targets (cycle_id, province_code, pass_rate, mean, updated_by, \
         updated_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (cycle_id, province_code) \
         DO UPDATE SET pass_rate = excluded.pass_rate, mean = excluded.mean, \
         updated_by = excluded.updated_by, updated_at = excluded.updated_at",
    )
    .bind(cycle_id)
    .bind(&t.province_code)
    .bind(&t.pass_rate)
    .bind(&t.mean)
    .bind(&t.updated_by)
    .bind(&t.updated_at)
    .execute(conn)
    .await?;
    Ok(())
}
