//! `notifications`: the e-mail outbox. Rows are written inside the transaction of the state
//! change they announce and sent later by the worker.

use crate::{Conn, DbError};
use sqlx::FromRow;

#[derive(Debug, Clone, FromRow, PartialEq)]
pub struct NotificationRow {
    pub id: i64,
    pub event: String,
    pub username: String,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    pub link_path: String,
    pub created_at: String,
    pub attempts: i64,
    pub last_error: Option<String>,
    pub sent_at: Option<String>,
}

const COLUMNS: &str = "id, event, username, recipient, subject, body, link_path, created_at, attempts, last_error, \
     sent_at";

pub struct NewNotification<'a> {
    pub event: &'a str,
    pub username: &'a str,
    pub recipient: &'a str,
    pub subject: &'a str,
    pub body: &'a str,
    pub link_path: &'a str,
}

pub async fn insert(conn: &mut Conn, n: &NewNotification<'_>, now: &str) -> Result<(), DbError> {
    sqlx::query(
        "INSERT INTO notifications (event, username, recipient, subject, body, link_path, \
         created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(n.event)
    .bind(n.username)
    .bind(n.recipient)
    .bind(n.subject)
    .bind(n.body)
    .bind(n.link_path)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// Unsent messages that have not used up their attempts, oldest first.
pub async fn unsent(
    conn: &mut Conn,
    max_attempts: i64,
    limit: i64,
) -> Result<Vec<NotificationRow>, DbError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM notifications WHERE sent_at IS NULL AND attempts < $1 \
         ORDER BY id LIMIT $2"
    );
    Ok(sqlx::query_as(&sql)
        .bind(max_attempts)
        .bind(limit)
        .fetch_all(conn)
        .await?)
}

/// The newest messages, for the admin's outbox page and tests.
pub async fn recent(conn: &mut Conn, limit: i64) -> Result<Vec<NotificationRow>, DbError> {
    let sql = format!("SELECT {COLUMNS} FROM notifications ORDER BY id DESC LIMIT $1");
    Ok(sqlx::query_as(&sql).bind(limit).fetch_all(conn).await?)
}

pub async fn mark_sent(conn: &mut Conn, id: i64, now: &str) -> Result<(), DbError> {
    sqlx::query(
        "UPDATE notifications SET sent_at = $1, attempts = attempts + 1, last_error = NULL \
         WHERE id = $2",
    )
    .bind(now)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn mark_failed(conn: &mut Conn, id: i64, error: &str) -> Result<(), DbError> {
    sqlx::query("UPDATE notifications SET attempts = attempts + 1, last_error = $1 WHERE id = $2")
        .bind(error)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}
