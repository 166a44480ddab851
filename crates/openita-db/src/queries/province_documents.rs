//! `province_documents`: files a province sends its agencies, content in the row.

use crate::{Conn, DbError};
use sqlx::FromRow;

/// A document without its content (lists, audit snapshots).
#[derive(Debug, Clone, FromRow, PartialEq)]
pub struct DocumentRow {
    pub id: i64,
    pub cycle_id: i64,
    pub province_code: String,
    pub title: String,
    pub filename: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub uploaded_by: String,
    pub uploaded_at: String,
}

pub struct NewDocument<'a> {
    pub cycle_id: i64,
    pub province_code: &'a str,
    pub title: &'a str,
    pub filename: &'a str,
    pub content_type: &'a str,
    pub sha256: &'a str,
    pub content: &'a [u8],
    pub uploaded_by: &'a str,
    pub uploaded_at: &'a str,
}

const COLUMNS: &str = "id, cycle_id, province_code, title, filename, content_type, size_bytes, \
                       sha256, uploaded_by, uploaded_at";

pub async fn insert(conn: &mut Conn, d: &NewDocument<'_>) -> Result<DocumentRow, DbError> {
    let sql = format!(
        "INSERT INTO province_documents (cycle_id, province_code, title, filename, content_type, \
         size_bytes, sha256, content, uploaded_by, uploaded_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING {COLUMNS}"
    );
    let size = i64::try_from(d.content.len()).unwrap_or(i64::MAX);
    Ok(sqlx::query_as(&sql)
        .bind(d.cycle_id)
        .bind(d.province_code)
        .bind(d.title)
        .bind(d.filename)
        .bind(d.content_type)
        .bind(size)
        .bind(d.sha256)
        .bind(d.content)
        .bind(d.uploaded_by)
        .bind(d.uploaded_at)
        .fetch_one(conn)
        .await?)
}

/// The province's documents, newest first.
pub async fn list(
    conn: &mut Conn,
    cycle_id: i64,
    province_code: &str,
) -> Result<Vec<DocumentRow>, DbError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM province_documents WHERE cycle_id = $1 AND province_code = $2 \
         ORDER BY uploaded_at DESC, id DESC"
    );
    Ok(sqlx::query_as(&sql)
        .bind(cycle_id)
        .bind(province_code)
        .fetch_all(conn)
        .await?)
}

/// One document, only if it belongs to this cycle and province.
pub async fn get(
    conn: &mut Conn,
    cycle_id: i64,
    province_code: &str,
    id: i64,
) -> Result<Option<DocumentRow>, DbError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM province_documents WHERE id = $1 AND cycle_id = $2 \
         AND province_code = $3"
    );
    Ok(sqlx::query_as(&sql)
        .bind(id)
        .bind(cycle_id)
        .bind(province_code)
        .fetch_optional(conn)
        .await?)
}

pub async fn content(conn: &mut Conn, id: i64) -> Result<Option<Vec<u8>>, DbError> {
    Ok(
        sqlx::query_scalar("SELECT content FROM province_documents WHERE id = $1")
            .bind(id)
            .fetch_optional(conn)
            .await?,
    )
}

pub async fn delete(conn: &mut Conn, id: i64) -> Result<(), DbError> {
    sqlx::query("DELETE FROM province_documents WHERE id = $1")
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}
