//! `sessions`: browser and API sessions, kept in the database so that any instance behind a
//! load balancer can serve any request. Only the token's SHA-256 is stored.

use crate::{Conn, DbError};
use sqlx::FromRow;

#[derive(Debug, Clone, FromRow)]
pub struct SessionRow {
    pub token_hash: String,
    pub user_id: i64,
    pub kind: String,
    pub csrf_token: String,
    pub created_at: String,
    pub expires_at: String,
}

pub async fn insert(conn: &mut Conn, s: &SessionRow) -> Result<(), DbError> {
    sqlx::query(
        "INSERT INTO sessions (token_hash, user_id, kind, csrf_token, created_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&s.token_hash)
    .bind(s.user_id)
    .bind(&s.kind)
    .bind(&s.csrf_token)
    .bind(&s.created_at)
    .bind(&s.expires_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// The live session for a token hash (not expired at `now`).
pub async fn live(
    conn: &mut Conn,
    token_hash: &str,
    now: &str,
) -> Result<Option<SessionRow>, DbError> {
    Ok(sqlx::query_as(
        "SELECT token_hash, user_id, kind, csrf_token, created_at, expires_at FROM sessions \
         WHERE token_hash = $1 AND expires_at > $2",
    )
    .bind(token_hash)
    .bind(now)
    .fetch_optional(conn)
    .await?)
}

pub async fn delete(conn: &mut Conn, token_hash: &str) -> Result<(), DbError> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(token_hash)
        .execute(conn)
        .await?;
    Ok(())
}

/// Ends every session of a user except one (after a password change, keep the current one).
pub async fn delete_for_user_except(
    conn: &mut Conn,
    user_id: i64,
    keep_token_hash: &str,
) -> Result<u64, DbError> {
    Ok(
        sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2")
            .bind(user_id)
            .bind(keep_token_hash)
            .execute(conn)
            .await?
            .rows_affected(),
    )
}

pub async fn delete_expired(conn: &mut Conn, now: &str) -> Result<u64, DbError> {
    Ok(sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
        .bind(now)
        .execute(conn)
        .await?
        .rows_affected())
}
