//! Survey links, anonymous responses and their running tallies.

use crate::{Conn, DbError};
use sqlx::FromRow;

#[derive(Debug, Clone, FromRow, PartialEq)]
pub struct LinkRow {
    pub id: i64,
    pub cycle_id: i64,
    pub agency_id: i64,
    pub instrument: String,
    pub token: String,
    pub created_at: String,
    pub closed_at: Option<String>,
}

const LINK_COLUMNS: &str = "id, cycle_id, agency_id, instrument, token, created_at, closed_at";

pub async fn open_link(
    conn: &mut Conn,
    cycle_id: i64,
    agency_id: i64,
    instrument: &str,
) -> Result<Option<LinkRow>, DbError> {
    let sql = format!(
        "SELECT {LINK_COLUMNS} FROM survey_links WHERE cycle_id = $1 AND agency_id = $2 \
         AND instrument = $3 AND closed_at IS NULL"
    );
    Ok(sqlx::query_as(&sql)
        .bind(cycle_id)
        .bind(agency_id)
        .bind(instrument)
        .fetch_optional(conn)
        .await?)
}

pub async fn link_by_token(conn: &mut Conn, token: &str) -> Result<Option<LinkRow>, DbError> {
    let sql = format!("SELECT {LINK_COLUMNS} FROM survey_links WHERE token = $1");
    Ok(sqlx::query_as(&sql)
        .bind(token)
        .fetch_optional(conn)
        .await?)
}

pub async fn insert_link(
    conn: &mut Conn,
    cycle_id: i64,
    agency_id: i64,
    instrument: &str,
    token: &str,
    now: &str,
) -> Result<LinkRow, DbError> {
    let sql = format!(
        "INSERT INTO survey_links (cycle_id, agency_id, instrument, token, created_at) \
         VALUES ($1, $2, $3, $4, $5) RETURNING {LINK_COLUMNS}"
    );
    Ok(sqlx::query_as(&sql)
        .bind(cycle_id)
        .bind(agency_id)
        .bind(instrument)
        .bind(token)
        .bind(now)
        .fetch_one(conn)
        .await?)
}

pub async fn close_links(
    conn: &mut Conn,
    cycle_id: i64,
    agency_id: i64,
    now: &str,
) -> Result<u64, DbError> {
    Ok(sqlx::query("UPDATE survey_links SET closed_at = $1 WHERE cycle_id = $2 AND agency_id = $3 AND closed_at IS NULL")
        .bind(now)
        .bind(cycle_id)
        .bind(agency_id)
        .execute(conn)
        .await?
        .rows_affected())
}

/// One accepted response, ready to store.
#[derive(Debug, Clone)]
pub struct NewResponse {
    pub id: String,
    pub cycle_id: i64,
    pub agency_id: i64,
    pub instrument: &'static str,
    pub answers_json: String,
    pub received_on: String,
    /// The hour it arrived (`YYYY-MM-DDTHH`, Bangkok): added to `survey_arrivals`, never
    /// stored with the response.
    pub received_hour: String,
    /// A hash of `answers_json`, to count answer sets given more than once.
    pub set_hash: String,
    /// Every answered question is at its best level.
    pub all_best: bool,
    /// (question id, level) for every answered question.
    pub levels: Vec<(String, i64)>,
    pub nonce_hash: String,
    pub nonce_expires_on: String,
}

/// Marks a nonce used; false when it was used before (the response must then be refused).
pub async fn use_nonce(
    conn: &mut Conn,
    nonce_hash: &str,
    expires_on: &str,
) -> Result<bool, DbError> {
    let done = sqlx::query("INSERT INTO used_nonces (nonce_hash, expires_on) VALUES ($1, $2) ON CONFLICT (nonce_hash) DO NOTHING")
        .bind(nonce_hash)
        .bind(expires_on)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Stores one response and adds it to the running tallies (see `survey_writes` for batches).
pub async fn insert_response(conn: &mut Conn, r: &NewResponse) -> Result<(), DbError> {
    super::survey_writes::insert_responses(conn, &[r]).await
}

/// Responses per agency and instrument in a cycle (one agency, or all when None).
pub async fn counts(
    conn: &mut Conn,
    cycle_id: i64,
    agency_id: Option<i64>,
) -> Result<Vec<(i64, String, i64)>, DbError> {
    Ok(sqlx::query_as(
        "SELECT agency_id, instrument, responses FROM survey_counts WHERE cycle_id = $1 \
         AND ($2 IS NULL OR agency_id = $2)",
    )
    .bind(cycle_id)
    .bind(agency_id)
    .fetch_all(conn)
    .await?)
}

#[derive(Debug, Clone, FromRow)]
pub struct ResponseRow {
    pub agency_id: i64,
    pub instrument: String,
    pub answers: String,
    pub received_on: String,
}

/// A page of raw responses, in key order (random, so it says nothing about arrival), for
/// exports and the full recompute. Keyset pagination: pass the last key seen.
pub async fn responses_after(
    conn: &mut Conn,
    cycle_id: i64,
    after_id: &str,
    limit: i64,
) -> Result<Vec<(String, ResponseRow)>, DbError> {
    let rows: Vec<(String, i64, String, String, String)> = sqlx::query_as(
        // `+cycle_id` keeps SQLite off the (cycle, agency) index: with it, each page visited
        // and sorted every response of the cycle (1.35 M rows nationally: ~580 s for a full
        // read); without it, a range search on the primary key (~12 s). See benchmarks.md.
        "SELECT id, agency_id, instrument, answers, received_on FROM survey_responses \
         WHERE +cycle_id = $1 AND id > $2 ORDER BY id LIMIT $3",
    )
    .bind(cycle_id)
    .bind(after_id)
    .bind(limit)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, agency_id, instrument, answers, received_on)| {
            (
                id,
                ResponseRow {
                    agency_id,
                    instrument,
                    answers,
                    received_on,
                },
            )
        })
        .collect())
}

pub async fn response_count(conn: &mut Conn, cycle_id: i64) -> Result<i64, DbError> {
    Ok(
        sqlx::query_scalar("SELECT COUNT(*) FROM survey_responses WHERE cycle_id = $1")
            .bind(cycle_id)
            .fetch_one(conn)
            .await?,
    )
}

pub async fn forget_expired_nonces(conn: &mut Conn, today: &str) -> Result<u64, DbError> {
    Ok(sqlx::query("DELETE FROM used_nonces WHERE expires_on < $1")
        .bind(today)
        .execute(conn)
        .await?
        .rows_affected())
}
