//! OIT answers, submission state, reviews and link checks.

use crate::{Conn, DbError};
use sqlx::FromRow;

#[derive(Debug, Clone, FromRow, PartialEq)]
pub struct SubmissionRow {
    pub state: String,
    pub submitted_by: Option<String>,
    pub submitted_at: Option<String>,
    pub approved_by: Option<String>,
    pub approved_at: Option<String>,
    /// Why the executive last sent the answers back, by whom, when.
    pub returned_reason: Option<String>,
    pub returned_by: Option<String>,
    pub returned_at: Option<String>,
}

/// Records why the executive sent the answers back (the agency's admin reads it).
pub async fn set_returned(
    conn: &mut Conn,
    cycle_id: i64,
    agency_id: i64,
    reason: &str,
    who: &str,
    at: &str,
) -> Result<(), DbError> {
    sqlx::query(
        "UPDATE oit_submissions SET returned_reason = $1, returned_by = $2, returned_at = $3 \
         WHERE cycle_id = $4 AND agency_id = $5",
    )
    .bind(reason)
    .bind(who)
    .bind(at)
    .bind(cycle_id)
    .bind(agency_id)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn submission(
    conn: &mut Conn,
    cycle_id: i64,
    agency_id: i64,
) -> Result<Option<SubmissionRow>, DbError> {
    Ok(sqlx::query_as(
        "SELECT state, submitted_by, submitted_at, approved_by, approved_at, returned_reason, \
         returned_by, returned_at FROM oit_submissions WHERE cycle_id = $1 AND agency_id = $2",
    )
    .bind(cycle_id)
    .bind(agency_id)
    .fetch_optional(conn)
    .await?)
}

/// Sets the state; `who`/`at` fill the submitted or approved columns for those states.
pub async fn set_state(
    conn: &mut Conn,
    cycle_id: i64,
    agency_id: i64,
    state: &str,
    who: &str,
    at: &str,
) -> Result<(), DbError> {
    sqlx::query(
        "INSERT INTO oit_submissions (cycle_id, agency_id, state) VALUES ($1, $2, $3) \
         ON CONFLICT (cycle_id, agency_id) DO UPDATE SET state = excluded.state",
    )
    .bind(cycle_id)
    .bind(agency_id)
    .bind(state)
    .execute(&mut *conn)
    .await?;
    let column = match state {
        "submitted" => Some(("submitted_by", "submitted_at")),
        "approved" => Some(("approved_by", "approved_at")),
        _ => None,
    };
    if let Some((by, at_col)) = column {
        let sql = format!(
            "UPDATE oit_submissions SET {by} = $1, {at_col} = $2 WHERE cycle_id = $3 AND agency_id = $4"
        );
        sqlx::query(&sql)
            .bind(who)
            .bind(at)
            .bind(cycle_id)
            .bind(agency_id)
            .execute(conn)
            .await?;
    }
    Ok(())
}

#[derive(Debug, Clone, FromRow, PartialEq)]
pub struct AnswerRow {
    pub item_code: String,
    pub published: i64,
    pub urls: String,
    pub note: String,
    pub updated_by: String,
    pub updated_at: String,
}

pub async fn answers(
    conn: &mut Conn,
    cycle_id: i64,
    agency_id: i64,
) -> Result<Vec<AnswerRow>, DbError> {
    Ok(sqlx::query_as(
        "SELECT item_code, published, urls, note, updated_by, updated_at FROM oit_answers \
         WHERE cycle_id = $1 AND agency_id = $2 ORDER BY item_code",
    )
    .bind(cycle_id)
    .bind(agency_id)
    .fetch_all(conn)
    .await?)
}

#[allow(clippy::too_many_arguments, reason = "one row's columns")]
pub async fn upsert_answer(
    conn: &mut Conn,
    cycle_id: i64,
    agency_id: i64,
    item_code: &str,
    published: bool,
    urls_json: &str,
    note: &str,
    by: &str,
    at: &str,
) -> Result<(), DbError> {
    sqlx::query(
        "INSERT INTO oit_answers (cycle_id, agency_id, item_code, published, urls, note, updated_by, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (cycle_id, agency_id, item_code) DO UPDATE SET \
         published = excluded.published, urls = excluded.urls, note = excluded.note, \
         updated_by = excluded.updated_by, updated_at = excluded.updated_at",
    )
    .bind(cycle_id)
    .bind(agency_id)
    .bind(item_code)
    .bind(i64::from(published))
    .bind(urls_json)
    .bind(note)
    .bind(by)
    .bind(at)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn answer_count(conn: &mut Conn, cycle_id: i64, agency_id: i64) -> Result<i64, DbError> {
    Ok(sqlx::query_scalar(
        "SELECT COUNT(*) FROM oit_answers WHERE cycle_id = $1 AND agency_id = $2",
    )
    .bind(cycle_id)
    .bind(agency_id)
    .fetch_one(conn)
    .await?)
}

#[derive(Debug, Clone, FromRow, PartialEq, Default)]
pub struct ReviewRow {
    pub item_code: String,
    pub provisional_score: Option<String>,
    pub provisional_reason: Option<String>,
    pub provisional_by: Option<String>,
    pub provisional_at: Option<String>,
    pub clarification: Option<String>,
    pub clarification_by: Option<String>,
    pub clarification_at: Option<String>,
    pub final_score: Option<String>,
    pub final_reason: Option<String>,
    pub final_by: Option<String>,
    pub final_at: Option<String>,
}

const REVIEW_COLUMNS: &str = "item_code, provisional_score, provisional_reason, provisional_by, provisional_at, \
    clarification, clarification_by, clarification_at, final_score, final_reason, final_by, final_at";

pub async fn reviews(
    conn: &mut Conn,
    cycle_id: i64,
    agency_id: i64,
) -> Result<Vec<ReviewRow>, DbError> {
    let sql = format!(
        "SELECT {REVIEW_COLUMNS} FROM oit_reviews WHERE cycle_id = $1 AND agency_id = $2 ORDER BY item_code"
    );
    Ok(sqlx::query_as(&sql)
        .bind(cycle_id)
        .bind(agency_id)
        .fetch_all(conn)
        .await?)
}

/// Sets one part of an item's review: `kind` is provisional, clarification or final.
#[allow(clippy::too_many_arguments, reason = "one review step's columns")]
pub async fn set_review(
    conn: &mut Conn,
    cycle_id: i64,
    agency_id: i64,
    item_code: &str,
    kind: ReviewStep,
    score: Option<&str>,
    text: &str,
    by: &str,
    at: &str,
) -> Result<(), DbError> {
    sqlx::query("INSERT INTO oit_reviews (cycle_id, agency_id, item_code) VALUES ($1, $2, $3) ON CONFLICT (cycle_id, agency_id, item_code) DO NOTHING")
        .bind(cycle_id)
        .bind(agency_id)
        .bind(item_code)
        .execute(&mut *conn)
        .await?;
    let sql = match kind {
        ReviewStep::Provisional => {
            "UPDATE oit_reviews SET provisional_score = $1, provisional_reason = $2, provisional_by = $3, provisional_at = $4 WHERE cycle_id = $5 AND agency_id = $6 AND item_code = $7"
        }
        ReviewStep::Clarification => {
            "UPDATE oit_reviews SET clarification = $2, clarification_by = $3, clarification_at = $4 WHERE cycle_id = $5 AND agency_id = $6 AND item_code = $7 AND ($1 IS NULL OR $1 IS NOT NULL)"
        }
        ReviewStep::Final => {
            "UPDATE oit_reviews SET final_score = $1, final_reason = $2, final_by = $3, final_at = $4 WHERE cycle_id = $5 AND agency_id = $6 AND item_code = $7"
        }
    };
    sqlx::query(sql)
        .bind(score)
        .bind(text)
        .bind(by)
        .bind(at)
        .bind(cycle_id)
        .bind(agency_id)
        .bind(item_code)
        .execute(conn)
        .await?;
    Ok(())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewStep {
    Provisional,
    Clarification,
    Final,
}

#[derive(Debug, Clone, FromRow, PartialEq)]
pub struct LinkCheckRow {
    pub item_code: String,
    pub url: String,
    pub checked_at: String,
    pub outcome: String,
    pub http_status: Option<i64>,
    pub final_url: Option<String>,
    pub content_type: Option<String>,
    pub size_bytes: Option<i64>,
    pub redirects: String,
    pub login_wall: i64,
    pub year_found: i64,
    pub detail: Option<String>,
}

pub async fn link_checks(
    conn: &mut Conn,
    cycle_id: i64,
    agency_id: i64,
) -> Result<Vec<LinkCheckRow>, DbError> {
    Ok(sqlx::query_as(
        "SELECT item_code, url, checked_at, outcome, http_status, final_url, content_type, size_bytes, redirects, \
         login_wall, year_found, detail FROM oit_link_checks WHERE cycle_id = $1 AND agency_id = $2 ORDER BY item_code, url",
    )
    .bind(cycle_id)
    .bind(agency_id)
    .fetch_all(conn)
    .await?)
}

pub async fn save_link_check(
    conn: &mut Conn,
    cycle_id: i64,
    agency_id: i64,
    r: &LinkCheckRow,
) -> Result<(), DbError> {
    sqlx::query(
        "INSERT INTO oit_link_checks (cycle_id, agency_id, item_code, url, checked_at, outcome, http_status, final_url, \
         content_type, size_bytes, redirects, login_wall, year_found, detail) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) \
         ON CONFLICT (cycle_id, agency_id, item_code, url) DO UPDATE SET checked_at = excluded.checked_at, \
         outcome = excluded.outcome, http_status = excluded.http_status, final_url = excluded.final_url, \
         content_type = excluded.content_type, size_bytes = excluded.size_bytes, redirects = excluded.redirects, \
         login_wall = excluded.login_wall, year_found = excluded.year_found, detail = excluded.detail",
    )
    .bind(cycle_id)
    .bind(agency_id)
    .bind(&r.item_code)
    .bind(&r.url)
    .bind(&r.checked_at)
    .bind(&r.outcome)
    .bind(r.http_status)
    .bind(&r.final_url)
    .bind(&r.content_type)
    .bind(r.size_bytes)
    .bind(&r.redirects)
    .bind(r.login_wall)
    .bind(r.year_found)
    .bind(&r.detail)
    .execute(conn)
    .await?;
    Ok(())
}

/// (agency id, state) for every agency with a submission in the cycle.
pub async fn states(conn: &mut Conn, cycle_id: i64) -> Result<Vec<(i64, String)>, DbError> {
    Ok(
        sqlx::query_as("SELECT agency_id, state FROM oit_submissions WHERE cycle_id = $1")
            .bind(cycle_id)
            .fetch_all(conn)
            .await?,
    )
}
