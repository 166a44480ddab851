//! `audit_log`: append-only record of every state change. There is no update or delete here,
//! and database triggers refuse them from anywhere else.

use crate::{Conn, DbError};
use sqlx::FromRow;

#[derive(Debug, Clone, FromRow, PartialEq)]
pub struct AuditRow {
    pub id: i64,
    pub at: String,
    pub actor_id: Option<i64>,
    pub actor_name: String,
    pub action: String,
    pub object_type: String,
    pub object_id: String,
    pub before_json: Option<String>,
    pub after_json: Option<String>,
}

#[derive(Debug, Clone)]
pub struct NewAuditEntry<'a> {
    pub at: &'a str,
    pub actor_id: Option<i64>,
    pub actor_name: &'a str,
    pub action: &'a str,
    pub object_type: &'a str,
    pub object_id: &'a str,
    pub before_json: Option<String>,
    pub after_json: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub action: Option<String>,
    pub object_type: Option<String>,
    pub object_id: Option<String>,
    pub actor_name: Option<String>,
    /// Inclusive lower bound, db time text.
    pub from: Option<String>,
    /// Exclusive upper bound, db time text.
    pub until: Option<String>,
    pub limit: i64,
    pub offset: i64,
}

pub async fn append(conn: &mut Conn, e: &NewAuditEntry<'_>) -> Result<(), DbError> {
    sqlx::query(
        "INSERT INTO audit_log (at, actor_id, actor_name, action, object_type, object_id, \
         before_json, after_json) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(e.at)
    .bind(e.actor_id)
    .bind(e.actor_name)
    .bind(e.action)
    .bind(e.object_type)
    .bind(e.object_id)
    .bind(&e.before_json)
    .bind(&e.after_json)
    .execute(conn)
    .await?;
    Ok(())
}

const FILTER: &str = "WHERE ($1 IS NULL OR action = $1) AND ($2 IS NULL OR object_type = $2) \
    AND ($3 IS NULL OR object_id = $3) AND ($4 IS NULL OR actor_name = $4) \
    AND ($5 IS NULL OR at >= $5) AND ($6 IS NULL OR at < $6)";

/// Newest first.
pub async fn list(conn: &mut Conn, f: &AuditFilter) -> Result<Vec<AuditRow>, DbError> {
    let sql = format!(
        "SELECT id, at, actor_id, actor_name, action, object_type, object_id, before_json, \
         after_json FROM audit_log {FILTER} ORDER BY id DESC LIMIT $7 OFFSET $8"
    );
    Ok(sqlx::query_as(&sql)
        .bind(&f.action)
        .bind(&f.object_type)
        .bind(&f.object_id)
        .bind(&f.actor_name)
        .bind(&f.from)
        .bind(&f.until)
        .bind(f.limit)
        .bind(f.offset)
        .fetch_all(conn)
        .await?)
}

pub async fn count(conn: &mut Conn, f: &AuditFilter) -> Result<i64, DbError> {
    let sql = format!("SELECT COUNT(*) FROM audit_log {FILTER}");
    Ok(sqlx::query_scalar(&sql)
        .bind(&f.action)
        .bind(&f.object_type)
        .bind(&f.object_id)
        .bind(&f.actor_name)
        .bind(&f.from)
        .bind(&f.until)
        .fetch_one(conn)
        .await?)
}

/// The distinct actions recorded, for the filter menu.
pub async fn actions(conn: &mut Conn) -> Result<Vec<String>, DbError> {
    Ok(
        sqlx::query_scalar("SELECT DISTINCT action FROM audit_log ORDER BY action")
            .fetch_all(conn)
            .await?,
    )
}
