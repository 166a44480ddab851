//! `login_failures`: recent failed sign-ins per username, for throttling guessing without
//! locking out everyone behind one office IP.

use crate::{Conn, DbError};

pub async fn record(conn: &mut Conn, username: &str, now: &str) -> Result<(), DbError> {
    sqlx::query("INSERT INTO login_failures (username, at) VALUES ($1, $2)")
        .bind(username)
        .bind(now)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn count_since(conn: &mut Conn, username: &str, since: &str) -> Result<i64, DbError> {
    Ok(
        sqlx::query_scalar("SELECT COUNT(*) FROM login_failures WHERE username = $1 AND at > $2")
            .bind(username)
            .bind(since)
            .fetch_one(conn)
            .await?,
    )
}

pub async fn clear(conn: &mut Conn, username: &str) -> Result<(), DbError> {
    sqlx::query("DELETE FROM login_failures WHERE username = $1")
        .bind(username)
        .execute(conn)
        .await?;
    Ok(())
}
