//! `settings`: server-wide values shared by every instance.

use crate::{Conn, DbError};

pub async fn get(conn: &mut Conn, name: &str) -> Result<Option<String>, DbError> {
    Ok(
        sqlx::query_scalar("SELECT value FROM settings WHERE name = $1")
            .bind(name)
            .fetch_optional(conn)
            .await?,
    )
}

/// Stores a value unless one exists; returns the value that is stored (first writer wins, so
/// instances starting together agree).
pub async fn get_or_insert(conn: &mut Conn, name: &str, value: &str) -> Result<String, DbError> {
    sqlx::query("INSERT INTO settings (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING")
        .bind(name)
        .bind(value)
        .execute(&mut *conn)
        .await?;
    Ok(get(conn, name).await?.unwrap_or_default())
}

/// Stores a value, replacing any.
pub async fn set(conn: &mut Conn, name: &str, value: &str) -> Result<(), DbError> {
    sqlx::query(
        "INSERT INTO settings (name, value) VALUES ($1, $2) \
         ON CONFLICT (name) DO UPDATE SET value = excluded.value",
    )
    .bind(name)
    .bind(value)
    .execute(conn)
    .await?;
    Ok(())
}
