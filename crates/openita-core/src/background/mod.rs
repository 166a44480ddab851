//! Background work as database rows: a use case enqueues, any instance's worker (the
//! `openita-jobs` crate) claims, reports progress and finishes. Pages and the CLI read the
//! progress from the row.

mod nightly;
pub use nightly::{NIGHTLY_HOUR, queue_nightly_link_checks};

use crate::{Actor, Core, CoreError};
use openita_db::{DbError, queries::jobs};
use openita_types::Role;
use serde::Serialize;

pub use jobs::JobRow;

/// Job kinds, one per job implementation in `openita-jobs`.
pub const IMPORT_AGENCIES: &str = "import_agencies";
pub const EXPORT_RESPONSES: &str = "export_responses";
pub const CHECK_OIT_LINKS: &str = "check_oit_links";
pub const COMPUTE_RESULTS: &str = "compute_results";

/// A job as a page or the API shows it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct JobView {
    pub id: i64,
    pub kind: String,
    /// queued, running, done or failed.
    pub status: String,
    pub done: i64,
    pub total: i64,
    #[schema(value_type = Object)]
    pub result: Option<serde_json::Value>,
    pub error: Option<String>,
    pub created_at: String,
    pub finished_at: Option<String>,
}

impl From<JobRow> for JobView {
    fn from(row: JobRow) -> Self {
        JobView {
            id: row.id,
            kind: row.kind,
            status: row.status,
            done: row.progress_done,
            total: row.progress_total,
            result: row
                .result
                .as_deref()
                .and_then(|r| serde_json::from_str(r).ok()),
            error: row.error,
            created_at: row.created_at,
            finished_at: row.finished_at,
        }
    }
}

/// Queues an import of an agency file (CSV or XLSX). The file is checked first, so a file
/// that cannot be read is refused at once rather than failing later in the background.
pub async fn enqueue_agency_import(
    core: &Core,
    actor: &Actor,
    file: &[u8],
) -> Result<JobView, CoreError> {
    actor.require(&[Role::NaccAdmin])?;
    crate::agencies::read_import_file(file.to_vec()).await?;
    let mut tx = core.db.begin_write().await?;
    let row = jobs::enqueue(
        tx.conn(),
        IMPORT_AGENCIES,
        "{}",
        Some(file),
        &actor.username,
        &core.now_text(),
    )
    .await?;
    tx.commit().await?;
    Ok(row.into())
}

/// Queues an export of a cycle's raw responses (NACC admin).
pub async fn enqueue_response_export(
    core: &Core,
    actor: &Actor,
    year: i64,
    format: crate::survey_responses::ExportFormat,
) -> Result<JobView, CoreError> {
    actor.require(&[Role::NaccAdmin])?;
    crate::cycles::get_cycle(core, year).await?;
    let payload = serde_json::json!({"year": year, "format": format}).to_string();
    let mut tx = core.db.begin_write().await?;
    let row = jobs::enqueue(
        tx.conn(),
        EXPORT_RESPONSES,
        &payload,
        None,
        &actor.username,
        &core.now_text(),
    )
    .await?;
    crate::audit::record(
        tx.conn(),
        actor,
        &core.now_text(),
        "export.responses",
        ("cycle", &year.to_string()),
        None::<&()>,
        Some(&serde_json::json!({"job": row.id, "format": format})),
    )
    .await?;
    tx.commit().await?;
    Ok(row.into())
}

/// Queues scoring every agency of a cycle (NACC admin). A published cycle is refused here, at
/// once, rather than by the job later.
pub async fn enqueue_results_compute(
    core: &Core,
    actor: &Actor,
    year: i64,
) -> Result<JobView, CoreError> {
    actor.require(&[Role::NaccAdmin])?;
    crate::results::ensure_not_published(core, year).await?;
    let payload = serde_json::json!({"year": year, "as": actor.username, "role": actor.role});
    enqueue_as(core, actor, COMPUTE_RESULTS, &payload).await
}

/// Queues a job in the actor's name, with no uploaded input.
async fn enqueue_as(
    core: &Core,
    actor: &Actor,
    kind: &str,
    payload: &serde_json::Value,
) -> Result<JobView, CoreError> {
    let mut tx = core.db.begin_write().await?;
    let row = jobs::enqueue(
        tx.conn(),
        kind,
        &payload.to_string(),
        None,
        &actor.username,
        &core.now_text(),
    )
    .await?;
    tx.commit().await?;
    Ok(row.into())
}

/// Queues a check of the OIT evidence links of one agency (its roles, its assessors, the NACC
/// admin) or of every agency (`code` None: the NACC admin, or the nightly run).
pub async fn enqueue_link_check(
    core: &Core,
    actor: &Actor,
    year: i64,
    code: Option<&str>,
) -> Result<JobView, CoreError> {
    // Checks that the actor may see the agency (or is the NACC admin for all) before queueing.
    crate::oit_review::links_to_check(core, actor, year, code).await?;
    let payload =
        serde_json::json!({"year": year, "agency": code, "as": actor.username, "role": actor.role});
    enqueue_as(core, actor, CHECK_OIT_LINKS, &payload).await
}

/// A job's state, for the user who started it or the NACC admin.
pub async fn job_status(core: &Core, actor: &Actor, id: i64) -> Result<JobView, CoreError> {
    let mut conn = core.db.pool().acquire().await.map_err(DbError::from)?;
    let row = jobs::by_id(&mut conn, id)
        .await?
        .filter(|j| j.created_by == actor.username || actor.is(Role::NaccAdmin));
    row.map(JobView::from).ok_or_else(|| {
        CoreError::not_found(format!("ไม่พบงานหมายเลข {id}"), format!("No job {id}."))
    })
}

/// For workers: claims the next queued job, with its input file.
pub async fn claim_next(
    core: &Core,
    worker: &str,
) -> Result<Option<(JobRow, Option<Vec<u8>>)>, CoreError> {
    let mut tx = core.db.begin_write().await?;
    let Some(job) = jobs::claim(tx.conn(), core.db.backend(), worker, &core.now_text()).await?
    else {
        return Ok(None);
    };
    let input = jobs::input(tx.conn(), job.id).await?;
    tx.commit().await?;
    Ok(Some((job, input)))
}

pub async fn report_progress(
    core: &Core,
    id: i64,
    done: usize,
    total: usize,
) -> Result<(), CoreError> {
    let mut tx = core.db.begin_write().await?;
    jobs::progress(tx.conn(), id, done as i64, total as i64).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn finish(
    core: &Core,
    id: i64,
    outcome: Result<serde_json::Value, String>,
) -> Result<(), CoreError> {
    let result = outcome.as_ref().map(|v| v.to_string());
    let mut tx = core.db.begin_write().await?;
    jobs::finish(
        tx.conn(),
        id,
        result.as_deref().map_err(|e| e.as_str()),
        &core.now_text(),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// At a worker's start: its jobs from before a crash are queued again.
pub async fn requeue_abandoned(core: &Core, worker: &str) -> Result<u64, CoreError> {
    let mut tx = core.db.begin_write().await?;
    let n = jobs::requeue_running(tx.conn(), worker).await?;
    tx.commit().await?;
    Ok(n)
}

pub async fn unfinished(core: &Core) -> Result<i64, CoreError> {
    let mut conn = core.db.pool().acquire().await.map_err(DbError::from)?;
    Ok(jobs::count_unfinished(&mut conn).await?)
}
