//! `cycles` and `cycle_phases`: a fiscal year's assessment, its framework and its calendar.

use crate::{Conn, DbError};
use openita_types::FiscalYear;
use sqlx::FromRow;

#[derive(Debug, Clone, FromRow)]
pub struct CycleRow {
    pub id: i64,
    #[sqlx(try_from = "i64")]
    pub year: FiscalYear,
    pub framework_name: String,
    pub framework_fingerprint: String,
    pub opened_at: Option<String>,
    pub created_at: String,
}

#[derive(Debug, Clone, FromRow, PartialEq)]
pub struct PhaseRow {
    pub phase: String,
    pub starts_at: String,
    pub ends_at: String,
}

/// Every column but the framework text (tens of KB): the survey path reads the cycle on each
/// request and takes the parsed framework from a cache keyed by the fingerprint.
const COLUMNS: &str = "id, year, framework_name, framework_fingerprint, opened_at, created_at";

/// The stored framework definition of a cycle (JSON).
pub async fn framework_json(conn: &mut Conn, year: FiscalYear) -> Result<Option<String>, DbError> {
    Ok(
        sqlx::query_scalar("SELECT framework_json FROM cycles WHERE year = $1")
            .bind(i64::from(year))
            .fetch_optional(conn)
            .await?,
    )
}

pub async fn insert(
    conn: &mut Conn,
    year: FiscalYear,
    framework_name: &str,
    fingerprint: &str,
    framework_json: &str,
    now: &str,
) -> Result<CycleRow, DbError> {
    let sql = format!(
        "INSERT INTO cycles (year, framework_name, framework_fingerprint, framework_json, \
         created_at) VALUES ($1, $2, $3, $4, $5) RETURNING {COLUMNS}"
    );
    Ok(sqlx::query_as(&sql)
        .bind(i64::from(year))
        .bind(framework_name)
        .bind(fingerprint)
        .bind(framework_json)
        .bind(now)
        .fetch_one(conn)
        .await?)
}

pub async fn by_year(conn: &mut Conn, year: FiscalYear) -> Result<Option<CycleRow>, DbError> {
    let sql = format!("SELECT {COLUMNS} FROM cycles WHERE year = $1");
    Ok(sqlx::query_as(&sql)
        .bind(i64::from(year))
        .fetch_optional(conn)
        .await?)
}

pub async fn by_id(conn: &mut Conn, id: i64) -> Result<Option<CycleRow>, DbError> {
    let sql = format!("SELECT {COLUMNS} FROM cycles WHERE id = $1");
    Ok(sqlx::query_as(&sql).bind(id).fetch_optional(conn).await?)
}

pub async fn list(conn: &mut Conn) -> Result<Vec<CycleRow>, DbError> {
    let sql = format!("SELECT {COLUMNS} FROM cycles ORDER BY year DESC");
    Ok(sqlx::query_as(&sql).fetch_all(conn).await?)
}

pub async fn replace_framework(
    conn: &mut Conn,
    id: i64,
    framework_name: &str,
    fingerprint: &str,
    framework_json: &str,
) -> Result<(), DbError> {
    sqlx::query(
        "UPDATE cycles SET framework_name = $1, framework_fingerprint = $2, framework_json = $3 \
         WHERE id = $4",
    )
    .bind(framework_name)
    .bind(fingerprint)
    .bind(framework_json)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn set_opened(conn: &mut Conn, id: i64, now: &str) -> Result<(), DbError> {
    sqlx::query("UPDATE cycles SET opened_at = $1 WHERE id = $2 AND opened_at IS NULL")
        .bind(now)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn phases(conn: &mut Conn, cycle_id: i64) -> Result<Vec<PhaseRow>, DbError> {
    Ok(sqlx::query_as(
        "SELECT phase, starts_at, ends_at FROM cycle_phases WHERE cycle_id = $1 ORDER BY starts_at",
    )
    .bind(cycle_id)
    .fetch_all(conn)
    .await?)
}

pub async fn upsert_phase(conn: &mut Conn, cycle_id: i64, p: &PhaseRow) -> Result<(), DbError> {
    sqlx::query(
        "INSERT INTO cycle_phases (cycle_id, phase, starts_at, ends_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (cycle_id, phase) DO UPDATE SET starts_at = excluded.starts_at, \
         ends_at = excluded.ends_at",
    )
    .bind(cycle_id)
    .bind(&p.phase)
    .bind(&p.starts_at)
    .bind(&p.ends_at)
    .execute(conn)
    .await?;
    Ok(())
}
