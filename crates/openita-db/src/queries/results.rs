//! `results` and `result_publications`.

use crate::{Conn, DbError};
use sqlx::FromRow;

#[derive(Debug, Clone)]
pub struct NewResult {
    pub agency_id: i64,
    pub framework_fingerprint: String,
    pub total: String,
    pub level: String,
    pub tier: String,
    pub pass: bool,
    pub fields_json: String,
    pub breakdown_json: String,
    pub inputs_json: String,
    pub digest_json: String,
}

pub async fn replace(
    conn: &mut Conn,
    cycle_id: i64,
    r: &NewResult,
    now: &str,
) -> Result<(), DbError> {
    sqlx::query(
        "INSERT INTO results (cycle_id, agency_id, computed_at, framework_fingerprint, total, level, tier, pass, \
         fields_json, breakdown_json, inputs_json, digest_json) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) \
         ON CONFLICT (cycle_id, agency_id) DO UPDATE SET computed_at = excluded.computed_at, \
         framework_fingerprint = excluded.framework_fingerprint, total = excluded.total, level = excluded.level, \
         tier = excluded.tier, pass = excluded.pass, fields_json = excluded.fields_json, \
         breakdown_json = excluded.breakdown_json, inputs_json = excluded.inputs_json, \
         digest_json = excluded.digest_json",
    )
    .bind(cycle_id)
    .bind(r.agency_id)
    .bind(now)
    .bind(&r.framework_fingerprint)
    .bind(&r.total)
    .bind(&r.level)
    .bind(&r.tier)
    .bind(i64::from(r.pass))
    .bind(&r.fields_json)
    .bind(&r.breakdown_json)
    .bind(&r.inputs_json)
    .bind(&r.digest_json)
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(Debug, Clone, FromRow)]
pub struct ResultRow {
    pub agency_id: i64,
    pub fields_json: String,
    /// The digest (see the migration `result_digests`); empty when not read or not stored.
    pub digest_json: String,
    /// The whole breakdown; empty unless read because the row has no digest.
    pub breakdown_json: String,
}

/// Every result of a cycle with its digest, or its breakdown when it has no digest yet
/// (computed before digests were stored).
pub async fn all_digests(conn: &mut Conn, cycle_id: i64) -> Result<Vec<ResultRow>, DbError> {
    Ok(sqlx::query_as(
        "SELECT agency_id, fields_json, COALESCE(digest_json, '') AS digest_json, \
         CASE WHEN digest_json IS NULL THEN breakdown_json ELSE '' END AS breakdown_json \
         FROM results WHERE cycle_id = $1",
    )
    .bind(cycle_id)
    .fetch_all(conn)
    .await?)
}

/// The same rows with only the published fields: lists and downloads need no more, and the
/// breakdowns are ~22 KB each (200 MB for the nation).
pub async fn all_fields(conn: &mut Conn, cycle_id: i64) -> Result<Vec<ResultRow>, DbError> {
    Ok(sqlx::query_as(
        "SELECT agency_id, fields_json, '' AS digest_json, '' AS breakdown_json FROM results \
         WHERE cycle_id = $1",
    )
    .bind(cycle_id)
    .fetch_all(conn)
    .await?)
}

/// One agency's breakdown alone (its report): the inputs beside it are as large again.
pub async fn breakdown_of(
    conn: &mut Conn,
    cycle_id: i64,
    agency_id: i64,
) -> Result<Option<String>, DbError> {
    Ok(sqlx::query_scalar(
        "SELECT breakdown_json FROM results WHERE cycle_id = $1 AND agency_id = $2",
    )
    .bind(cycle_id)
    .bind(agency_id)
    .fetch_optional(conn)
    .await?)
}

#[derive(Debug, Clone, FromRow, Default)]
pub struct PublicationRow {
    pub computed_at: Option<String>,
    pub computed_by: Option<String>,
    pub published_at: Option<String>,
    pub published_by: Option<String>,
}

pub async fn publication(conn: &mut Conn, cycle_id: i64) -> Result<PublicationRow, DbError> {
    Ok(sqlx::query_as("SELECT computed_at, computed_by, published_at, published_by FROM result_publications WHERE cycle_id = $1")
        .bind(cycle_id)
        .fetch_optional(conn)
        .await?
        .unwrap_or_default())
}

/// Records a finished computation (raising the results' version, see `result_versions`).
pub async fn set_computed(
    conn: &mut Conn,
    cycle_id: i64,
    by: &str,
    at: &str,
) -> Result<(), DbError> {
    sqlx::query(
        "INSERT INTO result_publications (cycle_id, computed_at, computed_by, version) VALUES ($1, $2, $3, 1) \
         ON CONFLICT (cycle_id) DO UPDATE SET computed_at = excluded.computed_at, computed_by = excluded.computed_by, \
         version = result_publications.version + 1",
    )
    .bind(cycle_id)
    .bind(at)
    .bind(by)
    .execute(conn)
    .await?;
    Ok(())
}

/// Publishes (`Some`) or reopens (`None`) a cycle's results (raising their version, see
/// `result_versions`).
pub async fn set_published(
    conn: &mut Conn,
    cycle_id: i64,
    by_at: Option<(&str, &str)>,
) -> Result<(), DbError> {
    sqlx::query(
        "UPDATE result_publications SET published_by = $1, published_at = $2, version = version + 1 \
         WHERE cycle_id = $3",
    )
    .bind(by_at.map(|b| b.0))
    .bind(by_at.map(|b| b.1))
    .bind(cycle_id)
    .execute(conn)
    .await?;
    Ok(())
}

/// One agency's results in every cycle before `year`: (year, fields_json, published?).
pub async fn earlier_of_agency(
    conn: &mut Conn,
    agency_id: i64,
    year: openita_types::FiscalYear,
) -> Result<Vec<(i64, String, bool)>, DbError> {
    let rows: Vec<(i64, String, Option<String>)> = sqlx::query_as(
        "SELECT c.year, r.fields_json, p.published_at FROM results r \
         JOIN cycles c ON c.id = r.cycle_id \
         LEFT JOIN result_publications p ON p.cycle_id = r.cycle_id \
         WHERE r.agency_id = $1 AND c.year < $2 ORDER BY c.year",
    )
    .bind(agency_id)
    .bind(i64::from(year))
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(y, f, p)| (y, f, p.is_some()))
        .collect())
}

/// For every agency with a stored result in the cycle: how many OIT items have a final score.
pub async fn final_oit_items(conn: &mut Conn, cycle_id: i64) -> Result<Vec<(i64, i64)>, DbError> {
    Ok(sqlx::query_as(
        "SELECT r.agency_id, COUNT(v.final_score) FROM results r \
         LEFT JOIN oit_reviews v ON v.cycle_id = r.cycle_id AND v.agency_id = r.agency_id \
         AND v.final_score IS NOT NULL \
         WHERE r.cycle_id = $1 GROUP BY r.agency_id",
    )
    .bind(cycle_id)
    .fetch_all(conn)
    .await?)
}
