//! `jobs`: the background job queue. Claiming is the one place the engines need their own
//! SQL: PostgreSQL skips rows other instances have locked (`FOR UPDATE SKIP LOCKED`); SQLite
//! has one writer, so a conditional update is enough.

use crate::{Backend, Conn, DbError};
use sqlx::FromRow;

#[derive(Debug, Clone, FromRow, PartialEq)]
pub struct JobRow {
    pub id: i64,
    pub kind: String,
    pub payload: String,
    pub status: String,
    pub progress_done: i64,
    pub progress_total: i64,
    pub result: Option<String>,
    pub error: Option<String>,
    pub created_by: String,
    pub created_at: String,
    pub started_at: Option<String>,
    pub finished_at: Option<String>,
}

const COLUMNS: &str = "id, kind, payload, status, progress_done, progress_total, result, error, \
                       created_by, created_at, started_at, finished_at";

pub async fn enqueue(
    conn: &mut Conn,
    kind: &str,
    payload: &str,
    input: Option<&[u8]>,
    created_by: &str,
    now: &str,
) -> Result<JobRow, DbError> {
    let sql = format!(
        "INSERT INTO jobs (kind, payload, input, created_by, created_at) VALUES ($1, $2, $3, $4, $5) \
         RETURNING {COLUMNS}"
    );
    Ok(sqlx::query_as(&sql)
        .bind(kind)
        .bind(payload)
        .bind(input)
        .bind(created_by)
        .bind(now)
        .fetch_one(conn)
        .await?)
}

/// Takes the oldest queued job for this worker, if any.
pub async fn claim(
    conn: &mut Conn,
    backend: Backend,
    worker: &str,
    now: &str,
) -> Result<Option<JobRow>, DbError> {
    let pick = match backend {
        Backend::Postgres => {
            "SELECT id FROM jobs WHERE status = 'queued' ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED"
        }
        Backend::Sqlite => "SELECT id FROM jobs WHERE status = 'queued' ORDER BY id LIMIT 1",
    };
    let sql = format!(
        "UPDATE jobs SET status = 'running', claimed_by = $1, started_at = $2 \
         WHERE id = ({pick}) AND status = 'queued' RETURNING {COLUMNS}"
    );
    Ok(sqlx::query_as(&sql)
        .bind(worker)
        .bind(now)
        .fetch_optional(conn)
        .await?)
}

/// The uploaded file a job works on, if it has one.
pub async fn input(conn: &mut Conn, id: i64) -> Result<Option<Vec<u8>>, DbError> {
    Ok(sqlx::query_scalar("SELECT input FROM jobs WHERE id = $1")
        .bind(id)
        .fetch_optional(conn)
        .await?
        .flatten())
}

pub async fn progress(conn: &mut Conn, id: i64, done: i64, total: i64) -> Result<(), DbError> {
    sqlx::query("UPDATE jobs SET progress_done = $1, progress_total = $2 WHERE id = $3")
        .bind(done)
        .bind(total)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Records the end of a job; the input file is dropped, the result kept.
pub async fn finish(
    conn: &mut Conn,
    id: i64,
    outcome: Result<&str, &str>,
    now: &str,
) -> Result<(), DbError> {
    let (status, result, error) = match outcome {
        Ok(result) => ("done", Some(result), None),
        Err(error) => ("failed", None, Some(error)),
    };
    sqlx::query(
        "UPDATE jobs SET status = $1, result = $2, error = $3, finished_at = $4, input = NULL \
         WHERE id = $5",
    )
    .bind(status)
    .bind(result)
    .bind(error)
    .bind(now)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn by_id(conn: &mut Conn, id: i64) -> Result<Option<JobRow>, DbError> {
    let sql = format!("SELECT {COLUMNS} FROM jobs WHERE id = $1");
    Ok(sqlx::query_as(&sql).bind(id).fetch_optional(conn).await?)
}

/// Jobs left running by an instance that died are queued again at start.
pub async fn requeue_running(conn: &mut Conn, worker: &str) -> Result<u64, DbError> {
    Ok(sqlx::query("UPDATE jobs SET status = 'queued', claimed_by = NULL WHERE status = 'running' AND claimed_by = $1")
        .bind(worker)
        .execute(conn)
        .await?
        .rows_affected())
}

pub async fn count_unfinished(conn: &mut Conn) -> Result<i64, DbError> {
    Ok(
        sqlx::query_scalar("SELECT COUNT(*) FROM jobs WHERE status IN ('queued', 'running')")
            .fetch_one(conn)
            .await?,
    )
}
