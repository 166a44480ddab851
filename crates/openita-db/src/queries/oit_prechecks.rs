//! `oit_prechecks`: the province committee's item-by-item pre-check of OIT answers.

use crate::{Conn, DbError};
use sqlx::FromRow;

#[derive(Debug, Clone, FromRow, PartialEq, serde::Serialize)]
pub struct PrecheckRow {
    pub agency_id: i64,
    pub item_code: String,
    /// `checked` or `needs_work`.
    pub status: String,
    pub note: String,
    pub checked_by: String,
    pub checked_at: String,
}

const COLUMNS: &str = "agency_id, item_code, status, note, checked_by, checked_at";

pub async fn of_agency(
    conn: &mut Conn,
    cycle_id: i64,
    agency_id: i64,
) -> Result<Vec<PrecheckRow>, DbError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM oit_prechecks WHERE cycle_id = $1 AND agency_id = $2 \
         ORDER BY item_code"
    );
    Ok(sqlx::query_as(&sql)
        .bind(cycle_id)
        .bind(agency_id)
        .fetch_all(conn)
        .await?)
}

/// Every agency's pre-check of one item (or of every item when `item` is None).
pub async fn of_cycle(
    conn: &mut Conn,
    cycle_id: i64,
    item: Option<&str>,
) -> Result<Vec<PrecheckRow>, DbError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM oit_prechecks WHERE cycle_id = $1 AND ($2 IS NULL OR item_code = $2)"
    );
    Ok(sqlx::query_as(&sql)
        .bind(cycle_id)
        .bind(item)
        .fetch_all(conn)
        .await?)
}

pub async fn set(conn: &mut Conn, cycle_id: i64, r: &PrecheckRow) -> Result<(), DbError> {
    sqlx::query(
        "INSERT INTO oit_prechecks (cycle_id, agency_id, item_code, status, note, checked_by, \
         checked_at) VALUES ($1, $2, $3, $4, $5, $6, $7) \
         ON CONFLICT (cycle_id, agency_id, item_code) DO UPDATE SET status = excluded.status, \
         note = excluded.note, checked_by = excluded.checked_by, checked_at = excluded.checked_at",
    )
    .bind(cycle_id)
    .bind(r.agency_id)
    .bind(&r.item_code)
    .bind(&r.status)
    .bind(&r.note)
    .bind(&r.checked_by)
    .bind(&r.checked_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// Every answer of one item in the cycle: (agency id, published, urls JSON, note).
pub async fn answers_of_item(
    conn: &mut Conn,
    cycle_id: i64,
    item: &str,
) -> Result<Vec<(i64, i64, String, String)>, DbError> {
    Ok(sqlx::query_as(
        "SELECT agency_id, published, urls, note FROM oit_answers \
         WHERE cycle_id = $1 AND item_code = $2",
    )
    .bind(cycle_id)
    .bind(item)
    .fetch_all(conn)
    .await?)
}

/// Every evidence check of one item: (agency id, url, outcome, checked_at).
pub async fn checks_of_item(
    conn: &mut Conn,
    cycle_id: i64,
    item: &str,
) -> Result<Vec<(i64, String, String, String)>, DbError> {
    Ok(sqlx::query_as(
        "SELECT agency_id, url, outcome, checked_at FROM oit_link_checks \
         WHERE cycle_id = $1 AND item_code = $2",
    )
    .bind(cycle_id)
    .bind(item)
    .fetch_all(conn)
    .await?)
}
