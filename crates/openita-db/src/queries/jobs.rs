//! `jobs`: the background job queue. Claiming is the one place the engines need their own
//! SQL: PostgreSQL skips rows other instances have locked (`FOR UPDATE SKIP LOCKED`); SQLite
//! has one writer, so a conditional update is enough.
//!
//! A claimed job holds a lease (`lease_until`) that its worker renews while it runs; a running
//! job whose lease has run out belongs to a worker that died and is queued again, whoever
//! claimed it. A worker that lost its lease cannot record a finish over the new run.

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
    /// The user's id (none: the system, or queued before ids were kept).
    pub created_by_id: Option<i64>,
    pub created_at: String,
    pub started_at: Option<String>,
    pub finished_at: Option<String>,
    /// The worker running it (while `running`).
    pub claimed_by: Option<String>,
    /// Until when the running worker holds it, unless renewed.
    pub lease_until: Option<String>,
}

const COLUMNS: &str = "id, kind, payload, status, progress_done, progress_total, result, error, \
                       created_by, created_by_id, created_at, started_at, finished_at, claimed_by, \
                       lease_until";

pub async fn enqueue(
    conn: &mut Conn,
    kind: &str,
    payload: &str,
    input: Option<&[u8]>,
    created_by: &str,
    created_by_id: Option<i64>,
    now: &str,
) -> Result<JobRow, DbError> {
    let sql = format!(
        "INSERT INTO jobs (kind, payload, input, created_by, created_by_id, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING {COLUMNS}"
    );
    Ok(sqlx::query_as(&sql)
        .bind(kind)
        .bind(payload)
        .bind(input)
        .bind(created_by)
        .bind(created_by_id)
        .bind(now)
        .fetch_one(conn)
        .await?)
}

/// Takes the oldest queued job for this worker, if any, leased until `lease_until`.
pub async fn claim(
    conn: &mut Conn,
    backend: Backend,
    worker: &str,
    now: &str,
    lease_until: &str,
) -> Result<Option<JobRow>, DbError> {
    let pick = match backend {
        Backend::Postgres => {
            "SELECT id FROM jobs WHERE status = 'queued' ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED"
        }
        Backend::Sqlite => "SELECT id FROM jobs WHERE status = 'queued' ORDER BY id LIMIT 1",
    };
    let sql = format!(
        "UPDATE jobs SET status = 'running', claimed_by = $1, started_at = $2, lease_until = $3 \
         WHERE id = ({pick}) AND status = 'queued' RETURNING {COLUMNS}"
    );
    Ok(sqlx::query_as(&sql)
        .bind(worker)
        .bind(now)
        .bind(lease_until)
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

/// Extends the lease of a job this worker is running; false when the job is no longer its
/// own (its lease ran out and another worker requeued it).
pub async fn renew_lease(
    conn: &mut Conn,
    id: i64,
    worker: &str,
    lease_until: &str,
) -> Result<bool, DbError> {
    let renewed = sqlx::query(
        "UPDATE jobs SET lease_until = $1 \
         WHERE id = $2 AND status = 'running' AND claimed_by = $3",
    )
    .bind(lease_until)
    .bind(id)
    .bind(worker)
    .execute(conn)
    .await?
    .rows_affected();
    Ok(renewed > 0)
}

/// Records the end of a job run by `worker`; the input file is dropped, the result kept.
/// False (and nothing written) when the job is no longer this worker's: it lost its lease
/// and the job was queued again, so the new run's record wins.
pub async fn finish(
    conn: &mut Conn,
    id: i64,
    worker: &str,
    outcome: Result<&str, &str>,
    now: &str,
) -> Result<bool, DbError> {
    let (status, result, error) = match outcome {
        Ok(result) => ("done", Some(result), None),
        Err(error) => ("failed", None, Some(error)),
    };
    let finished = sqlx::query(
        "UPDATE jobs SET status = $1, result = $2, error = $3, finished_at = $4, input = NULL, \
         lease_until = NULL WHERE id = $5 AND status = 'running' AND claimed_by = $6",
    )
    .bind(status)
    .bind(result)
    .bind(error)
    .bind(now)
    .bind(id)
    .bind(worker)
    .execute(conn)
    .await?
    .rows_affected();
    Ok(finished > 0)
}

pub async fn by_id(conn: &mut Conn, id: i64) -> Result<Option<JobRow>, DbError> {
    let sql = format!("SELECT {COLUMNS} FROM jobs WHERE id = $1");
    Ok(sqlx::query_as(&sql).bind(id).fetch_optional(conn).await?)
}

/// Running jobs whose lease ended before `now` (their worker died, whichever it was) are
/// queued again. A running job without a lease was claimed before leases existed: its worker
/// is gone since the upgrade, so it is requeued too.
pub async fn requeue_expired(conn: &mut Conn, now: &str) -> Result<u64, DbError> {
    Ok(sqlx::query(
        "UPDATE jobs SET status = 'queued', claimed_by = NULL, lease_until = NULL \
         WHERE status = 'running' AND (lease_until IS NULL OR lease_until < $1)",
    )
    .bind(now)
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
