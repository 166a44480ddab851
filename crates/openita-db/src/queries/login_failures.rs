//! `login_failures`: recent failed sign-ins (and wrong current passwords on a password change),
//! per username and client key (a keyed hash of the client's address, made by the core), for
//! throttling guessing without letting one address lock a user out of every other.

use crate::{Conn, DbError};

pub async fn record(
    conn: &mut Conn,
    username: &str,
    client_key: &str,
    now: &str,
) -> Result<(), DbError> {
    sqlx::query("INSERT INTO login_failures (username, client_key, at) VALUES ($1, $2, $3)")
        .bind(username)
        .bind(client_key)
        .bind(now)
        .execute(conn)
        .await?;
    Ok(())
}

/// How many failures one (username, client) pair has had after `since`, and the latest.
pub async fn pair_since(
    conn: &mut Conn,
    username: &str,
    client_key: &str,
    since: &str,
) -> Result<(i64, Option<String>), DbError> {
    Ok(sqlx::query_as(
        "SELECT COUNT(*), MAX(at) FROM login_failures \
         WHERE username = $1 AND client_key = $2 AND at > $3",
    )
    .bind(username)
    .bind(client_key)
    .bind(since)
    .fetch_one(conn)
    .await?)
}

/// How many failures a username has had after `since`, from any client.
pub async fn user_count_since(
    conn: &mut Conn,
    username: &str,
    since: &str,
) -> Result<i64, DbError> {
    Ok(
        sqlx::query_scalar("SELECT COUNT(*) FROM login_failures WHERE username = $1 AND at > $2")
            .bind(username)
            .bind(since)
            .fetch_one(conn)
            .await?,
    )
}

/// The time of a username's failure after `since` at position `offset` (0 = the oldest).
pub async fn user_failure_at(
    conn: &mut Conn,
    username: &str,
    since: &str,
    offset: i64,
) -> Result<Option<String>, DbError> {
    Ok(sqlx::query_scalar(
        "SELECT at FROM login_failures WHERE username = $1 AND at > $2 \
         ORDER BY at LIMIT 1 OFFSET $3",
    )
    .bind(username)
    .bind(since)
    .bind(offset)
    .fetch_optional(conn)
    .await?)
}

/// Forgets one pair's failures (after it signed in).
pub async fn clear_pair(conn: &mut Conn, username: &str, client_key: &str) -> Result<(), DbError> {
    sqlx::query("DELETE FROM login_failures WHERE username = $1 AND client_key = $2")
        .bind(username)
        .bind(client_key)
        .execute(conn)
        .await?;
    Ok(())
}

/// Deletes failures at or before `cutoff`; returns how many.
pub async fn prune(conn: &mut Conn, cutoff: &str) -> Result<u64, DbError> {
    Ok(sqlx::query("DELETE FROM login_failures WHERE at <= $1")
        .bind(cutoff)
        .execute(conn)
        .await?
        .rows_affected())
}
